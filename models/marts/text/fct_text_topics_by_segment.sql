{#-
    Topics of texts per segment, ready to rank: for each segment (segment_type
    journey_stage, plan, preceding_friction_activity, failed_payment_before,
    onboarding_step_before or text_source, and its value) and each primary topic, the
    texts and distinct people, the topic's share of the segment's texts, its share of
    all texts, and the lift (segment share / overall share). Empty texts ('no_text')
    are left out. Grain: segment_type, segment_value, primary_topic.
-#}
with

fct_text_topics as (
    select * from {{ ref('fct_text_topics') }}
),

texts_with_content as (
    select * from fct_text_topics
    where not is_empty_text
),

{%- set segments = {
    'journey_stage': 'journey_stage',
    'plan': 'plan',
    'preceding_friction_activity': 'preceding_friction_activity',
    'failed_payment_before': "case when has_failed_payment_before then 'yes' else 'no' end",
    'onboarding_step_before': "case when has_onboarding_step_before then 'yes' else 'no' end",
    'text_source': 'text_source',
} %}

texts_by_segment as (
    {% for segment_type, expression in segments.items() %}
        select
            '{{ segment_type }}' as segment_type,
            {{ expression }} as segment_value,
            primary_topic,
            text_id,
            person_id
        from texts_with_content
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

segment_topic_counts as (
    select
        segment_type,
        segment_value,
        primary_topic,
        count(*) as texts,
        count(distinct person_id) as people
    from texts_by_segment
    group by segment_type, segment_value, primary_topic
),

segment_totals as (
    select
        segment_type,
        segment_value,
        count(*) as segment_texts
    from texts_by_segment
    group by segment_type, segment_value
),

all_texts_counted as (
    select count(*) as all_texts
    from texts_with_content
),

overall_topic_shares as (
    select
        texts_with_content.primary_topic,
        cast(count(*) as {{ journey.type_double() }}) / max(all_texts_counted.all_texts) as overall_topic_share
    from texts_with_content
    cross join all_texts_counted
    group by texts_with_content.primary_topic
),

segments_final as (
    select
        cast(segment_topic_counts.segment_type as {{ dbt.type_string() }}) as segment_type,
        cast(segment_topic_counts.segment_value as {{ dbt.type_string() }}) as segment_value,
        cast(segment_topic_counts.primary_topic as {{ dbt.type_string() }}) as primary_topic,
        cast(segment_topic_counts.texts as {{ dbt.type_bigint() }}) as texts,
        cast(segment_topic_counts.people as {{ dbt.type_bigint() }}) as people,
        cast(segment_totals.segment_texts as {{ dbt.type_bigint() }}) as segment_texts,
        cast(segment_topic_counts.texts as {{ journey.type_double() }}) / segment_totals.segment_texts
            as topic_share_in_segment,
        cast(overall_topic_shares.overall_topic_share as {{ journey.type_double() }}) as overall_topic_share,
        cast(segment_topic_counts.texts as {{ journey.type_double() }}) / segment_totals.segment_texts
        / overall_topic_shares.overall_topic_share as topic_lift
    from segment_topic_counts
    inner join segment_totals
        on
            segment_topic_counts.segment_type = segment_totals.segment_type
            and segment_topic_counts.segment_value = segment_totals.segment_value
    inner join overall_topic_shares
        on segment_topic_counts.primary_topic = overall_topic_shares.primary_topic
)

select * from segments_final
