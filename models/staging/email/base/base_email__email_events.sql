{{ config(**journey.load_partitioned_config()) }}
with

source as (
    select * from {{ source('email', 'email_events') }}
),

parsed as (
    select
        -- ids
        cast(email_event_id as {{ dbt.type_string() }}) as record_id,
        {{ journey.clean_identifier('email_event_id') }} as email_event_id,
        {{ journey.email_hash('email') }} as email_hash,
        {{ journey.clean_identifier('campaign_id') }} as email_campaign_id,

        -- event
        lower(trim(event_type)) as email_event_type,
        nullif(trim(campaign_name), '') as email_campaign_name,
        {{ journey.normalize_utm('campaign_name') }} as utm_campaign,
        {{ journey.url_without_query('link_url') }} as link_url,

        -- timestamps
        {{ journey.to_utc_timestamp('event_at') }} as email_event_at,
        {{ journey.to_utc_timestamp('loaded_at') }} as loaded_at
    from source
),

parsed_in_scope as (
    select * from parsed
    where {{ journey.is_in_incremental_scope() }}
),

validated as (
    select
        *,
        case
            when email_event_id is null then 'missing_id'
            when email_event_at is null then 'unparseable_timestamp'
            when {{ journey.is_implausible_timestamp('email_event_at') }} then 'implausible_timestamp'
            when {{ journey.is_future_timestamp('email_event_at', 'loaded_at') }} then 'future_timestamp'
            when email_hash is null then 'missing_identifier'
            when
                email_event_type is null
                or email_event_type not in ('sent', 'delivered', 'opened', 'clicked', 'bounced', 'unsubscribed')
                then 'unknown_event_type'
        end as validation_reason
    from parsed_in_scope
),

{{ journey.prior_deliveries_added('validated', 'email_event_id') }},

{{ journey.conflicting_deliveries_quarantined(
    'validated_with_prior_deliveries', ['email_event_id'],
    ['email_hash', 'email_event_type', 'email_event_at'],
    tie_breakers=['email_event_at'],
) }},

duplicates_flagged as (
    select
        *,
        {{ journey.is_duplicate_delivery(['email_event_id'], keep='first', tie_breakers=['email_event_at']) }}
            as is_duplicate,
        {{ journey.delivery_number(
            ['email_event_id'], keep='first', tie_breakers=['email_event_at']
        ) }}
            as delivery_number,
        {{ journey.is_late_arriving('email_event_at', 'loaded_at') }} as is_late_arriving,
        -- last: Spark keeps a table's partition column last
        {{ journey.load_date('loaded_at') }} as load_date
    from validated_with_prior_deliveries_conflicts_quarantined
)

select * from duplicates_flagged
where {{ journey.is_in_incremental_scope() }}
