{#-
    Validation building blocks shared by the base models of every source: the
    same rule gives the same reason code everywhere, so the quarantine reads alike
    across sources.
-#}

{#- The run's start time as a timestamp literal: the 'now' of checks that need one. -#}
{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{#-
    True when a row says it happened after it landed (beyond the tolerance in var
    journey_future_tolerance_minutes); rows without loaded_at are compared with the
    run's start time.
-#}
{% macro is_future_timestamp(happened_at, loaded_at) -%}
    ({{ happened_at }} > {{ dbt.dateadd(
        'minute',
        var('journey_future_tolerance_minutes') | int,
        'coalesce(' ~ loaded_at ~ ', ' ~ journey.run_started_timestamp() ~ ')') }})
{%- endmacro %}


{#- True when a row landed later than var journey_late_arrival_hours after it happened. -#}
{% macro is_late_arriving(happened_at, loaded_at) -%}
    coalesce({{ loaded_at }} > {{ dbt.dateadd('hour', var('journey_late_arrival_hours') | int, happened_at) }}, false)
{%- endmacro %}


{#-
    True for every delivery of a key but the one kept. Only rows that passed
    validation (quarantine_reason is null) compete; quarantined rows are never
    duplicates, so raw rows = staged + quarantined + duplicates exactly.
    keep='first' keeps the earliest load (append-only event streams),
    keep='last' the latest (state tables whose rows are restated).
    tie_breakers order the loads of one instant: columns, ascending unless they end in desc.
    first_by: columns that order the deliveries before their loads (a tracker whose own rule
    keeps the delivery its collector saw first, e.g. Snowplow's collector_tstamp).
-#}
{% macro is_duplicate_delivery(key_columns, keep='first', tie_breakers=[], first_by=[]) -%}
    (quarantine_reason is null and {{ journey.delivery_number(key_columns, keep, tie_breakers, first_by) }} > 1)
{%- endmacro %}


{#-
    The row's delivery number among the rows with the same key and validation outcome: 1 for the
    delivery that is kept (the first or the last load, by keep), 2, 3 ... for the others. With
    quarantine_reason and the key columns it is the base model's primary key, since exact copies of
    a row can arrive.
-#}
{% macro delivery_number(key_columns, keep='first', tie_breakers=[], first_by=[]) -%}
    row_number() over (
        partition by quarantine_reason, {{ key_columns | join(', ') }}
        order by {{ journey.delivery_order(keep, tie_breakers, first_by) }}
    )
{%- endmacro %}


{#-
    The order of the deliveries of one key: the kept delivery first (see delivery_number);
    first_by columns (ascending, nulls last) come before the load time.
-#}
{% macro delivery_order(keep='first', tie_breakers=[], first_by=[]) -%}
    {%- set direction = 'asc' if keep == 'first' else 'desc' -%}
    {%- set order_by = [] -%}
    {%- for column in first_by -%}
        {%- do order_by.append(column ~ ' asc nulls last') -%}
    {%- endfor -%}
    {%- do order_by.append('loaded_at ' ~ direction ~ ' nulls last') -%}
    {%- for column in tie_breakers -%}
        {%- set has_direction = column.lower().endswith(' asc') or column.lower().endswith(' desc') -%}
        {%- do order_by.append(column if has_direction else column ~ ' asc') -%}
    {%- endfor -%}
    {{ order_by | join(', ') }}
{%- endmacro %}


{#-
    Two CTEs for an append-only stream (keep='first'): deliveries of a key whose payload
    (payload_columns: who, what, when) differs from the kept delivery's are not redeliveries
    but conflicts, quarantined as 'conflicting_duplicate'. The relation's own checks give
    validation_reason; only rows that passed them are compared, with the first of them.
    The last CTE, <relation>_conflicts_quarantined, has quarantine_reason.
-#}
{% macro conflicting_deliveries_quarantined(relation, key_columns, payload_columns, tie_breakers=[], first_by=[]) -%}
    {%- set kept = 'over (partition by validation_reason, ' ~ key_columns | join(', ')
        ~ ' order by ' ~ journey.delivery_order('first', tie_breakers, first_by)
        ~ ' rows between unbounded preceding and unbounded following)' -%}
    {%- set differences = [] -%}
    {%- for column in payload_columns -%}
        {%- do differences.append(journey.is_distinct(column, 'first_value(' ~ column ~ ') ' ~ kept)) -%}
    {%- endfor -%}
    {{ relation }}_deliveries_compared as (
        select
            *,
            (validation_reason is null and ({{ differences | join(' or ') }})) as is_conflicting_delivery
        from {{ relation }}
    ),

    {{ relation }}_conflicts_quarantined as (
        select
            *,
            coalesce(validation_reason, case when is_conflicting_delivery then 'conflicting_duplicate' end)
                as quarantine_reason
        from {{ relation }}_deliveries_compared
    )
{%- endmacro %}


{#- True when two values differ, a null and a value counting as different and two nulls as equal. -#}
{% macro is_distinct(left, right) -%}
    coalesce({{ left }} <> {{ right }}, ({{ left }} is null) <> ({{ right }} is null))
{%- endmacro %}


{#- True when currency is one of the codes in the currency_rates seed. -#}
{% macro is_known_currency(currency_expr) -%}
    ({{ currency_expr }} in (select currency_rates.currency_code from {{ ref('currency_rates') }} as currency_rates))
{%- endmacro %}


{#-
    True when a timestamp cannot be a real one: before the floor (var journey_min_valid_date)
    or on a placeholder date that systems write for 'unknown' (var journey_placeholder_dates:
    0001-01-01, 1900-01-01, 1970-01-01, the last being epoch 0).
-#}
{% macro is_implausible_timestamp(happened_at) -%}
    {%- set placeholder_dates = [] -%}
    {%- for placeholder_date in var('journey_placeholder_dates') -%}
        {%- do placeholder_dates.append('cast(' ~ journey.string_literals([placeholder_date | string]) ~ ' as date)') -%}
    {%- endfor -%}
    (
        {{ happened_at }} < cast({{ journey.string_literals([var('journey_min_valid_date') | string]) }} as {{ dbt.type_timestamp() }})
        {%- if placeholder_dates %}
        or cast({{ happened_at }} as date) in ({{ placeholder_dates | join(', ') }})
        {%- endif %}
    )
{%- endmacro %}
