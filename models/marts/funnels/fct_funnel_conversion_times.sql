{#-
    The time-to-convert distribution of every step 2..K: per funnel, step, what the time is
    measured from (the previous step, or the entry) and time bucket (seeds/funnels/
    funnel_time_buckets), the entries that converted in that time, their share of the step's
    conversions and the cumulative share up to the bucket's end. Every bucket has a row.
-#}
with

fct_funnel_entry_steps as (
    select * from {{ ref('fct_funnel_entry_steps') }}
),

funnel_time_buckets as (
    select * from {{ ref('funnel_time_buckets') }}
),

conversion_times as (
    select
        funnel_name,
        step_number,
        'previous_step' as measured_from,
        seconds_from_previous_step as seconds_to_convert
    from fct_funnel_entry_steps
    where is_reached and step_number > 1
    union all
    select
        funnel_name,
        step_number,
        'entry' as measured_from,
        seconds_from_entry as seconds_to_convert
    from fct_funnel_entry_steps
    where is_reached and step_number > 1
),

funnel_steps as (
    select distinct
        funnel_name,
        step_number,
        step_name
    from fct_funnel_entry_steps
    where step_number > 1
),

measures as (
    select 'previous_step' as measured_from
    union all
    select 'entry' as measured_from
),

step_buckets as (
    select
        funnel_steps.funnel_name,
        funnel_steps.step_number,
        funnel_steps.step_name,
        measures.measured_from,
        funnel_time_buckets.bucket_name,
        funnel_time_buckets.min_seconds,
        funnel_time_buckets.max_seconds
    from funnel_steps
    cross join measures
    cross join funnel_time_buckets
),

step_buckets_counted as (
    select
        step_buckets.funnel_name,
        step_buckets.step_number,
        step_buckets.step_name,
        step_buckets.measured_from,
        step_buckets.bucket_name,
        step_buckets.min_seconds,
        step_buckets.max_seconds,
        count(conversion_times.seconds_to_convert) as converted_count
    from step_buckets
    left join conversion_times
        on
            step_buckets.funnel_name = conversion_times.funnel_name
            and step_buckets.step_number = conversion_times.step_number
            and step_buckets.measured_from = conversion_times.measured_from
            and step_buckets.min_seconds <= conversion_times.seconds_to_convert
            and (
                step_buckets.max_seconds is null
                or step_buckets.max_seconds > conversion_times.seconds_to_convert
            )
    group by
        step_buckets.funnel_name,
        step_buckets.step_number,
        step_buckets.step_name,
        step_buckets.measured_from,
        step_buckets.bucket_name,
        step_buckets.min_seconds,
        step_buckets.max_seconds
),

step_buckets_shared as (
    select
        *,
        sum(converted_count) over (partition by funnel_name, step_number, measured_from) as step_converted_count,
        sum(converted_count) over (
            partition by funnel_name, step_number, measured_from
            order by min_seconds
            rows between unbounded preceding and current row
        ) as cumulative_converted_count
    from step_buckets_counted
),

conversion_times_final as (
    select
        cast(funnel_name as {{ dbt.type_string() }}) as funnel_name,
        cast(step_number as {{ dbt.type_bigint() }}) as step_number,
        cast(step_name as {{ dbt.type_string() }}) as step_name,
        cast(measured_from as {{ dbt.type_string() }}) as measured_from,
        cast(bucket_name as {{ dbt.type_string() }}) as bucket_name,
        cast(min_seconds as {{ dbt.type_bigint() }}) as min_seconds,
        cast(max_seconds as {{ dbt.type_bigint() }}) as max_seconds,
        cast(converted_count as {{ dbt.type_bigint() }}) as converted_count,
        cast(step_converted_count as {{ dbt.type_bigint() }}) as step_converted_count,
        cast(converted_count as {{ journey.type_double() }}) / nullif(step_converted_count, 0) as share_of_converted,
        cast(cumulative_converted_count as {{ journey.type_double() }}) / nullif(step_converted_count, 0)
            as cumulative_share_of_converted
    from step_buckets_shared
)

select * from conversion_times_final
