{#-
    One row per landing table: how its raw rows split into staged, quarantined and
    duplicate rows. is_reconciled is true when nothing went missing.
-#}
{%- set staged_tables = journey.staged_tables() -%}

with

{% for base_model in staged_tables | map(attribute='base_model') | unique %}
    {{ base_model }} as (
        select * from {{ ref(base_model) }}
    ),

{% endfor %}
{% for staging_model in staged_tables | map(attribute='staging_model') | unique %}
    {{ staging_model }} as (
        select * from {{ ref(staging_model) }}
    ),

{% endfor %}
row_counts_by_table as (
    {% for table in staged_tables %}
        select
            '{{ table.source_system }}' as source_system,
            '{{ table.source_table }}' as source_table,
            count(*) as raw_rows,
            (
                select count(*) from {{ table.staging_model }}
                where {{ journey.staged_table_rows(table, table.staging_model) }}
            ) as staged_rows,
            cast(coalesce(sum(case when quarantine_reason is not null then 1 else 0 end), 0) as {{ dbt.type_bigint() }})
                as quarantined_rows,
            cast(coalesce(sum(case when is_duplicate then 1 else 0 end), 0) as {{ dbt.type_bigint() }})
                as duplicate_rows
        from {{ table.base_model }}
        where {{ journey.staged_table_rows(table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

reconciled as (
    select
        source_system,
        source_table,
        raw_rows,
        staged_rows,
        quarantined_rows,
        duplicate_rows,
        raw_rows = staged_rows + quarantined_rows + duplicate_rows as is_reconciled
    from row_counts_by_table
)

select * from reconciled
