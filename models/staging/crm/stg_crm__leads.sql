with

base_crm__leads as (
    select * from {{ ref('base_crm__leads') }}
),

valid_leads as (
    select
        -- ids
        lead_id,
        email_hash,

        -- attributes
        company_name,
        lead_source,
        lead_score,
        lead_status,

        -- timestamps
        created_at,
        cast(created_at as date) as created_date,
        loaded_at
    from base_crm__leads
    where quarantine_reason is null and not is_duplicate
)

select * from valid_leads
