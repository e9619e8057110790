{#-
    The raw spellings of each normalised utm value on staged tracking events: one
    row per utm field (source, medium, campaign), normalised value and raw spelling
    as typed, with its events. Grain: utm_field, utm_value, utm_raw_spelling.
-#}
with

int_events_unioned as (
    select * from {{ ref('int_events_unioned') }}
),

spellings_listed as (
    {% for field in ['source', 'medium', 'campaign'] %}
        select
            '{{ field }}' as utm_field,
            utm_{{ field }} as utm_value,
            utm_{{ field }}_raw as utm_raw_spelling,
            anonymous_id
        from int_events_unioned
        where utm_{{ field }} is not null and utm_{{ field }}_raw is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

spellings_counted as (
    select
        utm_field,
        utm_value,
        utm_raw_spelling,
        count(*) as events,
        count(distinct anonymous_id) as devices
    from spellings_listed
    group by utm_field, utm_value, utm_raw_spelling
)

select * from spellings_counted
