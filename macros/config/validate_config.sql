{#-
    Checks the project's vars before anything runs (on-run-start) and stops with a
    clear message when one has the wrong type or value, instead of failing later
    inside generated SQL. Every message of one run is reported together.
    The rules are data: var name -> [kind, bounds]; journey.var_rule_errors says
    what each kind means. Every var of dbt_project.yml has a rule (a test checks it).
    Texts and lists of texts reach SQL only as journey.text_literal; identifiers
    (schema and table names) are checked against a pattern here, numbers by type.
-#}
{% macro validate_config() %}
    {%- set rules = {
        'journey_raw_mode': ['choice', ['files', 'warehouse']],
        'journey_raw_path': ['text'], 'journey_raw_schema': ['identifier'], 'journey_landing_schema': ['identifier'],
        'journey_landing_history_schema': ['identifier'],
        'journey_raw_csv_encoding': ['choice', ['utf-8', 'utf-16', 'latin-1']],
        'journey_raw_csv_max_line_size': ['whole', 1024], 'journey_allow_empty_run': ['boolean'],
        'journey_source_min_row_ratio': ['number', 0, 1],
        'journey_source_freshness_warn_hours': ['hours_by_source'],
        'journey_source_freshness_error_hours': ['hours_by_source'],
        'journey_bot_user_agent_pattern': ['text'], 'journey_test_email_pattern': ['text'],
        'journey_pii_salt': ['text'], 'journey_activation_activity': ['text'],
        'journey_retention_key_onboarding_step': ['text'], 'journey_attribution_direct_channel': ['text'],
        'journey_future_tolerance_minutes': ['number', 0], 'journey_late_arrival_hours': ['number', 0],
        'journey_session_timeout_minutes': ['number', 0], 'journey_engaged_session_seconds': ['number', 0],
        'journey_session_max_hours': ['positive'], 'journey_sessions_follow_tracker': ['boolean'],
        'journey_snowplow_max_session_days': ['whole', 1], 'journey_snowplow_days_late_allowed': ['whole', 0],
        'journey_incremental_lookback_hours': ['whole', 0],
        'journey_min_valid_date': ['date'], 'journey_placeholder_dates': ['dates'],
        'journey_audit_anomaly_z': ['positive'], 'journey_audit_stopped_min_expected_rows': ['positive'],
        'journey_significance_z': ['positive'], 'journey_fdr_q': ['number', 0, 1],
        'journey_predictor_min_people': ['whole', 1], 'journey_attribution_lookback_days': ['positive'],
        'journey_attribution_half_life_days': ['positive'],
        'journey_identity_max_passes': ['whole', 1], 'journey_identity_inferred_links': ['boolean'],
        'journey_identity_click_window_seconds': ['whole', 1], 'journey_identity_inferred_min_confidence': ['number', 0, 1], 'journey_funnel_max_steps': ['whole', 1],
        'journey_text_max_chars': ['whole', 1], 'journey_text_context_days': ['whole', 1],
        'journey_audit_history_days': ['whole', 1], 'journey_audit_min_history_days': ['whole', 1],
        'journey_audit_max_days': ['whole', 1, 9999],
        'journey_support_window_days': ['whole', 1], 'journey_activation_window_days': ['whole', 1],
        'journey_friction_min_attempts': ['whole', 1], 'journey_opportunity_min_texts': ['whole', 1],
        'journey_opportunity_min_people': ['whole', 1],
        'journey_retention_onboarding_window_days': ['whole', 0],
        'journey_path_max_steps': ['whole', 1], 'journey_attribution_shapley_max_channels': ['whole', 1, 16],
        'journey_attribution_markov_max_passes': ['whole', 1, 200],
        'journey_attribution_markov_order': ['whole', 1, 3],
        'journey_junk_identifiers': ['list'], 'journey_internal_domains': ['list'],
        'journey_outcome_activities': ['list'], 'journey_audit_derived_events': ['list'],
        'journey_stage_order': ['list', 1], 'journey_trial_activities': ['list', 1],
        'journey_opportunity_experience_dimensions': ['list', 1], 'journey_retention_purchase_activities': ['list', 1],
        'journey_observation_ends_at': ['observation_end'],
        'journey_reporting_currency': ['currency'], 'journey_default_currency': ['currency', 'optional'],
        'journey_default_order_status': ['choice', ['completed', 'failed', 'refunded']],
        'journey_orders_from_trackers': ['choice', ['when_no_billing_orders', 'always', 'never']],
        'journey_publish_intermediate_tables': ['identifier_list'], 'journey_publish_keep_versions': ['whole', 2],
    } -%}
    {%- set errors = [] -%}
    {%- for name, rule in rules.items() -%}
        {%- do errors.extend(journey.var_rule_errors(name, var(name), rule)) -%}
    {%- endfor -%}
    {%- if errors -%}
        {{ exceptions.raise_compiler_error("journey: invalid configuration:\n  - " ~ errors | join("\n  - ")) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}


{#- The messages for one var against its rule (an empty list when it is fine). -#}
{% macro var_rule_errors(name, value, rule) %}
    {%- set kind, low, high = (rule + [none, none])[:3] -%}
    {#- an unquoted yyyy-mm-dd in --vars arrives as a date, which tojson cannot write -#}
    {%- set got = ", got " ~ (value | string | tojson if kind in ['date', 'dates'] else value | tojson) -%}
    {%- set is_number = value is number and value is not boolean -%}
    {%- set is_list = value is iterable and value is not string and value is not mapping -%}
    {%- set errors = [] -%}
    {%- if kind == 'choice' and value not in low -%}
        {%- do errors.append(name ~ " must be '" ~ low | join("' or '") ~ "'" ~ got) -%}
    {%- elif kind == 'text' and (value is not string or value | trim == '') -%}
        {%- do errors.append(name ~ " must be a non-empty text" ~ got) -%}
    {%- elif kind == 'number' and (not is_number or value < low or (high is not none and value > high)) -%}
        {%- do errors.append(name ~ " must be a number " ~ ("from " ~ low ~ " to " ~ high if high is not none else ">= " ~ low) ~ got) -%}
    {%- elif kind == 'boolean' and value is not boolean -%}
        {%- do errors.append(name ~ " must be true or false" ~ got) -%}
    {%- elif kind == 'positive' and (not is_number or value <= 0) -%}
        {%- do errors.append(name ~ " must be a number > 0" ~ got) -%}
    {%- elif kind == 'whole' and (not is_number or value != value | int or value < low or (high and value > high)) -%}
        {%- do errors.append(name ~ " must be a whole number " ~ ("from " ~ low ~ " to " ~ high if high else ">= " ~ low) ~ got) -%}
    {%- elif kind == 'identifier' and not (value is string and modules.re.fullmatch(journey.identifier_pattern(), value)) -%}
        {%- do errors.append(name ~ " must be an identifier (letters, digits and '_', not starting with a digit)" ~ got) -%}
    {%- elif kind == 'identifier_list' and not is_list -%}
        {%- do errors.append(name ~ " must be a list of identifiers" ~ got) -%}
    {%- elif kind == 'identifier_list' -%}
        {%- for item in value if not (item is string and modules.re.fullmatch(journey.identifier_pattern(), item)) -%}
            {%- do errors.append(name ~ " must hold identifiers (letters, digits and '_', not starting with a digit)"
                ~ " only, got the item " ~ item | tojson) -%}
        {%- endfor -%}
    {%- elif kind == 'list' and (not is_list or value | length < (low or 0)) -%}
        {%- do errors.append(name ~ " must be a " ~ ("non-empty " if low else "") ~ "list of texts" ~ got) -%}
    {%- elif kind == 'list' -%}
        {%- for item in value if item is not string -%}
            {%- do errors.append(name ~ " must hold texts only, got the item " ~ item | tojson) -%}
        {%- endfor -%}
    {%- elif kind == 'hours_by_source' -%}
        {%- do errors.extend(journey.hours_by_source_errors(name, value)) -%}
    {%- elif kind == 'date' and not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value | string) -%}
        {%- do errors.append(name ~ " must be a date written yyyy-mm-dd" ~ got) -%}
    {%- elif kind == 'dates' and not is_list -%}
        {%- do errors.append(name ~ " must be a list of dates written yyyy-mm-dd" ~ got) -%}
    {%- elif kind == 'dates' -%}
        {%- for item in value if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', item | string) -%}
            {%- do errors.append(name ~ " must hold dates written yyyy-mm-dd, got the item " ~ item | tojson) -%}
        {%- endfor -%}
    {%- elif kind == 'observation_end' and not (value is none or (value is string and modules.re.match(
        '^(|newest_activity_date|[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}:[0-9]{2})?)$', value | trim))) -%}
        {%- do errors.append(name ~ " must be empty, 'newest_activity_date', a date 'YYYY-MM-DD' or a timestamp"
            ~ " 'YYYY-MM-DD HH:MM:SS' (UTC)" ~ got) -%}
    {%- elif kind == 'currency' and not (value is none and low == 'optional')
        and (value is not string or value | length != 3) -%}
        {%- do errors.append(name ~ " must be a 3-letter ISO 4217 code" ~ (" or null" if low else "") ~ got) -%}
    {%- endif -%}
    {{ return(errors) }}
{% endmacro %}


{#- What a schema or table name given in a var may be: it is pasted into SQL as an identifier. -#}
{% macro identifier_pattern() -%}
    {{ return('[A-Za-z_][A-Za-z0-9_]*') }}
{%- endmacro %}


{#- A mapping of every source system (journey.staged_tables) to a number of hours > 0. -#}
{% macro hours_by_source_errors(name, value) %}
    {%- set errors = [] -%}
    {%- if value is not mapping -%}
        {%- do errors.append(name ~ " must map each source system to a number of hours, got " ~ value | tojson) -%}
        {{ return(errors) }}
    {%- endif -%}
    {%- for system in journey.staged_tables() | map(attribute='source_system') | unique -%}
        {%- set hours = value.get(system) -%}
        {%- if hours is not number or hours is boolean or hours <= 0 -%}
            {%- do errors.append(name ~ "." ~ system ~ " must be a number of hours > 0, got " ~ hours | tojson) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(errors) }}
{% endmacro %}
