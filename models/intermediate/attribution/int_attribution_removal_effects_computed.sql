{#-
    Markov removal effects per conversion type and channel group, solved exactly
    from the absorbing chain by repeated squaring of the transition matrices in
    work tables (see macros/attribution/attribution_markov.sql). The work
    tables are dropped after the model is built.
-#}
{%- set work_prefix = this.identifier ~ '_work' -%}
{{ config(post_hook="{{ journey.drop_attribution_work_tables(this.schema, '" ~ work_prefix ~ "') }}") }}

with

removal_effects as (
    select * from {{ journey.markov_removal_effects(
        ref('int_attribution_markov_transitions_counted'), this.schema, work_prefix) }}
)

select
    conversion_type,
    channel,
    conversion_probability,
    removal_conversion_probability,
    removal_effect,
    markov_passes
from removal_effects
