{#-
    Multi-touch attribution, step 1: journeys. Each macro is one select (one CTE)
    of int_attribution_journeys_built, which the analyst macro
    journey.attribution_credits runs in the same order on any relation:

      attribution_input                      touches and conversions, one shape
      attribution_conversions_sequenced      conversions with the previous one of the type
      attribution_conversion_types           the conversion types seen
      attribution_converting_journey_touches the touches that count for each conversion
      attribution_open_touches               touches after a person's last conversion of a type
      attribution_open_journey_touches       ... within the lookback before the last of them
      attribution_journey_touches_numbered   both kinds of journeys, touches numbered

    The rules are documented in models/intermediate/attribution/_attribution__docs.md
    and docs/attribution.md.
-#}

{#- The touch columns every journey and credit row carries besides the channel. -#}
{% macro attribution_touch_dimensions() %}
    {{ return(['touchpoint_type', 'traffic_source', 'traffic_medium', 'campaign']) }}
{% endmacro %}


{#- The lookback window in seconds (lookback_days, or var journey_attribution_lookback_days). -#}
{% macro attribution_lookback_seconds(lookback_days=none) %}
    {{ return(((lookback_days if lookback_days is not none
        else var('journey_attribution_lookback_days')) * 86400) | int) }}
{% endmacro %}


{#-
    Any relation of touches and conversions in the shape the steps read: a row with the
    conversion flag false is a touch, true a conversion (typed by conversion_type_column,
    else 'conversion'). Rows without a person or a time are left out.
-#}
{% macro attribution_input(
    relation, id_column, person_column, at_column, channel_column, is_conversion_column, value_column,
    conversion_type_column=none, dimension_columns=[]
) -%}
    {%- set text_type = dbt.type_string() -%}
    select
        cast({{ id_column }} as {{ text_type }}) as touchpoint_id,
        cast({{ person_column }} as {{ text_type }}) as person_id,
        {{ at_column }}{{ ' as touchpoint_at' if at_column != 'touchpoint_at' }},
        cast({{ channel_column }} as {{ text_type }}) as channel,
        {%- for column in dimension_columns %}
        cast({{ column }} as {{ text_type }}) as {{ column }},
        {%- endfor %}
        coalesce({{ is_conversion_column }}, false) as is_conversion,
        cast({{ conversion_type_column or "'conversion'" }} as {{ text_type }}) as conversion_type,
        cast({{ value_column }} as {{ journey.type_double() }}) as conversion_value
    from {{ relation }}
    where {{ person_column }} is not null and {{ at_column }} is not null
{%- endmacro %}


{#- Conversions, each with the time of the person's previous conversion of the same type. -#}
{% macro attribution_conversions_sequenced(input) -%}
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
        ) = 1 as is_first_conversion,
        row_number() over (
            partition by person_id, conversion_type order by touchpoint_at desc, touchpoint_id desc
        ) = 1 as is_last_conversion
    from {{ input }}
    where is_conversion
{%- endmacro %}


{#-
    One journey per conversion: the person's touches at or before it, not older than the
    lookback, after the previous conversion of the same type. A conversion without any
    gets one synthetic touch in channel '(none)'. Both lower bounds are plain comparisons
    (no `or`), so that engines hash-join on the person.
-#}
{% macro attribution_converting_journey_touches(input, conversions, dimension_columns=[], lookback_days=none) -%}
    {%- set lookback_seconds = journey.attribution_lookback_seconds(lookback_days) -%}
    {%- set window_start = dbt.dateadd('second', -1 * lookback_seconds, 'conversions.converted_at') | trim -%}
    {%- set before_window_start = dbt.dateadd(
        'second', -1 * lookback_seconds - 1, 'conversions.converted_at') | trim -%}
    select
        conversions.conversion_id as journey_id,
        conversions.conversion_type,
        conversions.person_id,
        true as is_converting,
        conversions.conversion_id,
        conversions.converted_at,
        conversions.conversion_value,
        conversions.is_first_conversion,
        coalesce(
            touches.touchpoint_id, {{ dbt.concat(['conversions.conversion_id', "':'", journey.label('none')]) }}
        ) as touchpoint_id,
        coalesce(touches.touchpoint_at, conversions.converted_at) as touchpoint_at,
        coalesce(touches.channel, {{ journey.label('none') }}) as channel,
        {%- for column in dimension_columns %}
        case when touches.touchpoint_id is null then {{ journey.label('none') }} else touches.{{ column }} end
            as {{ column }},
        {%- endfor %}
        touches.touchpoint_id is null as is_synthetic_touch
    from {{ conversions }} as conversions
    left join {{ input }} as touches
        on
            conversions.person_id = touches.person_id
            and not touches.is_conversion
            and touches.channel is not null
            and conversions.converted_at >= touches.touchpoint_at
            and touches.touchpoint_at >= {{ window_start }}
            and touches.touchpoint_at > coalesce(conversions.previous_converted_at, {{ before_window_start }})
{%- endmacro %}


{#- The conversion types seen, one row each. -#}
{% macro attribution_conversion_types(conversions) -%}
    select distinct conversion_type
    from {{ conversions }}
{%- endmacro %}


{#-
    For every conversion type seen (conversion_types) and every person: the touches after
    the person's last conversion of that type (all of them for people who never converted),
    with the time of the last of them (journey_ended_at).
-#}
{% macro attribution_open_touches(input, conversions, conversion_types) -%}
    select
        touches.*,
        conversion_types.conversion_type as open_conversion_type,
        max(touches.touchpoint_at) over (
            partition by touches.person_id, conversion_types.conversion_type
        ) as journey_ended_at
    from {{ input }} as touches
    cross join {{ conversion_types }} as conversion_types
    left join {{ conversions }} as last_conversions
        on
            touches.person_id = last_conversions.person_id
            and conversion_types.conversion_type = last_conversions.conversion_type
            and last_conversions.is_last_conversion
    where
        not touches.is_conversion
        and touches.channel is not null
        and (last_conversions.converted_at is null or touches.touchpoint_at > last_conversions.converted_at)
{%- endmacro %}


{#- Open (non-converting) journeys: the open touches within the lookback before the last of them. -#}
{% macro attribution_open_journey_touches(open_touches, dimension_columns=[], lookback_days=none) -%}
    {%- set lookback_seconds = journey.attribution_lookback_seconds(lookback_days) -%}
    select
        {{ dbt.concat(["'open|'", 'open_conversion_type', "'|'", 'person_id']) }} as journey_id,
        open_conversion_type as conversion_type,
        person_id,
        false as is_converting,
        cast(null as {{ dbt.type_string() }}) as conversion_id,
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
    from {{ open_touches }}
    where touchpoint_at >= {{ dbt.dateadd('second', -1 * lookback_seconds, 'journey_ended_at') | trim }}
{%- endmacro %}


{#- Converting and open journeys, touches numbered by time (ties by touch id). -#}
{% macro attribution_journey_touches_numbered(converting_journey_touches, open_journey_touches) -%}
    select
        *,
        row_number() over (partition by journey_id order by touchpoint_at, touchpoint_id) as touch_number,
        count(*) over (partition by journey_id) as touches_in_journey
    from (
        select * from {{ converting_journey_touches }}
        union all
        select * from {{ open_journey_touches }}
    ) as journey_touches
{%- endmacro %}
