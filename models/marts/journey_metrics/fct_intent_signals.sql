{#-
    Engagement and intent metric family: for each configured intent signal
    (seed intent_signals), the rate at which people who showed the signal went on
    to the outcome event, against the rate of everyone who never showed it.
    A person with the signal converts when an outcome happens at or after their
    first signal; a person without it converts when they have the outcome at all.
    The population is every person with at least one activity on the timeline.
    Grain: signal_name.
-#}
with

int_activities_enriched as (
    select * from {{ ref('int_activities_enriched') }}
),

intent_signals as (
    select * from {{ ref('intent_signals') }}
),

population as (
    select count(distinct person_id) as people
    from int_activities_enriched
),

signal_activities as (
    select
        intent_signals.signal_name,
        int_activities_enriched.person_id,
        min(int_activities_enriched.activity_at) as first_signal_at
    from int_activities_enriched
    inner join intent_signals
        on
            int_activities_enriched.activity = intent_signals.canonical_event
            and (
                intent_signals.property_name is null
                or {{ journey.activity_property_value('intent_signals.property_name', 'int_activities_enriched') }}
                = intent_signals.property_value
            )
    group by intent_signals.signal_name, int_activities_enriched.person_id
),

outcome_activities as (
    select
        intent_signals.signal_name,
        int_activities_enriched.person_id,
        max(int_activities_enriched.activity_at) as last_outcome_at
    from int_activities_enriched
    inner join intent_signals
        on int_activities_enriched.activity = intent_signals.outcome_event
    group by intent_signals.signal_name, int_activities_enriched.person_id
),

signal_people_outcomes as (
    select
        signal_activities.signal_name,
        count(*) as signal_people,
        sum(
            case when outcome_activities.last_outcome_at >= signal_activities.first_signal_at then 1 else 0 end
        ) as signal_converted_people
    from signal_activities
    left join outcome_activities
        on
            signal_activities.signal_name = outcome_activities.signal_name
            and signal_activities.person_id = outcome_activities.person_id
    group by signal_activities.signal_name
),

non_signal_outcomes as (
    select
        outcome_activities.signal_name,
        count(*) as non_signal_converted_people
    from outcome_activities
    left join signal_activities
        on
            outcome_activities.signal_name = signal_activities.signal_name
            and outcome_activities.person_id = signal_activities.person_id
    where signal_activities.person_id is null
    group by outcome_activities.signal_name
),

signals_compared as (
    select
        intent_signals.signal_name,
        intent_signals.canonical_event,
        intent_signals.property_name,
        intent_signals.property_value,
        intent_signals.outcome_event,
        population.people,
        coalesce(signal_people_outcomes.signal_people, 0) as signal_people,
        coalesce(signal_people_outcomes.signal_converted_people, 0) as signal_converted_people,
        population.people - coalesce(signal_people_outcomes.signal_people, 0) as non_signal_people,
        coalesce(non_signal_outcomes.non_signal_converted_people, 0) as non_signal_converted_people
    from intent_signals
    cross join population
    left join signal_people_outcomes
        on intent_signals.signal_name = signal_people_outcomes.signal_name
    left join non_signal_outcomes
        on intent_signals.signal_name = non_signal_outcomes.signal_name
),

signals_final as (
    select
        cast(signal_name as {{ dbt.type_string() }}) as signal_name,
        cast(canonical_event as {{ dbt.type_string() }}) as canonical_event,
        cast(property_name as {{ dbt.type_string() }}) as property_name,
        cast(property_value as {{ dbt.type_string() }}) as property_value,
        cast(outcome_event as {{ dbt.type_string() }}) as outcome_event,
        cast(people as {{ dbt.type_bigint() }}) as people,
        cast(signal_people as {{ dbt.type_bigint() }}) as signal_people,
        cast(signal_converted_people as {{ dbt.type_bigint() }}) as signal_converted_people,
        {{ journey.safe_ratio('signal_converted_people', 'signal_people') }} as signal_conversion_rate,
        cast(non_signal_people as {{ dbt.type_bigint() }}) as non_signal_people,
        cast(non_signal_converted_people as {{ dbt.type_bigint() }}) as non_signal_converted_people,
        {{ journey.safe_ratio('non_signal_converted_people', 'non_signal_people') }} as non_signal_conversion_rate,
        {{ journey.safe_ratio(
            journey.safe_ratio('signal_converted_people', 'signal_people'),
            journey.safe_ratio('non_signal_converted_people', 'non_signal_people'),
        ) }} as conversion_lift,
        {{ journey.two_proportion_z(
            'signal_converted_people', 'signal_people', 'non_signal_converted_people', 'non_signal_people',
        ) }} as z_score
    from signals_compared
)

select * from signals_final
