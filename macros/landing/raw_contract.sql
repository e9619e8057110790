{#-
    The raw-data contract as data: every landing table with its columns, the type
    an absent column is filled with, and which columns must be present in a
    landing table that exists. docs/raw_data_contract.md documents the same
    tables for people; a pytest test keeps the two in step.
-#}
{% macro raw_contract() %}
    {%- set text = 'text' -%}
    {%- set number = 'number' -%}
    {%- set integer = 'integer' -%}
    {%- set boolean = 'boolean' -%}
    {%- set timestamp = 'timestamp' -%}
    {{ return({
        'events': {
            'required': ['event_id', 'event_name', 'event_at'],
            'columns': [
                ('event_id', text), ('event_name', text), ('event_at', text), ('loaded_at', timestamp),
                ('anonymous_id', text), ('user_id', text), ('email', text), ('platform', text),
                ('page_url', text), ('referrer_url', text),
                ('utm_source', text), ('utm_medium', text), ('utm_campaign', text),
                ('utm_content', text), ('utm_term', text),
                ('click_id', text), ('click_id_type', text),
                ('device_type', text), ('browser', text), ('os', text), ('country', text),
                ('user_agent', text), ('properties', text),
            ],
        },
        'segment_tracks': {
            'required': ['id', 'event', 'received_at'],
            'columns': [
                ('id', text), ('anonymous_id', text), ('user_id', text), ('event', text), ('event_text', text),
                ('timestamp', text), ('original_timestamp', text), ('sent_at', text), ('received_at', text),
                ('loaded_at', timestamp), ('uuid_ts', timestamp),
                ('context_page_url', text), ('context_page_path', text), ('context_page_referrer', text),
                ('context_page_search', text), ('context_page_title', text),
                ('context_campaign_source', text), ('context_campaign_medium', text), ('context_campaign_name', text),
                ('context_campaign_content', text), ('context_campaign_term', text),
                ('context_user_agent', text), ('context_ip', text), ('context_locale', text),
                ('context_library_name', text), ('context_device_type', text), ('context_os_name', text),
                ('context_app_name', text), ('context_location_country', text), ('context_traits_email', text),
                ('order_id', text), ('revenue', number), ('total', number), ('currency', text),
                ('payment_method', text), ('plan', text), ('query', text), ('search_term', text),
                ('step', text), ('feature', text), ('form_id', text), ('error_code', text),
            ],
        },
        'segment_pages': {
            'required': ['id', 'received_at'],
            'columns': [
                ('id', text), ('anonymous_id', text), ('user_id', text), ('name', text),
                ('timestamp', text), ('original_timestamp', text), ('sent_at', text), ('received_at', text),
                ('loaded_at', timestamp), ('uuid_ts', timestamp),
                ('url', text), ('path', text), ('referrer', text), ('search', text), ('title', text),
                ('context_page_url', text), ('context_page_path', text), ('context_page_referrer', text),
                ('context_page_search', text), ('context_page_title', text),
                ('context_campaign_source', text), ('context_campaign_medium', text), ('context_campaign_name', text),
                ('context_campaign_content', text), ('context_campaign_term', text),
                ('context_user_agent', text), ('context_ip', text), ('context_locale', text),
                ('context_library_name', text), ('context_device_type', text), ('context_os_name', text),
                ('context_app_name', text), ('context_location_country', text), ('context_traits_email', text),
            ],
        },
        'segment_screens': {
            'required': ['id', 'received_at'],
            'columns': [
                ('id', text), ('anonymous_id', text), ('user_id', text), ('name', text),
                ('timestamp', text), ('original_timestamp', text), ('sent_at', text), ('received_at', text),
                ('loaded_at', timestamp), ('uuid_ts', timestamp),
                ('context_page_url', text), ('context_page_path', text), ('context_page_referrer', text),
                ('context_page_search', text), ('context_page_title', text),
                ('context_campaign_source', text), ('context_campaign_medium', text), ('context_campaign_name', text),
                ('context_campaign_content', text), ('context_campaign_term', text),
                ('context_user_agent', text), ('context_ip', text), ('context_locale', text),
                ('context_library_name', text), ('context_device_type', text), ('context_os_name', text),
                ('context_app_name', text), ('context_location_country', text), ('context_traits_email', text),
            ],
        },
        'segment_identifies': {
            'required': ['id', 'received_at'],
            'columns': [
                ('id', text), ('anonymous_id', text), ('user_id', text), ('email', text),
                ('timestamp', text), ('original_timestamp', text), ('sent_at', text), ('received_at', text),
                ('loaded_at', timestamp), ('uuid_ts', timestamp),
                ('context_user_agent', text), ('context_ip', text),
            ],
        },
        'ad_spend': {
            'required': ['spend_date', 'campaign_id', 'spend'],
            'columns': [
                ('spend_date', text), ('ad_platform', text), ('campaign_id', text), ('campaign_name', text),
                ('utm_source', text), ('utm_medium', text), ('utm_campaign', text),
                ('impressions', integer), ('clicks', integer), ('spend', number), ('currency', text),
                ('loaded_at', timestamp),
            ],
        },
        'email_events': {
            'required': ['email_event_id', 'event_type', 'event_at'],
            'columns': [
                ('email_event_id', text), ('event_type', text), ('event_at', text), ('email', text),
                ('campaign_id', text), ('campaign_name', text), ('link_url', text), ('loaded_at', timestamp),
            ],
        },
        'crm_leads': {
            'required': ['lead_id', 'created_at'],
            'columns': [
                ('lead_id', text), ('email', text), ('first_name', text), ('last_name', text),
                ('company', text), ('lead_source', text), ('lead_score', integer), ('status', text),
                ('created_at', text), ('loaded_at', timestamp),
            ],
        },
        'crm_opportunities': {
            'required': ['opportunity_id', 'created_at'],
            'columns': [
                ('opportunity_id', text), ('lead_id', text), ('email', text), ('stage', text),
                ('amount', number), ('currency', text), ('is_won', boolean),
                ('created_at', text), ('closed_at', text), ('loaded_at', timestamp),
            ],
        },
        'crm_activities': {
            'required': ['activity_id', 'activity_at'],
            'columns': [
                ('activity_id', text), ('lead_id', text), ('opportunity_id', text),
                ('activity_type', text), ('activity_at', text), ('notes', text), ('loaded_at', timestamp),
            ],
        },
        'orders': {
            'required': ['order_id', 'ordered_at', 'amount'],
            'columns': [
                ('order_id', text), ('user_id', text), ('email', text), ('ordered_at', text),
                ('status', text), ('order_type', text), ('amount', number), ('currency', text),
                ('payment_method', text), ('plan', text), ('failure_reason', text),
                ('refunded_at', text), ('loaded_at', timestamp),
            ],
        },
        'subscriptions': {
            'required': ['subscription_event_id', 'event_type', 'event_at'],
            'columns': [
                ('subscription_event_id', text), ('subscription_id', text), ('user_id', text),
                ('email', text), ('event_type', text), ('event_at', text), ('plan', text),
                ('mrr', number), ('currency', text), ('loaded_at', timestamp),
            ],
        },
        'support_tickets': {
            'required': ['ticket_id', 'created_at'],
            'columns': [
                ('ticket_id', text), ('user_id', text), ('email', text), ('created_at', text),
                ('channel', text), ('subject', text), ('body', text), ('status', text),
                ('loaded_at', timestamp),
            ],
        },
        'survey_responses': {
            'required': ['response_id', 'responded_at'],
            'columns': [
                ('response_id', text), ('user_id', text), ('email', text), ('responded_at', text),
                ('survey_type', text), ('score', integer), ('comment', text), ('ticket_id', text),
                ('loaded_at', timestamp),
            ],
        },
    }) }}
{% endmacro %}


{#- The warehouse type an absent column of a contract type is filled with. -#}
{% macro raw_contract_type(contract_type) %}
    {%- if contract_type == 'number' -%}
        {{ return(dbt.type_numeric()) }}
    {%- elif contract_type == 'integer' -%}
        {{ return(dbt.type_int()) }}
    {%- elif contract_type == 'timestamp' -%}
        {{ return(dbt.type_timestamp()) }}
    {%- elif contract_type == 'boolean' -%}
        {{ return(dbt.type_boolean()) }}
    {%- else -%}
        {{ return(dbt.type_string()) }}
    {%- endif -%}
{% endmacro %}
