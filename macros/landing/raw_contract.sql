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
    {%- set bigint = 'bigint' -%}
    {#- GA4's nested columns: each its own contract type (journey.raw_nested_types) -#}
    {%- set ga4_event_params = 'ga4_event_params' -%}
    {%- set ga4_user_properties = 'ga4_user_properties' -%}
    {%- set ga4_device = 'ga4_device' -%}
    {%- set ga4_geo = 'ga4_geo' -%}
    {%- set ga4_traffic_source = 'ga4_traffic_source' -%}
    {%- set ga4_collected_traffic_source = 'ga4_collected_traffic_source' -%}
    {%- set ga4_session_traffic_source_last_click = 'ga4_session_traffic_source_last_click' -%}
    {%- set ga4_ecommerce = 'ga4_ecommerce' -%}
    {%- set ga4_items = 'ga4_items' -%}
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
        'ga4_events': {
            'required': ['event_timestamp', 'event_name'],
            'columns': [
                ('event_date', text), ('event_timestamp', bigint), ('event_name', text),
                ('event_params', ga4_event_params), ('event_bundle_sequence_id', bigint),
                ('user_pseudo_id', text), ('user_id', text), ('user_properties', ga4_user_properties),
                ('platform', text), ('stream_id', text),
                ('device', ga4_device), ('geo', ga4_geo), ('traffic_source', ga4_traffic_source),
                ('collected_traffic_source', ga4_collected_traffic_source),
                ('session_traffic_source_last_click', ga4_session_traffic_source_last_click),
                ('ecommerce', ga4_ecommerce), ('items', ga4_items),
                ('table_suffix', text), ('loaded_at', timestamp),
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
        'snowplow_events': {
            'required': ['event_id', 'event', 'collector_tstamp'],
            'columns': [
                ('app_id', text), ('platform', text), ('event_id', text), ('event', text), ('event_name', text),
                ('event_vendor', text), ('event_fingerprint', text),
                ('collector_tstamp', text), ('dvce_created_tstamp', text), ('dvce_sent_tstamp', text),
                ('derived_tstamp', text), ('load_tstamp', text), ('loaded_at', timestamp),
                ('domain_userid', text), ('domain_sessionid', text), ('domain_sessionidx', integer),
                ('network_userid', text), ('user_id', text),
                ('page_url', text), ('page_urlpath', text), ('page_urlquery', text), ('page_title', text),
                ('page_referrer', text), ('refr_medium', text), ('refr_source', text), ('refr_term', text),
                ('mkt_medium', text), ('mkt_source', text), ('mkt_campaign', text), ('mkt_term', text),
                ('mkt_content', text), ('mkt_clickid', text), ('mkt_network', text),
                ('useragent', text), ('br_family', text), ('os_family', text), ('dvce_type', text),
                ('dvce_ismobile', boolean), ('geo_country', text),
                ('se_category', text), ('se_action', text), ('se_label', text), ('se_property', text),
                ('se_value', number), ('tr_orderid', text), ('tr_total', number), ('tr_currency', text),
                ('contexts', text), ('unstruct_event', text),
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


{#-
    The nested contract types of the GA4 BigQuery export, as Google documents its schema
    (the fields the project reads, and the common ones beside them): a leaf is text, bigint
    or double, {'struct': [(field, type), ...]} a record, {'list': type} a repeated field.
    journey.nested_type_sql writes them in each engine's syntax.
-#}
{% macro raw_nested_types() %}
    {%- set parameter_value = {'struct': [
        ('string_value', 'text'), ('int_value', 'bigint'), ('float_value', 'double'), ('double_value', 'double'),
    ]} -%}
    {%- set user_property_value = {'struct': parameter_value['struct'] + [('set_timestamp_micros', 'bigint')]} -%}
    {%- set manual_campaign = [
        ('campaign_id', 'text'), ('campaign_name', 'text'), ('source', 'text'), ('medium', 'text'),
        ('term', 'text'), ('content', 'text'), ('source_platform', 'text'), ('creative_format', 'text'),
        ('marketing_tactic', 'text'),
    ] -%}
    {{ return({
        'ga4_event_params': {'list': {'struct': [('key', 'text'), ('value', parameter_value)]}},
        'ga4_user_properties': {'list': {'struct': [('key', 'text'), ('value', user_property_value)]}},
        'ga4_device': {'struct': [
            ('category', 'text'), ('mobile_brand_name', 'text'), ('mobile_model_name', 'text'),
            ('operating_system', 'text'), ('operating_system_version', 'text'), ('language', 'text'),
            ('browser', 'text'), ('browser_version', 'text'),
            ('web_info', {'struct': [('browser', 'text'), ('browser_version', 'text'), ('hostname', 'text')]}),
        ]},
        'ga4_geo': {'struct': [
            ('city', 'text'), ('country', 'text'), ('continent', 'text'), ('region', 'text'),
            ('sub_continent', 'text'), ('metro', 'text'),
        ]},
        'ga4_traffic_source': {'struct': [('name', 'text'), ('medium', 'text'), ('source', 'text')]},
        'ga4_collected_traffic_source': {'struct': [
            ('manual_campaign_id', 'text'), ('manual_campaign_name', 'text'), ('manual_source', 'text'),
            ('manual_medium', 'text'), ('manual_term', 'text'), ('manual_content', 'text'),
            ('gclid', 'text'), ('dclid', 'text'), ('srsltid', 'text'),
        ]},
        'ga4_session_traffic_source_last_click': {'struct': [('manual_campaign', {'struct': manual_campaign})]},
        'ga4_ecommerce': {'struct': [
            ('total_item_quantity', 'bigint'), ('purchase_revenue_in_usd', 'double'), ('purchase_revenue', 'double'),
            ('refund_value_in_usd', 'double'), ('refund_value', 'double'), ('shipping_value', 'double'),
            ('tax_value', 'double'), ('unique_items', 'bigint'), ('transaction_id', 'text'),
        ]},
        'ga4_items': {'list': {'struct': [
            ('item_id', 'text'), ('item_name', 'text'), ('item_brand', 'text'), ('item_variant', 'text'),
            ('item_category', 'text'), ('price', 'double'), ('quantity', 'bigint'), ('item_revenue', 'double'),
            ('coupon', 'text'), ('affiliation', 'text'),
        ]}},
    }) }}
{% endmacro %}


{#- A nested contract type (see raw_nested_types) in the engine's type syntax. -#}
{% macro nested_type_sql(spec) %}
    {{ return(adapter.dispatch('nested_type_sql', 'journey')(spec)) }}
{% endmacro %}

{#- DuckDB's: struct(a varchar, b struct(...)) and t[]. -#}
{% macro default__nested_type_sql(spec) %}
    {%- if spec is mapping and 'list' in spec -%}
        {{ return(journey.nested_type_sql(spec['list']) ~ '[]') }}
    {%- elif spec is mapping -%}
        {%- set fields = [] -%}
        {%- for field_name, field_spec in spec['struct'] -%}
            {%- do fields.append(field_name ~ ' ' ~ journey.nested_type_sql(field_spec)) -%}
        {%- endfor -%}
        {{ return('struct(' ~ fields | join(', ') ~ ')') }}
    {%- else -%}
        {{ return(journey.raw_contract_type(spec)) }}
    {%- endif -%}
{% endmacro %}

{#- Spark's: struct<a:string,b:struct<...>> and array<t>. -#}
{% macro spark__nested_type_sql(spec) %}
    {%- if spec is mapping and 'list' in spec -%}
        {{ return('array<' ~ journey.nested_type_sql(spec['list']) ~ '>') }}
    {%- elif spec is mapping -%}
        {%- set fields = [] -%}
        {%- for field_name, field_spec in spec['struct'] -%}
            {%- do fields.append(field_name ~ ':' ~ journey.nested_type_sql(field_spec)) -%}
        {%- endfor -%}
        {{ return('struct<' ~ fields | join(',') ~ '>') }}
    {%- else -%}
        {{ return(journey.raw_contract_type(spec)) }}
    {%- endif -%}
{% endmacro %}


{#- The warehouse type an absent column of a contract type is filled with. -#}
{% macro raw_contract_type(contract_type) %}
    {%- set nested_types = journey.raw_nested_types() -%}
    {%- if contract_type in nested_types -%}
        {{ return(journey.nested_type_sql(nested_types[contract_type])) }}
    {%- elif contract_type == 'bigint' -%}
        {{ return(dbt.type_bigint()) }}
    {%- elif contract_type == 'double' -%}
        {{ return(journey.type_double()) }}
    {%- elif contract_type == 'number' -%}
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
