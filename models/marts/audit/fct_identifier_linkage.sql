{#-
    Identifier linkage rates between systems: for each kind of business record
    (order, subscription, lead, opportunity, ticket, survey response) the share that
    joins to a person in the identity map and the share whose person is a web person
    (has a tracked device). Low web linkage means journeys before those records are
    invisible. Grain: record_type.
-#}
with

int_record_links_measured as (
    select * from {{ ref('int_record_links_measured') }}
),

linkage_counted as (
    select
        record_type,
        count(*) as records,
        sum(case when is_linked_to_person then 1 else 0 end) as records_linked_to_person,
        sum(case when is_linked_to_web_person then 1 else 0 end) as records_linked_to_web_person
    from int_record_links_measured
    group by record_type
),

linkage_final as (
    select
        cast(record_type as {{ dbt.type_string() }}) as record_type,
        cast(records as {{ dbt.type_bigint() }}) as records,
        cast(records_linked_to_person as {{ dbt.type_bigint() }}) as records_linked_to_person,
        cast(records_linked_to_web_person as {{ dbt.type_bigint() }}) as records_linked_to_web_person,
        cast(records_linked_to_person * 1.0 / records as {{ journey.type_double() }}) as person_link_rate,
        cast(records_linked_to_web_person * 1.0 / records as {{ journey.type_double() }}) as web_link_rate
    from linkage_counted
)

select * from linkage_final
