{#-
    Two-sided p-value of a standard normal z-score: 2 x (1 - Phi(|z|)), with Phi from the
    Abramowitz and Stegun approximation 26.2.17 (absolute error below 7.5e-8), written
    with exp and sqrt only so that every engine computes the same value. Null when z is null (least() skips nulls on both engines, hence the case).
-#}
{% macro normal_two_sided_p_value(z) -%}
    {%- set t = '(1.0 / (1.0 + 0.2316419 * abs(' ~ z ~ ')))' -%}
    case when ({{ z }}) is not null then least(1.0, 2.0 * exp(-0.5 * ({{ z }}) * ({{ z }})) / sqrt(2.0 * pi()) * {{ t }} * (
        0.319381530 + {{ t }} * (-0.356563782 + {{ t }} * (1.781477937 + {{ t }} * (-1.821255978 + {{ t }} * 1.330274429)))
    )) end
{%- endmacro %}


{#-
    Benjamini-Hochberg q-values: two CTEs, <relation>_ranked and <relation>_with_q_values (every row of
    relation and q_value). Within each partition the m rows with a p_value are ranked by it (ties by
    tie_breakers, so the order is the same on every engine); q at rank i is min over ranks j >= i of
    p_j x m / j, at most 1. Rows without a p_value (not tested) get no q_value and do not count in m.
    A row is a discovery at false discovery rate q when q_value <= q.
-#}
{% macro benjamini_hochberg_q_values(relation, partition_by, tie_breakers) %}
    {{ relation }}_ranked as (
        select
            *,
            row_number() over (
                partition by {{ partition_by | join(', ') }}
                order by case when p_value is null then 1 else 0 end, p_value, {{ tie_breakers | join(', ') }}
            ) as p_value_rank,
            count(p_value) over (partition by {{ partition_by | join(', ') }}) as tests_count
        from {{ relation }}
    ),

    {{ relation }}_with_q_values as (
        select
            *,
            case when p_value is not null then least(1.0, min(p_value * tests_count / p_value_rank) over (
                partition by {{ partition_by | join(', ') }}
                order by p_value_rank desc
                rows between unbounded preceding and current row
            )) end as q_value
        from {{ relation }}_ranked
    )
{%- endmacro %}
