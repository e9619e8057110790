{#-
    Per-step measures over funnel x entry x step rows (int_funnel_entry_steps, or the ad-hoc
    funnel's rows), grouped by funnel, the group columns and step. For step i:
      entered_count:   entries that reached step i-1 (step 1: every entry),
      converted_count: entries that reached step i,
      dropped_off_count = entered_count - converted_count,
      conversion_rate_from_first_step = converted_count / step 1's converted_count,
      conversion_rate_from_previous_step = converted_count / entered_count,
      seconds to convert: from step i-1 to step i among the converted (null for step 1).
    funnel_step_measures_ctes writes the CTEs <name>_counted, <name>_with_first_step and <name>;
    <name> has every measure in the marts' contract types, the group columns as they come.
-#}
{% macro funnel_step_measures_ctes(entry_steps, group_columns, name) -%}
{%- set groups = (['funnel_name'] + group_columns) | join(', ') -%}
{{ name }}_counted as (
    select
        {{ (['funnel_name'] + group_columns) | join(',\n        ') }},
        step_number,
        step_name,
        canonical_event,
        {{ journey.funnel_step_counts() | indent(8) }}
    from {{ entry_steps }}
    group by {{ groups }}, step_number, step_name, canonical_event
),

{{ name }}_with_first_step as (
    select
        *,
        max(case when step_number = 1 then converted_count end) over (
            partition by {{ groups }}
        ) as first_step_converted_count
    from {{ name }}_counted
),

{{ name }} as (
    select
        cast(funnel_name as {{ dbt.type_string() }}) as funnel_name,
        {%- for column in group_columns %}
        {{ column }},
        {%- endfor %}
        {{ journey.funnel_step_measures_typed() | indent(8) }}
    from {{ name }}_with_first_step
)
{%- endmacro %}

{#- The aggregates of one group of entry x step rows. -#}
{% macro funnel_step_counts() -%}
sum(case when is_previous_step_reached then 1 else 0 end) as entered_count,
sum(case when is_reached then 1 else 0 end) as converted_count,
sum(case when is_excluded then 1 else 0 end) as excluded_count,
avg(seconds_from_previous_step) as avg_seconds_to_convert,
{{ journey.percentile_cont('seconds_from_previous_step', 0.5) }} as median_seconds_to_convert,
{{ journey.percentile_cont('seconds_from_previous_step', 0.9) }} as p90_seconds_to_convert,
avg(seconds_from_entry) as avg_seconds_from_entry
{%- endmacro %}

{#- The step columns and measures in the contract's types, with the rates. -#}
{% macro funnel_step_measures_typed() -%}
cast(step_number as {{ dbt.type_bigint() }}) as step_number,
cast(step_name as {{ dbt.type_string() }}) as step_name,
cast(canonical_event as {{ dbt.type_string() }}) as canonical_event,
cast(entered_count as {{ dbt.type_bigint() }}) as entered_count,
cast(converted_count as {{ dbt.type_bigint() }}) as converted_count,
cast(entered_count - converted_count as {{ dbt.type_bigint() }}) as dropped_off_count,
cast(excluded_count as {{ dbt.type_bigint() }}) as excluded_count,
cast(converted_count as {{ journey.type_double() }}) / nullif(first_step_converted_count, 0)
    as conversion_rate_from_first_step,
cast(converted_count as {{ journey.type_double() }}) / nullif(entered_count, 0)
    as conversion_rate_from_previous_step,
cast(avg_seconds_to_convert as {{ journey.type_double() }}) as avg_seconds_to_convert,
cast(median_seconds_to_convert as {{ journey.type_double() }}) as median_seconds_to_convert,
cast(p90_seconds_to_convert as {{ journey.type_double() }}) as p90_seconds_to_convert,
cast(avg_seconds_from_entry as {{ journey.type_double() }}) as avg_seconds_from_entry
{%- endmacro %}
