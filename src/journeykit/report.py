"""The journey report: one self-contained HTML file built from the published marts.

``journeykit report --published target/published/journey.duckdb --out target/report/journey_report.html``
reads only the published copy (see :mod:`journeykit.publish`) and draws, with plotly (its JavaScript
inlined once, so the file opens without a network):

1. the funnel with its drop-off, overall and for the chosen breakdown (``fct_funnel_steps``);
2. the cohort retention heatmap (``fct_retention``, cohorts by start month);
3. a Sankey of the paths around an anchor (``fct_path_transitions``);
4. the attribution models side by side per channel: attributed conversions, spend, CPA and ROAS
   (``fct_attribution_channel_comparison``, ``fct_attribution_channel_performance``);
5. the friction segments (``fct_friction_segments``);
6. the ranked opportunities with their next actions (``fct_opportunities``);
7. the measurement audit's status (``fct_tracking_event_coverage``, ``fct_source_freshness``,
   ``fct_identifier_linkage``).
"""

from __future__ import annotations

import datetime as dt
import html
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from journeykit.progress import Progress

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
COLORS = ["#2f6fb0", "#e07b39", "#3a9d5d", "#c94c4c", "#8a63b8", "#8c6d5a", "#d46fb0", "#7f7f7f", "#b5b235",
          "#2fb5c4"]


@dataclass(frozen=True)
class ReportOptions:
    """What the report shows; None picks a default from the data (see :func:`resolve_options`)."""

    funnel_name: str | None = None
    breakdown_dimension: str = "device_type"
    breakdown_values: int = 4
    cohort_definition: str | None = None
    cohort_period_type: str = "month"
    cohort_period_mode: str = "rolling"
    anchor_name: str | None = None
    sankey_links: int = 25
    conversion_type: str = "purchase"
    friction_segments: int = 12
    opportunities: int = 15


@dataclass(frozen=True)
class Section:
    """One part of the report: a heading, a sentence on how to read it, its charts' HTML."""

    anchor: str
    title: str
    lead: str
    figures: list[go.Figure]


def _rows(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list | None = None) -> list[dict]:
    result = connection.execute(sql, parameters or [])
    names = [column[0] for column in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


def _scalar(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list | None = None):
    row = connection.execute(sql, parameters or []).fetchone()
    return row[0] if row else None


def _layout(figure: go.Figure, title: str, height: int = 420) -> go.Figure:
    figure.update_layout(title={"text": title, "x": 0.01}, height=height, font={"family": FONT, "size": 13},
                         margin={"l": 60, "r": 30, "t": 60, "b": 50}, paper_bgcolor="white",
                         plot_bgcolor="white", colorway=COLORS, legend={"orientation": "h", "y": -0.15})
    return figure


def resolve_options(connection: duckdb.DuckDBPyConnection, options: ReportOptions) -> ReportOptions:
    """Defaults from the data: the funnel with the most entries, the paying-customer cohorts when defined,
    the path anchor with the most people."""
    funnel = options.funnel_name or _scalar(connection, """
        select funnel_name from marts.fct_funnel_steps
        where breakdown_dimension = 'all' and step_number = 1
        order by funnel_name = 'visit_to_purchase' desc, entered_count desc limit 1""")
    cohort = options.cohort_definition or _scalar(connection, """
        select cohort_definition from marts.fct_retention
        group by cohort_definition order by cohort_definition = 'paying_customers' desc, cohort_definition limit 1""")
    anchor = options.anchor_name or _scalar(connection, """
        select anchor_name from marts.fct_path_transitions
        group by anchor_name order by sum(people) desc, anchor_name limit 1""")
    return ReportOptions(**{**options.__dict__, "funnel_name": funnel, "cohort_definition": cohort,
                            "anchor_name": anchor})


def funnel_section(connection: duckdb.DuckDBPyConnection, options: ReportOptions) -> Section:
    steps = _rows(connection, """
        select step_number, step_name, entered_count, converted_count, dropped_off_count,
            conversion_rate_from_previous_step
        from marts.fct_funnel_steps
        where funnel_name = ? and breakdown_dimension = 'all' order by step_number""", [options.funnel_name])
    labels = [f"{step['step_number']}. {step['step_name']}" for step in steps]
    overall = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.68, 0.32], horizontal_spacing=0.03,
                            subplot_titles=["reaching the step", "dropped off before it"])
    overall.add_trace(go.Funnel(
        y=labels, x=[step["converted_count"] for step in steps],
        texttemplate="%{value:,}<br>%{percentInitial:.1%} of entries<br>%{percentPrevious:.1%} of the previous step",
        marker={"color": COLORS[0]},
        hovertemplate="%{y}<br>reached: %{x:,}<br>%{percentPrevious:.1%} of the previous step<extra></extra>",
    ), row=1, col=1)
    overall.add_trace(go.Bar(
        y=labels, x=[step["dropped_off_count"] for step in steps], orientation="h", marker={"color": "#c94c4c"},
        text=[f"{step['dropped_off_count']:,}" for step in steps], textposition="auto",
        hovertemplate="%{y}<br>dropped off before it: %{x:,}<extra></extra>",
    ), row=1, col=2)
    overall.update_layout(showlegend=False)
    _layout(overall, f"Funnel {options.funnel_name}: people reaching each step (left) and dropping off (right)")

    values = [row["breakdown_value"] for row in _rows(connection, """
        select breakdown_value from marts.fct_funnel_steps
        where funnel_name = ? and breakdown_dimension = ? and step_number = 1
        order by entered_count desc, breakdown_value limit ?""",
        [options.funnel_name, options.breakdown_dimension, options.breakdown_values])]
    broken_down = go.Figure()
    for index, value in enumerate(values):
        rows = _rows(connection, """
            select step_number, step_name, converted_count, conversion_rate_from_first_step
            from marts.fct_funnel_steps
            where funnel_name = ? and breakdown_dimension = ? and breakdown_value = ? order by step_number""",
            [options.funnel_name, options.breakdown_dimension, value])
        broken_down.add_trace(go.Bar(
            x=[f"{row['step_number']}. {row['step_name']}" for row in rows],
            y=[row["conversion_rate_from_first_step"] for row in rows], name=str(value),
            marker={"color": COLORS[index % len(COLORS)]},
            customdata=[row["converted_count"] for row in rows],
            hovertemplate=f"{html.escape(str(value))}<br>%{{x}}: %{{y:.1%}} of entries (%{{customdata:,}})"
                          "<extra></extra>",
        ))
    broken_down.update_layout(barmode="group", yaxis={"tickformat": ".0%", "title": "share of entries reaching"})
    _layout(broken_down, f"By {options.breakdown_dimension} (the {len(values)} largest values)")
    return Section("funnel", "Funnel and drop-off",
                   f"Entries of the funnel {options.funnel_name} (fct_funnel_steps), each step's reach with the "
                   f"share kept from the start and from the previous step, then the same broken down by "
                   f"{options.breakdown_dimension} at step 1.", [overall, broken_down])


def retention_section(connection: duckdb.DuckDBPyConnection, options: ReportOptions) -> Section:
    rows = _rows(connection, """
        select cohort_value, period_number, retention_rate, eligible_members, cohort_size
        from marts.fct_retention
        where cohort_definition = ? and cohort_dimension = 'cohort_start_month'
            and period_type = ? and period_mode = ? and is_complete_period
        order by cohort_value, period_number""",
        [options.cohort_definition, options.cohort_period_type, options.cohort_period_mode])
    cohorts = sorted({row["cohort_value"] for row in rows})
    periods = sorted({row["period_number"] for row in rows})
    by_cell = {(row["cohort_value"], row["period_number"]): row for row in rows}
    sizes = {row["cohort_value"]: row["cohort_size"] for row in rows}
    z = [[(by_cell.get((cohort, period)) or {}).get("retention_rate") for period in periods] for cohort in cohorts]
    text = [["" if value is None else f"{value:.0%}" for value in line] for line in z]
    figure = go.Figure(go.Heatmap(
        z=z, x=[str(period) for period in periods], y=[f"{cohort} ({sizes[cohort]:,})" for cohort in cohorts],
        text=text, texttemplate="%{text}", colorscale="Blues", zmin=0, zmax=1,
        colorbar={"title": "retained", "tickformat": ".0%"},
        hovertemplate="cohort %{y}<br>" + options.cohort_period_type + " %{x}: %{z:.1%}<extra></extra>",
    ))
    figure.update_layout(xaxis={"title": f"{options.cohort_period_type}s after the start ({options.cohort_period_mode})",
                                "type": "category"},
                         yaxis={"title": "cohort start month (members)", "autorange": "reversed",
                                "type": "category"})
    _layout(figure, f"Retention of the cohort {options.cohort_definition} by start month",
            height=max(420, 28 * len(cohorts) + 160))
    return Section("retention", "Cohort retention",
                   "Share of each monthly cohort active in each later period (fct_retention, eligible members "
                   "only: a period counts once it is fully observed).", [figure])


def paths_section(connection: duckdb.DuckDBPyConnection, options: ReportOptions) -> Section:
    links = _rows(connection, """
        select from_position, to_position, from_step, to_step, from_node, to_node, people
        from marts.fct_path_transitions where anchor_name = ?
        order by people desc, from_node, to_node limit ?""", [options.anchor_name, options.sankey_links])
    nodes: dict[str, int] = {}
    labels: list[str] = []
    for link in sorted(links, key=lambda link: (link["from_position"], link["from_node"])):
        for node, step, position in ((link["from_node"], link["from_step"], link["from_position"]),
                                     (link["to_node"], link["to_step"], link["to_position"])):
            if node not in nodes:
                nodes[node] = len(labels)
                labels.append(f"{step} [{position:+d}]" if position else f"{step} [anchor]")
    figure = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": labels, "pad": 14, "thickness": 14, "color": COLORS[0]},
        link={"source": [nodes[link["from_node"]] for link in links],
              "target": [nodes[link["to_node"]] for link in links],
              "value": [link["people"] for link in links], "color": "rgba(47,111,176,0.25)"},
    ))
    _layout(figure, f"Paths around the anchor {options.anchor_name} (the {len(links)} largest transitions)",
            height=560)
    return Section("paths", "Paths around an anchor",
                   "People moving from step to step before or after the anchor (fct_path_transitions); the "
                   "number in brackets is the position relative to the anchor.", [figure])


def attribution_section(connection: duckdb.DuckDBPyConnection, options: ReportOptions) -> Section:
    rows = _rows(connection, """
        select channel_group, attribution_model,
            sum(spend) as spend, sum(attributed_conversions) as conversions, sum(attributed_value) as value
        from marts.fct_attribution_channel_performance
        where period_grain = 'month' and conversion_type = ?
        group by channel_group, attribution_model
        order by channel_group, attribution_model""", [options.conversion_type])
    channels = sorted({row["channel_group"] for row in rows})
    models = sorted({row["attribution_model"] for row in rows})
    cell = {(row["channel_group"], row["attribution_model"]): row for row in rows}
    figure = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06,
                           subplot_titles=["attributed conversions", "CPA (spend / attributed conversions)",
                                           "ROAS (attributed value / spend)"])
    for index, model in enumerate(models):
        color = COLORS[index % len(COLORS)]
        values = [cell.get((channel, model)) or {} for channel in channels]
        figure.add_trace(go.Bar(x=channels, y=[value.get("conversions") for value in values], name=model,
                                marker={"color": color}, legendgroup=model), row=1, col=1)
        figure.add_trace(go.Bar(
            x=channels, marker={"color": color}, legendgroup=model, showlegend=False, name=model,
            y=[value["spend"] / value["conversions"] if value.get("spend") and value.get("conversions") else None
               for value in values]), row=2, col=1)
        figure.add_trace(go.Bar(
            x=channels, marker={"color": color}, legendgroup=model, showlegend=False, name=model,
            y=[value["value"] / value["spend"] if value.get("spend") else None for value in values]), row=3, col=1)
    figure.update_layout(barmode="group")
    _layout(figure, f"Attribution models side by side per channel ({options.conversion_type})", height=900)

    spend = {channel: max((cell.get((channel, model)) or {}).get("spend") or 0 for model in models)
             for channel in channels}
    table = go.Figure(go.Table(
        header={"values": ["channel group", "spend"] + [f"CPA {model}" for model in models],
                "fill": {"color": "#e8eef6"}, "align": "left"},
        cells={"values": [channels, [f"{spend[channel]:,.0f}" for channel in channels]] + [
            [f"{spend[channel] / cell[(channel, model)]['conversions']:,.0f}"
             if spend[channel] and (cell.get((channel, model)) or {}).get("conversions") else "-"
             for channel in channels] for model in models], "align": "left", "height": 26},
    ))
    _layout(table, "Spend and CPA per channel and model (reporting currency)", height=150 + 48 * len(channels))
    return Section("attribution", "Attribution, spend, CPA and ROAS",
                   f"Each model's credit for {options.conversion_type} conversions by channel group, and what they "
                   "cost (fct_attribution_channel_performance, summed over months): the models' disagreement is "
                   "the uncertainty of any one of them.", [figure, table])


def friction_section(connection: duckdb.DuckDBPyConnection, options: ReportOptions) -> Section:
    rows = _rows(connection, """
        select friction_point, step_detail, browser, device_type, payment_method, attempts, failures,
            failure_rate, rest_failure_rate, estimated_conversions_lost, is_significant, friction_rank
        from marts.fct_friction_segments
        where friction_rank is not null order by friction_rank limit ?""", [options.friction_segments])

    def label(row: dict) -> str:
        parts = [row["friction_point"]] + [str(row[key]) for key in ("step_detail", "browser", "device_type",
                                                                      "payment_method")
                                           if row[key] not in (None, "(all)", "(any)")]
        return f"{row['friction_rank']}. " + " / ".join(parts) + (" *" if row["is_significant"] else "")

    labels = [label(row) for row in rows]
    figure = go.Figure([
        go.Bar(y=labels, x=[row["failure_rate"] for row in rows], orientation="h", name="segment failure rate",
               marker={"color": "#c94c4c"}, customdata=[row["attempts"] for row in rows],
               hovertemplate="%{y}<br>failure rate %{x:.1%} of %{customdata:,} attempts<extra></extra>"),
        go.Bar(y=labels, x=[row["rest_failure_rate"] for row in rows], orientation="h",
               name="rest of the step", marker={"color": "#9fb7d4"},
               hovertemplate="%{y}<br>rest of the step %{x:.1%}<extra></extra>"),
    ])
    figure.update_layout(barmode="group", yaxis={"autorange": "reversed"}, xaxis={"tickformat": ".0%"})
    _layout(figure, "Friction segments, ranked (* significant)", height=140 + 38 * len(rows))
    return Section("friction", "Friction segments",
                   "Where attempts fail more than in the rest of the same step (fct_friction_segments), by "
                   "browser, device and payment method.", [figure])


def opportunities_section(connection: duckdb.DuckDBPyConnection, options: ReportOptions) -> Section:
    rows = _rows(connection, """
        select opportunity_rank, problem_kind, area, segment, people_affected, estimated_conversions_lost,
            next_action
        from marts.fct_opportunities order by opportunity_rank limit ?""", [options.opportunities])
    figure = go.Figure(go.Table(
        columnwidth=[36, 110, 150, 170, 70, 80, 400],
        header={"values": ["rank", "kind", "area", "segment", "people affected", "est. conversions lost",
                           "next action"], "fill": {"color": "#e8eef6"}, "align": "left"},
        cells={"values": [
            [row["opportunity_rank"] for row in rows], [row["problem_kind"] for row in rows],
            [row["area"] for row in rows], [row["segment"] for row in rows],
            [f"{row['people_affected']:,}" if row["people_affected"] is not None else "-" for row in rows],
            [f"{row['estimated_conversions_lost']:,.1f}" if row["estimated_conversions_lost"] is not None else "-"
             for row in rows],
            [row["next_action"] for row in rows]], "align": "left", "height": 28},
    ))
    _layout(figure, "What to fix first", height=140 + 72 * len(rows))
    return Section("opportunities", "Ranked opportunities and next actions",
                   "fct_opportunities: one row per problem a team can act on, ranked, with the people affected, "
                   "the estimated conversions lost and the next action.", [figure])


def audit_section(connection: duckdb.DuckDBPyConnection, options: ReportOptions) -> Section:
    tracking = _rows(connection, """
        select tracking_status, count(*) as events from marts.fct_tracking_event_coverage
        group by tracking_status order by tracking_status""")
    freshness = _rows(connection, """
        select source_table, freshness_status, hours_behind_data from marts.fct_source_freshness
        where freshness_status <> 'not_used'
        order by source_table""")
    linkage = _rows(connection, """
        select record_type, person_link_rate, web_link_rate from marts.fct_identifier_linkage order by record_type""")
    anomalies = _scalar(connection, "select count(*) from marts.fct_tracking_event_volumes where is_anomaly")
    status_colors = {"arriving": "#3a9d5d", "pass": "#3a9d5d", "warn": "#e0a839", "error": "#c94c4c",
                     "absent": "#c94c4c", "stopped": "#c94c4c", "unmapped": "#e0a839"}
    figure = make_subplots(rows=1, cols=3, column_widths=[0.25, 0.4, 0.35], horizontal_spacing=0.12,
                           subplot_titles=["tracking events by status",
                                           "source freshness (hours behind the data)",
                                           "records linked to a person"])
    figure.add_trace(go.Bar(x=[row["tracking_status"] for row in tracking], y=[row["events"] for row in tracking],
                            marker={"color": [status_colors.get(row["tracking_status"], "#7f7f7f")
                                              for row in tracking]}, showlegend=False), row=1, col=1)
    figure.add_trace(go.Bar(y=[row["source_table"] for row in freshness],
                            x=[row["hours_behind_data"] for row in freshness], orientation="h",
                            text=[row["freshness_status"] for row in freshness], textposition="outside",
                            cliponaxis=False,
                            marker={"color": [status_colors.get(row["freshness_status"], "#7f7f7f")
                                              for row in freshness]}, showlegend=False), row=1, col=2)
    figure.add_trace(go.Bar(x=[row["record_type"] for row in linkage], y=[row["person_link_rate"] for row in linkage],
                            marker={"color": COLORS[0]}, showlegend=False), row=1, col=3)
    figure.update_yaxes(tickformat=".0%", range=[0, 1.05], row=1, col=3)
    _layout(figure, f"Measurement audit ({anomalies:,} anomalous event-days in fct_tracking_event_volumes)",
            height=460)
    problems = _rows(connection, """
        select canonical_event, tracking_status, total_rows from marts.fct_tracking_event_coverage
        where tracking_status <> 'arriving' order by tracking_status, canonical_event""")
    table = go.Figure(go.Table(
        header={"values": ["event", "status", "rows"], "fill": {"color": "#e8eef6"}, "align": "left"},
        cells={"values": [[row["canonical_event"] for row in problems], [row["tracking_status"] for row in problems],
                          [f"{row['total_rows']:,}" if row["total_rows"] is not None else "-" for row in problems]],
               "align": "left", "height": 26},
    ))
    _layout(table, "Tracking events that are not arriving as expected", height=140 + 34 * max(len(problems), 1))
    return Section("audit", "Measurement audit",
                   "Is the tracking trustworthy? Event coverage (absent, stopped or unmapped events), each "
                   "source's freshness on the data's own clock, and how many records join to a person.",
                   [figure, table])


SECTIONS: list[Callable[[duckdb.DuckDBPyConnection, ReportOptions], Section]] = [
    funnel_section, retention_section, paths_section, attribution_section, friction_section,
    opportunities_section, audit_section,
]

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Journey report</title>
<style>
body {{ font-family: {font}; margin: 0; color: #1f2933; background: #f4f6f9; }}
header {{ background: #1f3a5f; color: white; padding: 20px 32px; }}
header h1 {{ margin: 0 0 6px 0; font-size: 24px; }}
header p {{ margin: 0; opacity: 0.85; }}
nav {{ padding: 10px 32px; background: white; border-bottom: 1px solid #dde3ea; }}
nav a {{ margin-right: 16px; color: #1f3a5f; text-decoration: none; }}
main {{ padding: 8px 32px 32px 32px; max-width: 1280px; }}
.kpis {{ display: flex; gap: 16px; flex-wrap: wrap; margin: 16px 0; }}
.kpi {{ background: white; border-radius: 8px; padding: 12px 18px; min-width: 150px;
        box-shadow: 0 1px 2px rgba(0,0,0,0.08); }}
.kpi b {{ display: block; font-size: 22px; }}
section {{ background: white; border-radius: 8px; margin: 18px 0; padding: 12px 18px;
           box-shadow: 0 1px 2px rgba(0,0,0,0.08); }}
section h2 {{ margin: 6px 0; font-size: 19px; }}
section p.lead {{ margin: 0 0 8px 0; color: #52606d; }}
footer {{ padding: 0 32px 24px 32px; color: #7b8794; font-size: 12px; }}
</style>
</head>
<body>
<header><h1>Customer journey report</h1><p>{subtitle}</p></header>
<nav>{navigation}</nav>
<main>
<div class="kpis">{kpis}</div>
{sections}
</main>
<footer>Built by journeykit report from the published marts (read-only copy), {built_at} UTC.
Charts: plotly {plotly_version}, inlined; the file needs no network.</footer>
</body>
</html>
"""


def _kpis(connection: duckdb.DuckDBPyConnection) -> str:
    figures = [
        ("people", _scalar(connection, "select count(*) from marts.dim_persons"), "{:,}"),
        ("sessions", _scalar(connection, "select sum(sessions) from marts.fct_entrances"), "{:,}"),
        ("customers", _scalar(connection, "select count(*) from marts.dim_persons where first_purchase_at is not null"),
         "{:,}"),
        ("paid orders", _scalar(connection, "select count(*) from marts.fct_orders"), "{:,}"),
        ("net revenue", _scalar(connection, "select sum(net_revenue) from marts.dim_persons"), "{:,.0f}"),
        ("ad spend", _scalar(connection, "select sum(spend_counted_once) from marts.fct_attribution_daily_performance"),
         "{:,.0f}"),
    ]
    return "".join(f'<div class="kpi">{html.escape(name)}<b>{html.escape(fmt.format(value or 0))}</b></div>'
                   for name, value, fmt in figures)


def build_report(published: Path | str, out: Path | str, options: ReportOptions | None = None, *,
                 quiet: bool = False) -> Path:
    """Write the report of the published DuckDB file ``published`` to ``out`` (an .html file); returns its path."""
    import plotly

    started = time.perf_counter()
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    progress = Progress("report", total=len(SECTIONS), quiet=quiet)
    connection = duckdb.connect(str(Path(published).resolve()), read_only=True)
    try:
        options = resolve_options(connection, options or ReportOptions())
        version = _scalar(connection, "select max(version) from journey_publish.published_tables")
        published_at = _scalar(connection, "select max(published_at) from journey_publish.published_tables")
        data_until = _scalar(connection, "select max(last_seen_at) from marts.dim_persons")
        kpis = _kpis(connection)
        sections = []
        for build in SECTIONS:
            sections.append(build(connection, options))
            progress.advance(sections[-1].title)
    finally:
        connection.close()

    parts, first = [], True
    for section in sections:
        charts = []
        for index, figure in enumerate(section.figures):
            charts.append(figure.to_html(full_html=False, include_plotlyjs=first, div_id=f"{section.anchor}-{index}",
                                         config={"displaylogo": False, "responsive": True}))
            first = False
        parts.append(f'<section id="{section.anchor}"><h2>{html.escape(section.title)}</h2>'
                     f'<p class="lead">{html.escape(section.lead)}</p>{"".join(charts)}</section>')
    subtitle = (f"Published version {version} ({published_at:%Y-%m-%d %H:%M} UTC); data until "
                f"{data_until:%Y-%m-%d}." if published_at and data_until else f"Published version {version}.")
    page = PAGE.format(
        font=FONT, subtitle=html.escape(subtitle), kpis=kpis, sections="\n".join(parts),
        navigation="".join(f'<a href="#{section.anchor}">{html.escape(section.title)}</a>' for section in sections),
        built_at=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"), plotly_version=plotly.__version__,
    )
    temporary = out.with_name(f".{out.name}.tmp")
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(out)
    progress.finish(f"{len(sections)} sections, {sum(len(section.figures) for section in sections)} charts, "
                    f"{out.stat().st_size / 2**20:.1f} MiB in {time.perf_counter() - started:.1f}s -> {out}")
    return out
