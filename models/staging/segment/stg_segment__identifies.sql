{#-
    Segment identify calls kept: valid and not redelivered. Each links its anonymous_id,
    user_id and email hash in the identity graph (int_identity_observations_unioned);
    bots' identifies are not kept out here, since an identify call carries no behaviour.
-#}
with

base_segment__identifies as (
    select * from {{ ref('base_segment__identifies') }}
),

valid_identifies as (
    select
        -- ids
        identify_id,
        anonymous_id,
        user_id,
        email_hash,

        -- timestamps
        identified_at,
        loaded_at
    from base_segment__identifies
    where quarantine_reason is null and not is_duplicate
)

select * from valid_identifies
