{#-
    The CTEs of journey.funnel(), in the order they run. Each is a model of
    models/intermediate/funnels over the given relation (named in the comment): the same
    selects (funnel_step_selects.sql, funnel_unordered_selects.sql), the same rules
    (funnel_rules.sql) and the same step advance (funnel_step_chain.sql).
-#}

{#- The relation's columns under the engine's names, the steps (int_funnel_steps_prepared) and their filters (int_funnel_step_filters_prepared). -#}
{% macro funnel_adhoc_input_ctes(relation, columns, step_rows, filter_rows) -%}
funnel_input_activities as (
    select
        {%- for name, expression in columns.items() %}
        {{ expression }}{{ ' as ' ~ name if expression != name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ relation }}
),

funnel_input_steps as (
{{- journey.literal_rows([
    'funnel_name', 'step_number', 'step_name', 'canonical_event', 'property_name', 'property_value',
    'is_exclusion', 'window_minutes', 'step_window_minutes', 'order_mode', 'scope', 'filter_match',
], step_rows) }}
),

funnel_step_filters as (
    select
        funnel_name,
        step_number,
        is_exclusion,
        step_name,
        property_name,
        'equals' as filter_operator,
        property_value
    from funnel_input_steps
    where property_name is not null
    {%- if filter_rows %}
    union all
    {{- journey.literal_rows(
        ['funnel_name', 'step_number', 'is_exclusion', 'step_name', 'property_name', 'filter_operator', 'property_value'],
        filter_rows,
    ) }}
    {%- endif %}
),

funnel_steps_prepared as (
    select
        step.*,
        {{ journey.funnel_is_same_event_as_previous_step('step', 'previous_step') }}
            as is_same_event_as_previous_step
    from funnel_input_steps as step
    left join funnel_input_steps as previous_step
        on
            {{ journey.funnel_is_previous_step('previous_step', 'step') | indent(12) }}
)
{%- endmacro %}

{#-
    The activities matched to steps (int_funnel_step_matches), by the model's own selects
    (funnel_step_selects.sql): the ids are positioned on the timelines, then joined back.
-#}
{% macro funnel_adhoc_matches_ctes(property_columns) -%}
funnel_activities_positioned as (
    {{ journey.funnel_activities_positioned('funnel_input_activities') }}
),

funnel_activities_matched_to_events as (
    {{ journey.funnel_activities_matched_to_events(
        'funnel_input_activities', 'funnel_activities_positioned', 'funnel_steps_prepared', 'funnel_step_filters',
        property_columns
    ) }}
),

funnel_activities_filters_counted as (
    {{ journey.funnel_activities_filters_counted('funnel_activities_matched_to_events') }}
),

funnel_step_matches as (
    {{ journey.funnel_activities_matched_to_steps('funnel_activities_filters_counted') }}
)
{%- endmacro %}

{#- The entries (int_funnel_entries, without the breakdowns). -#}
{% macro funnel_adhoc_entries_ctes(property_columns) -%}
{{ journey.funnel_adhoc_matches_ctes(property_columns) }},

funnel_entry_matches_ranked as (
    {{ journey.funnel_entry_matches_ranked('funnel_step_matches') }}
),

funnel_entries as (
    {{ journey.funnel_entries_chosen('funnel_entry_matches_ranked') }}
)
{%- endmacro %}

{#-
    The steps reached, as funnel_steps_reached: ordered and strict funnels as the step chain
    (int_funnel_first_steps_reached, then int_funnel_sequential_steps_reached) unrolled to
    steps_count steps; unordered funnels as int_funnel_unordered_steps_reached.
-#}
{% macro funnel_adhoc_steps_reached_ctes(order_mode, steps_count) -%}
{%- if order_mode == 'unordered' -%}
{{ journey.funnel_adhoc_unordered_steps_ctes() }},

{{ journey.funnel_adhoc_unordered_progress_ctes() }}
{%- else -%}
funnel_step_1_reached as (
    {{ journey.funnel_first_steps_reached('funnel_entries') | indent(4) }}
),
{%- for step in range(2, steps_count + 1) %}

funnel_steps_{{ step - 1 }}_used as (
    select
        funnel_name,
        actor_id,
        activity_id
    from funnel_step_{{ step - 1 }}_reached
    {%- if step > 2 %}
    union all
    select
        funnel_name,
        actor_id,
        activity_id
    from funnel_steps_{{ step - 2 }}_used
    {%- endif %}
),

{{ journey.funnel_next_steps_ctes(
    'funnel_step_' ~ (step - 1) ~ '_reached', 'funnel_step_matches', 'funnel_step_' ~ step ~ '_reached',
    used_steps='funnel_steps_' ~ (step - 1) ~ '_used') }},
{%- endfor %}

funnel_steps_reached as (
    {%- for step in range(1, steps_count + 1) %}
    select
        funnel_name,
        actor_id,
        step_number,
        activity_id,
        reached_at,
        is_excluded
    from funnel_step_{{ step }}_reached
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)
{%- endif -%}
{%- endmacro %}

{#- Unordered funnels (int_funnel_unordered_steps_reached): each step's first match in the window. -#}
{% macro funnel_adhoc_unordered_steps_ctes() -%}
funnel_matches_in_window_ranked as (
    {{ journey.funnel_matches_in_window_ranked('funnel_step_matches', 'funnel_entries') }}
),

funnel_entry_steps_with_first_match as (
    {{ journey.funnel_entry_steps_with_first_match(
        'funnel_entries', 'funnel_steps_prepared', 'funnel_matches_in_window_ranked'
    ) }}
)
{%- endmacro %}

{#- Unordered funnels, continued: steps 1..i all done is step i reached, unless an exclusion came first. -#}
{% macro funnel_adhoc_unordered_progress_ctes() -%}
funnel_entry_steps_progressed as (
    {{ journey.funnel_entry_steps_progressed('funnel_entry_steps_with_first_match') }}
),

funnel_entry_steps_exclusions_checked as (
    {{ journey.funnel_unordered_exclusions_checked(
        'funnel_entry_steps_progressed', 'funnel_step_matches', 'funnel_entries'
    ) }}
),

funnel_entry_steps_exclusions_counted as (
    {{ journey.funnel_unordered_exclusions_counted('funnel_entry_steps_exclusions_checked') }}
),

funnel_steps_reached as (
    {{ journey.funnel_unordered_steps_reached('funnel_entry_steps_exclusions_counted') }}
)
{%- endmacro %}

{#-
    The entry x step rows (int_funnel_entry_steps), under the names journey.funnel() has always
    returned: entry_event_id, step_event_id, scope, and the breakdown columns of the entry activity.
-#}
{% macro funnel_adhoc_entry_steps_ctes(breakdowns) -%}
funnel_entry_steps_joined as (
    select
        funnel_entries.funnel_name,
        funnel_entries.actor_id,
        funnel_entries.person_id,
        funnel_entries.session_id,
        funnel_entries.order_mode,
        funnel_entries.funnel_scope as scope,
        funnel_entries.window_minutes,
        funnel_entries.entry_activity_id as entry_event_id,
        funnel_entries.entered_at,
        funnel_entries.window_ends_at,
        funnel_steps_prepared.step_number,
        funnel_steps_prepared.step_name,
        funnel_steps_prepared.canonical_event,
        funnel_steps_reached.activity_id as step_event_id,
        funnel_steps_reached.reached_at,
        funnel_steps_reached.reached_at is not null as is_reached,
        coalesce(funnel_steps_reached.is_excluded, false) as is_excluded
        {%- for column in breakdowns %},
        entry_activity.{{ column }}
        {%- endfor %}
    from funnel_entries
    inner join funnel_steps_prepared
        on
            funnel_entries.funnel_name = funnel_steps_prepared.funnel_name
            and not funnel_steps_prepared.is_exclusion
    left join funnel_steps_reached
        on
            funnel_entries.funnel_name = funnel_steps_reached.funnel_name
            and funnel_entries.actor_id = funnel_steps_reached.actor_id
            and funnel_steps_prepared.step_number = funnel_steps_reached.step_number
    left join funnel_input_activities as entry_activity
        on funnel_entries.entry_activity_id = entry_activity.activity_id
)
{%- endmacro %}

{#- The entry x step rows, continued: the previous step and the times. -#}
{% macro funnel_adhoc_entry_step_times_ctes() -%}
funnel_entry_steps as (
    select
        *,
        coalesce(
            {{ journey.funnel_previous_step_value('is_reached') }}, true
        ) as is_previous_step_reached,
        {{ dbt.datediff(journey.funnel_previous_step_value('reached_at'), 'reached_at', 'second') | trim }} -- noqa: LT01
            as seconds_from_previous_step,
        {{ dbt.datediff('entered_at', 'reached_at', 'second') | trim }} -- noqa: LT01
            as seconds_from_entry
    from funnel_entry_steps_joined
)
{%- endmacro %}
