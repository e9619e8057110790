{#-
    Identifier linkage between systems: one row per staged business record (order,
    subscription, lead, opportunity, ticket, survey response) with the person the
    identity map gives it and whether that person is a web person, that is has at
    least one tracked device (an anonymous_id). Grain: record_type, record_id.
-#}
{%- set record_sources = [
    {'record_type': 'order', 'model': 'int_orders_unioned', 'id': 'order_id', 'identifier_type': 'order_id'},
    {'record_type': 'subscription', 'model': 'stg_billing__subscription_events', 'id': 'subscription_id',
        'identifier_type': 'subscription_id'},
    {'record_type': 'lead', 'model': 'stg_crm__leads', 'id': 'lead_id', 'identifier_type': 'lead_id'},
    {'record_type': 'opportunity', 'model': 'stg_crm__opportunities', 'id': 'opportunity_id',
        'identifier_type': 'opportunity_id'},
    {'record_type': 'ticket', 'model': 'stg_support__tickets', 'id': 'ticket_id', 'identifier_type': 'ticket_id'},
    {'record_type': 'survey_response', 'model': 'stg_support__survey_responses', 'id': 'response_id',
        'identifier_type': 'response_id'},
] -%}

with

{% for source in record_sources %}
    {{ source.model }} as (
        select * from {{ ref(source.model) }}
    ),

{% endfor %}
int_identifiers_resolved as (
    select * from {{ ref('int_identifiers_resolved') }}
),

records_listed as (
    {% for source in record_sources %}
        select distinct
            '{{ source.record_type }}' as record_type,
            {{ dbt.concat(["'" ~ source.identifier_type ~ ":'", source.id]) }} as identifier_key,
            {{ source.id }} as record_id
        from {{ source.model }}
        where {{ source.id }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

web_persons as (
    select distinct person_id
    from int_identifiers_resolved
    where identifier_type = 'anonymous_id'
),

records_linked as (
    select
        records_listed.record_type,
        records_listed.record_id,
        int_identifiers_resolved.person_id,
        int_identifiers_resolved.person_id is not null as is_linked_to_person,
        web_persons.person_id is not null as is_linked_to_web_person
    from records_listed
    left join int_identifiers_resolved
        on records_listed.identifier_key = int_identifiers_resolved.identifier_key
    left join web_persons
        on int_identifiers_resolved.person_id = web_persons.person_id
)

select * from records_linked
