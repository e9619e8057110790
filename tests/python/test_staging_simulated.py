"""Staging on the simulated population, checked against the simulator's ground truth and
against counts taken straight from the raw Parquet files (not through dbt)."""

from __future__ import annotations

import csv
import re

import duckdb

from conftest import SimulatedWarehouse
from journeykit.project import PROJECT_DIR

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


NAME_COMMON_WORDS = PROJECT_DIR / "seeds" / "text" / "name_common_words.csv"
NAME_BOUNDARY = "[^\\p{L}\\p{N}]"
"""A name is found as a whole word: between the text's ends or characters that are neither letters nor digits."""
PHONE_PATTERN = (
    "(^|[^0-9A-Za-z-])[+]?([0-9]{1,3}[ .-])?[(]?[0-9]{2,4}[)]?[ .-][0-9]{3,4}[ .-][0-9]{3,4}($|[^0-9A-Za-z-])"
)
"""A phone number written in three or four groups (+44 20 7946 0123, 415 555 0132, (415) 555-0199), not inside
an id (the digit groups of a uuid)."""
IPV4_PATTERN = "(^|[^0-9.])[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}($|[^0-9.])"
EMAIL_PATTERN = "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z.]+"


def _known_name_patterns(simulated: SimulatedWarehouse) -> tuple[str, str]:
    """Two regular expressions over the first and last names of the raw CRM leads, split into words of
    3+ letters ("de Vries" -> "vries", "O'Brien" -> "brien"): any spelling of a name, and the capitalised
    spelling of the names that are also common words (seed name_common_words, policy 'capitalised');
    words of policy 'never' are left out. Computed here from the raw files, not by the models."""
    with NAME_COMMON_WORDS.open(encoding="utf-8") as handle:
        policies = {row["word"]: row["policy"] for row in csv.DictReader(handle)}
    raw = duckdb.connect()
    names = {
        word.lower()
        for (value,) in raw.execute(
            "select first_name from read_parquet(?) union select last_name from read_parquet(?)",
            [str(simulated.raw_dir / "crm_leads.parquet")] * 2,
        ).fetchall()
        if value
        for word in re.findall(r"[^\W\d_]+", value)
        if len(word) >= 3
    }
    anywhere = sorted(name for name in names if name not in policies)
    capitalised = sorted(name.capitalize() for name in names if policies.get(name) == "capitalised")
    assert len(anywhere) > 40, anywhere

    def pattern(words: list[str], flags: str) -> str:
        alternatives = "|".join(re.escape(word) for word in words) or "(?!)"
        return f"{flags}(^|{NAME_BOUNDARY})({alternatives})($|{NAME_BOUNDARY})"

    return pattern(anywhere, "(?i)"), pattern(capitalised, "")


def test_no_email_name_phone_or_ip_leaves_staging(simulated: SimulatedWarehouse) -> None:
    """No email address, no known person's first or last name (as a whole word, in any case; a name that is
    also a common word only when capitalised), no phone number and no IPv4 address appears in any text
    column of any relation the project builds, in every schema but the landing ones, except the base
    models (which hold the raw rows as delivered, validated). The simulator writes names, phone numbers
    and IP addresses into CRM notes, ticket bodies and survey comments, so each pattern has something to
    find (checked in the raw texts first)."""
    connection = duckdb.connect()
    catalog = simulated.database.stem  # the views dbt made name this catalog
    connection.execute(f"attach '{simulated.database}' (read_only)")
    any_case, capitalised = _known_name_patterns(simulated)
    patterns = {"email": EMAIL_PATTERN, "name": any_case, "capitalised_name": capitalised, "phone": PHONE_PATTERN,
                "ip": IPV4_PATTERN}
    planted = connection.execute(
        "select " + ", ".join(f"count(*) filter (where regexp_matches(notes, ?)) as {kind}" for kind in patterns)
        + " from read_parquet(?)",
        [*patterns.values(), str(simulated.raw_dir / "crm_activities.parquet")],
    ).fetchone()
    planted_in_tickets = connection.execute(
        "select count(*) filter (where regexp_matches(body, ?)), count(*) filter (where regexp_matches(body, ?))"
        " from read_parquet(?)",
        [any_case, IPV4_PATTERN, str(simulated.raw_dir / "support_tickets.parquet")],
    ).fetchone()
    planted_in_surveys = connection.execute(
        "select count(*) filter (where regexp_matches(comment, ?)), count(*) filter (where regexp_matches(comment, ?))"
        " from read_parquet(?)",
        [any_case, PHONE_PATTERN, str(simulated.raw_dir / "survey_responses.parquet")],
    ).fetchone()
    assert planted[1] > 100 and planted[3] > 20, planted  # names and phones in CRM notes
    # names and IP addresses in ticket bodies, names and phones in survey comments
    assert planted_in_tickets[0] > 50 and planted_in_tickets[1] > 10, planted_in_tickets
    assert min(planted_in_surveys) > 2, planted_in_surveys
    columns = connection.execute(
        "select table_schema, table_name, column_name from information_schema.columns"
        f" where table_catalog = '{catalog}' and data_type = 'VARCHAR'"
        " and table_schema not like 'landing%' and table_name not like 'base\\_%' escape '\\'"
    ).fetchall()
    assert len(columns) > 150
    assert {schema for schema, _, _ in columns} >= {"staging", "intermediate", "marts", "config"}
    leaks = []
    for schema, table, column in columns:
        relation = f'"{catalog}"."{schema}"."{table}"'
        counts = connection.execute(
            "select " + ", ".join(f"count(*) filter (where regexp_matches(value, ?)) as {kind}" for kind in patterns)
            + f' from (select distinct "{column}" as value from {relation}) as values_',
            list(patterns.values()),
        ).fetchone()
        found = {kind: count for kind, count in zip(patterns, counts) if count}
        if found:
            matches_any = " or ".join(f'regexp_matches("{column}", ?)' for _ in patterns)
            example = connection.execute(
                f'select "{column}" from {relation} where {matches_any} limit 1', list(patterns.values())
            ).fetchone()[0]
            leaks.append((f"{schema}.{table}.{column}", found, example[:200]))
    assert leaks == [], "\n".join(map(str, leaks))
