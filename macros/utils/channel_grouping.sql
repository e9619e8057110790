{#-
    The channel grouping, written once: a select of one row per traffic key of keys_relation
    (one row per key, no null key columns) with its channel_group, the channel_group of the
    first rule of rules_relation (the channel_rules seed, lowest rule_order) whose patterns all
    match the key (a null pattern matches anything), or journey.label('unassigned') when no
    rule matches. Used by staging (the traffic source of events) and by the spend model (the
    utm tags of ads), so that an ad and the visits it brings fall in the same channel group.
-#}
{% macro channel_groups_matched(keys_relation, rules_relation, source_column, medium_column, campaign_column) -%}
    select
        {{ source_column }},
        {{ medium_column }},
        {{ campaign_column }},
        coalesce(channel_group, {{ journey.label('unassigned') }}) as channel_group
    from (
        select
            traffic_keys.{{ source_column }},
            traffic_keys.{{ medium_column }},
            traffic_keys.{{ campaign_column }},
            rules.channel_group,
            row_number() over (
                partition by
                    traffic_keys.{{ source_column }},
                    traffic_keys.{{ medium_column }},
                    traffic_keys.{{ campaign_column }}
                order by rules.rule_order
            ) as rule_rank
        from {{ keys_relation }} as traffic_keys
        left join {{ rules_relation }} as rules
            on (
                rules.source_pattern is null
                or {{ journey.regex_matches('traffic_keys.' ~ source_column, 'rules.source_pattern') }}
            )
            and (
                rules.medium_pattern is null
                or {{ journey.regex_matches('traffic_keys.' ~ medium_column, 'rules.medium_pattern') }}
            )
            and (
                rules.campaign_pattern is null
                or {{ journey.regex_matches('traffic_keys.' ~ campaign_column, 'rules.campaign_pattern') }}
            )
    ) as keys_ranked_by_rule
    where rule_rank = 1
{%- endmacro %}
