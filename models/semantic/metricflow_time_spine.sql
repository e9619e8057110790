{#-
    MetricFlow's time spine: one row per day from 2020-01-01 for 10,000 days (to
    2047-05-18), the calendar the semantic layer fills and offsets metrics on.
    The range is fixed so that the spine does not depend on the data: a
    simulation or a load starting before 2020 needs an earlier first day here.
-#}
with

day_numbers as (
    {{ journey.whole_numbers('day_number', 4) }}
),

days as (
    select cast({{ journey.add_days("cast('2020-01-01' as date)", 'day_number') }} as date) as date_day
    from day_numbers
)

select * from days
