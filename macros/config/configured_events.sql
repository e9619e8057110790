{#-
    Every seed column that names a canonical event of the event_taxonomy seed: the seed,
    the columns that identify one of its rows (for the message), the column, and what an
    event the taxonomy does not know costs until it is fixed. int_configured_events_checked
    checks them all; none of them is tested on the seed itself, because a failing test on a
    seed makes `dbt build` skip everything built from it (every funnel for one misspelt step).
-#}
{% macro configured_event_columns() %}
    {%- set row_matches_nothing = 'this row matches no activity' -%}
    {{ return([
        {'seed': 'funnel_steps', 'keys': ['funnel_name', 'step_number', 'step_name'], 'column': 'canonical_event',
            'consequence': 'the funnel is left out of every funnel model, and the other funnels build'},
        {'seed': 'conversion_types', 'keys': ['conversion_type'], 'column': 'activity',
            'consequence': 'this conversion type has no conversions'},
        {'seed': 'intent_signals', 'keys': ['signal_name'], 'column': 'canonical_event', 'consequence': row_matches_nothing},
        {'seed': 'intent_signals', 'keys': ['signal_name'], 'column': 'outcome_event', 'consequence': row_matches_nothing},
        {'seed': 'friction_points', 'keys': ['friction_point'], 'column': 'start_event', 'consequence': row_matches_nothing},
        {'seed': 'friction_points', 'keys': ['friction_point'], 'column': 'failure_event', 'consequence': row_matches_nothing},
        {'seed': 'friction_points', 'keys': ['friction_point'], 'column': 'success_event', 'consequence': row_matches_nothing},
        {'seed': 'path_anchors', 'keys': ['anchor_name'], 'column': 'anchor_activity', 'consequence': row_matches_nothing},
        {'seed': 'path_anchors', 'keys': ['anchor_name'], 'column': 'conversion_activity',
            'consequence': row_matches_nothing},
        {'seed': 'path_excluded_activities', 'keys': ['activity'], 'column': 'activity',
            'consequence': row_matches_nothing},
        {'seed': 'path_missing_links', 'keys': ['link_name'], 'column': 'from_activity', 'consequence': row_matches_nothing},
        {'seed': 'path_missing_links', 'keys': ['link_name'], 'column': 'to_activity', 'consequence': row_matches_nothing},
        {'seed': 'retention_cohort_definitions', 'keys': ['cohort_definition'], 'column': 'start_activity',
            'consequence': 'the cohort has no members'},
        {'seed': 'retention_return_activities', 'keys': ['cohort_definition', 'return_activity'],
            'column': 'return_activity', 'consequence': row_matches_nothing},
        {'seed': 'churn_outcomes', 'keys': ['outcome_name'], 'column': 'start_activity',
            'consequence': 'the outcome has no population'},
        {'seed': 'churn_outcomes', 'keys': ['outcome_name'], 'column': 'outcome_activity',
            'consequence': 'the outcome never happens (or always, for an absence)'},
        {'seed': 'retention_change_comparisons', 'keys': ['comparison_name'], 'column': 'outcome_activity',
            'consequence': row_matches_nothing},
    ]) }}
{% endmacro %}
