{#-
    Duplicate rate per source table and event: raw rows, duplicate rows (the same
    row delivered again), quarantined rows, of them the conflicting duplicates (the
    key delivered again with another payload), and duplicate_rate = duplicate rows /
    raw rows. Grain: source_system, source_table, event_name.
-#}
with

int_raw_duplicates_counted as (
    select * from {{ ref('int_raw_duplicates_counted') }}
),

duplicates_final as (
    select
        cast(source_system as {{ dbt.type_string() }}) as source_system,
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(event_name as {{ dbt.type_string() }}) as event_name,
        cast(raw_rows as {{ dbt.type_bigint() }}) as raw_rows,
        cast(duplicate_rows as {{ dbt.type_bigint() }}) as duplicate_rows,
        cast(quarantined_rows as {{ dbt.type_bigint() }}) as quarantined_rows,
        cast(conflicting_duplicate_rows as {{ dbt.type_bigint() }}) as conflicting_duplicate_rows,
        cast(duplicate_rows * 1.0 / raw_rows as {{ journey.type_double() }}) as duplicate_rate
    from int_raw_duplicates_counted
)

select * from duplicates_final
