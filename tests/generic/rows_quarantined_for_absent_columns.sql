{#-
    Warns (severity warn where it is used) with one row per raw row that a whole missing
    column sent to the quarantine: the rows of a base model quarantined for reason while
    columns (parsed, nullable) have no value in any row of the table, which is what a
    landing table without those columns gives. The count in the warning is the number of
    rows lost to the absent columns; a column with values in some rows never warns (its
    gaps are data defects, counted by reason in int_raw_rows_quarantined).
-#}
{% test rows_quarantined_for_absent_columns(model, columns, reason) %}

with

rows_of_table as (
    select * from {{ model }}
),

rows_with_values as (
    select count(*) as row_count
    from rows_of_table
    where {% for column in columns %}{{ column }} is not null{{ ' or ' if not loop.last }}{% endfor %}
)

select
    rows_of_table.record_id,
    rows_of_table.quarantine_reason
from rows_of_table
cross join rows_with_values
where
    rows_of_table.quarantine_reason = {{ journey.string_literals([reason]) }}
    and rows_with_values.row_count = 0

{% endtest %}
