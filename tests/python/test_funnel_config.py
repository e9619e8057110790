"""A bad funnel definition stops the build at the funnel seeds' tests, each problem under a test
name that says what is wrong, before any funnel model runs (one dbt invocation on a copy of the
project whose funnel seeds get bad rows)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from journeykit.project import PROJECT_DIR, dbt_executable

FIXTURE = PROJECT_DIR / "tests" / "raw_data" / "minimal"

BAD_STEPS = [
    "bad_funnel,1,visit,page_veiw,,,false,,,maybe",  # not a canonical event; filters combine by all or any
    "bad_funnel,3,signup,sign_up,pagepath,/signup,false,,,",  # step 2 missing; unknown property column
    # an exclusion must guard step 2..K; a step window is for steps 2..K, in minutes, hours or days
    "bad_funnel,1,too_early,payment_failed,,,true,5,fortnight,",
]
BAD_FILTER = "bad_funnel,nowhere,pagepath,like,"  # no such step, no such column, no such operator, no value
BAD_DEFINITION = "bad_funnel,0,week,sideways,everyone,A funnel with every mistake"
EXPECTED_FAILURES = [
    "funnel_step_canonical_event_is_in_event_taxonomy",
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
