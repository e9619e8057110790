"""The observation end of the retention marts (var journey_observation_ends_at) accepts only the forms it
documents; anything else stops the run with a message naming the var."""

from __future__ import annotations

from pathlib import Path

from journeykit.project import PROJECT_DIR, run_dbt

FIXTURE = PROJECT_DIR / "tests" / "raw_data" / "minimal"


def test_an_unreadable_observation_end_is_a_clear_error(tmp_path: Path) -> None:
    result = run_dbt(
        ["compile", "--select", "fct_cohort_members", "--vars", "{journey_observation_ends_at: 30/06/2026}"],
        raw_path=FIXTURE,
        duckdb_path=tmp_path / "bad.duckdb",
        target_path=tmp_path / "target",
        check=False,
    )
    assert not result.ok
    assert "journey_observation_ends_at must be empty, 'newest_activity_date', a date 'YYYY-MM-DD'" in result.output
    assert '"30/06/2026"' in result.output
