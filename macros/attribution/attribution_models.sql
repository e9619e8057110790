{#-
    Every attribution model over any relation of touchpoints and conversions, in
    one call: the same macros the attribution models of the project run
    (journeys, rule-based credits, Markov, Shapley), for analyses/ and ad hoc SQL.

        select * from ({{ journey.attribution_credits(
            relation=ref('my_touchpoints'),      -- or '(select ...) as touchpoints'
            id_column='event_id', person_column='user_id', at_column='event_at',
            channel_column='channel', is_conversion_column='is_purchase', value_column='revenue',
            dimension_columns=['campaign'],
        ) }}) as credits

    One row per (attribution_model, conversion, touch) given credit; the credits
    of a conversion sum to 1 in every model (credit * conversion_value gives the
    value). The Markov model needs its transitions in a table: when dbt executes
    (run, build, compile, show) the journeys' transitions are written to work
    tables in work_schema (by default the target's schema) and its chain is
    solved there; the last work table is left for the returned SQL to read.
    The relation must be a relation or a self-contained subquery (not the name
    of a CTE of the calling query), since the transitions are written by a
    statement of their own. solve_markov=false skips that (Markov credits are
    then empty), e.g. while the input does not exist yet.
-#}
{% macro attribution_credits(
    relation,
    id_column='touchpoint_id',
    person_column='person_id',
    at_column='touchpoint_at',
    channel_column='channel',
    is_conversion_column='is_conversion',
    value_column='conversion_value',
    conversion_type_column=none,
    dimension_columns=[],
    lookback_days=none,
    half_life_days=none,
    direct_channel=none,
    shapley_max_channels=none,
    work_schema=none,
    work_prefix='adhoc_attribution',
    solve_markov=true
) %}
    {%- set journeys_sql = journey.attribution_journeys_sql(
        relation, id_column=id_column, person_column=person_column, at_column=at_column,
        channel_column=channel_column, is_conversion_column=is_conversion_column, value_column=value_column,
        conversion_type_column=conversion_type_column, dimension_columns=dimension_columns,
        lookback_days=lookback_days) -%}
    {%- set journeys = '(' ~ journeys_sql ~ ') as journeys' -%}
    {%- set work_schema = work_schema or target.schema -%}
    {%- set run_in = ['run', 'build', 'retry', 'compile', 'show'] if solve_markov else [] -%}
    {%- set transitions = journey.attribution_work_relation(work_schema, work_prefix ~ '_transitions', 0) -%}
    {%- if execute and flags.WHICH in run_in -%}
        {%- do adapter.drop_relation(transitions) -%}
        {%- do run_query(journey.create_table_as_sql(
            transitions, journey.attribution_markov_transitions_sql(journeys))) -%}
    {%- endif -%}
    {%- set removal_effects = journey.markov_removal_effects(
        transitions, work_schema, work_prefix ~ '_markov', run_in=run_in) -%}
    select * from ({{ journey.attribution_rule_based_credits_sql(
        journeys, dimension_columns=dimension_columns, direct_channel=direct_channel,
        half_life_days=half_life_days) }}) as rule_based_credits
    union all
    select * from ({{ journey.attribution_markov_credits_sql(
        journeys, removal_effects, dimension_columns=dimension_columns) }}) as markov_credits
    union all
    select * from ({{ journey.attribution_shapley_credits_sql(
        journeys, dimension_columns=dimension_columns, max_channels=shapley_max_channels) }}) as shapley_credits
{% endmacro %}


{#-
    The final columns of the spend performance marts, from sums of spend,
    impressions, clicks, attributed conversions, value and first conversions:
    cost per acquisition, return on ad spend and customer acquisition cost
    (null where the denominator is 0).
-#}
{% macro attribution_performance_columns() -%}
    cast(spend as {{ journey.type_double() }}) as spend,
    cast(impressions as {{ dbt.type_bigint() }}) as impressions,
    cast(clicks as {{ dbt.type_bigint() }}) as clicks,
    cast(attributed_conversions as {{ journey.type_double() }}) as attributed_conversions,
    cast(attributed_value as {{ journey.type_double() }}) as attributed_value,
    cast(attributed_first_conversions as {{ journey.type_double() }}) as attributed_first_conversions,
    cast(
        case when attributed_conversions > 0 then spend / attributed_conversions end as {{ journey.type_double() }}
    ) as cost_per_acquisition,
    cast(case when spend > 0 then attributed_value / spend end as {{ journey.type_double() }}) as return_on_ad_spend,
    cast(
        case when attributed_first_conversions > 0 then spend / attributed_first_conversions end
        as {{ journey.type_double() }}
    ) as customer_acquisition_cost
{%- endmacro %}


{#-
    Shares of a comparison mart: attributed conversions and value over the
    model's totals for the conversion type (value share null when the type
    has no value).
-#}
{% macro attribution_share_columns() -%}
    attributed_conversions
    / sum(attributed_conversions) over (partition by conversion_type, attribution_model) as conversion_share,
    case
        when sum(attributed_value) over (partition by conversion_type, attribution_model) > 0
            then attributed_value / sum(attributed_value) over (partition by conversion_type, attribution_model)
    end as value_share
{%- endmacro %}
