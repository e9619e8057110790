with

base_billing__orders as (
    select * from {{ ref('base_billing__orders') }}
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

valid_orders as (
    select * from base_billing__orders
    where quarantine_reason is null and not is_duplicate
),

converted as (
    select
        -- ids
        valid_orders.order_id,
        valid_orders.user_id,
        valid_orders.email_hash,

        -- order
        valid_orders.order_status,
        valid_orders.order_type,
        valid_orders.payment_method,
        valid_orders.plan,
        valid_orders.failure_reason,
        valid_orders.order_status in ('completed', 'refunded') as is_paid,
        valid_orders.order_status = 'failed' as is_failed,
        valid_orders.order_status = 'refunded' as is_refunded,

        -- money
        valid_orders.amount,
        valid_orders.currency,
        valid_orders.amount / currency_rates.units_per_reporting_currency as amount_reporting,

        -- timestamps
        valid_orders.ordered_at,
        cast(valid_orders.ordered_at as date) as ordered_date,
        valid_orders.refunded_at,
        valid_orders.loaded_at
    from valid_orders
    inner join currency_rates
        on valid_orders.currency = currency_rates.currency_code
)

select * from converted
