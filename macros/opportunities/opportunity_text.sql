{#-
    Plain-language pieces of fct_opportunities.
    opportunity_segment_label: the segment's split values joined by ', ', leaving out the
    dimensions that are not split (their value equals the given "not split" literal).
-#}
{% macro opportunity_segment_label(columns_with_unsplit_values) -%}
    {%- set parts = [] -%}
    {%- for column, unsplit in columns_with_unsplit_values -%}
        {%- do parts.append("case when " ~ column ~ " <> " ~ unsplit ~ " then " ~ dbt.concat(["', '", column]) ~ " else '' end") -%}
    {%- endfor -%}
    {{ dbt.right(dbt.concat(parts), dbt.length(dbt.concat(parts)) ~ ' - 2') }}
{%- endmacro %}

{#- "<action phrase> (<segment>): <rate measured> 45% against 5% elsewhere" -#}
{% macro opportunity_action(action_phrase, segment, rate_measured, segment_rate, comparison_rate) -%}
    {{ dbt.concat([
        action_phrase, "' ('", segment, "'): '", rate_measured, "' '",
        journey.percent_text(segment_rate), "' against '", journey.percent_text(comparison_rate), "' elsewhere'",
    ]) }}
{%- endmacro %}

{#- A rate in [0, 1] as text: 0.4516 -> '45.2%'. -#}
{% macro percent_text(rate) -%}
    {{ dbt.concat(['cast(round(100 * ' ~ rate ~ ', 1) as ' ~ dbt.type_string() ~ ')', "'%'"]) }}
{%- endmacro %}

{#-
    A q-value as a comparison with four decimals: 0.03118 -> '= 0.0312', 0.05 -> '= 0.0500', anything
    below 0.0001 -> '< 0.0001'. Through a decimal, so that no engine writes a small double in
    scientific notation (Spark casts 0.0002 to '2.0E-4').
-#}
{% macro q_value_text(q_value) -%}
    case
        when {{ q_value }} < 0.0001 then '< 0.0001'
        else {{ dbt.concat([
            "'= '", 'cast(cast(round(' ~ q_value ~ ', 4) as decimal(10, 4)) as ' ~ dbt.type_string() ~ ')',
        ]) }}
    end
{%- endmacro %}
