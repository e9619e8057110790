with

source as (
    select * from {{ source('crm', 'crm_opportunities') }}
),

parsed as (
    select
        -- ids
        cast(opportunity_id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('opportunity_id') }} as opportunity_id,
        {{ journey.clean_identifier('lead_id') }} as lead_id,
        {{ journey.email_hash('email') }} as email_hash,

        -- attributes
        lower(trim(stage)) as opportunity_stage,
        {{ journey.to_number('amount') }} as amount,
        {{ journey.absent_column_default(
            "nullif(upper(trim(currency)), '')", 'currency', 'source', journey.default_currency()
        ) }} as currency,
        {{ journey.to_boolean('is_won') }} as is_won,

        -- timestamps
        {{ journey.to_utc_timestamp('created_at') }} as created_at,
        {{ journey.to_utc_timestamp('closed_at') }} as closed_at,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at
    from source
),

validated as (
    select
        *,
        case
            when opportunity_id is null then 'missing_id'
            when created_at is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('created_at') }} then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('created_at', 'loaded_at') }} then 'future_timestamp'
            when amount < 0 then 'negative_amount'
            when amount is not null and (currency is null or not {{ journey.is_known_currency('currency') }})
                then 'unknown_currency'
        end as quarantine_reason
    from parsed
),

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(['opportunity_id'], keep='last', tie_breakers=['opportunity_stage']) }}
            as is_duplicate,
        {{ journey.delivery_number(
            ['opportunity_id'], keep='last', tie_breakers=['opportunity_stage']
        ) }}
            as delivery_number
    from validated
)

select * from duplicates_flagged
