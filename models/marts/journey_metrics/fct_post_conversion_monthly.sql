{#-
    Post-conversion metric family by month: activation and time to first value of
    the month's trialists (people whose first trial activity fell in the month), and
    support contacts in the first days (var journey_support_window_days) of the
    month's new customers (people whose first purchase fell in the month).
    Time to first value is the time from trial start to activation (var
    journey_activation_activity) within var journey_activation_window_days.
    Only people whose whole window is observed (it ends by the newest activity of
    the timeline) count in the rates: the last months are not understated.
    Grain: cohort_month.
-#}
{%- set window_days = var('journey_support_window_days') -%}
{%- set activation_window_days = var('journey_activation_window_days') -%}

with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

dim_persons as (
    select * from {{ ref('dim_persons') }}
),

int_trials_activated as (
    select * from {{ ref('int_trials_activated') }}
),

observed_until as (
    select max(activity_at) as observed_until_at
    from int_activities_enriched
),

trialists_windowed as (
    select
        int_trials_activated.person_id,
        int_trials_activated.trial_started_at,
        int_trials_activated.activated_at,
        {{ journey.add_days('int_trials_activated.trial_started_at', activation_window_days) }} as window_ends_at,
        observed_until.observed_until_at
    from int_trials_activated
    cross join observed_until
),

trialists_activated as (
    select
        cast({{ dbt.date_trunc('month', 'trial_started_at') }} as date) as cohort_month,
        person_id,
        case when window_ends_at <= observed_until_at then 1 else 0 end as eligible_flag,
        case
            when window_ends_at <= observed_until_at and activated_at <= window_ends_at then 1 else 0
        end as activated_flag,
        case
            when window_ends_at <= observed_until_at and activated_at <= window_ends_at
                then {{ dbt.datediff('trial_started_at', 'activated_at', 'second') }} -- noqa: LT01, LT05
        end / cast(3600 as {{ journey.type_double() }}) as hours_to_activation
    from trialists_windowed
),

trialist_months as (
    select
        cohort_month,
        count(*) as trialists,
        sum(eligible_flag) as eligible_trialists,
        sum(activated_flag) as activated_trialists,
        avg(hours_to_activation) as average_hours_to_activation,
        {{ journey.percentile_cont('hours_to_activation', 0.5) }} as median_hours_to_activation,
        {{ journey.percentile_cont('hours_to_activation', 0.9) }} as p90_hours_to_activation
    from trialists_activated
    group by cohort_month
),

new_customers as (
    select
        person_id,
        first_purchase_at,
        {{ journey.add_days('first_purchase_at', window_days) }} as support_window_ends_at,
        cast({{ dbt.date_trunc('month', 'first_purchase_at') }} as date) as cohort_month
    from dim_persons
    where first_purchase_at is not null
),

new_customers_eligible as (
    select
        new_customers.*,
        case when new_customers.support_window_ends_at <= observed_until.observed_until_at then 1 else 0 end
            as eligible_flag
    from new_customers
    cross join observed_until
),

support_contacts_in_window as (
    select
        new_customers.person_id,
        count(*) as support_contacts
    from new_customers
    inner join int_activities_enriched
        on
            new_customers.person_id = int_activities_enriched.person_id
            and int_activities_enriched.activity = 'support_ticket_opened'
            and new_customers.first_purchase_at <= int_activities_enriched.activity_at
            and new_customers.support_window_ends_at > int_activities_enriched.activity_at
    group by new_customers.person_id
),

customer_months as (
    select
        new_customers_eligible.cohort_month,
        count(*) as new_customers,
        sum(new_customers_eligible.eligible_flag) as eligible_new_customers,
        sum(
            case
                when new_customers_eligible.eligible_flag = 1 and support_contacts_in_window.support_contacts > 0
                    then 1
                else 0
            end
        ) as customers_contacting_support,
        sum(
            new_customers_eligible.eligible_flag * coalesce(support_contacts_in_window.support_contacts, 0)
        ) as support_contacts
    from new_customers_eligible
    left join support_contacts_in_window
        on new_customers_eligible.person_id = support_contacts_in_window.person_id
    group by new_customers_eligible.cohort_month
),

cohort_months as (
    select cohort_month from trialist_months
    union
    select cohort_month from customer_months
),

months_joined as (
    select
        cohort_months.cohort_month,
        coalesce(trialist_months.trialists, 0) as trialists,
        coalesce(trialist_months.eligible_trialists, 0) as eligible_trialists,
        coalesce(trialist_months.activated_trialists, 0) as activated_trialists,
        trialist_months.average_hours_to_activation,
        trialist_months.median_hours_to_activation,
        trialist_months.p90_hours_to_activation,
        coalesce(customer_months.new_customers, 0) as new_customers,
        coalesce(customer_months.eligible_new_customers, 0) as eligible_new_customers,
        coalesce(customer_months.customers_contacting_support, 0) as customers_contacting_support,
        coalesce(customer_months.support_contacts, 0) as support_contacts
    from cohort_months
    left join trialist_months
        on cohort_months.cohort_month = trialist_months.cohort_month
    left join customer_months
        on cohort_months.cohort_month = customer_months.cohort_month
),

months_final as (
    select
        cohort_month,
        cast(trialists as {{ dbt.type_bigint() }}) as trialists,
        cast(eligible_trialists as {{ dbt.type_bigint() }}) as eligible_trialists,
        cast(activated_trialists as {{ dbt.type_bigint() }}) as activated_trialists,
        {{ journey.safe_ratio('activated_trialists', 'eligible_trialists') }} as activation_rate,
        cast(average_hours_to_activation as {{ journey.type_double() }}) as average_hours_to_activation,
        cast(median_hours_to_activation as {{ journey.type_double() }}) as median_hours_to_activation,
        cast(p90_hours_to_activation as {{ journey.type_double() }}) as p90_hours_to_activation,
        cast(new_customers as {{ dbt.type_bigint() }}) as new_customers,
        cast(eligible_new_customers as {{ dbt.type_bigint() }}) as eligible_new_customers,
        cast(customers_contacting_support as {{ dbt.type_bigint() }}) as customers_contacting_support,
        {{ journey.safe_ratio('customers_contacting_support', 'eligible_new_customers') }} as support_contact_rate,
        cast(support_contacts as {{ dbt.type_bigint() }}) as support_contacts
    from months_joined
)

select * from months_final
