"""The live option: the report's charts as a Streamlit app over the published marts.

``journeykit live`` (or ``streamlit run src/journeykit/live_app.py``) serves it; the sidebar picks the
funnel, its breakdown, the cohort definition, the path anchor and the conversion type. Every interaction
opens a new read-only connection to the published journey.duckdb (``JOURNEY_PUBLISHED_PATH``, default
target/published/journey.duckdb), so the app moves to a new published version by itself and never
touches the build file. The charts are the report's own (:mod:`journeykit.report`).
"""

from __future__ import annotations

import os

import duckdb
import streamlit as st

from journeykit.report import SECTIONS, ReportOptions, resolve_options

FUNNEL_BREAKDOWNS = ["device_type", "browser", "channel_group", "campaign", "country", "plan", "landing_page_path",
                     "lead_score_band"]


def _choices(connection: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return [value for (value,) in connection.execute(sql).fetchall()]


def main() -> None:
    published = os.environ.get("JOURNEY_PUBLISHED_PATH", "target/published/journey.duckdb")
    st.set_page_config(page_title="Customer journey", layout="wide")
    connection = duckdb.connect(published, read_only=True)
    try:
        version = connection.execute("select max(version) from journey_publish.published_tables").fetchone()[0]
        defaults = resolve_options(connection, ReportOptions())
        funnels = _choices(connection, "select distinct funnel_name from marts.fct_funnel_steps order by 1")
        cohorts = _choices(connection, "select distinct cohort_definition from marts.fct_retention order by 1")
        anchors = _choices(connection, "select distinct anchor_name from marts.fct_path_transitions order by 1")
        conversion_types = _choices(connection,
                                    "select distinct conversion_type from marts.fct_attribution_channel_performance "
                                    "order by 1")
        with st.sidebar:
            st.header("Customer journey")
            st.caption(f"Published version {version}")
            options = ReportOptions(
                funnel_name=st.selectbox("Funnel", funnels, index=funnels.index(defaults.funnel_name)),
                breakdown_dimension=st.selectbox("Funnel breakdown", FUNNEL_BREAKDOWNS),
                cohort_definition=st.selectbox("Cohort", cohorts, index=cohorts.index(defaults.cohort_definition)),
                anchor_name=st.selectbox("Path anchor", anchors, index=anchors.index(defaults.anchor_name)),
                conversion_type=st.selectbox("Conversion type (attribution)", conversion_types,
                                             index=conversion_types.index("purchase")
                                             if "purchase" in conversion_types else 0),
            )
        for build in SECTIONS:
            section = build(connection, options)
            st.header(section.title)
            st.caption(section.lead)
            for index, figure in enumerate(section.figures):
                st.plotly_chart(figure, width="stretch", key=f"{section.anchor}-{index}")
    finally:
        connection.close()


main()
