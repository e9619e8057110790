"""The semantic layer: `mf query` over the published copy of the simulated warehouse answers every metric,
equal to the same figure computed in SQL straight from the marts.

The SQL below is written from the marts' documented grain (dim_persons, fct_entrances,
fct_conversion_outcomes, fct_funnel_steps, fct_retention, fct_attribution_channel_comparison,
fct_attribution_channel_performance), not from the semantic models' expressions: where a semantic
model reads a narrow fact of models/semantic/, the comparison is with an existing mart computed
another way (purchases against fct_conversion_outcomes, retention against fct_retention, CPA/ROAS/CAC
against fct_attribution_channel_performance).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from journeykit.semantic import MetricFlowProject

NONE_LABELS = {None, "", "(none)"}

# name -> (metrics, group by, where): every metric of the project appears in one of them
QUERIES: dict[str, tuple[list[str], list[str], str | None]] = {
    "persons": (
        ["new_people", "sign_ups", "trial_starts", "activations", "demo_requests", "new_customers",
         "people_signed_up", "people_trialing", "people_purchasing", "trial_activations", "repeat_customers",
         "signup_rate", "trial_rate", "purchase_rate", "activation_rate", "customer_repeat_rate"],
        ["metric_time__month", "person__acquisition_channel_group"], None,
    ),
    "sessions": (
        ["sessions", "engaged_sessions", "bounced_sessions", "converted_sessions", "engagement_rate",
         "bounce_rate", "session_conversion_rate"],
        ["metric_time__week", "entrance__entry_channel_group"], None,
    ),
    "orders_by_month": (
        ["purchases", "revenue", "purchasers", "average_order_value"],
        ["metric_time__month", "person__acquisition_channel_group"], None,
    ),
    "orders_by_plan": (["purchases", "refunds", "net_revenue"], ["person__current_plan"], None),
    "funnels": (
        ["funnel_entries", "funnel_conversions", "funnel_conversion_rate"],
        ["funnel_entry__funnel_name", "funnel_entry__entry_device_type"], None,
    ),
    "funnel_steps": (
        ["funnel_step_entries", "funnel_step_completions", "funnel_step_conversion_rate"],
        ["funnel_entry_step__funnel_name", "funnel_entry_step__step_number"], None,
    ),
    "retention": (
        ["eligible_members", "retained_members", "unbounded_retained_members", "repeat_purchasing_members",
         "retention_rate", "unbounded_retention_rate", "repeat_purchase_rate"],
        ["metric_time__month", "retention_member_period__cohort_definition", "retention_member_period__period_type",
         "retention_member_period__period_mode", "retention_member_period__period_number"],
        "{{ Dimension('retention_member_period__period_type') }} in ('week', 'month')",
    ),
    "attribution": (
        ["attributed_conversions", "attributed_value"],
        ["attribution_credit__attribution_model", "attribution_credit__conversion_type",
         "attribution_credit__channel_group"], None,
    ),
    "performance": (
        ["spend", "model_spend", "performance_attributed_conversions", "performance_attributed_value",
         "performance_attributed_first_conversions", "cost_per_acquisition", "return_on_ad_spend",
         "customer_acquisition_cost"],
        ["metric_time__month", "attribution_performance_row__attribution_model",
         "attribution_performance_row__conversion_type", "attribution_performance_row__channel_group"], None,
    ),
}


def _key_part(value: object) -> str | None:
    if value in NONE_LABELS:
        return None
    text = str(value)
    return text[:10] if len(text) >= 10 and text[4] == "-" and text[7] == "-" else text


def _number(value: object) -> float | None:
    return None if value in (None, "") else float(value)


def _mf_table(rows: list[dict[str, str]], group_by: list[str]) -> dict[tuple, dict[str, float | None]]:
    table: dict[tuple, dict[str, float | None]] = {}
    for row in rows:
        key = tuple(_key_part(row[column]) for column in group_by)
        assert key not in table, f"mf returned the group {key} twice"
        table[key] = {name: _number(value) for name, value in row.items() if name not in group_by}
    return table


def _sql_table(connection: duckdb.DuckDBPyConnection, sql: str, keys: int) -> dict[tuple, dict[str, float | None]]:
    result = connection.execute(sql)
    names = [column[0] for column in result.description]
    table = {}
    for row in result.fetchall():
        key = tuple(_key_part(value) for value in row[:keys])
        assert key not in table, f"SQL returned the group {key} twice"
        table[key] = {name: _number(value) for name, value in zip(names[keys:], row[keys:])}
    return table


def assert_counts_equal(mf: dict, sql: dict, metrics: dict[str, str]) -> int:
    """metrics: mf metric -> SQL column. A group missing on one side counts 0. Returns the groups compared."""
    keys = set(mf) | set(sql)
    for key in keys:
        for metric, column in metrics.items():
            got = (mf.get(key) or {}).get(metric) or 0.0
            expected = (sql.get(key) or {}).get(column) or 0.0
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-6), f"{metric} at {key}: mf {got}, SQL {expected}"
    return len(keys)


def assert_ratios_equal(mf: dict, sql: dict, metrics: dict[str, str]) -> int:
    """Ratios where the SQL defines them (a positive denominator); returns how many were compared."""
    compared = 0
    for key, values in sql.items():
        for metric, column in metrics.items():
            expected = values[column]
            if expected is None:
                continue
            got = mf[key][metric]
            assert got == pytest.approx(expected, rel=1e-9), f"{metric} at {key}: mf {got}, SQL {expected}"
            compared += 1
    return compared


@pytest.fixture(scope="module")
def metricflow(published: Path, tmp_path_factory: pytest.TempPathFactory) -> MetricFlowProject:
    return MetricFlowProject.prepare(published, tmp_path_factory.mktemp("metricflow"))


@pytest.fixture(scope="module")
def answers(metricflow: MetricFlowProject) -> dict[str, dict]:
    """Every query of QUERIES through `mf query` (in this process, one loaded configuration)."""
    session = metricflow.session()
    return {name: _mf_table(session.query(*spec), spec[1]) for name, spec in QUERIES.items()}


@pytest.fixture(scope="module")
def marts(published: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(published), read_only=True)
    yield connection
    connection.close()


def test_configs_validate_and_every_metric_is_queried(metricflow: MetricFlowProject) -> None:
    completed = metricflow.run(["validate-configs", "--skip-dw"])
    assert "ERRORS: 0" in completed.stdout, completed.stdout
    manifest = json.loads((metricflow.directory / "target" / "semantic_manifest.json").read_text())
    defined = {metric["name"] for metric in manifest["metrics"]}
    queried = {metric for metrics, _, _ in QUERIES.values() for metric in metrics}
    assert defined == queried
    assert {"sessions", "new_people", "sign_ups", "trial_starts", "activations", "purchases", "revenue",
            "funnel_conversion_rate", "retention_rate", "repeat_purchase_rate", "attributed_conversions",
            "attributed_value", "spend", "cost_per_acquisition", "return_on_ad_spend",
            "customer_acquisition_cost"} <= defined


def test_people_metrics_and_stage_conversion_rates(answers: dict, marts: duckdb.DuckDBPyConnection) -> None:
    def counted(time_column: str, condition: str, name: str) -> str:
        return f"""
            select date_trunc('month', {time_column}) as month, acquisition_channel_group, '{name}' as metric,
                count(*) as value
            from marts.dim_persons where {time_column} is not null and {condition} group by all"""

    counts = " union all ".join([
        counted("first_seen_at", "true", "new_people"),
        counted("signed_up_at", "true", "sign_ups"),
        counted("trial_started_at", "true", "trial_starts"),
        counted("activated_at", "true", "activations"),
        counted("demo_requested_at", "true", "demo_requests"),
        counted("first_purchase_at", "true", "new_customers"),
        counted("first_seen_at", "signed_up_at is not null", "people_signed_up"),
        counted("first_seen_at", "trial_started_at is not null", "people_trialing"),
        counted("first_seen_at", "first_purchase_at is not null", "people_purchasing"),
        counted("trial_started_at", "activated_at is not null", "trial_activations"),
        counted("first_purchase_at", "orders_count >= 2", "repeat_customers"),
    ])
    sql = marts.execute(f"""
        with counts as ({counts})
        pivot counts on metric using sum(value) group by month, acquisition_channel_group
    """)
    names = [column[0] for column in sql.description]
    expected = {
        (_key_part(row[0]), _key_part(row[1])): {name: _number(value) for name, value in zip(names[2:], row[2:])}
        for row in sql.fetchall()
    }
    mf = answers["persons"]
    count_metrics = ["new_people", "sign_ups", "trial_starts", "activations", "demo_requests", "new_customers",
                     "people_signed_up", "people_trialing", "people_purchasing", "trial_activations",
                     "repeat_customers"]
    assert assert_counts_equal(mf, expected, {name: name for name in count_metrics}) > 50
    rates = {"signup_rate": ("people_signed_up", "new_people"), "trial_rate": ("people_trialing", "new_people"),
             "purchase_rate": ("people_purchasing", "new_people"),
             "activation_rate": ("trial_activations", "trial_starts"),
             "customer_repeat_rate": ("repeat_customers", "new_customers")}
    compared = 0
    for key, values in expected.items():
        for rate, (numerator, denominator) in rates.items():
            if values.get(denominator):
                assert mf[key][rate] == pytest.approx((values.get(numerator) or 0) / values[denominator], rel=1e-9)
                compared += 1
    assert compared > 200
    total_people = marts.execute("select count(*) from marts.dim_persons").fetchone()[0]
    assert sum(values["new_people"] or 0 for values in mf.values()) == total_people


def test_session_metrics(answers: dict, marts: duckdb.DuckDBPyConnection) -> None:
    expected = _sql_table(marts, """
        select entry_week, entry_channel_group,
            sum(sessions) as sessions, sum(engaged_sessions) as engaged_sessions,
            sum(bounced_sessions) as bounced_sessions, sum(converted_sessions) as converted_sessions,
            sum(engaged_sessions) / sum(sessions) as engagement_rate,
            sum(bounced_sessions) / sum(sessions) as bounce_rate,
            sum(converted_sessions) / sum(sessions) as session_conversion_rate
        from marts.fct_entrances group by all
    """, keys=2)
    mf = answers["sessions"]
    assert assert_counts_equal(mf, expected, {name: name for name in
                                              ["sessions", "engaged_sessions", "bounced_sessions",
                                               "converted_sessions"]}) > 100
    assert assert_ratios_equal(mf, expected, {name: name for name in
                                              ["engagement_rate", "bounce_rate", "session_conversion_rate"]}) > 300


def test_purchases_and_revenue_match_the_conversion_outcomes_mart(answers: dict,
                                                                  marts: duckdb.DuckDBPyConnection) -> None:
    expected = _sql_table(marts, """
        select outcome_month, acquisition_channel_group,
            sum(outcomes) as purchases, sum(total_value) as revenue, sum(people) as purchasers,
            sum(total_value) / sum(outcomes) as average_order_value
        from marts.fct_conversion_outcomes where activity = 'order_placed' group by all
    """, keys=2)
    mf = answers["orders_by_month"]
    assert assert_counts_equal(mf, expected, {"purchases": "purchases", "revenue": "revenue",
                                              "purchasers": "purchasers"}) > 50
    assert assert_ratios_equal(mf, expected, {"average_order_value": "average_order_value"}) > 50


def test_purchases_and_net_revenue_by_plan_match_dim_persons(answers: dict, marts: duckdb.DuckDBPyConnection) -> None:
    expected = _sql_table(marts, """
        select current_plan, sum(orders_count) as purchases, sum(net_revenue) as net_revenue
        from marts.dim_persons group by all having sum(orders_count) > 0 or sum(net_revenue) <> 0
    """, keys=1)
    mf = answers["orders_by_plan"]
    assert assert_counts_equal(mf, expected, {"purchases": "purchases", "net_revenue": "net_revenue"}) >= 3
    assert sum(values["refunds"] or 0 for values in mf.values()) > 0


def test_funnel_conversion_matches_the_funnel_steps_mart(answers: dict, marts: duckdb.DuckDBPyConnection) -> None:
    expected = _sql_table(marts, """
        with steps as (
            select *, max(step_number) over (partition by funnel_name) as last_step
            from marts.fct_funnel_steps where breakdown_dimension = 'device_type'
        )
        select funnel_name, breakdown_value,
            sum(case when step_number = 1 then entered_count end) as funnel_entries,
            sum(case when step_number = last_step then converted_count end) as funnel_conversions,
            sum(case when step_number = last_step then converted_count end)
                / sum(case when step_number = 1 then entered_count end) as funnel_conversion_rate
        from steps group by all
    """, keys=2)
    mf = answers["funnels"]
    assert assert_counts_equal(mf, expected, {"funnel_entries": "funnel_entries",
                                              "funnel_conversions": "funnel_conversions"}) >= 8
    assert assert_ratios_equal(mf, expected, {"funnel_conversion_rate": "funnel_conversion_rate"}) >= 8


def test_funnel_step_conversion_matches_the_funnel_steps_mart(answers: dict,
                                                               marts: duckdb.DuckDBPyConnection) -> None:
    expected = _sql_table(marts, """
        select funnel_name, step_number, entered_count, converted_count, conversion_rate_from_previous_step
        from marts.fct_funnel_steps where breakdown_dimension = 'all'
    """, keys=2)
    mf = answers["funnel_steps"]
    assert assert_counts_equal(mf, expected, {"funnel_step_entries": "entered_count",
                                              "funnel_step_completions": "converted_count"}) >= 20
    assert assert_ratios_equal(mf, expected, {
        "funnel_step_conversion_rate": "conversion_rate_from_previous_step"}) >= 20


def test_retention_metrics_match_the_retention_mart_by_cohort_month(answers: dict,
                                                                    marts: duckdb.DuckDBPyConnection) -> None:
    expected = _sql_table(marts, """
        select cast(cohort_value as date) as cohort_month, cohort_definition, period_type, period_mode,
            cast(period_number as varchar) as period_number,
            eligible_members, active_members, unbounded_retained_members, repeat_purchasers,
            retention_rate, unbounded_retention_rate, repeat_purchase_rate
        from marts.fct_retention
        where cohort_dimension = 'cohort_start_month' and period_type in ('week', 'month') and is_complete_period
    """, keys=5)
    mf = answers["retention"]
    assert assert_counts_equal(mf, expected, {
        "eligible_members": "eligible_members", "retained_members": "active_members",
        "unbounded_retained_members": "unbounded_retained_members",
        "repeat_purchasing_members": "repeat_purchasers"}) > 500
    assert assert_ratios_equal(mf, expected, {
        "retention_rate": "retention_rate", "unbounded_retention_rate": "unbounded_retention_rate",
        "repeat_purchase_rate": "repeat_purchase_rate"}) > 1500


def test_attributed_conversions_and_value_per_model(answers: dict, marts: duckdb.DuckDBPyConnection) -> None:
    expected = _sql_table(marts, """
        select attribution_model, conversion_type, channel_group, attributed_conversions, attributed_value
        from marts.fct_attribution_channel_comparison
        -- the semantic layer's credits are fct_attribution_credits: every model but the channel-level
        -- standard Markov allocation, which has no per-conversion credits
        where attribution_model != 'markov_standard'
    """, keys=3)
    mf = answers["attribution"]
    assert assert_counts_equal(mf, expected, {"attributed_conversions": "attributed_conversions",
                                              "attributed_value": "attributed_value"}) > 100
    models = {key[0] for key in mf}
    assert {"first_touch", "last_touch", "linear", "markov", "shapley"} <= models


def test_spend_cpa_roas_and_cac_match_the_channel_performance_mart(answers: dict,
                                                                   marts: duckdb.DuckDBPyConnection) -> None:
    expected = _sql_table(marts, """
        select period_start_date, attribution_model, conversion_type, channel_group,
            spend, attributed_conversions, attributed_value, attributed_first_conversions,
            cost_per_acquisition, return_on_ad_spend, customer_acquisition_cost
        from marts.fct_attribution_channel_performance where period_grain = 'month'
    """, keys=4)
    mf = answers["performance"]
    assert assert_counts_equal(mf, expected, {
        "model_spend": "spend", "performance_attributed_conversions": "attributed_conversions",
        "performance_attributed_value": "attributed_value",
        "performance_attributed_first_conversions": "attributed_first_conversions"}) > 500
    assert assert_ratios_equal(mf, expected, {
        "cost_per_acquisition": "cost_per_acquisition", "return_on_ad_spend": "return_on_ad_spend",
        "customer_acquisition_cost": "customer_acquisition_cost"}) > 300
    # spend counted once: over models and conversion types it adds up to the real spend of the month and channel
    real_spend = _sql_table(marts, """
        select period_start_date, channel_group, max(spend) as spend
        from marts.fct_attribution_channel_performance where period_grain = 'month' group by all
    """, keys=2)
    summed: dict[tuple, dict[str, float]] = {}
    for (month, _model, _type, channel), values in mf.items():
        entry = summed.setdefault((month, channel), {"spend": 0.0})
        entry["spend"] += values["spend"] or 0.0
    assert assert_counts_equal(summed, real_spend, {"spend": "spend"}) > 50
    assert sum(values["spend"] for values in real_spend.values()) > 0


def test_the_mf_executable_answers_from_the_published_copy(metricflow: MetricFlowProject,
                                                           marts: duckdb.DuckDBPyConnection) -> None:
    output = metricflow.directory / "sessions_by_month.csv"
    metricflow.run(["query", "--metrics", "sessions,revenue", "--group-by", "metric_time__month", "--quiet",
                    "--csv", str(output)])
    rows = _mf_table(list(csv.DictReader(output.open(newline=""))), ["metric_time__month"])
    expected = _sql_table(marts, """
        with sessions as (
            select date_trunc('month', entry_week) as month, sum(sessions) as sessions
            from marts.fct_entrances group by all
        ),
        revenue as (
            select outcome_month as month, sum(total_value) as revenue
            from marts.fct_conversion_outcomes where activity = 'order_placed' group by all
        )
        select coalesce(sessions.month, revenue.month), sessions.sessions, revenue.revenue
        from sessions full outer join revenue on sessions.month = revenue.month
    """, keys=1)
    assert assert_counts_equal(rows, expected, {"sessions": "sessions", "revenue": "revenue"}) >= 12


def test_docs_show_every_model_column_metric_and_exposure(metricflow: MetricFlowProject) -> None:
    """`dbt docs generate` over the published copy (--no-compile: the copy is read-only, so no hook runs):
    every model and column described, every published column documented, every metric and exposure there."""
    from journeykit.project import run_dbt

    target = metricflow.directory / "target"
    run_dbt(["docs", "generate", "--no-compile"], target_path=target, extra_env=metricflow.environment())
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    assert (target / "index.html").exists()
    models = {key: node for key, node in manifest["nodes"].items() if node["resource_type"] == "model"}
    assert all(node["description"].strip() for node in models.values())
    for key, node in models.items():
        for name, column in node["columns"].items():
            assert column["description"].strip(), f"{node['name']}.{name} has no description"
    published_marts = [key for key in catalog["nodes"] if catalog["nodes"][key]["metadata"]["schema"] == "marts"]
    assert len(published_marts) >= 40
    for key in published_marts:
        documented = set(models[key]["columns"])
        assert set(catalog["nodes"][key]["columns"]) <= documented, f"{key}: undocumented published columns"
    semantic = json.loads((target / "semantic_manifest.json").read_text())
    assert {metric["name"] for metric in semantic["metrics"]} == set(
        metric["name"] for metric in manifest["metrics"].values())
    exposures = {node["name"]: node for node in manifest["exposures"].values()}
    assert {"journey_report", "acquisition_and_spend_dashboard", "funnel_and_friction_dashboard",
            "retention_and_revenue_dashboard", "analyst_notebooks"} <= set(exposures)
    assert "model.journey.fct_opportunities" in exposures["journey_report"]["depends_on"]["nodes"]
    assert "metric.journey.cost_per_acquisition" in exposures["acquisition_and_spend_dashboard"]["depends_on"]["nodes"]
