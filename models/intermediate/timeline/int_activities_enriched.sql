{#-
    The person timeline with the context a funnel, path or friction breakdown
    needs on every activity: the web/app event's own properties (page, device,
    browser, payment method, error, form, onboarding step) and its session's
    entry context (landing page, source, medium). Billing orders carry their
    payment method too. Activities from other sources keep nulls there.
    One row per activity of int_activities_ordered: only left joins on unique keys.
    An incremental run rebuilds the persons whose ordered timeline changed (journey.changed_entities).
-#}
{{ config(**journey.entity_keyed_config('person_id', row_key='activity_id')) }}
with

int_activities_ordered_all as (
    select * from {{ ref('int_activities_ordered') }}
),
{% if is_incremental() %}
{{ journey.changed_entities(ref('int_activities_ordered'), 'person_id') }},
{% endif %}
int_activities_ordered as (
    {{ journey.rows_of_changed_entities('int_activities_ordered_all', 'person_id') }}
),

int_events_sessionized as (
    select * from {{ ref('int_events_sessionized') }}
),

int_sessions_aggregated as (
    select * from {{ ref('int_sessions_aggregated') }}
),

int_orders_unioned as (
    select * from {{ ref('int_orders_unioned') }}
),

event_properties as (
    select
        {{ dbt.concat(["'event:'", 'event_id']) }} as activity_id,
        page_path,
        device_type,
        browser,
        os,
        country,
        payment_method,
        error_code,
        form_id,
        onboarding_step,
        feature_name
    from int_events_sessionized
),

session_entry_context as (
    select
        session_id,
        landing_page_path,
        entry_source,
        entry_medium,
        device_type as session_device_type,
        browser as session_browser,
        country as session_country
    from int_sessions_aggregated
),

order_properties as (
    select
        order_id,
        payment_method as order_payment_method
    from int_orders_unioned
),

activities_enriched as (
    select
        int_activities_ordered.activity_id,
        int_activities_ordered.person_id,
        int_activities_ordered.journey_id,
        int_activities_ordered.journey_number,
        int_activities_ordered.activity_number,
        int_activities_ordered.activity,
        int_activities_ordered.activity_source,
        int_activities_ordered.journey_stage,
        int_activities_ordered.metric_family,
        int_activities_ordered.is_outcome,
        int_activities_ordered.activity_at,
        int_activities_ordered.activity_date,
        int_activities_ordered.session_id,
        int_activities_ordered.channel_group,
        int_activities_ordered.campaign,
        int_activities_ordered.activity_value,
        int_activities_ordered.plan,
        int_activities_ordered.related_id,
        int_activities_ordered.previous_activity,
        int_activities_ordered.next_activity,
        int_activities_ordered.seconds_since_previous_activity,
        int_activities_ordered.activity_occurrence,
        int_activities_ordered.is_first_occurrence,
        int_activities_ordered.is_last_occurrence,
        int_activities_ordered.is_first_activity,
        int_activities_ordered.is_last_activity,
        event_properties.page_path,
        coalesce(event_properties.device_type, session_entry_context.session_device_type) as device_type,
        coalesce(event_properties.browser, session_entry_context.session_browser) as browser,
        event_properties.os,
        coalesce(event_properties.country, session_entry_context.session_country) as country,
        coalesce(
            event_properties.payment_method,
            case when int_activities_ordered.activity_source = 'billing' then order_properties.order_payment_method end
        ) as payment_method,
        event_properties.error_code,
        event_properties.form_id,
        event_properties.onboarding_step,
        event_properties.feature_name,
        session_entry_context.landing_page_path,
        session_entry_context.entry_source,
        session_entry_context.entry_medium,
        int_activities_ordered.loaded_at
    from int_activities_ordered
    left join event_properties
        on int_activities_ordered.activity_id = event_properties.activity_id
    left join session_entry_context
        on int_activities_ordered.session_id = session_entry_context.session_id
    -- order_id is unique, so this join adds no rows; only billing activities read its payment method
    -- (above). Keeping the join condition a plain equality lets every engine hash-join it: with the
    -- billing test in the condition, DuckDB fell back to a join 25x slower at a million events.
    left join order_properties
        on int_activities_ordered.related_id = order_properties.order_id
)

select * from activities_enriched
{%- if is_incremental() %}
union all
{{ journey.retired_entity_rows('activities_enriched', 'person_id') }}
{%- endif %}
