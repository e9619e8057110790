{#-
    Every landing table with the models that stage it: the base model (every raw
    row, validated), the staging model (the rows kept) and the column holding the
    time the row's fact happened. The quarantine and the reconciliation iterate
    over this list, so a new source is added in one place. When one base and
    staging model hold several landing tables, each table's entry carries a
    'row_filter' (e.g. "source_table = 'segment_pages'") that picks its rows from
    both, and journey.staged_table_rows applies it (a predicate on one column, written
    column first, so that it can be qualified with the relation's name).
-#}
{% macro staged_tables() %}
    {{ return([
        {'source_system': 'tracking', 'source_table': 'events', 'base_model': 'base_tracking__events', 'staging_model': 'stg_tracking__events', 'occurred_at': 'event_at'},
        {'source_system': 'tracking', 'source_table': 'ga4_events', 'base_model': 'base_ga4__events', 'staging_model': 'stg_ga4__events', 'occurred_at': 'event_at'},
        {'source_system': 'tracking', 'source_table': 'segment_tracks', 'base_model': 'base_segment__events', 'staging_model': 'stg_segment__events', 'occurred_at': 'event_at', 'row_filter': "source_table = 'segment_tracks'"},
        {'source_system': 'tracking', 'source_table': 'segment_pages', 'base_model': 'base_segment__events', 'staging_model': 'stg_segment__events', 'occurred_at': 'event_at', 'row_filter': "source_table = 'segment_pages'"},
        {'source_system': 'tracking', 'source_table': 'segment_screens', 'base_model': 'base_segment__events', 'staging_model': 'stg_segment__events', 'occurred_at': 'event_at', 'row_filter': "source_table = 'segment_screens'"},
        {'source_system': 'tracking', 'source_table': 'segment_identifies', 'base_model': 'base_segment__identifies', 'staging_model': 'stg_segment__identifies', 'occurred_at': 'identified_at'},
        {'source_system': 'tracking', 'source_table': 'snowplow_events', 'base_model': 'base_snowplow__events', 'staging_model': 'stg_snowplow__events', 'occurred_at': 'event_at'},
        {'source_system': 'ads', 'source_table': 'ad_spend', 'base_model': 'base_ads__ad_spend', 'staging_model': 'stg_ads__daily_spends', 'occurred_at': 'spend_date'},
        {'source_system': 'email', 'source_table': 'email_events', 'base_model': 'base_email__email_events', 'staging_model': 'stg_email__email_events', 'occurred_at': 'email_event_at'},
        {'source_system': 'crm', 'source_table': 'crm_leads', 'base_model': 'base_crm__leads', 'staging_model': 'stg_crm__leads', 'occurred_at': 'created_at'},
        {'source_system': 'crm', 'source_table': 'crm_opportunities', 'base_model': 'base_crm__opportunities', 'staging_model': 'stg_crm__opportunities', 'occurred_at': 'created_at'},
        {'source_system': 'crm', 'source_table': 'crm_activities', 'base_model': 'base_crm__activities', 'staging_model': 'stg_crm__activities', 'occurred_at': 'activity_at'},
        {'source_system': 'billing', 'source_table': 'orders', 'base_model': 'base_billing__orders', 'staging_model': 'stg_billing__orders', 'occurred_at': 'ordered_at'},
        {'source_system': 'billing', 'source_table': 'subscriptions', 'base_model': 'base_billing__subscription_events', 'staging_model': 'stg_billing__subscription_events', 'occurred_at': 'subscription_event_at'},
        {'source_system': 'support', 'source_table': 'support_tickets', 'base_model': 'base_support__tickets', 'staging_model': 'stg_support__tickets', 'occurred_at': 'created_at'},
        {'source_system': 'support', 'source_table': 'survey_responses', 'base_model': 'base_support__survey_responses', 'staging_model': 'stg_support__survey_responses', 'occurred_at': 'responded_at'},
    ]) }}
{% endmacro %}


{#- The predicate that picks one staged_tables entry's rows from its base and staging models. -#}
{% macro staged_table_rows(table, relation=none) -%}
    {%- if table.get('row_filter') -%}
        {{ relation ~ '.' if relation }}{{ table.row_filter }}
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}
