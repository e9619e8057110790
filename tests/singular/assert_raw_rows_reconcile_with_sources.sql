{#-
    Every landing table's row count, read straight from the source, equals its
    staged + quarantined + duplicate rows: nothing is dropped on the way.
    Returns the tables that do not reconcile.
-#}
with

{% for table in journey.staged_tables() %}
    {{ table.source_table }}_raw_count as (
        select count(*) as raw_rows from {{ source(table.source_system, table.source_table) }}
    ),

{% endfor %}
int_raw_rows_reconciled as (
    select * from {{ ref('int_raw_rows_reconciled') }}
),

source_counts as (
    {% for table in journey.staged_tables() %}
        select
            '{{ table.source_table }}' as source_table,
            raw_rows
        from {{ table.source_table }}_raw_count
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

mismatches as (
    select
        source_counts.source_table,
        source_counts.raw_rows as raw_rows_in_source,
        int_raw_rows_reconciled.staged_rows,
        int_raw_rows_reconciled.quarantined_rows,
        int_raw_rows_reconciled.duplicate_rows
    from source_counts
    left join int_raw_rows_reconciled
        on source_counts.source_table = int_raw_rows_reconciled.source_table
    where
        int_raw_rows_reconciled.source_table is null
        or source_counts.raw_rows
        != int_raw_rows_reconciled.staged_rows
        + int_raw_rows_reconciled.quarantined_rows
        + int_raw_rows_reconciled.duplicate_rows
)

select * from mismatches
