{#-
    Which behaviours predict a later outcome (churn after the first purchase, no
    activation in the trial: seed churn_outcomes): one row per outcome, behaviour kind
    and value (int_churn_behaviours_observed), comparing the outcome rate of the people
    who showed the behaviour with that of the rest of the population. The lift is the
    ratio of the two rates, with a 95 % confidence interval (log risk ratio); the rate
    difference has a 95 % Wald interval. A behaviour shown, or not shown, by fewer than
    journey_predictor_min_people people is reported but not tested. The tested rows of an
    outcome get a two-sided p-value (pooled two-proportion z) and a Benjamini-Hochberg
    q-value across all of them, so the share of false discoveries among the rows with
    q_value <= journey_fdr_q is controlled at that rate.
-#}
{%- set min_people = var('journey_predictor_min_people') | int -%}
{%- set ci_z = 1.959964 -%}

with

int_churn_outcomes_observed as (
    select * from {{ ref('int_churn_outcomes_observed') }}
),

int_churn_behaviours_observed as (
    select * from {{ ref('int_churn_behaviours_observed') }}
),

populations_counted as (
    select
        outcome_name,
        count(*) as population,
        sum(case when is_outcome then 1 else 0 end) as outcome_people
    from int_churn_outcomes_observed
    group by outcome_name
),

behaviours_counted as (
    select
        behaviours.outcome_name,
        behaviours.behaviour_kind,
        behaviours.behaviour_value,
        count(*) as people_with,
        sum(case when members.is_outcome then 1 else 0 end) as outcome_people_with
    from int_churn_behaviours_observed as behaviours
    inner join int_churn_outcomes_observed as members
        on
            behaviours.outcome_name = members.outcome_name
            and behaviours.person_id = members.person_id
    group by behaviours.outcome_name, behaviours.behaviour_kind, behaviours.behaviour_value
),

behaviours_compared as (
    select
        behaviours_counted.outcome_name,
        behaviours_counted.behaviour_kind,
        behaviours_counted.behaviour_value,
        populations_counted.population,
        behaviours_counted.people_with,
        behaviours_counted.outcome_people_with,
        populations_counted.population - behaviours_counted.people_with as people_without,
        populations_counted.outcome_people - behaviours_counted.outcome_people_with as outcome_people_without
    from behaviours_counted
    inner join populations_counted
        on behaviours_counted.outcome_name = populations_counted.outcome_name
),

behaviours_with_rates as (
    select
        *,
        {{ journey.safe_ratio('outcome_people_with', 'people_with') }} as outcome_rate_with,
        {{ journey.safe_ratio('outcome_people_without', 'people_without') }} as outcome_rate_without,
        people_with >= {{ min_people }} and people_without >= {{ min_people }} as is_tested
    from behaviours_compared
),

behaviours_tested as (
    select
        *,
        outcome_rate_with - outcome_rate_without as rate_difference,
        {{ ci_z }} * sqrt(
            outcome_rate_with * (1 - outcome_rate_with) / people_with
            + outcome_rate_without * (1 - outcome_rate_without) / people_without
        ) as rate_difference_margin,
        {{ journey.safe_ratio('outcome_rate_with', 'outcome_rate_without') }} as lift,
        case
            when outcome_people_with > 0 and outcome_people_without > 0
                then {{ ci_z }} * sqrt(
                    1.0 / outcome_people_with - 1.0 / people_with
                    + 1.0 / outcome_people_without - 1.0 / people_without
                )
        end as log_lift_margin,
        case
            when is_tested
                then {{ journey.two_proportion_z('outcome_people_with', 'people_with',
                    'outcome_people_without', 'people_without') | indent(16) }}
        end as z_score
    from behaviours_with_rates
    where people_without > 0
),

behaviours_with_p_values as (
    select
        *,
        {{ journey.normal_two_sided_p_value('z_score') }} as p_value
    from behaviours_tested
),

{{ journey.benjamini_hochberg_q_values(
    'behaviours_with_p_values', ['outcome_name'], ['behaviour_kind', 'behaviour_value']
) }},

behaviours_ranked as (
    select
        *,
        coalesce(q_value <= {{ var('journey_fdr_q') }}, false) as is_discovery,
        case
            when q_value <= {{ var('journey_fdr_q') }}
                then row_number() over (
                    partition by outcome_name, case when q_value <= {{ var('journey_fdr_q') }} then 1 else 0 end
                    order by q_value asc, abs(rate_difference) desc, behaviour_kind asc, behaviour_value asc
                )
        end as predictor_rank
    from behaviours_with_p_values_with_q_values
),

predictors_final as (
    select
        cast(outcome_name as {{ dbt.type_string() }}) as outcome_name,
        cast(behaviour_kind as {{ dbt.type_string() }}) as behaviour_kind,
        cast(behaviour_value as {{ dbt.type_string() }}) as behaviour_value,
        cast(population as {{ dbt.type_bigint() }}) as population,
        cast(people_with as {{ dbt.type_bigint() }}) as people_with,
        cast(outcome_people_with as {{ dbt.type_bigint() }}) as outcome_people_with,
        outcome_rate_with,
        cast(people_without as {{ dbt.type_bigint() }}) as people_without,
        cast(outcome_people_without as {{ dbt.type_bigint() }}) as outcome_people_without,
        outcome_rate_without,
        rate_difference,
        rate_difference - rate_difference_margin as rate_difference_ci_low,
        rate_difference + rate_difference_margin as rate_difference_ci_high,
        lift,
        case when lift > 0 then exp(ln(lift) - log_lift_margin) end as lift_ci_low,
        case when lift > 0 then exp(ln(lift) + log_lift_margin) end as lift_ci_high,
        is_tested,
        z_score,
        p_value,
        q_value,
        is_discovery,
        cast(predictor_rank as {{ dbt.type_bigint() }}) as predictor_rank
    from behaviours_ranked
)

select * from predictors_final
