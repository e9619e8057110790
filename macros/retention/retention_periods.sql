{#-
    Period arithmetic of the retention marts.

    retention_period_number(period_type, period_mode, started_at, happened_at): the index
    of the period that holds happened_at, counted from the cohort start started_at.
      - calendar: calendar periods (UTC day, ISO week starting Monday, month); period 0 is
        the calendar period of the start, period k the k-th calendar period after it.
      - rolling: windows of fixed length from the start instant; period k is
        [start + k periods, start + (k + 1) periods). Days and weeks are counted in whole
        seconds (86 400 and 604 800); a rolling month adds calendar months to the start
        (a start on 31 January has its period 1 from 28 February).
    period_type and period_mode are Jinja constants, so each call compiles to one plain
    expression that DuckDB and Spark both run (dbt.datediff's output is trimmed of the blank
    lines dbt-duckdb puts around it).
-#}
{% macro retention_period_number(period_type, period_mode, started_at, happened_at) %}
    {%- if period_type not in ['day', 'week', 'month'] or period_mode not in ['calendar', 'rolling'] -%}
        {{ exceptions.raise_compiler_error(
            "retention_period_number: unknown period " ~ period_type ~ " / " ~ period_mode) }}
    {%- endif -%}
    {%- if period_mode == 'calendar' and period_type == 'day' -%}
        {{ dbt.datediff('cast(' ~ started_at ~ ' as date)', 'cast(' ~ happened_at ~ ' as date)', 'day') | trim }}
    {%- elif period_mode == 'calendar' and period_type == 'week' -%}
        cast(floor({{ dbt.datediff(
            'cast(' ~ dbt.date_trunc('week', started_at) ~ ' as date)',
            'cast(' ~ dbt.date_trunc('week', happened_at) ~ ' as date)',
            'day') | trim }} / 7) as {{ dbt.type_bigint() }})
    {%- elif period_mode == 'calendar' -%}
        {{ dbt.datediff(
            'cast(' ~ dbt.date_trunc('month', started_at) ~ ' as date)',
            'cast(' ~ dbt.date_trunc('month', happened_at) ~ ' as date)',
            'month') | trim }}
    {%- elif period_type == 'day' -%}
        cast(floor({{ dbt.datediff(started_at, happened_at, 'second') | trim }} / 86400) as {{ dbt.type_bigint() }})
    {%- elif period_type == 'week' -%}
        cast(floor({{ dbt.datediff(started_at, happened_at, 'second') | trim }} / 604800) as {{ dbt.type_bigint() }})
    {%- else -%}
        {#-
            month boundaries crossed, less one when the last month is not complete yet. Boundaries
            come from year and month numbers (dbt.datediff's 'month' counts whole months by date on
            Spark), and the start is moved by add_months_keeping_time (Spark's add_months drops the time).
        -#}
        {%- set months_crossed = '((extract(year from ' ~ happened_at ~ ') - extract(year from ' ~ started_at
            ~ ')) * 12 + extract(month from ' ~ happened_at ~ ') - extract(month from ' ~ started_at ~ '))' -%}
        {%- set start_moved = journey.add_months_keeping_time(started_at, months_crossed) | trim -%}
        ({{ months_crossed }}
            - case
                when {{ start_moved }} > {{ happened_at }} then 1
                else 0
            end)
    {%- endif -%}
{% endmacro %}


{#- A timestamp plus a whole number of calendar months (clamped to the month's last day), time of day kept. -#}
{% macro add_months_keeping_time(ts, months) %}
    {{ return(adapter.dispatch('add_months_keeping_time', 'journey')(ts, months)) }}
{% endmacro %}

{% macro default__add_months_keeping_time(ts, months) -%}
    {{ dbt.dateadd('month', months, ts) }}
{%- endmacro %}

{% macro spark__add_months_keeping_time(ts, months) -%}
    ({{ ts }} + make_interval(0, cast({{ months }} as int), 0, 0, 0, 0, 0))
{%- endmacro %}


{#- The (period_type, period_mode) pairs the retention marts are built for. -#}
{% macro retention_period_grid() %}
    {{ return([('day', 'calendar'), ('day', 'rolling'), ('week', 'calendar'), ('week', 'rolling'),
               ('month', 'calendar'), ('month', 'rolling')]) }}
{% endmacro %}


