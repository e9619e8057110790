{#-
    P(Z >= |z|) of a standard normal, from the Abramowitz and Stegun approximation 26.2.17
    (absolute error below 7.5e-8), written with exp and sqrt only so that every engine
    computes the same value.
-#}
{% macro normal_tail_beyond(z) -%}
    {%- set t = '(1.0 / (1.0 + 0.2316419 * abs(' ~ z ~ ')))' -%}
    (exp(-0.5 * ({{ z }}) * ({{ z }})) / sqrt(2.0 * pi()) * {{ t }} * (
        0.319381530 + {{ t }} * (-0.356563782 + {{ t }} * (1.781477937 + {{ t }} * (-1.821255978 + {{ t }} * 1.330274429)))
    ))
{%- endmacro %}


{#- Two-sided p-value of a z-score: 2 x P(Z >= |z|), at most 1; null when z is null (least() skips nulls). -#}
{% macro normal_two_sided_p_value(z) -%}
    case when ({{ z }}) is not null then least(1.0, 2.0 * {{ journey.normal_tail_beyond(z) }}) end
{%- endmacro %}


{#- One-sided p-value of a z-score against the alternative 'higher': P(Z >= z); null when z is null. -#}
{% macro normal_upper_p_value(z) -%}
    case
        when ({{ z }}) >= 0 then {{ journey.normal_tail_beyond(z) }}
        when ({{ z }}) < 0 then 1.0 - {{ journey.normal_tail_beyond(z) }}
    end
{%- endmacro %}


{#-
    Per-arm sample size of a two-sided test (alpha 0.05) with 80 % power to detect the difference between
    the proportions rate_a and rate_b (normal approximation with the pooled variance under the null):
    (1.959964 sqrt(2 p(1-p)) + 0.841621 sqrt(a(1-a) + b(1-b)))^2 / (a - b)^2, p the mean of a and b,
    rounded up; null when the rates are equal or either is null.
-#}
{% macro two_proportion_sample_size(rate_a, rate_b) -%}
    {%- set mean_rate = '((' ~ rate_a ~ ') + (' ~ rate_b ~ ')) / 2.0' -%}
    case
        when ({{ rate_a }}) <> ({{ rate_b }})
            then ceil(power(
                1.959964 * sqrt(2.0 * {{ mean_rate }} * (1.0 - {{ mean_rate }}))
                + 0.841621 * sqrt(({{ rate_a }}) * (1.0 - ({{ rate_a }})) + ({{ rate_b }}) * (1.0 - ({{ rate_b }}))),
                2
            ) / power(({{ rate_a }}) - ({{ rate_b }}), 2))
    end
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
