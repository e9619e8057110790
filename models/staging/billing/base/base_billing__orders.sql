with

source as (
    select * from {{ source('billing', 'orders') }}
),

parsed as (
    select
        -- ids
        cast(order_id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('order_id') }} as order_id,
        {{ journey.clean_identifier('user_id') }} as user_id,
        {{ journey.email_hash('email') }} as email_hash,

        -- order
        {{ journey.absent_column_default(
            "nullif(lower(trim(status)), '')", 'status', 'source',
            journey.string_literals([var('journey_default_order_status')])
        ) }} as order_status,
        lower(trim(order_type)) as order_type,
        {{ journey.to_number('amount') }} as amount,
        {{ journey.absent_column_default(
            "nullif(upper(trim(currency)), '')", 'currency', 'source', journey.default_currency()
        ) }} as currency,
        lower(trim(payment_method)) as payment_method,
        lower(trim(plan)) as plan,
        nullif(trim(failure_reason), '') as failure_reason,

        -- timestamps
        {{ journey.to_utc_timestamp('ordered_at') }} as ordered_at,
        {{ journey.to_utc_timestamp('refunded_at') }} as refunded_at,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at
    from source
),

validated as (
    select
        *,
        case
            when order_id is null then 'missing_id'
            when ordered_at is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('ordered_at') }} then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('ordered_at', 'loaded_at') }} then 'future_timestamp'
            when user_id is null and email_hash is null then 'missing_identifier'
            when amount is null then 'unparseable_amount'
            when amount < 0 then 'negative_amount'
            when currency is null or not {{ journey.is_known_currency('currency') }} then 'unknown_currency'
            when order_status is null or order_status not in ('completed', 'failed', 'refunded') then 'unknown_status'
        end as quarantine_reason
    from parsed
),

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(['order_id'], keep='last', tie_breakers=['order_status desc']) }}
            as is_duplicate,
        {{ journey.delivery_number(
            ['order_id'], keep='last', tie_breakers=['order_status desc']
        ) }}
            as delivery_number
    from validated
)

select * from duplicates_flagged
