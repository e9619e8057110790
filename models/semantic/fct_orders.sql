{#-
    One row per paid order with its buyer, time, amount in the reporting currency,
    its number among the buyer's paid orders, and its refund. Read from the person
    timeline (order_placed and order_refunded activities), so the sums agree with
    dim_persons.orders_count and dim_persons.net_revenue.
-#}
with

int_activities_ordered as (
    select * from {{ ref('int_activities_ordered') }}
),

paid_orders as (
    select
        related_id as order_id,
        person_id,
        activity_at as ordered_at,
        activity_value as amount,
        plan,
        row_number() over (partition by person_id order by activity_at, activity_number) as order_number
    from int_activities_ordered
    where activity = 'order_placed'
),

refunds_by_order as (
    select
        related_id as order_id,
        min(activity_at) as refunded_at,
        -1 * sum(activity_value) as refunded_amount
    from int_activities_ordered
    where activity = 'order_refunded'
    group by related_id
),

orders_with_refunds as (
    select
        cast(paid_orders.order_id as {{ dbt.type_string() }}) as order_id,
        cast(paid_orders.person_id as {{ dbt.type_string() }}) as person_id,
        cast(paid_orders.ordered_at as {{ dbt.type_timestamp() }}) as ordered_at,
        cast(paid_orders.ordered_at as date) as ordered_date,
        cast(paid_orders.order_number as {{ dbt.type_bigint() }}) as order_number,
        paid_orders.order_number > 1 as is_repeat_order,
        cast(coalesce(paid_orders.plan, {{ journey.label('none') }}) as {{ dbt.type_string() }}) as plan,
        cast(coalesce(paid_orders.amount, 0) as {{ journey.type_double() }}) as amount,
        refunds_by_order.order_id is not null as is_refunded,
        cast(refunds_by_order.refunded_at as {{ dbt.type_timestamp() }}) as refunded_at,
        cast(coalesce(refunds_by_order.refunded_amount, 0) as {{ journey.type_double() }}) as refunded_amount
    from paid_orders
    left join refunds_by_order
        on paid_orders.order_id = refunds_by_order.order_id
)

select * from orders_with_refunds
