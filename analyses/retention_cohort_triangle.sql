-- A classic retention triangle: paying customers by the month of their first order, on-period retention
-- by rolling month since that order (one column a month), with each row's cohort size.
-- Compile with `dbt compile --select retention_cohort_triangle` and paste into any SQL client.
with

fct_retention as (
    select * from {{ ref('fct_retention') }}
),

customers_by_start_month as (
    select * from fct_retention
    where
        cohort_definition = 'paying_customers'
        and cohort_dimension = 'cohort_start_month'
        and period_type = 'month'
        and period_mode = 'rolling'
        and is_complete_period
),

triangle as (
    select
        cohort_value as first_order_month,
        max(cohort_size) as customers,
        {%- for k in range(0, 7) %}
            max(case when period_number = {{ k }} then retention_rate end) as month_{{ k }},
        {%- endfor %}
        max(case when period_number = 12 then retention_rate end) as month_12
    from customers_by_start_month
    group by cohort_value
)

select * from triangle
order by first_order_month
