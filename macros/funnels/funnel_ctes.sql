{#-
    The funnel engine: one set of CTEs that both the funnel marts and the ad-hoc
    journey.funnel() macro run, so that a number in a mart and the same funnel
    run by hand can never disagree.

    Inputs are the names of three relations (tables or CTEs):
      events:      event_id, person_id, session_id, event_name, event_at,
                   event_order (tie-break after event_at), the property_columns
                   a step may filter on and the carry_columns (breakdowns) to
                   take from the entry event.
      definitions: funnel_name, window_days, order_mode (ordered|strict|unordered),
                   scope (person|session).
      steps:       funnel_name, step_number (1..K, contiguous), step_name,
                   canonical_event, property_name, property_value (both null for
                   no filter), is_exclusion (an exclusion row with step_number k
                   guards the gap between step k-1 and step k).
    max_steps is how many steps are unrolled at compile time (ordered and strict
    modes need one join per step); funnels with fewer steps leave the rest empty.

    Semantics (docs/funnels.md has the long version):
      - an actor is a person (scope person) or a session (scope session); each
        actor enters a funnel at most once, at its first step-1 event (unordered:
        its first event matching any step), and the window runs from there:
        a step counts when it happens at or before entered_at + window_days.
      - ordered: step i is the first step-i event at or after step i-1 (strictly
        after when both steps are the same canonical event) inside the window.
        An exclusion event between step i-1 and that step-i event (timeline order)
        drops the actor from step i on.
      - strict: step i must be the actor's very next event (of any kind) after
        step i-1, inside the window.
      - unordered: step i is reached once steps 1..i have all happened inside the
        window, in any order; it is reached when the last of them happens.
        Exclusions apply to ordered funnels only.
    The last CTE, named final_name, has one row per funnel x entry x step.
-#}
{% macro funnel_ctes(events, definitions, steps, max_steps, property_columns, carry_columns, final_name) %}
    {%- set actor_key = 'funnel_name, actor_id' -%}
    funnel_definitions_used as (
        select
            funnel_name,
            cast(window_days as {{ dbt.type_int() }}) as window_days,
            lower(order_mode) as order_mode,
            lower(scope) as scope
        from {{ definitions }}
    ),

    funnel_steps_used as (
        select
            {{ steps }}.funnel_name,
            cast({{ steps }}.step_number as {{ dbt.type_int() }}) as step_number,
            {{ steps }}.step_name,
            {{ steps }}.canonical_event,
            {{ steps }}.property_name,
            {{ steps }}.property_value,
            coalesce({{ steps }}.is_exclusion, false) as is_exclusion,
            funnel_definitions_used.scope
        from {{ steps }}
        inner join funnel_definitions_used
            on {{ steps }}.funnel_name = funnel_definitions_used.funnel_name
    ),

    funnel_steps_prepared as (
        select
            current_step.*,
            coalesce(
                not current_step.is_exclusion and previous_step.canonical_event = current_step.canonical_event, false
            ) as is_same_event_as_previous_step
        from funnel_steps_used as current_step
        left join funnel_steps_used as previous_step
            on
                current_step.funnel_name = previous_step.funnel_name
                and current_step.step_number = previous_step.step_number + 1
                and not previous_step.is_exclusion
    ),

    funnel_events_sequenced as (
        select
            {{ events }}.*,
            row_number() over (
                partition by person_id order by event_at, event_order, event_id
            ) as person_event_number,
            row_number() over (
                partition by session_id order by event_at, event_order, event_id
            ) as session_event_number
        from {{ events }}
        where person_id is not null
    ),

    funnel_step_matches as (
        select
            funnel_steps_prepared.funnel_name,
            funnel_steps_prepared.step_number,
            funnel_steps_prepared.is_exclusion,
            funnel_steps_prepared.is_same_event_as_previous_step,
            case
                when funnel_steps_prepared.scope = 'session' then funnel_events_sequenced.session_id
                else funnel_events_sequenced.person_id
            end as actor_id,
            case
                when funnel_steps_prepared.scope = 'session' then funnel_events_sequenced.session_event_number
                else funnel_events_sequenced.person_event_number
            end as event_number,
            funnel_events_sequenced.event_id,
            funnel_events_sequenced.event_at,
            funnel_events_sequenced.person_id,
            funnel_events_sequenced.session_id
        from funnel_events_sequenced
        inner join funnel_steps_prepared
            on
                funnel_events_sequenced.event_name = funnel_steps_prepared.canonical_event
                and (
                    funnel_steps_prepared.property_name is null
                    {%- if property_columns %}
                    or case funnel_steps_prepared.property_name
                        {%- for column in property_columns %}
                        when '{{ column }}' then cast(funnel_events_sequenced.{{ column }} as {{ dbt.type_string() }})
                        {%- endfor %}
                    end = funnel_steps_prepared.property_value
                    {%- endif %}
                )
        where funnel_steps_prepared.scope = 'person' or funnel_events_sequenced.session_id is not null
    ),

    funnel_matched_events as (
        select distinct
            funnel_name,
            actor_id,
            event_number,
            event_id,
            event_at,
            person_id,
            session_id
        from funnel_step_matches
    ),

    funnel_entry_numbers as (
        select
            funnel_step_matches.funnel_name,
            funnel_step_matches.actor_id,
            min(funnel_step_matches.event_number) as entry_event_number
        from funnel_step_matches
        inner join funnel_definitions_used
            on funnel_step_matches.funnel_name = funnel_definitions_used.funnel_name
        where
            not funnel_step_matches.is_exclusion
            and (funnel_step_matches.step_number = 1 or funnel_definitions_used.order_mode = 'unordered')
        group by funnel_step_matches.funnel_name, funnel_step_matches.actor_id
    ),

    funnel_entries as (
        select
            funnel_entry_numbers.funnel_name,
            funnel_entry_numbers.actor_id,
            funnel_entry_numbers.entry_event_number,
            funnel_matched_events.event_id as entry_event_id,
            funnel_matched_events.event_at as entered_at,
            {{ journey.add_days('funnel_matched_events.event_at', 'funnel_definitions_used.window_days') }}
                as window_ends_at,
            funnel_matched_events.person_id,
            funnel_matched_events.session_id,
            funnel_definitions_used.order_mode,
            funnel_definitions_used.scope,
            funnel_definitions_used.window_days
        from funnel_entry_numbers
        inner join funnel_matched_events
            on
                funnel_entry_numbers.funnel_name = funnel_matched_events.funnel_name
                and funnel_entry_numbers.actor_id = funnel_matched_events.actor_id
                and funnel_entry_numbers.entry_event_number = funnel_matched_events.event_number
        inner join funnel_definitions_used
            on funnel_entry_numbers.funnel_name = funnel_definitions_used.funnel_name
    ),

    {#- ordered and strict: one step at a time, each from the one before -#}
    funnel_step_1_reached as (
        select
            funnel_name,
            actor_id,
            entry_event_number as event_number,
            entry_event_id as event_id,
            entered_at as reached_at
        from funnel_entries
        where order_mode in ('ordered', 'strict')
    ),
    {%- for step in range(2, max_steps + 1) %}

    funnel_step_{{ step }}_candidates as (
        select
            previous_step.funnel_name,
            previous_step.actor_id,
            previous_step.event_number as previous_event_number,
            min(funnel_step_matches.event_number) as event_number
        from funnel_step_{{ step - 1 }}_reached as previous_step
        inner join funnel_entries
            on
                previous_step.funnel_name = funnel_entries.funnel_name
                and previous_step.actor_id = funnel_entries.actor_id
        inner join funnel_step_matches
            on
                previous_step.funnel_name = funnel_step_matches.funnel_name
                and previous_step.actor_id = funnel_step_matches.actor_id
                and funnel_step_matches.step_number = {{ step }}
                and not funnel_step_matches.is_exclusion
        where
            funnel_step_matches.event_at <= funnel_entries.window_ends_at
            and (
                (
                    funnel_entries.order_mode = 'ordered'
                    and (
                        funnel_step_matches.event_at > previous_step.reached_at
                        or (
                            funnel_step_matches.event_at = previous_step.reached_at
                            and not funnel_step_matches.is_same_event_as_previous_step
                        )
                    )
                )
                or (
                    funnel_entries.order_mode = 'strict'
                    and funnel_step_matches.event_number = previous_step.event_number + 1
                )
            )
        group by previous_step.funnel_name, previous_step.actor_id, previous_step.event_number
    ),

    {#-
        One reference to the step before per step (the exclusion check is folded into
        one CTE): a chain in which a step's CTE were read twice would double the plan at
        each step on engines that inline CTEs (Spark's analyzer then takes minutes).
    -#}
    funnel_step_{{ step }}_checked as (
        select
            funnel_step_{{ step }}_candidates.funnel_name,
            funnel_step_{{ step }}_candidates.actor_id,
            funnel_step_{{ step }}_candidates.event_number,
            max(case when exclusion_matches.actor_id is not null then 1 else 0 end) = 1 as is_excluded
        from funnel_step_{{ step }}_candidates
        left join funnel_step_matches as exclusion_matches
            on
                funnel_step_{{ step }}_candidates.funnel_name = exclusion_matches.funnel_name
                and funnel_step_{{ step }}_candidates.actor_id = exclusion_matches.actor_id
                and exclusion_matches.step_number = {{ step }}
                and exclusion_matches.is_exclusion
                and exclusion_matches.event_number > funnel_step_{{ step }}_candidates.previous_event_number
                and exclusion_matches.event_number < funnel_step_{{ step }}_candidates.event_number
        group by
            funnel_step_{{ step }}_candidates.funnel_name,
            funnel_step_{{ step }}_candidates.actor_id,
            funnel_step_{{ step }}_candidates.event_number
    ),

    funnel_step_{{ step }}_excluded as (
        select
            funnel_name,
            actor_id
        from funnel_step_{{ step }}_checked
        where is_excluded
    ),

    funnel_step_{{ step }}_reached as (
        select
            funnel_step_{{ step }}_checked.funnel_name,
            funnel_step_{{ step }}_checked.actor_id,
            funnel_step_{{ step }}_checked.event_number,
            funnel_matched_events.event_id,
            funnel_matched_events.event_at as reached_at
        from funnel_step_{{ step }}_checked
        inner join funnel_matched_events
            on
                funnel_step_{{ step }}_checked.funnel_name = funnel_matched_events.funnel_name
                and funnel_step_{{ step }}_checked.actor_id = funnel_matched_events.actor_id
                and funnel_step_{{ step }}_checked.event_number = funnel_matched_events.event_number
        where not funnel_step_{{ step }}_checked.is_excluded
    ),
    {%- endfor %}

    funnel_sequential_steps_reached as (
        {%- for step in range(1, max_steps + 1) %}
        select
            funnel_name,
            actor_id,
            {{ step }} as step_number,
            event_id,
            reached_at,
            false as is_excluded
        from funnel_step_{{ step }}_reached
        {%- if step > 1 %}
        union all
        select
            funnel_name,
            actor_id,
            {{ step }} as step_number,
            cast(null as {{ dbt.type_string() }}) as event_id,
            cast(null as {{ dbt.type_timestamp() }}) as reached_at,
            true as is_excluded
        from funnel_step_{{ step }}_excluded
        {%- endif %}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ),

    {#- unordered: each step's first event in the window, then steps 1..i all done -#}
    funnel_unordered_first_events as (
        select
            funnel_step_matches.funnel_name,
            funnel_step_matches.actor_id,
            funnel_step_matches.step_number,
            min(funnel_step_matches.event_number) as event_number
        from funnel_step_matches
        inner join funnel_entries
            on
                funnel_step_matches.funnel_name = funnel_entries.funnel_name
                and funnel_step_matches.actor_id = funnel_entries.actor_id
        where
            funnel_entries.order_mode = 'unordered'
            and not funnel_step_matches.is_exclusion
            and funnel_step_matches.event_number >= funnel_entries.entry_event_number
            and funnel_step_matches.event_at <= funnel_entries.window_ends_at
        group by funnel_step_matches.funnel_name, funnel_step_matches.actor_id, funnel_step_matches.step_number
    ),

    funnel_unordered_step_grid as (
        select
            funnel_entries.funnel_name,
            funnel_entries.actor_id,
            funnel_steps_prepared.step_number,
            funnel_matched_events.event_id,
            funnel_matched_events.event_at
        from funnel_entries
        inner join funnel_steps_prepared
            on
                funnel_entries.funnel_name = funnel_steps_prepared.funnel_name
                and not funnel_steps_prepared.is_exclusion
        left join funnel_unordered_first_events
            on
                funnel_entries.funnel_name = funnel_unordered_first_events.funnel_name
                and funnel_entries.actor_id = funnel_unordered_first_events.actor_id
                and funnel_steps_prepared.step_number = funnel_unordered_first_events.step_number
        left join funnel_matched_events
            on
                funnel_unordered_first_events.funnel_name = funnel_matched_events.funnel_name
                and funnel_unordered_first_events.actor_id = funnel_matched_events.actor_id
                and funnel_unordered_first_events.event_number = funnel_matched_events.event_number
        where funnel_entries.order_mode = 'unordered'
    ),

    funnel_unordered_step_progress as (
        select
            funnel_name,
            actor_id,
            step_number,
            event_id,
            sum(case when event_at is null then 1 else 0 end) over (
                partition by {{ actor_key }} order by step_number rows between unbounded preceding and current row
            ) as steps_missing,
            max(event_at) over (
                partition by {{ actor_key }} order by step_number rows between unbounded preceding and current row
            ) as steps_completed_at
        from funnel_unordered_step_grid
    ),

    funnel_steps_reached as (
        select * from funnel_sequential_steps_reached
        union all
        select
            funnel_name,
            actor_id,
            step_number,
            event_id,
            steps_completed_at as reached_at,
            false as is_excluded
        from funnel_unordered_step_progress
        where steps_missing = 0
    ),

    funnel_entry_step_grid as (
        select
            funnel_entries.funnel_name,
            funnel_entries.actor_id,
            funnel_entries.person_id,
            funnel_entries.session_id,
            funnel_entries.order_mode,
            funnel_entries.scope,
            funnel_entries.window_days,
            funnel_entries.entry_event_id,
            funnel_entries.entered_at,
            funnel_entries.window_ends_at,
            funnel_steps_prepared.step_number,
            funnel_steps_prepared.step_name,
            funnel_steps_prepared.canonical_event,
            funnel_steps_reached.event_id as step_event_id,
            funnel_steps_reached.reached_at,
            funnel_steps_reached.reached_at is not null as is_reached,
            coalesce(funnel_steps_reached.is_excluded, false) as is_excluded
            {%- for column in carry_columns %},
            funnel_events_sequenced.{{ column }}
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
        left join funnel_events_sequenced
            on funnel_entries.entry_event_id = funnel_events_sequenced.event_id
    ),

    {{ final_name }} as (
        select
            *,
            coalesce(
                lag(is_reached) over (partition by {{ actor_key }} order by step_number), true
            ) as is_previous_step_reached,
            {{ dbt.datediff(
                'lag(reached_at) over (partition by ' ~ actor_key ~ ' order by step_number)',
                'reached_at', 'second'
            ) }} as seconds_from_previous_step,
            {{ dbt.datediff('entered_at', 'reached_at', 'second') }} as seconds_from_entry
        from funnel_entry_step_grid
    )
{%- endmacro %}


{#-
    Per-step measures over the rows of funnel_ctes (or of fct_funnel_entry_steps),
    grouped by funnel, the given columns and step. For step i:
      entered_count:   entries that reached step i-1 (step 1: every entry),
      converted_count: entries that reached step i,
      dropped_off_count = entered_count - converted_count,
      conversion_rate_from_first_step = converted_count / step 1's converted_count,
      conversion_rate_from_previous_step = converted_count / entered_count,
      seconds to convert: from step i-1 to step i among the converted (null for step 1).
    The last CTE, named final_name, casts every measure to the marts' contract types;
    the group columns pass through as they come.
-#}
{% macro funnel_step_measures_ctes(entry_steps, group_columns, final_name) %}
    {%- set groups = ['funnel_name'] + group_columns -%}
    funnel_step_counts as (
        select
            {{ groups | join(', ') }},
            step_number,
            step_name,
            canonical_event,
            sum(case when is_previous_step_reached then 1 else 0 end) as entered_count,
            sum(case when is_reached then 1 else 0 end) as converted_count,
            sum(case when is_excluded then 1 else 0 end) as excluded_count,
            avg(seconds_from_previous_step) as avg_seconds_to_convert,
            {{ journey.percentile_cont('seconds_from_previous_step', 0.5) }} as median_seconds_to_convert,
            {{ journey.percentile_cont('seconds_from_previous_step', 0.9) }} as p90_seconds_to_convert,
            avg(seconds_from_entry) as avg_seconds_from_entry
        from {{ entry_steps }}
        group by {{ groups | join(', ') }}, step_number, step_name, canonical_event
    ),

    funnel_step_counts_with_first as (
        select
            *,
            max(case when step_number = 1 then converted_count end) over (
                partition by {{ groups | join(', ') }}
            ) as first_step_converted_count
        from funnel_step_counts
    ),

    {{ final_name }} as (
        select
            cast(funnel_name as {{ dbt.type_string() }}) as funnel_name,
            {%- for column in group_columns %}
            {{ column }},
            {%- endfor %}
            cast(step_number as {{ dbt.type_bigint() }}) as step_number,
            cast(step_name as {{ dbt.type_string() }}) as step_name,
            cast(canonical_event as {{ dbt.type_string() }}) as canonical_event,
            cast(entered_count as {{ dbt.type_bigint() }}) as entered_count,
            cast(converted_count as {{ dbt.type_bigint() }}) as converted_count,
            cast(entered_count - converted_count as {{ dbt.type_bigint() }}) as dropped_off_count,
            cast(excluded_count as {{ dbt.type_bigint() }}) as excluded_count,
            cast(converted_count as double) / nullif(first_step_converted_count, 0)
                as conversion_rate_from_first_step,
            cast(converted_count as double) / nullif(entered_count, 0) as conversion_rate_from_previous_step,
            cast(avg_seconds_to_convert as double) as avg_seconds_to_convert,
            cast(median_seconds_to_convert as double) as median_seconds_to_convert,
            cast(p90_seconds_to_convert as double) as p90_seconds_to_convert,
            cast(avg_seconds_from_entry as double) as avg_seconds_from_entry
        from funnel_step_counts_with_first
    )
{%- endmacro %}
