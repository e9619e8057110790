"""A configured activity that is neither a canonical event of the taxonomy nor an activity of the
timeline stops the build with a test that names the var, and its failing row names the value
(instead of zero activations, trials or repeat purchases)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from journeykit.project import PROJECT_DIR, run_dbt

FIXTURE = PROJECT_DIR / "tests" / "raw_data" / "minimal"

MISSPELLED = {
    "journey_activation_activity": "subscription_activatd",
    # trial_start is right; 'legacy_widget_click' is not in the taxonomy but is on the timeline (the
    # fixture's unmapped event e3 keeps its raw name), so only 'trail_start' is wrong
    "journey_trial_activities": ["trial_start", "legacy_widget_click", "trail_start"],
    "journey_outcome_activities": ["order_placed", "oportunity_won"],
    "journey_retention_purchase_activities": ["order_placd"],
    "journey_stage_order": ["awareness", "consideraton"],
    # a billing event is a canonical event, but not a tracking one
    "journey_audit_derived_events": ["ad_click", "order_placed"],
}
TESTS = {
    "journey_activation_activity": "journey_activation_activity_is_a_known_activity",
    "journey_trial_activities": "journey_trial_activities_are_known_activities",
    "journey_outcome_activities": "journey_outcome_activities_are_known_activities",
    "journey_retention_purchase_activities": "journey_retention_purchase_activities_are_known_activities",
    "journey_stage_order": "journey_stage_order_are_journey_stages",
    "journey_audit_derived_events": "journey_audit_derived_events_are_tracking_events",
}
TIMELINE = " nor an activity of the timeline"
EXPECTED_PROBLEMS = {
    "journey_activation_activity": ["journey_activation_activity names 'subscription_activatd', which is not a"
                                    " canonical_event of the event_taxonomy seed" + TIMELINE],
    "journey_trial_activities": ["journey_trial_activities names 'trail_start', which is not a canonical_event"
                                 " of the event_taxonomy seed" + TIMELINE],
    "journey_outcome_activities": ["journey_outcome_activities names 'oportunity_won', which is not a"
                                   " canonical_event of the event_taxonomy seed" + TIMELINE],
    "journey_retention_purchase_activities": ["journey_retention_purchase_activities names 'order_placd', which"
                                              " is not a canonical_event of the event_taxonomy seed" + TIMELINE],
    "journey_stage_order": ["journey_stage_order names 'consideraton', which is not a journey_stage of the"
                            " event_taxonomy seed"],
    "journey_audit_derived_events": ["journey_audit_derived_events names 'order_placed', which is not a"
                                     " canonical_event of the event_taxonomy seed (activity_source tracking)"],
}


def test_misspelled_activities_are_named_errors(tmp_path: Path) -> None:
    database = tmp_path / "misspelled.duckdb"
    result = run_dbt(
        ["build", "--select", "+int_activities_unioned", "+int_tracking_event_volumes_scored", "conversion_types",
         "--indirect-selection", "cautious", "--exclude", "test_type:unit",
         "--store-failures", "--vars", yaml.safe_dump(MISSPELLED)],
        raw_path=FIXTURE, duckdb_path=database, target_path=tmp_path / "target", check=False,
    )
    assert not result.ok
    for var_name, test_name in TESTS.items():
        assert f"Failure in test {test_name} " in result.output, var_name
    # nothing else failed
    assert result.output.count("Failure in test ") == len(TESTS)
    with duckdb.connect(str(database), read_only=True) as connection:
        audit_schema = connection.execute(
            "select table_schema from information_schema.tables where table_name = ?",
            [TESTS["journey_activation_activity"]]).fetchone()[0]
        for var_name, test_name in TESTS.items():
            problems = [problem for (problem,) in connection.execute(
                f'select problem from "{audit_schema}"."{test_name}" order by problem').fetchall()]
            assert problems == EXPECTED_PROBLEMS[var_name]
