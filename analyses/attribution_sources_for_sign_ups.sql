{#-
    Ad hoc attribution with the project's attribution macro (the steps the
    attribution models run): which traffic sources led to sign-ups, by every
    model, with the traffic source (not the channel group) as the channel and a
    14-day lookback. Any relation with a person, a time, a channel, a
    conversion flag and a value works the same way: a relation, a subquery or,
    as here, a CTE of the query. `dbt compile --select attribution_sources_for_sign_ups`
    writes the SQL to run; nothing runs while it compiles.
-#}
with

int_sessions_aggregated as (
    select * from {{ ref('int_sessions_aggregated') }}
),

int_activities_ordered as (
    select * from {{ ref('int_activities_ordered') }}
),

touches_and_sign_ups as (
    select
        {{ dbt.concat(["'session:'", 'session_id']) }} as touchpoint_id,
        person_id,
        session_started_at as touchpoint_at,
        entry_source as channel,
        false as is_conversion,
        cast(null as {{ journey.type_double() }}) as conversion_value
    from int_sessions_aggregated
    union all
    select
        activity_id as touchpoint_id,
        person_id,
        activity_at as touchpoint_at,
        cast(null as {{ dbt.type_string() }}) as channel,
        true as is_conversion,
        cast(1 as {{ journey.type_double() }}) as conversion_value
    from int_activities_ordered
    where activity = 'sign_up'
),

credits as (
    {#- dbt-duckdb's dbt.datediff (in the time decay weight) renders "b::timestamp ))". -#}
    {{ journey.attribution_credits('touches_and_sign_ups', lookback_days=14) | indent(4) }} -- noqa: LT01
),

sign_ups_by_source_and_model as (
    select
        channel as traffic_source,
        attribution_model,
        sum(credit) as attributed_sign_ups,
        max(markov_transient_mass) as markov_transient_mass
    from credits
    group by channel, attribution_model
)

select * from sign_ups_by_source_and_model
order by attribution_model asc, attributed_sign_ups desc
