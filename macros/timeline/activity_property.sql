{#-
    The properties of an activity that configuration may filter on (funnel steps,
    intent signals, ...): the columns of int_activities_enriched, by name.
    activity_property_value(name_expr) turns a property name held in data (a seed
    column) into the value of that property on the activity, so that a seed row can
    say "page_view where page_path = /pricing" without any SQL.
-#}
{% macro activity_property_names() -%}
    {{ return([
        'page_path', 'landing_page_path', 'device_type', 'browser', 'os', 'country', 'payment_method',
        'error_code', 'form_id', 'onboarding_step', 'feature_name', 'plan', 'channel_group', 'campaign',
        'entry_source', 'entry_medium', 'activity_source',
    ]) }}
{%- endmacro %}

{% macro activity_property_value(name_expr, activity_alias=none) -%}
    {%- set prefix = activity_alias ~ '.' if activity_alias else '' -%}
    case {{ name_expr }}
        {%- for property_name in journey.activity_property_names() %}
        when '{{ property_name }}' then cast({{ prefix }}{{ property_name }} as {{ dbt.type_string() }})
        {%- endfor %}
    end
{%- endmacro %}
