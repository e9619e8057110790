{#-
    Multi-touch attribution, step 1: journeys.

    The input is one relation of touchpoints and conversions of people (any
    relation with a person, a time, a channel, a conversion flag and a value):
    a row with the conversion flag false is a marketing touch, a row with it
    true is a conversion. Conversions may carry a conversion type; touches
    count for every conversion type.

    Returns a select with one row per (journey, touch):
      - a converting journey per conversion: the person's touches at or before
        the conversion, after the previous conversion of the same type (journeys
        reset after each conversion of that type) and not older than
        lookback_days before the conversion. Touches after the conversion never
        count. A conversion without any touch gets one synthetic touch in channel
        '(none)', so that every model still gives it exactly one conversion;
      - an open (non-converting) journey per person and conversion type: the
        touches after the person's last conversion of that type (all of them for
        people who never converted), not older than lookback_days before the
        last of them. The Markov model needs them; credits never go to them.
    Touches are numbered by time, ties broken by the touch id.
-#}
{% macro attribution_journeys_sql(
    relation,
    id_column='touchpoint_id',
    person_column='person_id',
    at_column='touchpoint_at',
    channel_column='channel',
    is_conversion_column='is_conversion',
    value_column='conversion_value',
    conversion_type_column=none,
    dimension_columns=[],
    lookback_days=none
) %}
    {%- set lookback_seconds = ((lookback_days if lookback_days is not none
        else var('journey_attribution_lookback_days')) * 86400) | int -%}
    {%- set text_type = dbt.type_string() -%}
    with

    attribution_input as (
        select
            cast({{ id_column }} as {{ text_type }}) as touchpoint_id,
            cast({{ person_column }} as {{ text_type }}) as person_id,
            {{ at_column }} as touchpoint_at,
            cast({{ channel_column }} as {{ text_type }}) as channel,
            {%- for column in dimension_columns %}
            cast({{ column }} as {{ text_type }}) as {{ column }},
            {%- endfor %}
            coalesce({{ is_conversion_column }}, false) as is_conversion,
            cast({{ conversion_type_column or "'conversion'" }} as {{ text_type }}) as conversion_type,
            cast({{ value_column }} as {{ journey.type_double() }}) as conversion_value
        from {{ relation }}
        where {{ person_column }} is not null and {{ at_column }} is not null
    ),

    conversions_sequenced as (
        select
            touchpoint_id as conversion_id,
            person_id,
            conversion_type,
            touchpoint_at as converted_at,
            coalesce(conversion_value, 0) as conversion_value,
            lag(touchpoint_at) over (
                partition by person_id, conversion_type order by touchpoint_at, touchpoint_id
            ) as previous_converted_at,
            row_number() over (
                partition by person_id, conversion_type order by touchpoint_at, touchpoint_id
            ) = 1 as is_first_conversion
        from attribution_input
        where is_conversion
    ),

    touches as (
        select * from attribution_input
        where not is_conversion and channel is not null
    ),

    conversion_types_seen as (
        select distinct conversion_type from conversions_sequenced
    ),

    converting_journey_touches as (
        select
            conversions_sequenced.conversion_id as journey_id,
            conversions_sequenced.conversion_type,
            conversions_sequenced.person_id,
            true as is_converting,
            conversions_sequenced.conversion_id,
            conversions_sequenced.converted_at,
            conversions_sequenced.conversion_value,
            conversions_sequenced.is_first_conversion,
            coalesce(
                touches.touchpoint_id,
                {{ dbt.concat(['conversions_sequenced.conversion_id', "':(none)'"]) }}
            ) as touchpoint_id,
            coalesce(touches.touchpoint_at, conversions_sequenced.converted_at) as touchpoint_at,
            coalesce(touches.channel, '(none)') as channel,
            {%- for column in dimension_columns %}
            case when touches.touchpoint_id is null then '(none)' else touches.{{ column }} end as {{ column }},
            {%- endfor %}
            touches.touchpoint_id is null as is_synthetic_touch
        from conversions_sequenced
        left join touches
            on
                conversions_sequenced.person_id = touches.person_id
                and touches.touchpoint_at <= conversions_sequenced.converted_at
                and touches.touchpoint_at >= {{ dbt.dateadd(
                    'second', -1 * lookback_seconds, 'conversions_sequenced.converted_at') }}
                and (
                    conversions_sequenced.previous_converted_at is null
                    or touches.touchpoint_at > conversions_sequenced.previous_converted_at
                )
    ),

    last_conversions as (
        select
            person_id,
            conversion_type,
            max(converted_at) as last_converted_at
        from conversions_sequenced
        group by person_id, conversion_type
    ),

    open_touches as (
        select
            touches.*,
            conversion_types_seen.conversion_type as open_conversion_type
        from touches
        cross join conversion_types_seen
        left join last_conversions
            on
                touches.person_id = last_conversions.person_id
                and conversion_types_seen.conversion_type = last_conversions.conversion_type
        where
            last_conversions.last_converted_at is null
            or touches.touchpoint_at > last_conversions.last_converted_at
    ),

    open_touches_with_end as (
        select
            *,
            max(touchpoint_at) over (partition by person_id, open_conversion_type) as journey_ended_at
        from open_touches
    ),

    open_journey_touches as (
        select
            {{ dbt.concat(["'open|'", 'open_conversion_type', "'|'", 'person_id']) }} as journey_id,
            open_conversion_type as conversion_type,
            person_id,
            false as is_converting,
            cast(null as {{ text_type }}) as conversion_id,
            cast(null as {{ dbt.type_timestamp() }}) as converted_at,
            cast(0 as {{ journey.type_double() }}) as conversion_value,
            false as is_first_conversion,
            touchpoint_id,
            touchpoint_at,
            channel,
            {%- for column in dimension_columns %}
            {{ column }},
            {%- endfor %}
            false as is_synthetic_touch
        from open_touches_with_end
        where touchpoint_at >= {{ dbt.dateadd('second', -1 * lookback_seconds, 'journey_ended_at') }}
    ),

    journey_touches_unioned as (
        select * from converting_journey_touches
        union all
        select * from open_journey_touches
    ),

    journey_touches_numbered as (
        select
            *,
            row_number() over (partition by journey_id order by touchpoint_at, touchpoint_id) as touch_number,
            count(*) over (partition by journey_id) as touches_in_journey
        from journey_touches_unioned
    )

    select * from journey_touches_numbered
{% endmacro %}
