{#-
    The distinct channel groups of every attribution journey (converting and
    open), coded for the Shapley model: each channel's bit (its rank among the
    conversion type's channel groups) and the journey's channel set as a bit mask
    (null when the conversion type has more than 62 channel groups).
-#}
with

int_attribution_journeys_built as (
    select * from {{ ref('int_attribution_journeys_built') }}
),

journey_channels as (
    {{ journey.attribution_journey_channels('int_attribution_journeys_built') }}
),

journey_channels_coded as (
    {{ journey.attribution_channel_sets_coded('journey_channels') }}
),

journey_channels_typed as (
    select
        journey_id,
        channel,
        conversion_type,
        is_converting,
        cast(channel_bit as {{ dbt.type_bigint() }}) as channel_bit,
        cast(channel_set as {{ dbt.type_bigint() }}) as channel_set,
        cast(distinct_channels as {{ dbt.type_bigint() }}) as distinct_channels
    from journey_channels_coded
)

select * from journey_channels_typed
