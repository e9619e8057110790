with

source as (
    select * from {{ source('crm', 'crm_leads') }}
),

parsed as (
    select
        -- ids (first_name and last_name are PII and are not read)
        cast(lead_id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('lead_id') }} as lead_id,
        {{ journey.email_hash('email') }} as email_hash,

        -- attributes
        nullif(trim(company), '') as company_name,
        lower(trim(lead_source)) as lead_source,
        {{ journey.to_integer('lead_score') }} as lead_score,
        lower(trim(status)) as lead_status,

        -- timestamps
        {{ journey.to_utc_timestamp('created_at') }} as created_at,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at
    from source
),

validated as (
    select
        *,
        case
            when lead_id is null then 'missing_id'
            when created_at is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('created_at') }} then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('created_at', 'loaded_at') }} then 'future_timestamp'
        end as quarantine_reason
    from parsed
),

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(['lead_id'], keep='last', tie_breakers=['lead_status']) }} as is_duplicate,
        {{ journey.delivery_number(
            ['lead_id'], keep='last', tie_breakers=['lead_status']
        ) }}
            as delivery_number
    from validated
)

select * from duplicates_flagged
