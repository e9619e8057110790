with

base_crm__activities as (
    select * from {{ ref('base_crm__activities') }}
),

valid_activities as (
    select
        -- ids
        activity_id,
        lead_id,
        opportunity_id,

        -- activity
        activity_type,
        notes,
        notes_chars,

        -- timestamps
        activity_at,
        cast(activity_at as date) as activity_date,
        loaded_at
    from base_crm__activities
    where quarantine_reason is null and not is_duplicate
)

select * from valid_activities
