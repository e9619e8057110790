{#-
    One row per person of the identity graph: where they came from, where they
    are in the lifecycle, and the milestones on the way.
-#}
with

int_identifiers_resolved as (
    select * from {{ ref('int_identifiers_resolved') }}
),

int_sessions_aggregated as (
    select * from {{ ref('int_sessions_aggregated') }}
),

int_activities_ordered as (
    select * from {{ ref('int_activities_ordered') }}
),

identifiers_per_person as (
    select
        person_id,
        min(first_seen_at) as first_identified_at,
        max(last_seen_at) as last_identified_at,
        count(*) as identifiers_count,
        sum(case when identifier_type = 'anonymous_id' then 1 else 0 end) as devices_count,
        sum(case when identifier_type = 'user_id' then 1 else 0 end) as user_ids_count,
        sum(case when identifier_type = 'email' then 1 else 0 end) as emails_count,
        max(case when is_guarded then 1 else 0 end) as guarded_flag
    from int_identifiers_resolved
    group by person_id
),

sessions_ranked as (
    select
        *,
        row_number() over (partition by person_id order by session_started_at, session_id) as session_rank
    from int_sessions_aggregated
    where person_id is not null
),

first_sessions as (
    select * from sessions_ranked
    where session_rank = 1
),

sessions_per_person as (
    select
        person_id,
        count(*) as sessions_count
    from int_sessions_aggregated
    where person_id is not null
    group by person_id
),

milestones_per_person as (
    select
        person_id,
        min(activity_at) as first_activity_at,
        max(activity_at) as last_activity_at,
        min(case when activity = 'sign_up' then activity_at end) as signed_up_at,
        min(case when activity in ('trial_start', 'subscription_trial_started') then activity_at end)
            as trial_started_at,
        min(case when activity = 'subscription_activated' then activity_at end) as activated_at,
        min(case when activity = 'demo_request' then activity_at end) as demo_requested_at,
        min(case when activity = 'lead_created' then activity_at end) as lead_created_at,
        min(case when activity in ('order_placed', 'opportunity_won') then activity_at end) as first_purchase_at,
        max(case when activity = 'lead_created' then activity_value end) as lead_score,
        max(case when activity = 'subscription_cancelled' then activity_at end) as last_cancelled_at,
        max(
            case
                when activity in (
                    'subscription_trial_started', 'subscription_converted', 'subscription_upgraded',
                    'subscription_downgraded', 'subscription_renewed'
                ) then activity_at
            end
        ) as last_subscribed_at,
        sum(case when activity = 'order_placed' then 1 else 0 end) as orders_count,
        sum(case when activity in ('order_placed', 'order_refunded') then activity_value else 0 end) as net_revenue,
        max(journey_number) as journeys_count
    from int_activities_ordered
    group by person_id
),

latest_plans as (
    select
        person_id,
        plan,
        row_number() over (partition by person_id order by activity_at desc, activity_number desc) as plan_rank
    from int_activities_ordered
    where plan is not null and activity_source = 'billing'
),

persons_joined as (
    select
        identifiers_per_person.person_id,

        -- acquisition (the first session)
        first_sessions.entry_channel_group as acquisition_channel_group,
        first_sessions.entry_source as acquisition_source,
        first_sessions.entry_medium as acquisition_medium,
        first_sessions.entry_campaign as acquisition_campaign,
        first_sessions.landing_page_path as acquisition_landing_page_path,
        first_sessions.device_type as first_device_type,
        first_sessions.browser as first_browser,
        first_sessions.country,

        -- milestones
        coalesce(milestones_per_person.first_activity_at, identifiers_per_person.first_identified_at) as first_seen_at,
        coalesce(milestones_per_person.last_activity_at, identifiers_per_person.last_identified_at) as last_seen_at,
        milestones_per_person.signed_up_at,
        milestones_per_person.trial_started_at,
        milestones_per_person.activated_at,
        milestones_per_person.demo_requested_at,
        milestones_per_person.lead_created_at,
        milestones_per_person.first_purchase_at,
        milestones_per_person.last_cancelled_at,
        milestones_per_person.last_subscribed_at,
        milestones_per_person.lead_score,
        latest_plans.plan as current_plan,

        -- counts
        identifiers_per_person.identifiers_count,
        identifiers_per_person.devices_count,
        identifiers_per_person.user_ids_count,
        identifiers_per_person.emails_count,
        identifiers_per_person.guarded_flag,
        coalesce(sessions_per_person.sessions_count, 0) as sessions_count,
        coalesce(milestones_per_person.orders_count, 0) as orders_count,
        coalesce(milestones_per_person.net_revenue, 0) as net_revenue,
        coalesce(milestones_per_person.journeys_count, 0) as journeys_count
    from identifiers_per_person
    left join first_sessions
        on identifiers_per_person.person_id = first_sessions.person_id
    left join sessions_per_person
        on identifiers_per_person.person_id = sessions_per_person.person_id
    left join milestones_per_person
        on identifiers_per_person.person_id = milestones_per_person.person_id
    left join latest_plans
        on
            identifiers_per_person.person_id = latest_plans.person_id
            and latest_plans.plan_rank = 1
),

persons_final as (
    select
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(acquisition_channel_group as {{ dbt.type_string() }}) as acquisition_channel_group,
        cast(acquisition_source as {{ dbt.type_string() }}) as acquisition_source,
        cast(acquisition_medium as {{ dbt.type_string() }}) as acquisition_medium,
        cast(acquisition_campaign as {{ dbt.type_string() }}) as acquisition_campaign,
        cast(acquisition_landing_page_path as {{ dbt.type_string() }}) as acquisition_landing_page_path,
        cast(first_device_type as {{ dbt.type_string() }}) as first_device_type,
        cast(first_browser as {{ dbt.type_string() }}) as first_browser,
        cast(country as {{ dbt.type_string() }}) as country,
        cast(first_seen_at as {{ dbt.type_timestamp() }}) as first_seen_at,
        cast(last_seen_at as {{ dbt.type_timestamp() }}) as last_seen_at,
        cast(signed_up_at as {{ dbt.type_timestamp() }}) as signed_up_at,
        cast(trial_started_at as {{ dbt.type_timestamp() }}) as trial_started_at,
        cast(activated_at as {{ dbt.type_timestamp() }}) as activated_at,
        cast(demo_requested_at as {{ dbt.type_timestamp() }}) as demo_requested_at,
        cast(first_purchase_at as {{ dbt.type_timestamp() }}) as first_purchase_at,
        cast(first_purchase_at as date) as first_purchase_date,
        cast(current_plan as {{ dbt.type_string() }}) as current_plan,
        cast(lead_score as {{ dbt.type_bigint() }}) as lead_score,
        cast(
            case
                when
                    last_cancelled_at is not null
                    and (last_subscribed_at is null or last_cancelled_at >= last_subscribed_at) then 'churned'
                when first_purchase_at is not null then 'customer'
                when trial_started_at is not null then 'trial'
                when signed_up_at is not null then 'signed_up'
                when lead_created_at is not null or demo_requested_at is not null or emails_count > 0 then 'lead'
                else 'visitor'
            end as {{ dbt.type_string() }}
        ) as lifecycle_stage,
        cast(identifiers_count as {{ dbt.type_bigint() }}) as identifiers_count,
        cast(devices_count as {{ dbt.type_bigint() }}) as devices_count,
        cast(user_ids_count as {{ dbt.type_bigint() }}) as user_ids_count,
        cast(emails_count as {{ dbt.type_bigint() }}) as emails_count,
        cast(sessions_count as {{ dbt.type_bigint() }}) as sessions_count,
        cast(orders_count as {{ dbt.type_bigint() }}) as orders_count,
        cast(net_revenue as {{ journey.type_double() }}) as net_revenue,
        cast(journeys_count as {{ dbt.type_bigint() }}) as journeys_count,
        guarded_flag = 1 as has_guarded_identifier
    from persons_joined
)

select * from persons_final
