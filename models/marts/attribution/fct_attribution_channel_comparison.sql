with

fct_attribution_credits as (
    select * from {{ ref('fct_attribution_credits') }}
),

credits_by_channel as (
    select
        conversion_type,
        attribution_model,
        channel_group,
        sum(credit) as attributed_conversions,
        sum(credited_value) as attributed_value
    from fct_attribution_credits
    group by conversion_type, attribution_model, channel_group
),

credits_with_share as (
    select
        *,
        {{ journey.attribution_share_columns() | indent(8) }}
    from credits_by_channel
),

comparison as (
    select
        cast(conversion_type as {{ dbt.type_string() }}) as conversion_type,
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(channel_group as {{ dbt.type_string() }}) as channel_group,
        cast(attributed_conversions as {{ journey.type_double() }}) as attributed_conversions,
        cast(attributed_value as {{ journey.type_double() }}) as attributed_value,
        cast(conversion_share as {{ journey.type_double() }}) as conversion_share,
        cast(value_share as {{ journey.type_double() }}) as value_share
    from credits_with_share
)

select * from comparison
