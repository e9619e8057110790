{#-
    Campaign tagging consistency: every raw spelling of every normalised utm source,
    medium and campaign value, with its events and devices. A value is inconsistent
    when it was typed in more than one spelling ('Spring Promo Social' and
    'spring_promo_social'). Grain: utm_field, utm_value, utm_raw_spelling.
-#}
with

int_utm_spellings_counted as (
    select * from {{ ref('int_utm_spellings_counted') }}
),

spellings_compared as (
    select
        *,
        count(*) over (partition by utm_field, utm_value) as spellings_of_value,
        sum(events) over (partition by utm_field, utm_value) as value_events
    from int_utm_spellings_counted
),

spellings_final as (
    select
        cast(utm_field as {{ dbt.type_string() }}) as utm_field,
        cast(utm_value as {{ dbt.type_string() }}) as utm_value,
        cast(utm_raw_spelling as {{ dbt.type_string() }}) as utm_raw_spelling,
        cast(events as {{ dbt.type_bigint() }}) as events,
        cast(devices as {{ dbt.type_bigint() }}) as devices,
        cast(spellings_of_value as {{ dbt.type_bigint() }}) as spellings_of_value,
        cast(value_events as {{ dbt.type_bigint() }}) as value_events,
        cast(events * 1.0 / value_events as {{ journey.type_double() }}) as share_of_value_events,
        cast(spellings_of_value > 1 as boolean) as is_inconsistent_value,
        cast(utm_raw_spelling = utm_value as boolean) as is_normalised_spelling
    from spellings_compared
)

select * from spellings_final
