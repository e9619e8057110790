{#-
    Checks the project's vars before anything runs (on-run-start) and stops with a
    clear message when one has the wrong type or value, instead of failing later
    inside generated SQL.
-#}
{% macro validate_config() %}
    {%- set errors = [] -%}

    {%- if var('journey_raw_mode') not in ['files', 'warehouse'] -%}
        {%- do errors.append("journey_raw_mode must be 'files' or 'warehouse', got " ~ var('journey_raw_mode') | tojson) -%}
    {%- endif -%}
    {%- for name in ['journey_raw_path', 'journey_raw_schema', 'journey_landing_schema', 'journey_bot_user_agent_pattern', 'journey_test_email_pattern', 'journey_pii_salt'] -%}
        {%- set value = var(name) -%}
        {%- if value is not string or value | trim == '' -%}
            {%- do errors.append(name ~ " must be a non-empty text, got " ~ value | tojson) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in ['journey_future_tolerance_minutes', 'journey_late_arrival_hours', 'journey_session_timeout_minutes', 'journey_engaged_session_seconds'] -%}
        {%- set value = var(name) -%}
        {%- if value is not number or value is boolean or value < 0 -%}
            {%- do errors.append(name ~ " must be a number >= 0, got " ~ value | tojson) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set max_passes = var('journey_identity_max_passes') -%}
    {%- if max_passes is not number or max_passes is boolean or max_passes < 1 or max_passes != max_passes | int -%}
        {%- do errors.append("journey_identity_max_passes must be a whole number >= 1, got " ~ max_passes | tojson) -%}
    {%- endif -%}
    {%- for name in ['journey_junk_identifiers', 'journey_internal_domains', 'journey_outcome_activities'] -%}
        {%- set value = var(name) -%}
        {%- if value is string or value is mapping or value is not iterable -%}
            {%- do errors.append(name ~ " must be a list of texts, got " ~ value | tojson) -%}
        {%- else -%}
            {%- for item in value if item is not string -%}
                {%- do errors.append(name ~ " must hold texts only, got the item " ~ item | tojson) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set currency = var('journey_reporting_currency') -%}
    {%- if currency is not string or currency | length != 3 -%}
        {%- do errors.append("journey_reporting_currency must be a 3-letter ISO 4217 code, got " ~ currency | tojson) -%}
    {%- endif -%}

    {%- if errors -%}
        {{ exceptions.raise_compiler_error("journey: invalid configuration:\n  - " ~ errors | join("\n  - ")) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
