{#-
    Every property filter of every funnel step (and exclusion step) of seeds/funnels: the step's
    own property_name/property_value (an equals filter) and its rows of funnel_step_filters, with the
    step's number and kind and the operator in lower case. int_funnel_step_matches combines them
    by the step's filter_match.
-#}
with

funnel_steps as (
    select * from {{ ref('funnel_steps') }}
),

funnel_step_filters as (
    select * from {{ ref('funnel_step_filters') }}
),

filters_combined as (
    select
        funnel_name,
        cast(step_number as {{ dbt.type_int() }}) as step_number,
        coalesce(is_exclusion, false) as is_exclusion,
        step_name,
        property_name,
        'equals' as filter_operator,
        property_value
    from funnel_steps
    where property_name is not null
    union all
    select
        funnel_steps.funnel_name,
        cast(funnel_steps.step_number as {{ dbt.type_int() }}) as step_number,
        coalesce(funnel_steps.is_exclusion, false) as is_exclusion,
        funnel_steps.step_name,
        funnel_step_filters.property_name,
        lower(funnel_step_filters.filter_operator) as filter_operator,
        funnel_step_filters.property_value
    from funnel_step_filters
    inner join funnel_steps
        on
            funnel_step_filters.funnel_name = funnel_steps.funnel_name
            and funnel_step_filters.step_name = funnel_steps.step_name
)

select * from filters_combined
