{#-
    When every landing table was last loaded: its raw rows (the base models, every
    raw row), first and last loaded_at, and the last time one of its valid (not quarantined) facts happened.
    The same loaded_at column drives `dbt source freshness`. Grain: source_table.
-#}
{%- set staged_tables = journey.staged_tables() -%}

with

{% for base_model in staged_tables | map(attribute='base_model') | unique %}
    {{ base_model }} as (
        select * from {{ ref(base_model) }}
    ),

{% endfor %}
loads_summarized as (
    {% for table in staged_tables %}
        select
            '{{ table.source_system }}' as source_system,
            '{{ table.source_table }}' as source_table,
            count(*) as raw_rows,
            min(loaded_at) as first_loaded_at,
            max(loaded_at) as last_loaded_at,
            cast(
                max(case when quarantine_reason is null then {{ table.occurred_at }} end) as {{ dbt.type_timestamp() }}
            ) as last_occurred_at
        from {{ table.base_model }}
        where {{ journey.staged_table_rows(table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from loads_summarized
