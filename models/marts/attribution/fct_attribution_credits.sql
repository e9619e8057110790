with

int_attribution_credits_assigned as (
    select * from {{ ref('int_attribution_credits_assigned') }}
),

credits as (
    select
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(conversion_id as {{ dbt.type_string() }}) as conversion_id,
        cast(touchpoint_id as {{ dbt.type_string() }}) as touchpoint_id,
        cast(conversion_type as {{ dbt.type_string() }}) as conversion_type,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(converted_at as {{ dbt.type_timestamp() }}) as converted_at,
        cast(converted_at as date) as converted_date,
        cast(conversion_value as {{ journey.type_double() }}) as conversion_value,
        cast(is_first_conversion as boolean) as is_first_conversion,
        cast(touchpoint_at as {{ dbt.type_timestamp() }}) as touchpoint_at,
        cast(touch_number as {{ dbt.type_bigint() }}) as touch_number,
        cast(touches_in_journey as {{ dbt.type_bigint() }}) as touches_in_journey,
        cast(is_synthetic_touch as boolean) as is_synthetic_touch,
        cast(touchpoint_type as {{ dbt.type_string() }}) as touchpoint_type,
        cast(channel_group as {{ dbt.type_string() }}) as channel_group,
        cast(traffic_source as {{ dbt.type_string() }}) as traffic_source,
        cast(traffic_medium as {{ dbt.type_string() }}) as traffic_medium,
        cast(campaign as {{ dbt.type_string() }}) as campaign,
        cast(credit as {{ journey.type_double() }}) as credit,
        cast(credited_value as {{ journey.type_double() }}) as credited_value,
        cast(is_fallback_credit as boolean) as is_fallback_credit
    from int_attribution_credits_assigned
)

select * from credits
