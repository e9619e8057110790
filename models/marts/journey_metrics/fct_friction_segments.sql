{#-
    Friction metric family: for each friction point (seed friction_points) and each
    segment of browser x device type x payment method (every combination of the
    three, '(all)' where a dimension is not split), the attempts, the failures and
    the failure rate, compared with the rest of the same step. Forms are split by
    form (step_detail); other friction points have step_detail '(any)'.
    A segment's excess failures are failures - attempts x the rest's failure rate:
    the failures it would not have had at the rate of everyone else.
    friction_rank orders the segments (with at least var journey_friction_min_attempts
    attempts on both sides) by how far their failure rate stands out (z-score), so
    the most clearly broken segment comes first.
    Grain: friction_point x step_detail x browser x device_type x payment_method.
-#}
{%- set dimensions = ['browser', 'device_type', 'payment_method'] -%}
{%- set min_attempts = var('journey_friction_min_attempts') -%}

with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

friction_points as (
    select * from {{ ref('friction_points') }}
),

failure_attempts as (
    select
        friction_points.friction_point,
        int_activities_enriched.person_id,
        int_activities_enriched.activity_at as attempted_at,
        case when int_activities_enriched.activity = friction_points.failure_event then 1 else 0 end as failure_flag,
        coalesce(int_activities_enriched.form_id, {{ journey.label('any') }}) as step_detail,
        coalesce(int_activities_enriched.browser, {{ journey.label('none') }}) as browser,
        coalesce(int_activities_enriched.device_type, {{ journey.label('none') }}) as device_type,
        coalesce(int_activities_enriched.payment_method, {{ journey.label('none') }}) as payment_method
    from int_activities_enriched
    inner join friction_points
        on
            friction_points.friction_kind = 'failure'
            and int_activities_enriched.activity in (friction_points.failure_event, friction_points.success_event)
),

successes as (
    {#- every success event of every friction point, read once for the two uses below -#}
    select
        friction_points.friction_point,
        friction_points.friction_kind,
        int_activities_enriched.person_id,
        int_activities_enriched.session_id,
        int_activities_enriched.activity_at
    from int_activities_enriched
    inner join friction_points
        on int_activities_enriched.activity = friction_points.success_event
),

session_completions as (
    select
        friction_point,
        session_id,
        max(activity_at) as last_success_at
    from successes
    where friction_kind = 'abandonment' and session_id is not null
    group by friction_point, session_id
),

abandonment_attempts as (
    select
        friction_points.friction_point,
        int_activities_enriched.person_id,
        int_activities_enriched.activity_at as attempted_at,
        case
            when session_completions.last_success_at >= int_activities_enriched.activity_at then 0
            else 1
        end as failure_flag,
        coalesce(int_activities_enriched.form_id, {{ journey.label('any') }}) as step_detail,
        coalesce(int_activities_enriched.browser, {{ journey.label('none') }}) as browser,
        coalesce(int_activities_enriched.device_type, {{ journey.label('none') }}) as device_type,
        coalesce(int_activities_enriched.payment_method, {{ journey.label('none') }}) as payment_method
    from int_activities_enriched
    inner join friction_points
        on
            friction_points.friction_kind = 'abandonment'
            and int_activities_enriched.activity = friction_points.start_event
    left join session_completions
        on
            friction_points.friction_point = session_completions.friction_point
            and int_activities_enriched.session_id = session_completions.session_id
),

attempts_unioned as (
    select * from failure_attempts
    union all
    select * from abandonment_attempts
),

last_successes as (
    {#- a person's last success at a friction point, anywhere and any time (a retry, another method, another day) -#}
    select
        friction_point,
        person_id,
        max(activity_at) as last_success_at
    from successes
    group by friction_point, person_id
),

attempts_with_recovery as (
    select
        attempts_unioned.friction_point,
        attempts_unioned.person_id,
        attempts_unioned.failure_flag,
        case
            when
                attempts_unioned.failure_flag = 1
                and (
                    last_successes.last_success_at is null
                    or last_successes.last_success_at < attempts_unioned.attempted_at
                )
                then 1
            else 0
        end as unrecovered_flag,
        attempts_unioned.step_detail,
        attempts_unioned.browser,
        attempts_unioned.device_type,
        attempts_unioned.payment_method
    from attempts_unioned
    left join last_successes
        on
            attempts_unioned.friction_point = last_successes.friction_point
            and attempts_unioned.person_id = last_successes.person_id
),

segments_grouped as (
    {{ journey.every_dimension_subset(
        relation='attempts_with_recovery',
        keys=['friction_point', 'step_detail'],
        dimensions=dimensions,
        measures='count(*) as attempts,
        sum(failure_flag) as failures,
        count(distinct person_id) as people_attempting,
        count(distinct case when failure_flag = 1 then person_id end) as people_failing,
        count(distinct case when unrecovered_flag = 1 then person_id end) as people_unrecovered',
    ) }}
),

segments_against_rest as (
    {#- the rest of a segment's step: the step's totals (its row with no dimension split) less the segment -#}
    select
        *,
        max(case when split_dimensions = 0 then attempts end) over (partition by friction_point, step_detail)
        - attempts as rest_attempts,
        max(case when split_dimensions = 0 then failures end) over (partition by friction_point, step_detail)
        - failures as rest_failures,
        max(case when split_dimensions = 0 then people_attempting end) over (partition by friction_point, step_detail)
        - people_attempting as rest_people_attempting,
        max(case when split_dimensions = 0 then people_unrecovered end) over (partition by friction_point, step_detail)
        - people_unrecovered as rest_people_unrecovered
    from segments_grouped
),

segments_scored as (
    select
        *,
        {{ journey.safe_ratio('failures', 'attempts') }} as failure_rate,
        {{ journey.safe_ratio('rest_failures', 'rest_attempts') }} as rest_failure_rate,
        failures - attempts * coalesce({{ journey.safe_ratio('rest_failures', 'rest_attempts') }}, 0)
            as excess_failures,
        people_attempting * (
            coalesce({{ journey.safe_ratio('people_unrecovered', 'people_attempting') }}, 0)
            - coalesce({{ journey.safe_ratio('rest_people_unrecovered', 'rest_people_attempting') }}, 0)
        ) as estimated_conversions_lost,
        {{ journey.two_proportion_z('failures', 'attempts', 'rest_failures', 'rest_attempts') }} as z_score,
        split_dimensions > 0
        and attempts >= {{ min_attempts }}
        and rest_attempts >= {{ min_attempts }}
        and browser <> {{ journey.label('none') }}
        and device_type <> {{ journey.label('none') }}
        and payment_method <> {{ journey.label('none') }} as is_rankable
    from segments_against_rest
),

segments_ranked as (
    select
        *,
        case
            when is_rankable then row_number() over (
                partition by is_rankable
                order by
                    z_score desc,
                    excess_failures desc,
                    friction_point asc,
                    step_detail asc,
                    browser asc,
                    device_type asc,
                    payment_method asc
            )
        end as friction_rank
    from segments_scored
),

neighbour_z_scores as (
    {#- the strongest z-score among a segment's rankable parents (one split fewer) and children (one more) -#}
    select
        segment.friction_point,
        segment.step_detail,
        segment.browser,
        segment.device_type,
        segment.payment_method,
        max(neighbour.z_score) as strongest_neighbour_z_score
    from segments_scored as segment
    inner join segments_scored as neighbour
        on
            segment.friction_point = neighbour.friction_point
            and segment.step_detail = neighbour.step_detail
            and neighbour.is_rankable
            and (
                (
                    neighbour.split_dimensions = segment.split_dimensions - 1
                    and neighbour.browser in (segment.browser, {{ journey.label('all') }})
                    and neighbour.device_type in (segment.device_type, {{ journey.label('all') }})
                    and neighbour.payment_method in (segment.payment_method, {{ journey.label('all') }})
                )
                or (
                    neighbour.split_dimensions = segment.split_dimensions + 1
                    and segment.browser in (neighbour.browser, {{ journey.label('all') }})
                    and segment.device_type in (neighbour.device_type, {{ journey.label('all') }})
                    and segment.payment_method in (neighbour.payment_method, {{ journey.label('all') }})
                    -- a child with the very same attempts and failures is the same people: the coarser one is the peak
                    and not (segment.attempts = neighbour.attempts and segment.failures = neighbour.failures)
                )
            )
    where segment.is_rankable
    group by
        segment.friction_point,
        segment.step_detail,
        segment.browser,
        segment.device_type,
        segment.payment_method
),

segments_with_neighbours as (
    select
        segments_ranked.*,
        neighbour_z_scores.strongest_neighbour_z_score
    from segments_ranked
    left join neighbour_z_scores
        on
            segments_ranked.friction_point = neighbour_z_scores.friction_point
            and segments_ranked.step_detail = neighbour_z_scores.step_detail
            and segments_ranked.browser = neighbour_z_scores.browser
            and segments_ranked.device_type = neighbour_z_scores.device_type
            and segments_ranked.payment_method = neighbour_z_scores.payment_method
),

segments_final as (
    select
        cast(friction_point as {{ dbt.type_string() }}) as friction_point,
        cast(step_detail as {{ dbt.type_string() }}) as step_detail,
        cast(browser as {{ dbt.type_string() }}) as browser,
        cast(device_type as {{ dbt.type_string() }}) as device_type,
        cast(payment_method as {{ dbt.type_string() }}) as payment_method,
        cast(split_dimensions as {{ dbt.type_bigint() }}) as segment_level,
        cast(attempts as {{ dbt.type_bigint() }}) as attempts,
        cast(failures as {{ dbt.type_bigint() }}) as failures,
        failure_rate,
        cast(people_attempting as {{ dbt.type_bigint() }}) as people_attempting,
        cast(people_failing as {{ dbt.type_bigint() }}) as people_failing,
        cast(people_unrecovered as {{ dbt.type_bigint() }}) as people_unrecovered,
        cast(rest_attempts as {{ dbt.type_bigint() }}) as rest_attempts,
        cast(rest_failures as {{ dbt.type_bigint() }}) as rest_failures,
        rest_failure_rate,
        cast(excess_failures as {{ journey.type_double() }}) as excess_failures,
        cast(estimated_conversions_lost as {{ journey.type_double() }}) as estimated_conversions_lost,
        z_score,
        coalesce(z_score >= {{ var('journey_significance_z') }}, false) as is_significant,
        cast(friction_rank as {{ dbt.type_bigint() }}) as friction_rank,
        coalesce(
            is_rankable
            and z_score >= {{ var('journey_significance_z') }}
            and (strongest_neighbour_z_score is null or z_score > strongest_neighbour_z_score),
            false
        ) as is_peak_segment
    from segments_with_neighbours
)

select * from segments_final
