"""Bad configuration stops the run with a clear message, and the raw-data contract is
documented exactly as the code enforces it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeykit.project import PROJECT_DIR, run_dbt

FIXTURE = PROJECT_DIR / "tests" / "raw_data" / "minimal"


BAD_VARS = (
    "{journey_future_tolerance_minutes: soon, journey_late_arrival_hours: -3, journey_raw_mode: lake,"
    " journey_internal_domains: trailhead.io, journey_junk_identifiers: [null, 0],"
    " journey_reporting_currency: dollars, journey_stage_order: awareness, journey_friction_min_attempts: 2.5,"
    " journey_significance_z: -1, journey_session_max_hours: 0, journey_min_valid_date: yesterday,"
    " journey_placeholder_dates: [1970-01-01, '1.1.1900'], journey_default_currency: euro,"
    " journey_default_order_status: paid, journey_audit_max_days: 20000,"
    " journey_snowplow_max_session_days: 0, journey_snowplow_days_late_allowed: 1.5}"
)


def test_vars_of_the_wrong_type_are_clear_errors(tmp_path: Path) -> None:
    """Every bad var is reported, each with its own message, in one run (the check collects them all)."""
    result = run_dbt(
        ["run", "--select", "base_billing__orders", "--vars", BAD_VARS],
        raw_path=FIXTURE,
        duckdb_path=tmp_path / "bad.duckdb",
        target_path=tmp_path / "target",
        check=False,
    )
    assert not result.ok
    assert "journey: invalid configuration" in result.output
    for message in [
        'journey_future_tolerance_minutes must be a number >= 0, got "soon"',
        "journey_late_arrival_hours must be a number >= 0, got -3",
        "journey_raw_mode must be 'files' or 'warehouse', got \"lake\"",
        'journey_internal_domains must be a list of texts, got "trailhead.io"',
        "journey_junk_identifiers must hold texts only, got the item 0",
        'journey_reporting_currency must be a 3-letter ISO 4217 code, got "dollars"',
        'journey_stage_order must be a non-empty list of texts, got "awareness"',
        "journey_friction_min_attempts must be a whole number >= 1, got 2.5",
        "journey_significance_z must be a number > 0, got -1",
        "journey_session_max_hours must be a number > 0, got 0",
        'journey_min_valid_date must be a date written yyyy-mm-dd, got "yesterday"',
        'journey_placeholder_dates must hold dates written yyyy-mm-dd, got the item "1.1.1900"',
        'journey_default_currency must be a 3-letter ISO 4217 code or null, got "euro"',
        "journey_default_order_status must be 'completed' or 'failed' or 'refunded', got \"paid\"",
        "journey_audit_max_days must be a whole number from 1 to 9999, got 20000",
        "journey_snowplow_max_session_days must be a whole number >= 1, got 0",
        "journey_snowplow_days_late_allowed must be a whole number >= 0, got 1.5",
    ]:
        assert message in result.output


def test_a_landing_file_without_a_required_column_is_a_clear_error(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "events.csv").write_text("event_id,event_at,anonymous_id\ne1,2026-03-01T10:00:00Z,a1\n")
    result = run_dbt(
        ["run", "--select", "base_tracking__events"],
        raw_path=raw,
        duckdb_path=tmp_path / "bad.duckdb",
        target_path=tmp_path / "target",
        check=False,
    )
    assert not result.ok
    assert "landing table 'events'" in result.output
    assert "lacks the required column(s) event_name" in result.output


def _documented_contract() -> dict[str, list[str]]:
    """Table -> columns, parsed from the tables of docs/raw_data_contract.md."""
    text = (PROJECT_DIR / "docs" / "raw_data_contract.md").read_text()
    contract: dict[str, list[str]] = {}
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        table = re.match(r"`(\w+)`", section).group(1)
        columns: list[str] = []
        for line in section.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if line.startswith("|") and cells[0] not in ("column", "---"):
                columns += [name.strip() for name in cells[0].split(",")]
        contract[table] = columns
    return contract


def _enforced_contract() -> dict[str, list[str]]:
    """Table -> columns, parsed from macros/landing/raw_contract.sql (what the landing views enforce)."""
    text = (PROJECT_DIR / "macros" / "landing" / "raw_contract.sql").read_text()
    contract: dict[str, list[str]] = {}
    for table, body in re.findall(r"'(\w+)': \{\s*'required'.*?'columns': \[(.*?)\],\s*\}", text, flags=re.DOTALL):
        contract[table] = re.findall(r"\('(\w+)', \w+\)", body)
    return contract


def test_the_documented_contract_is_the_enforced_contract() -> None:
    documented = _documented_contract()
    enforced = _enforced_contract()
    assert len(enforced) == 16  # the 10 native tables, ga4_events, the 4 Segment tables and snowplow_events
    assert {table: sorted(columns) for table, columns in documented.items()} == {
        table: sorted(columns) for table, columns in enforced.items()
    }
