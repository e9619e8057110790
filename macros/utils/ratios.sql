{#- numerator / denominator as a double, null when the denominator is 0 or null. -#}
{% macro safe_ratio(numerator, denominator) -%}
    case when {{ denominator }} > 0 then cast({{ numerator }} as {{ journey.type_double() }}) / {{ denominator }} end
{%- endmacro %}

{#-
    Two-proportion z-score (pooled) of successes_a / trials_a against successes_b / trials_b:
    positive when a's rate is higher. Null when either group is empty or the pooled rate is 0 or 1.
-#}
{% macro two_proportion_z(successes_a, trials_a, successes_b, trials_b) -%}
    {%- set pooled = '(cast((' ~ successes_a ~ ') + (' ~ successes_b ~ ') as ' ~ journey.type_double()
        ~ ') / ((' ~ trials_a ~ ') + (' ~ trials_b ~ ')))' -%}
    case
        when ({{ trials_a }}) > 0 and ({{ trials_b }}) > 0 and {{ pooled }} > 0 and {{ pooled }} < 1
            then (
                cast({{ successes_a }} as {{ journey.type_double() }}) / ({{ trials_a }})
                - cast({{ successes_b }} as {{ journey.type_double() }}) / ({{ trials_b }})
            ) / sqrt({{ pooled }} * (1 - {{ pooled }}) * (1.0 / ({{ trials_a }}) + 1.0 / ({{ trials_b }})))
    end
{%- endmacro %}
