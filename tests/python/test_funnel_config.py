"""A bad funnel definition stops the build at the funnel seeds' tests, each problem under a test
name that says what is wrong, before any funnel model runs (one dbt invocation on a copy of the
project whose funnel seeds get bad rows)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb

from journeykit.project import PROJECT_DIR, dbt_executable

FIXTURE = PROJECT_DIR / "tests" / "raw_data" / "minimal"

BAD_STEPS = [
    # not a canonical event (the next test: alone, that skips only this funnel); filters combine by all or any
    "bad_funnel,1,visit,page_veiw,,,false,,,maybe",
    "bad_funnel,3,signup,sign_up,pagepath,/signup,false,,,",  # step 2 missing; unknown property column
    # an exclusion must guard step 2..K; a step window is for steps 2..K, in minutes, hours or days
    "bad_funnel,1,too_early,payment_failed,,,true,5,fortnight,",
]
BAD_FILTER = "bad_funnel,nowhere,pagepath,like,"  # no such step, no such column, no such operator, no value
BAD_DEFINITION = "bad_funnel,0,week,sideways,everyone,A funnel with every mistake"
EXPECTED_FAILURES = [
    "funnel_steps_are_numbered_one_to_k_without_gaps",
    "funnel_step_property_filter_is_a_known_column_with_a_value",
    "funnel_exclusion_steps_sit_between_two_steps",
    "funnel_window_size_is_a_whole_number_of_units",
    "funnel_window_unit_is_minute_hour_or_day",
    "funnel_order_mode_is_ordered_strict_or_unordered",
    "funnel_scope_is_person_or_session",
    "funnel_step_windows_are_on_steps_2_to_k_of_ordered_or_strict_funnels",
    "funnel_step_filter_match_is_all_or_any",
    "funnel_step_filters_name_a_step_of_funnel_steps",
    "funnel_step_filter_property_is_a_known_column",
    "funnel_step_filter_operator_is_known",
    "funnel_step_filter_has_a_value_unless_it_tests_presence",
]


def copy_project(destination: Path) -> Path:
    destination.mkdir()
    for name in ["dbt_project.yml", "profiles.yml"]:
        shutil.copy(PROJECT_DIR / name, destination / name)
    for folder in ["models", "macros", "seeds", "analyses", "tests/generic", "tests/singular"]:
        shutil.copytree(PROJECT_DIR / folder, destination / folder)
    return destination


def append_lines(path: Path, lines: list[str]) -> None:
    text = path.read_text()
    path.write_text(text + ("" if text.endswith("\n") else "\n") + "\n".join(lines) + "\n")


def test_bad_funnel_definitions_fail_their_seed_tests_before_the_models(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    append_lines(project / "seeds" / "funnels" / "funnel_steps.csv", BAD_STEPS)
    append_lines(project / "seeds" / "funnels" / "funnel_definitions.csv", [BAD_DEFINITION])
    append_lines(project / "seeds" / "funnels" / "funnel_step_filters.csv", [BAD_FILTER])
    env = dict(os.environ, JOURNEY_RAW_PATH=str(FIXTURE), JOURNEY_DUCKDB_PATH=str(tmp_path / "bad.duckdb"))
    completed = subprocess.run(
        [
            dbt_executable(), "build", "--select", "event_taxonomy", "funnel_steps", "funnel_definitions", "funnel_step_filters",
            "fct_funnel_entry_steps", "--project-dir", str(project), "--profiles-dir", str(project),
            "--target-path", str(tmp_path / "target"),
        ],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0, output[-4000:]
    for test_name in EXPECTED_FAILURES:
        assert f"FAIL 1 {test_name} " in output, test_name
    assert "SKIP relation marts.fct_funnel_entry_steps" in output


def test_a_funnel_naming_an_unknown_event_fails_with_a_message_and_only_that_funnel_is_skipped(tmp_path: Path) -> None:
    """A funnel step on an event the taxonomy does not know (a misspelt checkout_started) fails the build
    with a message naming the seed row, the closest known event and the taxonomy row to add; the funnel is
    left out, and every other funnel of the seeds still builds (the check skips nothing downstream)."""
    project = copy_project(tmp_path / "project")
    append_lines(project / "seeds" / "funnels" / "funnel_steps.csv", [
        "typo_funnel,1,visit,page_view,,,false,,,",
        "typo_funnel,2,checkout,chekout_started,,,false,,,",
    ])
    append_lines(project / "seeds" / "funnels" / "funnel_definitions.csv",
                 ["typo_funnel,7,day,ordered,person,A funnel with a misspelt step"])
    database = tmp_path / "typo.duckdb"
    env = dict(os.environ, JOURNEY_RAW_PATH=str(FIXTURE), JOURNEY_DUCKDB_PATH=str(database))
    completed = subprocess.run(
        [
            dbt_executable(), "build", "--select", "+fct_funnel_steps", "+int_configured_events_checked",
            "--indirect-selection", "cautious",
            "--project-dir", str(project), "--profiles-dir", str(project), "--target-path", str(tmp_path / "target"),
        ],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0, output[-4000:]
    assert "FAIL 1 configured_events_are_known_int_configured_events_checked_ " in output
    assert " SKIP " not in output, output[-4000:]
    with duckdb.connect(str(database), read_only=True) as connection:
        problems = connection.sql(
            "select problem from intermediate.int_configured_events_checked where not is_known_event").fetchall()
        prepared = {row[0] for row in connection.sql(
            "select distinct funnel_name from intermediate.int_funnel_steps_prepared").fetchall()}
        in_mart = {row[0] for row in connection.sql("select distinct funnel_name from marts.fct_funnel_steps").fetchall()}
    assert problems == [(
        "seeds/funnels/funnel_steps.csv row (funnel_name=typo_funnel, step_number=2, step_name=checkout): "
        "canonical_event names 'chekout_started', which is not a canonical_event of seeds/event_taxonomy.csv. "
        "Fix the spelling (closest known event: checkout_started) or add the event to seeds/event_taxonomy.csv "
        "as the row raw_event_name,canonical_event,journey_stage,metric_family,activity_source,description = "
        "'chekout_started,chekout_started,<journey_stage>,<metric_family>,tracking,<what it means>'. "
        "Until then, the funnel is left out of every funnel model, and the other funnels build.",
    )]
    seeded = {line.split(",")[0] for line in (PROJECT_DIR / "seeds" / "funnels" / "funnel_definitions.csv")
              .read_text().splitlines()[1:] if line.strip()}
    assert "typo_funnel" not in prepared | in_mart
    assert prepared == seeded  # every funnel of the project's seeds (the fixture enters two of them)
    assert in_mart == {"pricing_to_demo", "visit_to_purchase"}
