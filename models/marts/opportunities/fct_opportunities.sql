{#-
    The decision plan: the biggest fixable problems across friction, funnels and
    support text, each with the step and segment, the people affected, the
    conversions it is estimated to lose against the rest of its step, and a
    plain-language next action. See the doc block fct_opportunities.
    Grain: opportunity_id.
-#}
{%- set experience_dimensions = var('journey_opportunity_experience_dimensions') -%}
{%- set min_attempts = var('journey_friction_min_attempts') -%}
{%- set significance_z = var('journey_significance_z') -%}
{%- set min_texts = var('journey_opportunity_min_texts') -%}
{%- set fdr_q = var('journey_fdr_q') -%}
{%- set min_people = var('journey_opportunity_min_people') | int -%}
{%- set ci_z = 1.959964 -%}
{#- a row explains another at its step when it loses at least this share of the other's conversions (doc block) -#}
{%- set explained_share = 0.5 -%}

with

fct_friction_segments as (
    select * from {{ ref('fct_friction_segments') }}
),

friction_points as (
    select * from {{ ref('friction_points') }}
),

fct_funnel_steps as (
    select * from {{ ref('fct_funnel_steps') }}
),

funnel_step_filters as (
    select * from {{ ref('funnel_step_filters') }}
),

funnel_definitions as (
    select * from {{ ref('funnel_definitions') }}
),

fct_text_topics as (
    select * from {{ ref('fct_text_topics') }}
),

fct_text_topics_by_segment as (
    select * from {{ ref('fct_text_topics_by_segment') }}
),

text_topic_actions as (
    select * from {{ ref('text_topic_actions') }}
),

dim_persons as (
    select * from {{ ref('dim_persons') }}
),

-- the days the data covers: traffic per day for the suggested tests' durations
observed_period as (
    select
        greatest(
            1, {{ dbt.datediff('min(first_seen_at)', 'max(last_seen_at)', 'second') | trim }} / 86400.0 -- noqa: LT01
        ) as observed_days
    from dim_persons
),

-- every friction segment tested (one-sided: a higher failure rate than the rest)
friction_segments_tested as (
    select
        {{ dbt.concat([
            'friction_point', "'|'", 'step_detail', "'|'", 'browser', "'|'", 'device_type', "'|'", 'payment_method',
        ]) }} as test_key,
        {{ journey.normal_upper_p_value('z_score') }} as p_value
    from fct_friction_segments
    where z_score is not null
),

funnel_totals as (
    select
        funnel_name,
        step_number,
        step_name,
        canonical_event,
        entered_count as all_entered,
        converted_count as all_converted,
        excluded_count as all_excluded,
        max(case when step_number = last_step_number then converted_count end) over (
            partition by funnel_name
        ) as all_final_converted
    from (
        select
            *,
            max(step_number) over (partition by funnel_name) as last_step_number
        from fct_funnel_steps
        where breakdown_dimension = 'all'
    ) as funnel_all_rows
),

-- a step that filters on a property defines its own conversion by that property: no breakdown by it there
funnel_step_filtered_properties as (
    select distinct
        funnel_name,
        step_name,
        property_name
    from funnel_step_filters
),

funnel_step_names as (
    select
        funnel_name,
        step_number + 1 as next_step_number,
        step_name as previous_step_name
    from funnel_totals
),

funnel_segments_against_rest as (
    select
        fct_funnel_steps.funnel_name,
        fct_funnel_steps.step_number,
        fct_funnel_steps.step_name,
        fct_funnel_steps.canonical_event,
        funnel_step_names.previous_step_name,
        fct_funnel_steps.breakdown_dimension,
        fct_funnel_steps.breakdown_value,
        fct_funnel_steps.entered_count,
        fct_funnel_steps.converted_count,
        fct_funnel_steps.dropped_off_count,
        funnel_totals.all_entered - fct_funnel_steps.entered_count as rest_entered,
        funnel_totals.all_converted - fct_funnel_steps.converted_count as rest_converted,
        {{ journey.safe_ratio('funnel_totals.all_final_converted', 'funnel_totals.all_converted') }}
            as final_conversion_after_step
    from fct_funnel_steps
    inner join funnel_totals
        on
            fct_funnel_steps.funnel_name = funnel_totals.funnel_name
            and fct_funnel_steps.step_number = funnel_totals.step_number
    inner join funnel_step_names
        on
            fct_funnel_steps.funnel_name = funnel_step_names.funnel_name
            and fct_funnel_steps.step_number = funnel_step_names.next_step_number
    inner join funnel_definitions
        on fct_funnel_steps.funnel_name = funnel_definitions.funnel_name
    left join funnel_step_filtered_properties
        on
            fct_funnel_steps.funnel_name = funnel_step_filtered_properties.funnel_name
            and fct_funnel_steps.step_name = funnel_step_filtered_properties.step_name
            and fct_funnel_steps.breakdown_dimension = funnel_step_filtered_properties.property_name
    where
        fct_funnel_steps.breakdown_dimension <> 'all'
        and funnel_step_filtered_properties.property_name is null
        -- the entry's device and browser are the step's only when the funnel stays in one session: across
        -- sessions people change devices (browse on a phone, buy on a laptop), and a gap by the entry's
        -- device measures that, not the step
        and (
            fct_funnel_steps.breakdown_dimension not in ({{ journey.string_literals(experience_dimensions) }})
            or funnel_definitions.scope = 'session'
        )
        and fct_funnel_steps.breakdown_value not like '(%'
        -- a step with exclusions counts excluded entries as drop-offs though many convert later: no estimate
        and coalesce(funnel_totals.all_excluded, 0) = 0
        and fct_funnel_steps.entered_count >= {{ min_attempts }}
),

funnel_segments_scored as (
    select
        *,
        {{ journey.safe_ratio('converted_count', 'entered_count') }} as segment_rate,
        {{ journey.safe_ratio('rest_converted', 'rest_entered') }} as comparison_rate,
        {{ journey.two_proportion_z('converted_count', 'entered_count', 'rest_converted', 'rest_entered') }}
            as z_score
    from funnel_segments_against_rest
    where rest_entered >= {{ min_attempts }}
),

-- one-sided: a lower conversion rate than the rest
funnel_segments_tested as (
    select
        *,
        {{ dbt.concat([
            'funnel_name', "'|'", 'cast(step_number as ' ~ dbt.type_string() ~ ')', "'|'",
            'breakdown_dimension', "'|'", 'breakdown_value',
        ]) }} as test_key,
        {{ journey.normal_upper_p_value('-1 * z_score') }} as p_value
    from funnel_segments_scored
),

text_totals as (
    select
        primary_topic,
        count(*) as topic_texts,
        sum(count(*)) over () as all_texts
    from fct_text_topics
    where not is_empty_text
    group by primary_topic
),

text_segments_against_rest as (
    select
        fct_text_topics_by_segment.primary_topic,
        fct_text_topics_by_segment.segment_type,
        fct_text_topics_by_segment.segment_value,
        fct_text_topics_by_segment.texts,
        fct_text_topics_by_segment.people,
        fct_text_topics_by_segment.segment_texts,
        text_totals.topic_texts - fct_text_topics_by_segment.texts as rest_texts,
        text_totals.all_texts - fct_text_topics_by_segment.segment_texts as rest_segment_texts,
        text_topic_actions.fix_action
    from fct_text_topics_by_segment
    inner join text_topic_actions
        on fct_text_topics_by_segment.primary_topic = text_topic_actions.topic
    inner join text_totals
        on fct_text_topics_by_segment.primary_topic = text_totals.primary_topic
    where
        fct_text_topics_by_segment.segment_type in (
            'journey_stage', 'preceding_friction_activity', 'failed_payment_before', 'onboarding_step_before'
        )
        and fct_text_topics_by_segment.texts >= {{ min_texts }}
),

text_segments_strongest as (
    select
        *,
        {{ journey.safe_ratio('texts', 'segment_texts') }} as segment_rate,
        {{ journey.safe_ratio('rest_texts', 'rest_segment_texts') }} as comparison_rate,
        {{ journey.two_proportion_z('texts', 'segment_texts', 'rest_texts', 'rest_segment_texts') }} as z_score,
        row_number() over (
            partition by primary_topic
            order by
                {{ journey.two_proportion_z('texts', 'segment_texts', 'rest_texts', 'rest_segment_texts') }} desc,
                segment_type asc,
                segment_value asc
        ) as segment_rank
    from text_segments_against_rest
),

-- one-sided: a higher share of the topic than the rest
text_segments_tested as (
    select
        *,
        {{ dbt.concat(['primary_topic', "'|'", 'segment_type', "'|'", 'segment_value']) }} as test_key,
        {{ journey.normal_upper_p_value('z_score') }} as p_value
    from text_segments_strongest
),

-- every segment and breakdown tested, from the three sources, in the family of the list it can enter: the
-- experience rows (friction segments, funnel breakdowns by experience), the audience rows, the text rows
segment_tests_unioned as (
    select
        'experience' as test_family,
        'friction' as opportunity_source,
        test_key,
        p_value
    from friction_segments_tested
    union all
    select
        case
            when breakdown_dimension in ({{ journey.string_literals(experience_dimensions) }}) then 'experience'
            else 'audience'
        end as test_family,
        'funnel' as opportunity_source,
        test_key,
        p_value
    from funnel_segments_tested
    union all
    select
        'text' as test_family,
        'text' as opportunity_source,
        test_key,
        p_value
    from text_segments_tested
),

{{ journey.benjamini_hochberg_q_values('segment_tests_unioned', ['test_family'], ['opportunity_source', 'test_key']) }},

segment_tests as (
    select
        opportunity_source,
        test_key,
        p_value,
        q_value
    from segment_tests_unioned_with_q_values
),

friction_opportunities as (
    select
        'friction' as opportunity_source,
        'experience' as problem_kind,
        fct_friction_segments.friction_point as area,
        {{ journey.opportunity_segment_label([
            ['fct_friction_segments.step_detail', journey.label('any')],
            ['fct_friction_segments.browser', journey.label('all')],
            ['fct_friction_segments.device_type', journey.label('all')],
            ['fct_friction_segments.payment_method', journey.label('all')],
        ]) }} as segment,
        fct_friction_segments.people_failing as people_affected,
        'failure rate' as rate_measured,
        fct_friction_segments.failure_rate as segment_rate,
        fct_friction_segments.rest_failure_rate as comparison_rate,
        fct_friction_segments.estimated_conversions_lost,
        fct_friction_segments.z_score as evidence_z_score,
        friction_points.fix_action as action_phrase,
        fct_friction_segments.attempts as segment_size,
        fct_friction_segments.attempts as segment_trials,
        fct_friction_segments.rest_attempts as comparison_trials,
        segment_tests.p_value,
        segment_tests.q_value,
        -- the root-cause keys: the step (its success event) and the segment's conditions (null: not split)
        friction_points.success_event as step_event,
        case
            when fct_friction_segments.step_detail <> {{ journey.label('any') }}
                then fct_friction_segments.step_detail
        end as condition_step_detail,
        case
            when fct_friction_segments.browser <> {{ journey.label('all') }} then fct_friction_segments.browser
        end as condition_browser,
        case
            when fct_friction_segments.device_type <> {{ journey.label('all') }} then fct_friction_segments.device_type
        end as condition_device_type,
        case
            when fct_friction_segments.payment_method <> {{ journey.label('all') }}
                then fct_friction_segments.payment_method
        end as condition_payment_method
    from fct_friction_segments
    inner join friction_points
        on fct_friction_segments.friction_point = friction_points.friction_point
    inner join segment_tests
        on
            segment_tests.opportunity_source = 'friction'
            and segment_tests.test_key = {{ dbt.concat([
                'fct_friction_segments.friction_point', "'|'", 'fct_friction_segments.step_detail', "'|'",
                'fct_friction_segments.browser', "'|'", 'fct_friction_segments.device_type', "'|'",
                'fct_friction_segments.payment_method',
            ]) }}
    where fct_friction_segments.is_peak_segment and segment_tests.q_value <= {{ fdr_q }}
),

funnel_segments_discovered as (
    select
        funnel_segments_tested.*,
        segment_tests.q_value
    from funnel_segments_tested
    inner join segment_tests
        on
            segment_tests.opportunity_source = 'funnel'
            and funnel_segments_tested.test_key = segment_tests.test_key
    where segment_tests.q_value <= {{ fdr_q }} and funnel_segments_tested.z_score < 0
),

funnel_segments_losing as (
    select
        *,
        entered_count * (comparison_rate - segment_rate) * coalesce(final_conversion_after_step, 0)
            as final_conversions_lost,
        row_number() over (
            partition by breakdown_dimension, breakdown_value, canonical_event
            order by entered_count * (comparison_rate - segment_rate) desc, funnel_name asc
        ) as same_problem_rank
    from funnel_segments_discovered
),

funnel_segments_distinct as (
    {#- two breakdowns with the very same entries (a campaign and its own landing page) are one problem -#}
    select
        *,
        row_number() over (
            partition by funnel_name, step_number, entered_count, converted_count
            order by
                case
                    when breakdown_dimension in ({{ journey.string_literals(experience_dimensions) }}) then 0
                    else 1
                end asc,
                breakdown_dimension asc,
                breakdown_value asc
        ) as same_population_rank
    from funnel_segments_losing
    where same_problem_rank = 1
),

funnel_opportunities as (
    select
        'funnel' as opportunity_source,
        case
            when breakdown_dimension in ({{ journey.string_literals(experience_dimensions) }}) then 'experience'
            else 'audience'
        end as problem_kind,
        {{ dbt.concat(['funnel_name', "': '", 'previous_step_name', "' -> '", 'step_name']) }} as area,
        {{ dbt.concat(['breakdown_dimension', "' = '", 'breakdown_value']) }} as segment,
        dropped_off_count as people_affected,
        'conversion rate from the previous step' as rate_measured,
        segment_rate,
        comparison_rate,
        final_conversions_lost as estimated_conversions_lost,
        -1 * z_score as evidence_z_score,
        case
            when breakdown_dimension in ({{ journey.string_literals(experience_dimensions) }})
                then {{ dbt.concat(["'Fix the step '", 'previous_step_name', "' -> '", 'step_name']) }}
            else {{ dbt.concat(["'Review who the '", 'breakdown_dimension', "' brings to '", 'step_name']) }}
        end as action_phrase,
        entered_count as segment_size,
        entered_count as segment_trials,
        rest_entered as comparison_trials,
        p_value,
        q_value,
        -- only the breakdowns friction segments share (browser, device type) can be the same root cause
        case when breakdown_dimension in ('browser', 'device_type') then canonical_event end as step_event,
        cast(null as {{ dbt.type_string() }}) as condition_step_detail,
        case when breakdown_dimension = 'browser' then breakdown_value end as condition_browser,
        case when breakdown_dimension = 'device_type' then breakdown_value end as condition_device_type,
        cast(null as {{ dbt.type_string() }}) as condition_payment_method
    from funnel_segments_distinct
    where same_population_rank = 1
),

-- a text segment 'after a failure at a friction point' sits at that friction point's step
friction_point_steps as (
    select
        failure_event,
        min(success_event) as step_event
    from friction_points
    where failure_event is not null
    group by failure_event
),

text_segments_discovered as (
    select
        text_segments_tested.*,
        segment_tests.q_value,
        friction_point_steps.step_event
    from text_segments_tested
    inner join segment_tests
        on
            segment_tests.opportunity_source = 'text'
            and text_segments_tested.test_key = segment_tests.test_key
    left join friction_point_steps
        on friction_point_steps.failure_event = case
            when
                text_segments_tested.segment_type = 'failed_payment_before'
                and text_segments_tested.segment_value = 'yes'
                then 'payment_failed'
            -- a failed billing order is a failed payment too (as the text mart's failed_payment_before counts it)
            when
                text_segments_tested.segment_type = 'preceding_friction_activity'
                and text_segments_tested.segment_value = 'order_failed'
                then 'payment_failed'
            when text_segments_tested.segment_type = 'preceding_friction_activity'
                then text_segments_tested.segment_value
        end
    where
        text_segments_tested.segment_rank = 1
        and text_segments_tested.z_score > 0
        and segment_tests.q_value <= {{ fdr_q }}
),

text_opportunities as (
    select
        'text' as opportunity_source,
        'customer_pain' as problem_kind,
        primary_topic as area,
        {{ dbt.concat(['segment_type', "' = '", 'segment_value']) }} as segment,
        people as people_affected,
        'share of the texts on this topic' as rate_measured,
        segment_rate,
        comparison_rate,
        cast(null as {{ journey.type_double() }}) as estimated_conversions_lost,
        z_score as evidence_z_score,
        fix_action as action_phrase,
        texts as segment_size,
        segment_texts as segment_trials,
        rest_segment_texts as comparison_trials,
        p_value,
        q_value,
        -- the people who failed at the step, whatever their browser, device or payment method
        step_event,
        cast(null as {{ dbt.type_string() }}) as condition_step_detail,
        cast(null as {{ dbt.type_string() }}) as condition_browser,
        cast(null as {{ dbt.type_string() }}) as condition_device_type,
        cast(null as {{ dbt.type_string() }}) as condition_payment_method
    from text_segments_discovered
),

opportunities_unioned as (
    select * from friction_opportunities
    union all
    select * from funnel_opportunities
    union all
    select * from text_opportunities
),

opportunities_classified as (
    select
        *,
        -- a text topic is a fixable problem where it follows a failure at a step, not where it is merely written
        problem_kind <> 'audience'
        and people_affected >= {{ min_people }}
        -- an estimate of no loss (the segment's failures are recovered as often as the rest's) is nothing to fix
        and (estimated_conversions_lost is null or estimated_conversions_lost > 0)
        and (opportunity_source <> 'text' or step_event is not null) as is_fixable_problem,
        {{ dbt.concat(['opportunity_source', "'|'", 'area', "'|'", 'segment']) }} as row_key,
        case when condition_step_detail is null then 0 else 1 end
        + case when condition_browser is null then 0 else 1 end
        + case when condition_device_type is null then 0 else 1 end
        + case when condition_payment_method is null then 0 else 1 end as condition_count,
        {{ dbt.concat([
            'opportunity_source', "' '", 'area', "' ('", 'segment', "'): '", 'rate_measured', "' '",
            journey.percent_text('segment_rate'), "' against '", journey.percent_text('comparison_rate'),
            "', q '", journey.q_value_text('q_value'),
        ]) }} as evidence_item
    from opportunities_unioned
),

opportunities_in_plan_order as (
    select
        *,
        row_number() over (
            order by
                case
                    when not is_fixable_problem then 2
                    when estimated_conversions_lost is null then 1
                    else 0
                end asc,
                estimated_conversions_lost desc,
                people_affected desc,
                evidence_z_score desc,
                area asc,
                segment asc
        ) as plan_order
    from opportunities_classified
),

-- pairs of rows at one step whose segments overlap: no dimension where both set different values, and at
-- least one condition in common (or the explained row sets none)
opportunity_pairs_overlapping as (
    select
        explained.row_key as explained_row_key,
        explaining.row_key as explaining_row_key,
        explained.estimated_conversions_lost as explained_conversions_lost,
        explaining.estimated_conversions_lost as explaining_conversions_lost,
        explained.plan_order as explained_plan_order,
        explaining.plan_order as explaining_plan_order,
        explaining.condition_count as explaining_condition_count,
        -- (the segments are compatible: one contains the other when it sets every condition the other sets)
        (
            explaining.condition_count > explained.condition_count
            and (explained.condition_step_detail is null or explaining.condition_step_detail is not null)
            and (explained.condition_browser is null or explaining.condition_browser is not null)
            and (explained.condition_device_type is null or explaining.condition_device_type is not null)
            and (explained.condition_payment_method is null or explaining.condition_payment_method is not null)
        ) as is_explaining_narrower,
        (
            explained.condition_count > explaining.condition_count
            and (explaining.condition_step_detail is null or explained.condition_step_detail is not null)
            and (explaining.condition_browser is null or explained.condition_browser is not null)
            and (explaining.condition_device_type is null or explained.condition_device_type is not null)
            and (explaining.condition_payment_method is null or explained.condition_payment_method is not null)
        ) as is_explained_narrower
    from opportunities_in_plan_order as explained
    inner join opportunities_in_plan_order as explaining
        on
            explained.step_event = explaining.step_event
            and explained.row_key <> explaining.row_key
            and (
                explained.condition_step_detail is null
                or explaining.condition_step_detail is null
                or explained.condition_step_detail = explaining.condition_step_detail
            )
            and (
                explained.condition_browser is null
                or explaining.condition_browser is null
                or explained.condition_browser = explaining.condition_browser
            )
            and (
                explained.condition_device_type is null
                or explaining.condition_device_type is null
                or explained.condition_device_type = explaining.condition_device_type
            )
            and (
                explained.condition_payment_method is null
                or explaining.condition_payment_method is null
                or explained.condition_payment_method = explaining.condition_payment_method
            )
            and (
                explained.condition_count = 0
                or explained.condition_step_detail = explaining.condition_step_detail
                or explained.condition_browser = explaining.condition_browser
                or explained.condition_device_type = explaining.condition_device_type
                or explained.condition_payment_method = explaining.condition_payment_method
            )
),

-- the pairs where one row explains the other (doc block: the merge rule), the best explanation first
opportunity_explanations as (
    select
        explained_row_key,
        explaining_row_key,
        row_number() over (
            partition by explained_row_key
            order by explaining_condition_count desc, explaining_plan_order asc
        ) as explanation_rank
    from opportunity_pairs_overlapping
    where
        explaining_conversions_lost > 0
        and (
            explaining_conversions_lost >= {{ explained_share }} * explained_conversions_lost
            or (explained_conversions_lost is null and explaining_conversions_lost is not null)
        )
        and (
            is_explaining_narrower
            or (not is_explained_narrower and explaining_plan_order < explained_plan_order)
        )
),

-- every row's root: the row that explains it best, or the row that explains that one (two levels: text,
-- funnel breakdown, friction segment); a row nothing explains is its own root
opportunity_roots as (
    select
        opportunities_in_plan_order.row_key,
        coalesce(
            second_explanation.explaining_row_key,
            first_explanation.explaining_row_key,
            opportunities_in_plan_order.row_key
        ) as root_row_key
    from opportunities_in_plan_order
    left join opportunity_explanations as first_explanation
        on
            opportunities_in_plan_order.row_key = first_explanation.explained_row_key
            and first_explanation.explanation_rank = 1
    left join opportunity_explanations as second_explanation
        on
            first_explanation.explaining_row_key = second_explanation.explained_row_key
            and second_explanation.explanation_rank = 1
),

opportunity_evidence as (
    select
        opportunity_roots.root_row_key,
        count(*) as merged_rows,
        max(case when opportunities_in_plan_order.opportunity_source = 'friction' then 1 else 0 end) as has_friction,
        max(case when opportunities_in_plan_order.opportunity_source = 'funnel' then 1 else 0 end) as has_funnel,
        max(case when opportunities_in_plan_order.opportunity_source = 'text' then 1 else 0 end) as has_text,
        max(case when opportunities_in_plan_order.is_fixable_problem then 1 else 0 end) as has_fixable_row,
        {{ journey.string_agg_sorted('opportunities_in_plan_order.evidence_item', '; ') }} as evidence
    from opportunity_roots
    inner join opportunities_in_plan_order
        on opportunity_roots.row_key = opportunities_in_plan_order.row_key
    group by opportunity_roots.root_row_key
),

-- one row per root cause: the root's own figures, and the evidence of every row merged into it
opportunities_merged as (
    select
        opportunities_in_plan_order.*,
        opportunity_evidence.merged_rows,
        opportunity_evidence.evidence,
        -- one root cause: fixable when any of its rows is (the people who wrote in count as affected too)
        opportunity_evidence.has_fixable_row = 1 as is_root_cause_fixable,
        {{ dbt.concat([
            "case when opportunity_evidence.has_friction = 1 then ', friction' else '' end",
            "case when opportunity_evidence.has_funnel = 1 then ', funnel' else '' end",
            "case when opportunity_evidence.has_text = 1 then ', text' else '' end",
        ]) }} as evidence_sources_listed
    from opportunities_in_plan_order
    inner join opportunity_evidence
        on opportunities_in_plan_order.row_key = opportunity_evidence.root_row_key
),

opportunities_measured as (
    select
        *,
        {{ ci_z }} * sqrt(segment_rate * (1 - segment_rate) / segment_trials) as segment_rate_margin,
        {{ ci_z }} * sqrt(comparison_rate * (1 - comparison_rate) / comparison_trials) as comparison_rate_margin,
        {{ ci_z }} * sqrt(
            segment_rate * (1 - segment_rate) / segment_trials
            + comparison_rate * (1 - comparison_rate) / comparison_trials
        ) as rate_gap_margin,
        abs(segment_rate - comparison_rate) as rate_gap,
        {{ journey.two_proportion_sample_size('segment_rate', 'comparison_rate') }} as test_sample_size_per_arm,
        {{ dbt.right('evidence_sources_listed', dbt.length('evidence_sources_listed') ~ ' - 2') }} as evidence_sources
    from opportunities_merged
),

opportunities_ranked as (
    select
        *,
        row_number() over (
            order by
                case
                    when not is_root_cause_fixable then 2
                    when estimated_conversions_lost is null then 1
                    else 0
                end asc,
                estimated_conversions_lost desc,
                people_affected desc,
                evidence_z_score desc,
                area asc,
                segment asc
        ) as opportunity_rank,
        {{ dbt.hash(dbt.concat(['opportunity_source', "'|'", 'area', "'|'", 'segment'])) }} as opportunity_key,
        {{ journey.opportunity_action('action_phrase', 'segment', 'rate_measured', 'segment_rate', 'comparison_rate') }}
            as next_action_text,
        -- the conversions lost scale with the rate gap: its interval bounds give the estimate's
        case when rate_gap > 0 then estimated_conversions_lost * greatest(0, rate_gap - rate_gap_margin) / rate_gap end
            as estimated_conversions_lost_ci_low,
        case when rate_gap > 0 then estimated_conversions_lost * (rate_gap + rate_gap_margin) / rate_gap end
            as estimated_conversions_lost_ci_high,
        -- both arms drawn from the segment's own traffic (segment_trials over the days observed)
        ceil(
            2 * test_sample_size_per_arm * (select observed_period.observed_days from observed_period) / segment_trials
        ) as test_duration_days
    from opportunities_measured
),

opportunities_final as (
    select
        cast(opportunity_key as {{ dbt.type_string() }}) as opportunity_id,
        cast(opportunity_rank as {{ dbt.type_bigint() }}) as opportunity_rank,
        cast(opportunity_source as {{ dbt.type_string() }}) as opportunity_source,
        cast(problem_kind as {{ dbt.type_string() }}) as problem_kind,
        is_root_cause_fixable as is_fixable,
        cast(area as {{ dbt.type_string() }}) as area,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(segment_size as {{ dbt.type_bigint() }}) as segment_size,
        cast(people_affected as {{ dbt.type_bigint() }}) as people_affected,
        cast(rate_measured as {{ dbt.type_string() }}) as rate_measured,
        cast(segment_rate as {{ journey.type_double() }}) as segment_rate,
        cast(segment_rate - segment_rate_margin as {{ journey.type_double() }}) as segment_rate_ci_low,
        cast(segment_rate + segment_rate_margin as {{ journey.type_double() }}) as segment_rate_ci_high,
        cast(comparison_rate as {{ journey.type_double() }}) as comparison_rate,
        cast(comparison_rate - comparison_rate_margin as {{ journey.type_double() }}) as comparison_rate_ci_low,
        cast(comparison_rate + comparison_rate_margin as {{ journey.type_double() }}) as comparison_rate_ci_high,
        cast(estimated_conversions_lost as {{ journey.type_double() }}) as estimated_conversions_lost,
        cast(estimated_conversions_lost_ci_low as {{ journey.type_double() }}) as estimated_conversions_lost_ci_low,
        cast(estimated_conversions_lost_ci_high as {{ journey.type_double() }}) as estimated_conversions_lost_ci_high,
        cast(evidence_z_score as {{ journey.type_double() }}) as evidence_z_score,
        cast(p_value as {{ journey.type_double() }}) as p_value,
        cast(q_value as {{ journey.type_double() }}) as q_value,
        cast(merged_rows as {{ dbt.type_bigint() }}) as merged_rows,
        cast(evidence_sources as {{ dbt.type_string() }}) as evidence_sources,
        cast(evidence as {{ dbt.type_string() }}) as evidence,
        cast(next_action_text as {{ dbt.type_string() }}) as next_action,
        cast(case when is_root_cause_fixable then test_sample_size_per_arm end as {{ dbt.type_bigint() }})
            as test_sample_size_per_arm,
        cast(case when is_root_cause_fixable then test_duration_days end as {{ dbt.type_bigint() }})
            as test_duration_days,
        cast(case
            when is_root_cause_fixable
                then {{ dbt.concat([
                    "'A/B test in '", 'segment', "': '", 'action_phrase', "'; metric: '", 'rate_measured',
                    "' (now '", journey.percent_text('segment_rate'), "', elsewhere '",
                    journey.percent_text('comparison_rate'), "'); '",
                    'cast(cast(test_sample_size_per_arm as ' ~ dbt.type_bigint() ~ ') as ' ~ dbt.type_string() ~ ')',
                    "' per arm, about '",
                    'cast(cast(test_duration_days as ' ~ dbt.type_bigint() ~ ') as ' ~ dbt.type_string() ~ ')',
                    "' days at current traffic (two-sided 5 %, 80 % power)'",
                ]) }}
        end as {{ dbt.type_string() }}) as suggested_test
    from opportunities_ranked
)

select * from opportunities_final
