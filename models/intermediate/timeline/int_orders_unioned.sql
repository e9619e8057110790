{#-
    Every order the project counts: the billing system's (stg_billing__orders) and,
    where a tracker carries them, the orders its events report (GA4 `purchase`,
    Segment `Order Completed`, a native `order_completed` event: the staged event
    `order_completed` with an order id and a revenue; a `refund` event with the same
    order id marks it refunded). Var journey_orders_from_trackers says when the
    trackers' orders count: `when_no_billing_orders` (default: only while the billing
    system has no valid order, so a team that lands both never counts an order twice
    under two ids), `always` (besides billing's, an order id billing has being
    billing's) or `never`. One row per order_id.
-#}
{%- set tracked_orders_are_counted = {
    'always': 'true',
    'never': 'false',
    'when_no_billing_orders': 'billing_orders_counted.billing_orders_count = 0',
}[var('journey_orders_from_trackers')] -%}
with

stg_billing__orders as (
    select * from {{ ref('stg_billing__orders') }}
),

int_events_unioned as (
    select * from {{ ref('int_events_unioned') }}
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

billing_orders as (
    select
        order_id,
        {{ journey.text_literal('billing') }} as order_source,
        cast(null as {{ dbt.type_string() }}) as anonymous_id,
        user_id,
        email_hash,
        order_status,
        order_type,
        payment_method,
        plan,
        failure_reason,
        is_paid,
        is_failed,
        is_refunded,
        amount,
        currency,
        amount_reporting,
        ordered_at,
        ordered_date,
        refunded_at,
        loaded_at
    from stg_billing__orders
),

billing_orders_counted as (
    select count(*) as billing_orders_count from stg_billing__orders
),

tracked_orders_ranked as (
    select
        int_events_unioned.*,
        row_number() over (
            partition by int_events_unioned.order_id
            order by int_events_unioned.event_at, int_events_unioned.event_id
        ) as order_event_number
    from int_events_unioned
    where
        int_events_unioned.canonical_event = 'order_completed'
        and int_events_unioned.order_id is not null
        and int_events_unioned.revenue >= 0
),

tracked_refunds as (
    select
        order_id,
        min(event_at) as refunded_at,
        max(loaded_at) as loaded_at
    from int_events_unioned
    where canonical_event = 'refund' and order_id is not null
    group by order_id
),

tracked_orders as (
    select
        tracked_orders_ranked.order_id,
        tracked_orders_ranked.source_table as order_source,
        tracked_orders_ranked.anonymous_id,
        tracked_orders_ranked.user_id,
        tracked_orders_ranked.email_hash,
        case when tracked_refunds.order_id is null then 'completed' else 'refunded' end as order_status,
        cast(null as {{ dbt.type_string() }}) as order_type,
        tracked_orders_ranked.payment_method,
        tracked_orders_ranked.plan,
        cast(null as {{ dbt.type_string() }}) as failure_reason,
        true as is_paid,
        false as is_failed,
        tracked_refunds.order_id is not null as is_refunded,
        tracked_orders_ranked.revenue as amount,
        currency_rates.currency_code as currency,
        tracked_orders_ranked.revenue / currency_rates.units_per_reporting_currency as amount_reporting,
        tracked_orders_ranked.event_at as ordered_at,
        tracked_orders_ranked.event_date as ordered_date,
        tracked_refunds.refunded_at,
        case
            when tracked_refunds.loaded_at > tracked_orders_ranked.loaded_at then tracked_refunds.loaded_at
            else tracked_orders_ranked.loaded_at
        end as loaded_at
    from tracked_orders_ranked
    inner join currency_rates
        on coalesce(tracked_orders_ranked.currency, {{ journey.default_currency() }}) = currency_rates.currency_code
    left join tracked_refunds
        on tracked_orders_ranked.order_id = tracked_refunds.order_id
    where tracked_orders_ranked.order_event_number = 1
),

tracked_orders_are_counteded as (
    select tracked_orders.*
    from tracked_orders
    cross join billing_orders_counted
    left join stg_billing__orders
        on tracked_orders.order_id = stg_billing__orders.order_id
    where
        stg_billing__orders.order_id is null
        and {{ tracked_orders_are_counted }}
),

orders_unioned as (
    select * from billing_orders
    union all
    select * from tracked_orders_are_counteded
)

select * from orders_unioned
