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




{#-
    The last observed second of the data, from var journey_observation_ends_at (newest_activity_at is the
    SQL of the newest activity's timestamp):
      - empty (default): the newest activity itself; the periods holding it are partly observed;
      - 'newest_activity_date': the end of the newest activity's UTC date (date-only data: that day is whole);
      - 'YYYY-MM-DD': the end of that UTC date (its last second, 23:59:59);
      - 'YYYY-MM-DD HH:MM:SS': that instant.
    A period is complete when it ends at or before the second after it (retention_period_is_complete).
-#}
{% macro retention_observed_until(newest_activity_at) %}
    {%- set setting = var('journey_observation_ends_at', none) -%}
    {%- set setting = '' if setting is none else setting | string | trim -%}
    {%- set date_pattern = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' -%}
    {%- set timestamp_pattern = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}$' -%}
    {#- while parsing, a bad value is left to validate_config, whose message names every bad var at once -#}
    {%- if setting == '' or not execute -%}
        {{ newest_activity_at }}
    {%- elif setting == 'newest_activity_date' or modules.re.match(date_pattern, setting) -%}
        {%- set day = 'cast(' ~ newest_activity_at ~ ' as date)' if setting == 'newest_activity_date'
            else "cast('" ~ setting ~ "' as date)" -%}
        {#- one shift in seconds (Spark's day arithmetic would turn the timestamp into a date) #}
        {{ dbt.dateadd('second', 86399, 'cast(' ~ day ~ ' as ' ~ dbt.type_timestamp() ~ ')') | trim }}
    {%- elif modules.re.match(timestamp_pattern, setting) -%}
        cast('{{ setting | replace("T", " ") }}' as {{ dbt.type_timestamp() }})
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "journey_observation_ends_at must be empty, 'newest_activity_date', a date 'YYYY-MM-DD' or a timestamp"
            ~ " 'YYYY-MM-DD HH:MM:SS' (UTC), got " ~ setting | tojson) }}
    {%- endif -%}
{% endmacro %}


{#-
    The period numbers 0 .. max_period_number of each period type of the CTE period_types (seed
    retention_period_types) as rows (period_type, period_number). DuckDB and Spark generate them natively
    (no upper bound); other engines use the portable digit generator, which counts to 99 999.
-#}
{% macro retention_period_numbers(period_types) %}
    {{ return(adapter.dispatch('retention_period_numbers', 'journey')(period_types)) }}
{% endmacro %}

{% macro default__retention_period_numbers(period_types) -%}
    select
        {{ period_types }}.period_type,
        numbers.period_number
    from {{ period_types }}
    cross join ({{ journey.whole_numbers('period_number', 5) }}) as numbers
    where numbers.period_number <= {{ period_types }}.max_period_number
{%- endmacro %}

{% macro duckdb__retention_period_numbers(period_types) -%}
    select
        period_type,
        unnest(generate_series(0, cast(max_period_number as bigint))) as period_number
    from {{ period_types }}
{%- endmacro %}

{% macro spark__retention_period_numbers(period_types) -%}
    select
        period_type,
        explode(sequence(0, cast(max_period_number as int))) as period_number
    from {{ period_types }}
{%- endmacro %}
