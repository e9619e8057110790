{#-
    Configuration tests of seeds/funnels: each fails with a row per problem, and
    its name says what is wrong, so that a bad funnel definition stops the build
    before the funnel models run.
-#}

{#- Fails for each funnel whose steps are not numbered 1..K, that has no step, or more than journey_funnel_max_steps. -#}
{% test funnel_steps_are_numbered_one_to_k(model, definitions) %}

with

steps as (
    select
        funnel_name,
        count(*) as steps_count,
        count(distinct step_number) as distinct_step_numbers,
        min(step_number) as first_step_number,
        max(step_number) as last_step_number
    from {{ model }}
    where not coalesce(is_exclusion, false)
    group by funnel_name
),

funnels as (
    select funnel_name from {{ definitions }}
)

select
    funnels.funnel_name,
    steps.steps_count,
    steps.first_step_number,
    steps.last_step_number
from funnels
left join steps
    on funnels.funnel_name = steps.funnel_name
where
    steps.funnel_name is null
    or steps.first_step_number != 1
    or steps.last_step_number != steps.steps_count
    or steps.distinct_step_numbers != steps.steps_count
    or steps.steps_count > {{ var('journey_funnel_max_steps') }}

{% endtest %}


{#- Fails for each exclusion row that does not guard a gap between two steps (step_number must be 2..K). -#}
{% test funnel_exclusions_sit_between_steps(model) %}

with

last_steps as (
    select
        funnel_name,
        max(step_number) as last_step_number
    from {{ model }}
    where not coalesce(is_exclusion, false)
    group by funnel_name
)

select exclusions.*
from {{ model }} as exclusions
left join last_steps
    on exclusions.funnel_name = last_steps.funnel_name
where
    coalesce(exclusions.is_exclusion, false)
    and (
        exclusions.step_number < 2
        or last_steps.last_step_number is null
        or exclusions.step_number > last_steps.last_step_number
    )

{% endtest %}


{#- Fails for each pair of lead-score bands that overlap (min inclusive, max exclusive, empty max = no bound). -#}
{% test funnel_bands_do_not_overlap(model) %}

select
    band.band_name,
    other_band.band_name as overlapping_band_name
from {{ model }} as band
inner join {{ model }} as other_band
    on
        band.band_name < other_band.band_name
        and (other_band.max_score is null or band.min_score < other_band.max_score)
        and (band.max_score is null or other_band.min_score < band.max_score)

{% endtest %}


{#-
    Fails for each step whose counts in the funnel mart (model: fct_funnel_steps, breakdown 'all')
    differ from the same funnel run ad hoc with journey.funnel() over events: the analyst macro and the
    marts must agree.
-#}
{% test funnel_mart_matches_adhoc_macro(
    model, funnel_name, events, steps, order_mode, scope, window_days=none, window_size=none, window_unit='day',
    exclusions=[]
) %}
{#- a check of the code (the analyst macro against the models), not of the data: CI and development run it,
    the daily selector does not (selectors.yml) -#}
{{ config(tags=['code_check']) }}

with

adhoc as (
    {{ journey.funnel(
        events, steps=steps, window_days=window_days, window_size=window_size, window_unit=window_unit,
        order_mode=order_mode, scope=scope,
        exclusions=exclusions, summary=true, funnel_name=funnel_name,
    ) | indent(4) }}
),

mart as (
    select * from {{ model }}
    where funnel_name = '{{ funnel_name }}' and breakdown_dimension = 'all'
)

select
    coalesce(adhoc.step_number, mart.step_number) as step_number,
    adhoc.entered_count as adhoc_entered_count,
    mart.entered_count as mart_entered_count,
    adhoc.converted_count as adhoc_converted_count,
    mart.converted_count as mart_converted_count
from adhoc
full outer join mart
    on adhoc.step_number = mart.step_number
where
    adhoc.step_number is null
    or mart.step_number is null
    or adhoc.entered_count != mart.entered_count
    or adhoc.converted_count != mart.converted_count
    or adhoc.excluded_count != mart.excluded_count

{% endtest %}


{#-
    Fails for each step window that is not valid: size and unit set together, size a whole number >= 1,
    unit minute/hour/day, and only on steps 2..K (not exclusions) of ordered or strict funnels.
-#}
{% test funnel_step_windows_are_valid(model, definitions) %}

select
    steps.funnel_name,
    steps.step_name,
    steps.step_window_size,
    steps.step_window_unit
from {{ model }} as steps
left join {{ definitions }} as definitions
    on steps.funnel_name = definitions.funnel_name
where
    (steps.step_window_size is not null or steps.step_window_unit is not null)
    and (
        steps.step_window_size is null
        or steps.step_window_unit is null
        or steps.step_window_size < 1
        or lower(steps.step_window_unit) not in ('minute', 'hour', 'day')
        or steps.step_number < 2
        or coalesce(steps.is_exclusion, false)
        or lower(definitions.order_mode) not in ('ordered', 'strict')
    )

{% endtest %}


{#- Fails for each property filter whose funnel and step name are no row of the funnel steps. -#}
{% test funnel_step_filters_name_a_step(model, steps) %}

select filters.*
from {{ model }} as filters
left join {{ steps }} as steps
    on
        filters.funnel_name = steps.funnel_name
        and filters.step_name = steps.step_name
where steps.step_name is null

{% endtest %}


{#- Fails for each pair of time buckets that overlap (min inclusive, max exclusive, empty max = no bound). -#}
{% test funnel_time_buckets_do_not_overlap(model) %}

select
    bucket.bucket_name,
    other_bucket.bucket_name as overlapping_bucket_name
from {{ model }} as bucket
inner join {{ model }} as other_bucket
    on
        bucket.bucket_name < other_bucket.bucket_name
        and (other_bucket.max_seconds is null or bucket.min_seconds < other_bucket.max_seconds)
        and (bucket.max_seconds is null or other_bucket.min_seconds < bucket.max_seconds)

{% endtest %}
