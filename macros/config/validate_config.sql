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
    {%- for name in ['journey_junk_identifiers', 'journey_internal_domains', 'journey_outcome_activities', 'journey_audit_derived_events'] -%}
        {%- set value = var(name) -%}
        {%- if value is string or value is mapping or value is not iterable -%}
            {%- do errors.append(name ~ " must be a list of texts, got " ~ value | tojson) -%}
        {%- else -%}
            {%- for item in value if item is not string -%}
                {%- do errors.append(name ~ " must hold texts only, got the item " ~ item | tojson) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in ['journey_text_max_chars', 'journey_text_context_days', 'journey_audit_history_days', 'journey_audit_min_history_days'] -%}
        {%- set value = var(name) -%}
        {%- if value is not number or value is boolean or value < 1 or value != value | int -%}
            {%- do errors.append(name ~ " must be a whole number >= 1, got " ~ value | tojson) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in ['journey_audit_anomaly_z', 'journey_audit_stopped_min_expected_rows'] -%}
        {%- set value = var(name) -%}
        {%- if value is not number or value is boolean or value <= 0 -%}
            {%- do errors.append(name ~ " must be a number > 0, got " ~ value | tojson) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in ['journey_stage_order', 'journey_trial_activities', 'journey_opportunity_experience_dimensions'] -%}
        {%- set value = var(name) -%}
        {%- if value is string or value is mapping or value is not iterable or value | length == 0 -%}
            {%- do errors.append(name ~ " must be a non-empty list of texts, got " ~ value | tojson) -%}
        {%- else -%}
            {%- for item in value if item is not string -%}
                {%- do errors.append(name ~ " must hold texts only, got the item " ~ item | tojson) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set activation = var('journey_activation_activity') -%}
    {%- if activation is not string or activation | trim == '' -%}
        {%- do errors.append("journey_activation_activity must be a non-empty text, got " ~ activation | tojson) -%}
    {%- endif -%}
    {%- for name in ['journey_support_window_days', 'journey_activation_window_days', 'journey_friction_min_attempts', 'journey_opportunity_min_texts'] -%}
        {%- set value = var(name) -%}
        {%- if value is not number or value is boolean or value < 1 or value != value | int -%}
            {%- do errors.append(name ~ " must be a whole number >= 1, got " ~ value | tojson) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set significance = var('journey_significance_z') -%}
    {%- if significance is not number or significance is boolean or significance <= 0 -%}
        {%- do errors.append("journey_significance_z must be a number > 0, got " ~ significance | tojson) -%}
    {%- endif -%}
    {%- set purchase_activities = var('journey_retention_purchase_activities') -%}
    {%- if purchase_activities is string or purchase_activities is mapping or purchase_activities is not iterable
        or purchase_activities | length == 0 or purchase_activities | reject('string') | list | length > 0 -%}
        {%- do errors.append("journey_retention_purchase_activities must be a non-empty list of texts, got "
            ~ purchase_activities | tojson) -%}
    {%- endif -%}
    {%- set key_step = var('journey_retention_key_onboarding_step') -%}
    {%- if key_step is not string or key_step | trim == '' -%}
        {%- do errors.append("journey_retention_key_onboarding_step must be a non-empty text, got " ~ key_step | tojson) -%}
    {%- endif -%}
    {%- set onboarding_window = var('journey_retention_onboarding_window_days') -%}
    {%- if onboarding_window is not number or onboarding_window is boolean or onboarding_window < 0
        or onboarding_window != onboarding_window | int -%}
        {%- do errors.append("journey_retention_onboarding_window_days must be a whole number >= 0, got "
            ~ onboarding_window | tojson) -%}
    {%- endif -%}
    {%- set path_steps = var('journey_path_max_steps') -%}
    {%- if path_steps is not number or path_steps is boolean or path_steps < 1 or path_steps > 20
        or path_steps != path_steps | int -%}
        {%- do errors.append("journey_path_max_steps must be a whole number from 1 to 20, got " ~ path_steps | tojson) -%}
    {%- endif -%}
    {%- set currency = var('journey_reporting_currency') -%}
    {%- if currency is not string or currency | length != 3 -%}
        {%- do errors.append("journey_reporting_currency must be a 3-letter ISO 4217 code, got " ~ currency | tojson) -%}
    {%- endif -%}

    {%- for name in ['journey_attribution_lookback_days', 'journey_attribution_half_life_days'] -%}
        {%- set value = var(name) -%}
        {%- if value is not number or value is boolean or value <= 0 -%}
            {%- do errors.append(name ~ " must be a number > 0, got " ~ value | tojson) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name, low, high in [('journey_attribution_shapley_max_channels', 1, 16), ('journey_attribution_markov_max_passes', 1, 200)] -%}
        {%- set value = var(name) -%}
        {%- if value is not number or value is boolean or value != value | int or value < low or value > high -%}
            {%- do errors.append(name ~ " must be a whole number from " ~ low ~ " to " ~ high ~ ", got " ~ value | tojson) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if var('journey_attribution_direct_channel') is not string or var('journey_attribution_direct_channel') | trim == '' -%}
        {%- do errors.append("journey_attribution_direct_channel must be a non-empty text, got " ~ var('journey_attribution_direct_channel') | tojson) -%}
    {%- endif -%}

    {%- set funnel_max_steps = var('journey_funnel_max_steps') -%}
    {%- if funnel_max_steps is not number or funnel_max_steps is boolean or funnel_max_steps < 1 or funnel_max_steps != funnel_max_steps | int -%}
        {%- do errors.append("journey_funnel_max_steps must be a whole number >= 1, got " ~ funnel_max_steps | tojson) -%}
    {%- endif -%}

    {%- if errors -%}
        {{ exceptions.raise_compiler_error("journey: invalid configuration:\n  - " ~ errors | join("\n  - ")) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
