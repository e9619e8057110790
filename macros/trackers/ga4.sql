{#-
    Reading the GA4 BigQuery export (landing table ga4_events): its repeated key/value
    parameters, its microsecond timestamps, and the properties object the staged events
    carry. Arrays differ between engines: DuckDB's lists are 1-based (list[1]), Spark's
    element_at is 1-based too but [i] is 0-based, and Spark's ANSI mode makes an index past
    the end an error, hence try_element_at.
-#}

{#-
    The value record (string_value, int_value, float_value, double_value) of the first
    parameter named key in a GA4 key/value array (event_params, user_properties); null when
    the array has no such key.
-#}
{% macro ga4_param_value(params, key) %}
    {{ return(adapter.dispatch('ga4_param_value', 'journey')(params, key)) }}
{% endmacro %}

{% macro default__ga4_param_value(params, key) -%}
    {{ exceptions.raise_compiler_error(
        "journey.ga4_param_value has no portable SQL (arrays and lambdas differ between engines): add a macro "
        ~ adapter.type() ~ "__ga4_param_value(params, key) (see macros/trackers/ga4.sql).") }}
{%- endmacro %}

{% macro duckdb__ga4_param_value(params, key) -%}
    list_filter({{ params }}, ga4_param -> ga4_param.key = {{ journey.text_literal(key) }})[1].value
{%- endmacro %}

{% macro spark__ga4_param_value(params, key) -%}
    try_element_at(filter({{ params }}, ga4_param -> ga4_param.key = {{ journey.text_literal(key) }}), 1).value
{%- endmacro %}


{#- A GA4 parameter value record as text: the string value, else the number written as text. -#}
{% macro ga4_value_text(value) -%}
    coalesce(
        nullif(trim({{ value }}.string_value), ''),
        cast({{ value }}.int_value as {{ dbt.type_string() }}),
        cast({{ value }}.double_value as {{ dbt.type_string() }}),
        cast({{ value }}.float_value as {{ dbt.type_string() }})
    )
{%- endmacro %}


{#- A GA4 parameter value record as a double: the number value, else the string value when it is a number. -#}
{% macro ga4_value_number(value) -%}
    coalesce(
        {{ value }}.double_value,
        cast({{ value }}.float_value as {{ journey.type_double() }}),
        cast({{ value }}.int_value as {{ journey.type_double() }}),
        {{ journey.try_cast_text(value ~ '.string_value', journey.type_double()) }}
    )
{%- endmacro %}


{#- A GA4 event_timestamp (microseconds since the epoch, UTC) as a timestamp. -#}
{% macro timestamp_from_micros(expr) %}
    {{ return(adapter.dispatch('timestamp_from_micros', 'journey')(expr)) }}
{% endmacro %}

{% macro default__timestamp_from_micros(expr) -%}
    {{ exceptions.raise_compiler_error(
        "journey.timestamp_from_micros has no portable SQL: add a macro " ~ adapter.type()
        ~ "__timestamp_from_micros(expr) (see macros/trackers/ga4.sql).") }}
{%- endmacro %}

{% macro duckdb__timestamp_from_micros(expr) -%}
    make_timestamp({{ expr }})
{%- endmacro %}

{% macro spark__timestamp_from_micros(expr) -%}
    timestamp_micros({{ expr }})
{%- endmacro %}


{#-
    A JSON object as text from (key, expression) pairs, the keys whose value is null left out
    (so both engines write the same text). Text values are written as JSON strings, numbers
    as JSON numbers.
-#}
{% macro json_object_text(pairs) %}
    {{ return(adapter.dispatch('json_object_text', 'journey')(pairs)) }}
{% endmacro %}

{% macro default__json_object_text(pairs) -%}
    {{ exceptions.raise_compiler_error(
        "journey.json_object_text has no portable SQL: add a macro " ~ adapter.type()
        ~ "__json_object_text(pairs) (see macros/trackers/ga4.sql).") }}
{%- endmacro %}

{% macro spark__json_object_text(pairs) -%}
    {%- set fields = [] -%}
    {%- for key, expr in pairs -%}
        {%- do fields.append(journey.text_literal(key) ~ ', ' ~ expr) -%}
    {%- endfor -%}
    to_json(named_struct({{ fields | join(', ') }}))
{%- endmacro %}

{% macro duckdb__json_object_text(pairs) -%}
    {%- set fields = [] -%}
    {%- for key, expr in pairs -%}
        {%- do fields.append('case when (' ~ expr ~ ') is not null then '
            ~ journey.text_literal('"' ~ key ~ '":') ~ ' || cast(to_json(' ~ expr ~ ') as varchar) end') -%}
    {%- endfor -%}
    '{' || concat_ws(',', {{ fields | join(', ') }}) || '}'
{%- endmacro %}


{#- GA4's operating-system names in the spelling of the events contract ('Macintosh' is 'macOS'); others as exported. -#}
{% macro ga4_operating_system(expr) -%}
    case
        when lower(trim({{ expr }})) in ('macintosh', 'mac os x', 'macos') then 'macOS'
        else nullif(trim({{ expr }}), '')
    end
{%- endmacro %}


{#-
    GA4's geo.country is the country's English name ('United States'): the ISO 3166-1 alpha-2
    code of the events contract for the names listed here, a two-letter value upper-cased,
    null for '(not set)', and any other name kept as exported (add it here to map it).
-#}
{% macro ga4_country_code(expr) -%}
    {%- set codes = {
        'united states': 'US', 'united kingdom': 'GB', 'germany': 'DE', 'canada': 'CA', 'france': 'FR',
        'india': 'IN', 'australia': 'AU', 'netherlands': 'NL', 'brazil': 'BR', 'spain': 'ES', 'japan': 'JP',
        'sweden': 'SE', 'ireland': 'IE', 'poland': 'PL', 'mexico': 'MX', 'singapore': 'SG', 'italy': 'IT',
        'switzerland': 'CH', 'austria': 'AT', 'belgium': 'BE', 'denmark': 'DK', 'norway': 'NO',
        'finland': 'FI', 'portugal': 'PT', 'czechia': 'CZ', 'new zealand': 'NZ', 'south africa': 'ZA',
        'argentina': 'AR', 'chile': 'CL', 'colombia': 'CO', 'china': 'CN', 'south korea': 'KR',
        'hong kong': 'HK', 'taiwan': 'TW', 'israel': 'IL', 'turkiye': 'TR', 'turkey': 'TR',
        'united arab emirates': 'AE', 'indonesia': 'ID', 'philippines': 'PH', 'vietnam': 'VN',
        'thailand': 'TH', 'malaysia': 'MY', 'ukraine': 'UA', 'romania': 'RO', 'greece': 'GR', 'hungary': 'HU',
    } -%}
    {%- set name = 'lower(trim(' ~ expr ~ '))' -%}
    case
        {%- for country_name, country_code in codes.items() %}
        when {{ name }} = {{ journey.text_literal(country_name) }} then {{ journey.text_literal(country_code) }}
        {%- endfor %}
        when {{ name }} in ('', '(not set)') then null
        when length(trim({{ expr }})) = 2 then upper(trim({{ expr }}))
        else trim({{ expr }})
    end
{%- endmacro %}
