"""Staging on the simulated population, checked against the simulator's ground truth and
against counts taken straight from the raw Parquet files (not through dbt)."""

from __future__ import annotations

import duckdb

from conftest import SimulatedWarehouse

LANDING_TABLES = [
    "events", "ad_spend", "email_events", "crm_leads", "crm_opportunities", "crm_activities",
    "orders", "subscriptions", "support_tickets", "survey_responses",
]
# The simulator's quarantine-worthy defects and the reason code staging must give each.
DEFECT_TO_REASON = {
    "unparseable_timestamp": "unparseable_timestamp",
    "future_timestamp": "future_timestamp",
    "missing_identifier": "missing_identifier",
    "negative_amount": "negative_amount",
    "unknown_currency": "unknown_currency",
    "bot": "bot",
}
PLANTED_UNKNOWN_EVENT_NAMES = ["legacy_widget_click", "test_event_do_not_use", "exp_v2_exposure"]


def test_raw_rows_reconcile_for_every_source(simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    raw = duckdb.connect()
    reconciled = {
        table: (raw_rows, staged + quarantined + duplicates)
        for table, raw_rows, staged, quarantined, duplicates in sim_warehouse.execute(
            "select source_table, raw_rows, staged_rows, quarantined_rows, duplicate_rows"
            " from intermediate.int_raw_rows_reconciled"
        ).fetchall()
    }
    for table in LANDING_TABLES:
        in_file = raw.execute(f"select count(*) from read_parquet('{simulated.raw_dir / table}.parquet')").fetchone()[0]
        assert in_file > 0, table
        assert reconciled[table] == (in_file, in_file), table


def test_quarantine_matches_the_planted_defects(simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    truth = duckdb.connect()
    planted = {
        (table, DEFECT_TO_REASON[defect]): count
        for table, defect, count in truth.execute(
            f"select table_name, defect, count(*) from read_parquet('{simulated.truth_dir / 'row_defects.parquet'}')"
            " where is_quarantine_worthy group by all"
        ).fetchall()
    }
    quarantined = dict(
        ((table, reason), count)
        for table, reason, count in sim_warehouse.execute(
            "select source_table, reason_code, count(*) from intermediate.int_raw_rows_quarantined group by all"
        ).fetchall()
    )
    assert sum(planted.values()) > 100
    assert quarantined == planted


def test_duplicates_match_the_planted_redeliveries(simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    truth = duckdb.connect()
    planted = dict(
        truth.execute(
            f"select table_name, sum(extra_copies) from read_parquet('{simulated.truth_dir / 'duplicates.parquet'}')"
            " group by all"
        ).fetchall()
    )
    found = {
        table: duplicates
        for table, duplicates in sim_warehouse.execute(
            "select source_table, duplicate_rows from intermediate.int_raw_rows_reconciled where duplicate_rows > 0"
        ).fetchall()
    }
    assert planted["events"] > 0
    assert found == planted


def test_unmapped_event_names_survive(simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    raw = duckdb.connect()
    raw_counts = dict(
        raw.execute(
            f"select event_name, count(distinct event_id) from read_parquet('{simulated.raw_dir / 'events.parquet'}')"
            " group by all"
        ).fetchall()
    )
    staged = {
        name: (count, stage, family, mapped)
        for name, count, stage, family, mapped in sim_warehouse.execute(
            "select canonical_event, count(*), any_value(journey_stage), any_value(metric_family), bool_or(is_mapped_event)"
            " from staging.stg_tracking__events group by canonical_event"
        ).fetchall()
    }
    for name in PLANTED_UNKNOWN_EVENT_NAMES:
        count, stage, family, mapped = staged[name]
        assert (stage, family, mapped) == ("unclassified", "unclassified", False)
        # only rows quarantined for another reason (bots, bad timestamps) may be missing
        assert 0.8 * raw_counts[name] <= count <= raw_counts[name]


def _text_columns(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    return connection.execute(
        "select table_schema, table_name, column_name from information_schema.columns"
        " where table_schema in ('staging', 'intermediate', 'marts') and data_type = 'VARCHAR'"
    ).fetchall()


FREE_TEXT_COLUMNS = {"notes", "subject", "body", "comment_text", "properties"}


def test_no_email_or_name_leaves_staging(simulated: SimulatedWarehouse) -> None:
    """No email address (any text that looks like one) and no lead's full name appears in any
    text column of any relation the project builds (names are searched inside free text too)."""
    connection = duckdb.connect()
    catalog = simulated.database.stem  # the views dbt made name this catalog
    connection.execute(f"attach '{simulated.database}' (read_only)")
    connection.execute(
        f"""
        create table lead_full_names as
        select distinct first_name || ' ' || last_name as full_name
        from read_parquet('{simulated.raw_dir / 'crm_leads.parquet'}')
        where first_name is not null and last_name is not null
        """
    )
    assert connection.execute("select count(*) from lead_full_names").fetchone()[0] > 20
    columns = connection.execute(
        "select table_schema, table_name, column_name from information_schema.columns"
        f" where table_catalog = '{catalog}' and table_schema in ('staging', 'intermediate', 'marts')"
        " and data_type = 'VARCHAR'"
    ).fetchall()
    assert len(columns) > 150
    leaks = []
    for schema, table, column in columns:
        relation = f'"{catalog}"."{schema}"."{table}"'
        emails = connection.execute(
            f"select count(*) from {relation}"
            f""" where regexp_matches("{column}", '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z.]+')"""
        ).fetchone()[0]
        name_match = "contains(values_.value, lead_full_names.full_name)" if column in FREE_TEXT_COLUMNS else (
            "values_.value = lead_full_names.full_name"
        )
        names = connection.execute(
            f"""select count(*) from (select distinct "{column}" as value from {relation}) as values_
            inner join lead_full_names on {name_match}"""
        ).fetchone()[0]
        if emails or names:
            leaks.append((f"{schema}.{table}.{column}", emails, names))
    assert leaks == []
