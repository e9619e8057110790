{#-
    The input of multi-touch attribution: every marketing touch and every
    conversion of every person, in the shape the attribution macros read.
    A touch is a session's entry (channel group, source, medium, campaign; an
    'ad_click' when the session came with a click id, else a 'session') or an
    email click. An email click followed by an Email session of the same person
    within journey_session_timeout_minutes is that session's touch already and
    is not counted twice. A conversion is a timeline activity named in the
    enabled rows of the conversion_types seed (only the person's first one where
    is_first_only), worth the activity's value or a fixed value. That every
    activity of the seed is a canonical event of event_taxonomy is a test of the
    conversion_types seed (seeds/attribution/_attribution__seeds.yml).
-#}
with

int_sessions_aggregated as (
    select * from {{ ref('int_sessions_aggregated') }}
),

int_activities_ordered as (
    select * from {{ ref('int_activities_ordered') }}
),

conversion_types as (
    select * from {{ ref('conversion_types') }}
),

session_touches as (
    select
        {{ dbt.concat(["'session:'", 'session_id']) }} as touchpoint_id,
        person_id,
        session_started_at as touchpoint_at,
        case when has_click_id then 'ad_click' else 'session' end as touchpoint_type,
        coalesce(entry_channel_group, {{ journey.label('unassigned') }}) as channel_group,
        coalesce(entry_source, {{ journey.label('not_set') }}) as traffic_source,
        coalesce(entry_medium, {{ journey.label('not_set') }}) as traffic_medium,
        coalesce(entry_campaign, {{ journey.label('not_set') }}) as campaign
    from int_sessions_aggregated
),

email_clicks as (
    select
        activity_id,
        person_id,
        activity_at,
        campaign
    from int_activities_ordered
    where activity = 'email_clicked'
),

email_clicks_without_session as (
    select email_clicks.*
    from email_clicks
    left join int_sessions_aggregated as email_sessions
        on
            email_clicks.person_id = email_sessions.person_id
            and email_sessions.entry_channel_group = 'Email'
            and email_clicks.activity_at <= email_sessions.session_started_at
            and email_sessions.session_started_at <= {{ dbt.dateadd(
                'minute', var('journey_session_timeout_minutes'), 'email_clicks.activity_at') }}
    where email_sessions.session_id is null
),

email_click_touches as (
    select
        activity_id as touchpoint_id,
        person_id,
        activity_at as touchpoint_at,
        'email_click' as touchpoint_type,
        'Email' as channel_group,
        'newsletter' as traffic_source,
        'email' as traffic_medium,
        coalesce(campaign, {{ journey.label('not_set') }}) as campaign
    from email_clicks_without_session
),

conversions as (
    select
        {{ dbt.concat(['conversion_types.conversion_type', "':'", 'int_activities_ordered.activity_id']) }}
            as touchpoint_id,
        int_activities_ordered.person_id,
        int_activities_ordered.activity_at as touchpoint_at,
        int_activities_ordered.activity as touchpoint_type,
        conversion_types.conversion_type,
        case
            when conversion_types.value_rule = 'fixed' then conversion_types.fixed_value
            else coalesce(int_activities_ordered.activity_value, 0)
        end as conversion_value
    from int_activities_ordered
    inner join conversion_types
        on int_activities_ordered.activity = conversion_types.activity
    where
        conversion_types.is_enabled
        and (not conversion_types.is_first_only or int_activities_ordered.is_first_occurrence)
),

touches_unioned as (
    select * from session_touches
    union all
    select * from email_click_touches
),

touchpoints_unioned as (
    select
        touchpoint_id,
        person_id,
        touchpoint_at,
        touchpoint_type,
        channel_group,
        traffic_source,
        traffic_medium,
        campaign,
        false as is_conversion,
        cast(null as {{ dbt.type_string() }}) as conversion_type,
        cast(null as {{ journey.type_double() }}) as conversion_value
    from touches_unioned
    union all
    select
        touchpoint_id,
        person_id,
        touchpoint_at,
        touchpoint_type,
        cast(null as {{ dbt.type_string() }}) as channel_group,
        cast(null as {{ dbt.type_string() }}) as traffic_source,
        cast(null as {{ dbt.type_string() }}) as traffic_medium,
        cast(null as {{ dbt.type_string() }}) as campaign,
        true as is_conversion,
        conversion_type,
        cast(conversion_value as {{ journey.type_double() }}) as conversion_value
    from conversions
)

select * from touchpoints_unioned
where person_id is not null
