{#-
    Entry quality and conversion by where people came from: for each acquisition
    channel group and campaign (of the person's first session), how many people
    arrived and how many of them went on to sign up, start a trial, request a demo,
    start a checkout and buy, with the rates and the revenue.
    Grain: acquisition_channel_group x acquisition_campaign.
-#}
with

dim_persons as (
    select * from {{ ref('dim_persons') }}
),

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

checkouts_per_person as (
    select
        person_id,
        min(activity_at) as first_checkout_started_at
    from int_activities_enriched
    where activity = 'checkout_started'
    group by person_id
),

persons_with_milestones as (
    select
        coalesce(dim_persons.acquisition_channel_group, {{ journey.label('none') }}) as acquisition_channel_group,
        coalesce(dim_persons.acquisition_campaign, {{ journey.label('none') }}) as acquisition_campaign,
        dim_persons.person_id,
        case when dim_persons.signed_up_at is not null then 1 else 0 end as signed_up_flag,
        case when dim_persons.trial_started_at is not null then 1 else 0 end as trial_flag,
        case when dim_persons.demo_requested_at is not null then 1 else 0 end as demo_flag,
        case when checkouts_per_person.first_checkout_started_at is not null then 1 else 0 end as checkout_flag,
        case when dim_persons.first_purchase_at is not null then 1 else 0 end as purchase_flag,
        case
            when
                checkouts_per_person.first_checkout_started_at is not null
                and dim_persons.first_purchase_at is not null
                then 1
            else 0
        end as checkout_purchase_flag,
        dim_persons.net_revenue
    from dim_persons
    left join checkouts_per_person
        on dim_persons.person_id = checkouts_per_person.person_id
),

conversions_grouped as (
    select
        acquisition_channel_group,
        acquisition_campaign,
        count(*) as people,
        sum(signed_up_flag) as signed_up_people,
        sum(trial_flag) as trial_people,
        sum(demo_flag) as demo_people,
        sum(checkout_flag) as checkout_people,
        sum(purchase_flag) as purchaser_people,
        sum(checkout_purchase_flag) as checkout_purchaser_people,
        sum(net_revenue) as net_revenue
    from persons_with_milestones
    group by acquisition_channel_group, acquisition_campaign
),

conversions_final as (
    select
        cast(acquisition_channel_group as {{ dbt.type_string() }}) as acquisition_channel_group,
        cast(acquisition_campaign as {{ dbt.type_string() }}) as acquisition_campaign,
        cast(people as {{ dbt.type_bigint() }}) as people,
        cast(signed_up_people as {{ dbt.type_bigint() }}) as signed_up_people,
        cast(trial_people as {{ dbt.type_bigint() }}) as trial_people,
        cast(demo_people as {{ dbt.type_bigint() }}) as demo_people,
        cast(checkout_people as {{ dbt.type_bigint() }}) as checkout_people,
        cast(purchaser_people as {{ dbt.type_bigint() }}) as purchaser_people,
        {{ journey.safe_ratio('signed_up_people', 'people') }} as signup_rate,
        {{ journey.safe_ratio('checkout_people', 'people') }} as checkout_rate,
        {{ journey.safe_ratio('purchaser_people', 'people') }} as purchase_rate,
        cast(checkout_purchaser_people as {{ dbt.type_bigint() }}) as checkout_purchaser_people,
        {{ journey.safe_ratio('checkout_purchaser_people', 'checkout_people') }} as checkout_to_purchase_rate,
        cast(net_revenue as {{ journey.type_double() }}) as net_revenue,
        {{ journey.safe_ratio('net_revenue', 'people') }} as net_revenue_per_person
    from conversions_grouped
)

select * from conversions_final
