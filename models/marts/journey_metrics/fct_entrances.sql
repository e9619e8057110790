{#-
    Entry metric family: how many sessions start where, and how good they are.
    Grain: entry week x channel group x source x medium x campaign x landing page.
-#}
with

int_sessions_aggregated as (
    select * from {{ ref('int_sessions_aggregated') }}
),

sessions_labelled as (
    select
        session_id,
        person_id,
        cast({{ dbt.date_trunc('week', 'session_started_at') }} as date) as entry_week,
        coalesce(entry_channel_group, {{ journey.label('none') }}) as entry_channel_group,
        coalesce(entry_source, {{ journey.label('none') }}) as entry_source,
        coalesce(entry_medium, {{ journey.label('none') }}) as entry_medium,
        coalesce(entry_campaign, {{ journey.label('none') }}) as entry_campaign,
        coalesce(landing_page_path, {{ journey.label('none') }}) as landing_page_path,
        case when is_engaged then 1 else 0 end as engaged_flag,
        case when is_bounced then 1 else 0 end as bounced_flag,
        case when is_converted then 1 else 0 end as converted_flag,
        case
            when person_id is not null and row_number() over (
                partition by person_id order by session_started_at, session_id
            ) = 1 then 1
            else 0
        end as first_session_flag
    from int_sessions_aggregated
),

entrances_grouped as (
    select
        entry_week,
        entry_channel_group,
        entry_source,
        entry_medium,
        entry_campaign,
        landing_page_path,
        count(*) as sessions,
        count(distinct person_id) as people,
        sum(first_session_flag) as first_sessions,
        sum(engaged_flag) as engaged_sessions,
        sum(bounced_flag) as bounced_sessions,
        sum(converted_flag) as converted_sessions
    from sessions_labelled
    group by
        entry_week,
        entry_channel_group,
        entry_source,
        entry_medium,
        entry_campaign,
        landing_page_path
),

entrances_final as (
    select
        entry_week,
        cast(entry_channel_group as {{ dbt.type_string() }}) as entry_channel_group,
        cast(entry_source as {{ dbt.type_string() }}) as entry_source,
        cast(entry_medium as {{ dbt.type_string() }}) as entry_medium,
        cast(entry_campaign as {{ dbt.type_string() }}) as entry_campaign,
        cast(landing_page_path as {{ dbt.type_string() }}) as landing_page_path,
        cast(sessions as {{ dbt.type_bigint() }}) as sessions,
        cast(people as {{ dbt.type_bigint() }}) as people,
        cast(first_sessions as {{ dbt.type_bigint() }}) as first_sessions,
        cast(engaged_sessions as {{ dbt.type_bigint() }}) as engaged_sessions,
        cast(bounced_sessions as {{ dbt.type_bigint() }}) as bounced_sessions,
        cast(converted_sessions as {{ dbt.type_bigint() }}) as converted_sessions,
        {{ journey.safe_ratio('engaged_sessions', 'sessions') }} as engagement_rate,
        {{ journey.safe_ratio('bounced_sessions', 'sessions') }} as bounce_rate,
        {{ journey.safe_ratio('converted_sessions', 'sessions') }} as session_conversion_rate
    from entrances_grouped
)

select * from entrances_final
