{#-
    Every property filter of every funnel step (and exclusion step): the step's own
    property_name/property_value (an equals filter) and its rows of funnel_step_filters, with the
    step's number and kind and the operator in lower case. int_funnel_step_matches combines them
    by the step's filter_match.
-#}
with

int_funnel_steps_prepared as (
    select * from {{ ref('int_funnel_steps_prepared') }}
),

funnel_step_filters as (
    select * from {{ ref('funnel_step_filters') }}
),

filters_combined as (
    select
        funnel_name,
        step_number,
        is_exclusion,
        step_name,
        property_name,
        'equals' as filter_operator,
        property_value
    from int_funnel_steps_prepared
    where property_name is not null
    union all
    select
        int_funnel_steps_prepared.funnel_name,
        int_funnel_steps_prepared.step_number,
        int_funnel_steps_prepared.is_exclusion,
        int_funnel_steps_prepared.step_name,
        funnel_step_filters.property_name,
        lower(funnel_step_filters.filter_operator) as filter_operator,
        funnel_step_filters.property_value
    from funnel_step_filters
    inner join int_funnel_steps_prepared
        on
            funnel_step_filters.funnel_name = int_funnel_steps_prepared.funnel_name
            and funnel_step_filters.step_name = int_funnel_steps_prepared.step_name
)

select * from filters_combined
