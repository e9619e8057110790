{#-
    Cross-engine building blocks. Each dispatches through 'journey' with a portable
    default (standard SQL, or SQL that most engines share where the standard has no
    form anybody implements) and an override only where an engine differs (DuckDB,
    Spark). Where no portable form exists the default raises a compiler error that
    names the macro to override. Regular expressions used with these macros avoid
    backslashes, because Spark's SQL parser treats a backslash in a string literal as
    an escape.
-#}

{#-
    The 64-bit floating-point type of every ratio, rate, score and amount in the marts.
    dbt.type_float() is not it: 'float' is 32-bit on DuckDB and Spark. The default is
    the SQL standard's name; DuckDB and Spark call it double.
-#}
{% macro type_double() %}
    {{ return(adapter.dispatch('type_double', 'journey')()) }}
{% endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}


{#- True when expr matches the regular expression pattern (a SQL string literal). -#}
{% macro regex_matches(expr, pattern) %}
    {{ return(adapter.dispatch('regex_matches', 'journey')(expr, pattern)) }}
{% endmacro %}

{#- regexp_like: Oracle, MySQL, Snowflake, PostgreSQL 15+, Trino (the standard's like_regex is rarely implemented). -#}
{% macro default__regex_matches(expr, pattern) -%}
    regexp_like({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro duckdb__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_matches(expr, pattern) -%}
    ({{ expr }} rlike {{ pattern }})
{%- endmacro %}


{#- Replaces every match of pattern in expr. -#}
{% macro regex_replace_all(expr, pattern, replacement) %}
    {{ return(adapter.dispatch('regex_replace_all', 'journey')(expr, pattern, replacement)) }}
{% endmacro %}

{#-
    Three-argument regexp_replace replaces every match on Spark, Snowflake, BigQuery, Trino,
    Oracle and Redshift; PostgreSQL replaces the first match only and needs an override
    with the 'g' flag, as DuckDB has.
-#}
{% macro default__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

{% macro duckdb__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}


{#-
    The text of one top-level key of a JSON object held as text; null when absent or
    unparseable. validated=true promises that the column holds valid JSON or null
    (see is_valid_json), which saves DuckDB a second parse per key.
-#}
{% macro json_text(column, key, validated=false) %}
    {{ return(adapter.dispatch('json_text', 'journey')(column, key, validated)) }}
{% endmacro %}

{#- The SQL:2016 json_value: null for an absent key and (null on error, its default) for invalid JSON. -#}
{% macro default__json_text(column, key, validated=false) -%}
    json_value({{ column }}, '$.{{ key }}')
{%- endmacro %}

{% macro spark__json_text(column, key, validated=false) -%}
    get_json_object({{ column }}, '$.{{ key }}')
{%- endmacro %}

{% macro duckdb__json_text(column, key, validated=false) -%}
    {%- if validated -%}
        json_extract_string({{ column }}, '$.{{ key }}')
    {%- else -%}
        case when json_valid({{ column }}) then json_extract_string({{ column }}, '$.{{ key }}') end
    {%- endif -%}
{%- endmacro %}


{#- True when the text is a JSON document (unparseable properties are kept but flagged). -#}
{% macro is_valid_json(column) %}
    {{ return(adapter.dispatch('is_valid_json', 'journey')(column)) }}
{% endmacro %}

{#- The SQL:2016 is json predicate; null text is not valid JSON. -#}
{% macro default__is_valid_json(column) -%}
    coalesce({{ column }} is json, false)
{%- endmacro %}

{% macro spark__is_valid_json(column) -%}
    (get_json_object({{ column }}, '$') is not null)
{%- endmacro %}

{% macro duckdb__is_valid_json(column) -%}
    coalesce(json_valid({{ column }}), false)
{%- endmacro %}


{#-
    A timestamp value as a UTC timestamp without time zone; null when it does not
    parse. It reads typed timestamps; ISO-8601 text and its common near misses
    ('2026-01-05 10:00:00 +05:30', '2026-01-05 10:00+05:30', '2026-01-05T10:00:00+0530',
    'T' or a space, seconds optional, an offset as Z, UTC, +hh, +hhmm or +hh:mm, with or
    without a space before it); and epoch numbers (a numeric column or text of digits):
    seconds, or milliseconds when the value is 10^11 or more (10^11 seconds is the year
    5138, 10^11 ms is 1973). Text without an offset is UTC whatever the session's time zone.
-#}
{% macro to_utc_timestamp(expr) %}
    {{ return(adapter.dispatch('to_utc_timestamp', 'journey')(expr)) }}
{% endmacro %}

{#-
    dbt's safe cast of the text: right for engines whose sessions run in UTC and whose cast
    reads ISO 8601; an engine that reads offsets or session time zones otherwise, or that
    should read the near misses and epoch numbers, needs an override like DuckDB's and Spark's.
-#}
{% macro default__to_utc_timestamp(expr) -%}
    {{ dbt.safe_cast(dbt.cast(expr, dbt.type_string()), dbt.type_timestamp()) }}
{%- endmacro %}

{% macro duckdb__to_utc_timestamp(expr) -%}
    {%- set as_text = 'trim(cast(' ~ expr ~ ' as varchar))' -%}
    {%- set has_offset = "regexp_matches(lower(" ~ as_text ~ "), ':[0-9][0-9]([.][0-9]+)?(z| ?[+-][0-9][0-9](:?[0-9][0-9])?)$')" -%}
    {%- set iso_text = journey.iso_timestamp_text(as_text) -%}
    {%- set epoch_milliseconds = journey.epoch_milliseconds(as_text) -%}
    case
        when {{ has_offset }} and try_cast({{ as_text }} as timestamptz) is not null
            then timezone('UTC', try_cast({{ as_text }} as timestamptz))
        when not {{ has_offset }} and try_cast({{ as_text }} as timestamp) is not null
            then try_cast({{ as_text }} as timestamp)
        when {{ epoch_milliseconds }} is not null then epoch_ms({{ epoch_milliseconds }})
        when {{ iso_text }} like '%+__:__' or {{ iso_text }} like '%-__:__'
            then timezone('UTC', try_cast({{ iso_text }} as timestamptz))
        else try_cast({{ iso_text }} as timestamp)
    end
{%- endmacro %}

{% macro spark__to_utc_timestamp(expr) -%}
    {#- The spark profile sets spark.sql.session.timeZone to UTC, so text without an offset is UTC. -#}
    {%- set as_text = 'trim(cast(' ~ expr ~ ' as string))' -%}
    {%- set epoch_milliseconds = journey.epoch_milliseconds(as_text) -%}
    case
        when {{ epoch_milliseconds }} is not null then timestamp_millis({{ epoch_milliseconds }})
        else try_to_timestamp(coalesce({{ journey.iso_timestamp_text(as_text) }}, {{ as_text }}))
    end
{%- endmacro %}


{#-
    An epoch number in a text (digits, an optional fraction or exponent, at most 13 digits
    before the point) as whole milliseconds: seconds below 10^11, milliseconds from there;
    null for any other text.
-#}
{% macro epoch_milliseconds(as_text) -%}
    {%- set number = journey.try_cast_text(as_text, journey.type_double()) -%}
    case
        when {{ journey.regex_matches('lower(' ~ as_text ~ ')', "'^-?[0-9]{1,13}([.][0-9]*)?(e[+]?[0-9]+)?$'") }}
            and abs({{ number }}) < 1e13
            then cast(round({{ number }} * case when abs({{ number }}) >= 1e11 then 1 else 1000 end)
                as {{ dbt.type_bigint() }})
    end
{%- endmacro %}


{#-
    A near-ISO timestamp text rewritten as 'yyyy-mm-dd hh:mm:ss[.f][+hh:mm]', the form every
    engine's cast reads: 'T' or a space, seconds added when absent, an offset Z/UTC as
    +00:00, +hh as +hh:00, +hhmm as +hh:mm, a space before it dropped. Null for any other text.
-#}
{% macro iso_timestamp_text(as_text) -%}
    {%- set pattern = "'^([0-9]{4}-[0-9]{2}-[0-9]{2})[t ]([0-9]{2}:[0-9]{2})(:[0-9]{2}([.][0-9]+)?)? ?(z|utc|[+-][0-9]{2}(:?[0-9]{2})?)?$'" -%}
    {%- set lowered = 'lower(' ~ as_text ~ ')' -%}
    {%- set part = [] -%}
    {%- for group in range(6) -%}
        {%- do part.append('regexp_extract(' ~ lowered ~ ', ' ~ pattern ~ ', ' ~ group ~ ')') -%}
    {%- endfor -%}
    {%- set zone = part[5] -%}
    case
        when {{ journey.regex_matches(lowered, pattern) }}
            then {{ dbt.concat([
                part[1], "' '", part[2],
                "case when " ~ part[3] ~ " = '' then ':00' else " ~ part[3] ~ " end",
                "case when " ~ zone ~ " in ('z', 'utc') then '+00:00'"
                ~ " when length(" ~ zone ~ ") = 3 then " ~ dbt.concat([zone, "':00'"])
                ~ " when length(" ~ zone ~ ") = 5 then "
                ~ dbt.concat(['substring(' ~ zone ~ ', 1, 3)', "':'", 'substring(' ~ zone ~ ', 4, 2)'])
                ~ " else " ~ zone ~ " end",
            ]) }}
    end
{%- endmacro %}


{#- A date value (typed or text); null when it does not parse. -#}
{% macro to_date(expr) %}
    {{ return(adapter.dispatch('to_date', 'journey')(expr)) }}
{% endmacro %}

{% macro default__to_date(expr) -%}
    cast({{ journey.to_utc_timestamp(expr) }} as date)
{%- endmacro %}


{#- Hex SHA-256 of a text value; null stays null. -#}
{% macro sha256_hex(expr) %}
    {{ return(adapter.dispatch('sha256_hex', 'journey')(expr)) }}
{% endmacro %}

{#- Standard SQL has no hash function, and engines differ in name and in result type (text or bytes). -#}
{% macro default__sha256_hex(expr) -%}
    {{ exceptions.raise_compiler_error(
        "journey.sha256_hex has no portable SQL: add a macro " ~ adapter.type() ~ "__sha256_hex(expr) "
        ~ "that returns the lower-case hex SHA-256 of a text (see macros/utils/cross_engine.sql).") }}
{%- endmacro %}

{% macro spark__sha256_hex(expr) -%}
    sha2({{ expr }}, 256)
{%- endmacro %}

{% macro duckdb__sha256_hex(expr) -%}
    sha256({{ expr }})
{%- endmacro %}


{#- A number, or null when the value does not parse as one (never an error). -#}
{% macro to_number(expr) -%}
    {{ journey.try_cast_text(expr, 'decimal(18, 4)') }}
{%- endmacro %}


{#- An integer, or null when the value does not parse as one (never an error). -#}
{% macro to_integer(expr) -%}
    {{ journey.try_cast_text(expr, dbt.type_bigint()) }}
{%- endmacro %}


{#- The value as text, cast to data_type; null when it does not convert. -#}
{% macro try_cast_text(expr, data_type) %}
    {{ return(adapter.dispatch('try_cast_text', 'journey')(expr, data_type)) }}
{% endmacro %}

{#-
    try_cast is not standard SQL: the default goes through dbt's own dbt.safe_cast, which each
    adapter maps to its safe cast (on an adapter that has none it is a plain cast, and a value
    that does not convert is an error rather than null).
-#}
{% macro default__try_cast_text(expr, data_type) -%}
    {{ dbt.safe_cast(dbt.cast(expr, dbt.type_string()), data_type) }}
{%- endmacro %}

{% macro duckdb__try_cast_text(expr, data_type) -%}
    try_cast(cast({{ expr }} as {{ dbt.type_string() }}) as {{ data_type }})
{%- endmacro %}

{% macro spark__try_cast_text(expr, data_type) -%}
    try_cast(cast({{ expr }} as {{ dbt.type_string() }}) as {{ data_type }})
{%- endmacro %}


{#- A boolean from typed booleans or the texts true/false/yes/no/1/0; null otherwise. -#}
{% macro to_boolean(expr) -%}
    case
        when lower(trim({{ dbt.cast(expr, dbt.type_string()) }})) in ('true', 't', 'yes', 'y', '1') then true
        when lower(trim({{ dbt.cast(expr, dbt.type_string()) }})) in ('false', 'f', 'no', 'n', '0') then false
    end
{%- endmacro %}


{#-
    The last non-null value of expr among the rows before the current one in the
    window (partition_by, order_by); null when there is none.
-#}
{% macro previous_non_null(expr, partition_by, order_by) %}
    {{ return(adapter.dispatch('previous_non_null', 'journey')(expr, partition_by, order_by)) }}
{% endmacro %}

{#- The standard places the null treatment after the argument list. -#}
{% macro default__previous_non_null(expr, partition_by, order_by) -%}
    last_value({{ expr }}) ignore nulls over (
        partition by {{ partition_by }}
        order by {{ order_by }}
        rows between unbounded preceding and 1 preceding
    )
{%- endmacro %}

{% macro duckdb__previous_non_null(expr, partition_by, order_by) -%}
    last_value({{ expr }} ignore nulls) over (
        partition by {{ partition_by }}
        order by {{ order_by }}
        rows between unbounded preceding and 1 preceding
    )
{%- endmacro %}

{% macro spark__previous_non_null(expr, partition_by, order_by) -%}
    last_value({{ expr }}, true) over (
        partition by {{ partition_by }}
        order by {{ order_by }}
        rows between unbounded preceding and 1 preceding
    )
{%- endmacro %}


{#- A plain 'create table ... as select' (the work tables of the identity graph). -#}
{% macro create_table_as_sql(relation, sql) %}
    {{ return(adapter.dispatch('create_table_as_sql', 'journey')(relation, sql)) }}
{% endmacro %}

{% macro default__create_table_as_sql(relation, sql) -%}
    create table {{ relation }} as {{ sql }}
{%- endmacro %}

{% macro spark__create_table_as_sql(relation, sql) -%}
    {#- a data-source table in the model's file_format, never a Hive text table -#}
    create table {{ relation }} using {{ config.get('file_format') or 'parquet' }} as {{ sql }}
{%- endmacro %}

{#- Continuous (linearly interpolated) percentile of expr, p in [0, 1], as an aggregate. -#}
{% macro percentile_cont(expr, p) %}
    {{ return(adapter.dispatch('percentile_cont', 'journey')(expr, p)) }}
{% endmacro %}

{% macro default__percentile_cont(expr, p) -%}
    percentile_cont({{ p }}) within group (order by {{ expr }})
{%- endmacro %}

{% macro duckdb__percentile_cont(expr, p) -%}
    quantile_cont({{ expr }}, {{ p }})
{%- endmacro %}

{% macro spark__percentile_cont(expr, p) -%}
    percentile({{ expr }}, {{ p }})
{%- endmacro %}

{#-
    A timestamp plus a whole number of days (days may be a column, e.g. a seed's window), to the
    microsecond: interval arithmetic on every engine, with no round trip through dates.
-#}
{% macro add_days(ts, days) %}
    {{ return(adapter.dispatch('add_days', 'journey')(ts, days)) }}
{% endmacro %}

{% macro default__add_days(ts, days) -%}
    ({{ ts }} + cast({{ days }} as {{ dbt.type_int() }}) * interval '1 day')
{%- endmacro %}

{% macro duckdb__add_days(ts, days) -%}
    ({{ ts }} + to_days(cast({{ days }} as integer)))
{%- endmacro %}

{% macro spark__add_days(ts, days) -%}
    ({{ ts }} + make_interval(0, 0, 0, cast({{ days }} as int), 0, 0, 0))
{%- endmacro %}


{#- A timestamp plus a whole number of minutes (minutes may be a column, e.g. a funnel's window), to the microsecond. -#}
{% macro add_minutes(ts, minutes) %}
    {{ return(adapter.dispatch('add_minutes', 'journey')(ts, minutes)) }}
{% endmacro %}

{% macro default__add_minutes(ts, minutes) -%}
    ({{ ts }} + cast({{ minutes }} as {{ dbt.type_int() }}) * interval '1 minute')
{%- endmacro %}

{% macro duckdb__add_minutes(ts, minutes) -%}
    ({{ ts }} + to_minutes(cast({{ minutes }} as bigint)))
{%- endmacro %}

{% macro spark__add_minutes(ts, minutes) -%}
    ({{ ts }} + make_interval(0, 0, 0, 0, 0, cast({{ minutes }} as int), 0))
{%- endmacro %}


{#- Bitwise and of two integers (the & operator of DuckDB and Spark; used by the Shapley coalitions). -#}
{% macro bitwise_and(left, right) %}
    {{ return(adapter.dispatch('bitwise_and', 'journey')(left, right)) }}
{% endmacro %}

{% macro default__bitwise_and(left, right) -%}
    ({{ left }} & {{ right }})
{%- endmacro %}


{#-
    The texts of a group joined by delimiter (a SQL string literal's content), in alphabetical order, nulls
    left out: SQL:2016 listagg ... within group; DuckDB's string_agg with order by; Spark sorts the
    collected array.
-#}
{% macro string_agg_sorted(expr, delimiter) %}
    {{ return(adapter.dispatch('string_agg_sorted', 'journey')(expr, delimiter)) }}
{% endmacro %}

{% macro default__string_agg_sorted(expr, delimiter) -%}
    listagg({{ expr }}, '{{ delimiter }}') within group (order by {{ expr }})
{%- endmacro %}

{% macro duckdb__string_agg_sorted(expr, delimiter) -%}
    string_agg({{ expr }}, '{{ delimiter }}' order by {{ expr }})
{%- endmacro %}

{% macro spark__string_agg_sorted(expr, delimiter) -%}
    array_join(array_sort(collect_list({{ expr }})), '{{ delimiter }}')
{%- endmacro %}
