{#-
    Every raw row of every landing table (the base models) counted per table and
    event name: raw rows, duplicate rows (a redelivery of a row already seen) and
    quarantined rows. The event name is the raw event name for the events of every
    event source (journey.event_sources), the
    event type for email and subscription events, and the table's name elsewhere.
    Conflicting duplicates (a key delivered again with another payload) are
    quarantined rows, counted apart as well.
    Grain: source_system, source_table, event_name.
-#}
{%- set event_name_columns = {
    'base_email__email_events': 'email_event_type',
    'base_billing__subscription_events': 'subscription_event_type',
} -%}
{%- for source in journey.event_sources() -%}
    {%- do event_name_columns.update({source.base_model: 'event_name_raw'}) -%}
{%- endfor -%}
{%- set staged_tables = journey.staged_tables() -%}

with

{% for base_model in staged_tables | map(attribute='base_model') | unique %}
    {{ base_model }} as (
        select * from {{ ref(base_model) }}
    ),

{% endfor %}
raw_rows_labelled as (
    {% for table in staged_tables %}
        select
            '{{ table.source_system }}' as source_system,
            '{{ table.source_table }}' as source_table,
            coalesce(
                {{ event_name_columns.get(table.base_model, "'" ~ table.source_table ~ "'") }}, '(missing)'
            ) as event_name,
            is_duplicate,
            quarantine_reason
        from {{ table.base_model }}
        where {{ journey.staged_table_rows(table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

duplicates_counted as (
    select
        source_system,
        source_table,
        event_name,
        count(*) as raw_rows,
        sum(case when is_duplicate then 1 else 0 end) as duplicate_rows,
        sum(case when quarantine_reason is not null then 1 else 0 end) as quarantined_rows,
        sum(case when quarantine_reason = 'conflicting_duplicate' then 1 else 0 end) as conflicting_duplicate_rows
    from raw_rows_labelled
    group by source_system, source_table, event_name
)

select * from duplicates_counted
