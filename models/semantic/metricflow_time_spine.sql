{#-
    MetricFlow's time spine: one row per day from 2020-01-01 for 10,000 days (to
    2047-05-18), the calendar the semantic layer fills and offsets metrics on.
    The range is fixed so that the spine does not depend on the data: a
    simulation or a load starting before 2020 needs an earlier first day here.
-#}
with

whole_numbers_below_1000 as (
    {{ journey.whole_numbers_below_1000('day_number') }}
),

thousands as (
    {%- for digit in range(10) %}
        select {{ digit }} as thousand
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

day_numbers as (
    select whole_numbers_below_1000.day_number + 1000 * thousands.thousand as day_number
    from whole_numbers_below_1000
    cross join thousands
),

days as (
    select cast({{ journey.add_days("cast('2020-01-01' as date)", 'day_number') }} as date) as date_day
    from day_numbers
)

select * from days
