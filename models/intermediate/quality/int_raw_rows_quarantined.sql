{#- Every raw row that failed validation, from every source, with its reason code. -#}
{%- set staged_tables = journey.staged_tables() -%}

with

{% for base_model in staged_tables | map(attribute='base_model') | unique %}
    {{ base_model }} as (
        select * from {{ ref(base_model) }}
    ),

{% endfor %}
quarantined_rows_unioned as (
    {% for table in staged_tables %}
        select
            '{{ table.source_system }}' as source_system,
            '{{ table.source_table }}' as source_table,
            record_id,
            quarantine_reason as reason_code,
            cast({{ table.occurred_at }} as {{ dbt.type_timestamp() }}) as occurred_at,
            loaded_at
        from {{ table.base_model }}
        where quarantine_reason is not null and {{ journey.staged_table_rows(table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

quarantined_rows_keyed as (
    select
        {{ dbt.concat([
            'source_table', "'|'", "coalesce(record_id, '')", "'|'",
            'cast(row_number() over (partition by source_table, record_id order by loaded_at, occurred_at, reason_code) as '
            ~ dbt.type_string() ~ ')']) }} as quarantine_row_id,
        source_system,
        source_table,
        record_id,
        reason_code,
        occurred_at,
        loaded_at
    from quarantined_rows_unioned
)

select * from quarantined_rows_keyed
