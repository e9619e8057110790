{#-
    Every identifier seen in any source, and every pair of identifiers seen on the
    same row: the raw material of the identity graph. Grouped per source so that
    repeated sightings become one row with first/last seen and a count. The rows of
    the streams quarantined as 'conflicting_duplicate' (an id delivered again with
    another person, name or time) are observations too: their event stays out of
    the timeline, the identifiers they carry are not lost. Probabilistic links
    (int_identity_links_inferred, off by default) are observations of their rule's
    name as source ('email_click_visit').
-#}
with

int_events_unioned as (
    select * from {{ ref('int_events_unioned') }}
),

int_orders_unioned as (
    select * from {{ ref('int_orders_unioned') }}
),

stg_segment__identifies as (
    select * from {{ ref('stg_segment__identifies') }}
),

stg_billing__subscription_events as (
    select * from {{ ref('stg_billing__subscription_events') }}
),

stg_crm__leads as (
    select * from {{ ref('stg_crm__leads') }}
),

stg_crm__opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

stg_support__tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

stg_support__survey_responses as (
    select * from {{ ref('stg_support__survey_responses') }}
),

stg_email__email_events as (
    select * from {{ ref('stg_email__email_events') }}
),

int_identity_links_inferred as (
    select * from {{ ref('int_identity_links_inferred') }}
),

base_billing__subscription_events as (
    select * from {{ ref('base_billing__subscription_events') }}
),

base_support__survey_responses as (
    select * from {{ ref('base_support__survey_responses') }}
),

base_email__email_events as (
    select * from {{ ref('base_email__email_events') }}
),

conflicting_tracking_events as (
    {{ journey.event_source_rows(
        'base_model', ['anonymous_id', 'user_id', 'email_hash', 'event_at'],
        row_filter="quarantine_reason = 'conflicting_duplicate'",
    ) }}
),

conflicting_subscription_events as (
    select * from base_billing__subscription_events
    where quarantine_reason = 'conflicting_duplicate'
),

conflicting_survey_responses as (
    select * from base_support__survey_responses
    where quarantine_reason = 'conflicting_duplicate'
),

conflicting_email_events as (
    select * from base_email__email_events
    where quarantine_reason = 'conflicting_duplicate'
),

{{ journey.identity_observations('int_events_unioned', 'tracking',
    [('anonymous_id', 'anonymous_id'), ('user_id', 'user_id'), ('email', 'email_hash')], 'event_at') }},

{# Segment identify calls: the device, the account and the email trait seen together #}
{{ journey.identity_observations('stg_segment__identifies', 'tracking',
    [('anonymous_id', 'anonymous_id'), ('user_id', 'user_id'), ('email', 'email_hash')], 'identified_at') }},

{# billing's orders and the trackers' (whose device is the buyer's anonymous_id) #}
{{ journey.identity_observations('int_orders_unioned', 'billing',
    [('order_id', 'order_id'), ('user_id', 'user_id'), ('email', 'email_hash'), ('anonymous_id', 'anonymous_id')],
    'ordered_at') }},

{{ journey.identity_observations('stg_billing__subscription_events', 'billing',
    [('subscription_id', 'subscription_id'), ('user_id', 'user_id'), ('email', 'email_hash')],
    'subscription_event_at') }},

{{ journey.identity_observations('stg_crm__leads', 'crm',
    [('lead_id', 'lead_id'), ('email', 'email_hash')], 'created_at') }},

{{ journey.identity_observations('stg_crm__opportunities', 'crm',
    [('opportunity_id', 'opportunity_id'), ('lead_id', 'lead_id'), ('email', 'email_hash')], 'created_at') }},

{{ journey.identity_observations('stg_support__tickets', 'support',
    [('ticket_id', 'ticket_id'), ('user_id', 'user_id'), ('email', 'email_hash')], 'created_at') }},

{{ journey.identity_observations('stg_support__survey_responses', 'support',
    [('response_id', 'response_id'), ('user_id', 'user_id'), ('email', 'email_hash')], 'responded_at') }},

{{ journey.identity_observations('stg_email__email_events', 'email',
    [('email', 'email_hash')], 'email_event_at') }},

{# probabilistic links (off by default): a device and the email whose click it opened #}
{{ journey.identity_observations('int_identity_links_inferred', 'email_click_visit',
    [('anonymous_id', 'anonymous_id'), ('email', 'email_hash')], 'last_matched_at') }},

{{ journey.identity_observations('conflicting_tracking_events', 'tracking',
    [('anonymous_id', 'anonymous_id'), ('user_id', 'user_id'), ('email', 'email_hash')], 'event_at') }},

{{ journey.identity_observations('conflicting_subscription_events', 'billing',
    [('subscription_id', 'subscription_id'), ('user_id', 'user_id'), ('email', 'email_hash')],
    'subscription_event_at') }},

{# not the response_id: it is the key in conflict, and would join the two people it names #}
{{ journey.identity_observations('conflicting_survey_responses', 'support',
    [('user_id', 'user_id'), ('email', 'email_hash')], 'responded_at') }},

{{ journey.identity_observations('conflicting_email_events', 'email',
    [('email', 'email_hash')], 'email_event_at') }},

observations_unioned as (
    select * from int_events_unioned_observations
    union all
    select * from stg_segment__identifies_observations
    union all
    select * from int_orders_unioned_observations
    union all
    select * from stg_billing__subscription_events_observations
    union all
    select * from stg_crm__leads_observations
    union all
    select * from stg_crm__opportunities_observations
    union all
    select * from stg_support__tickets_observations
    union all
    select * from stg_support__survey_responses_observations
    union all
    select * from stg_email__email_events_observations
    union all
    select * from int_identity_links_inferred_observations
    union all
    select * from conflicting_tracking_events_observations
    union all
    select * from conflicting_subscription_events_observations
    union all
    select * from conflicting_survey_responses_observations
    union all
    select * from conflicting_email_events_observations
),

observations_grouped as (
    select
        source_name,
        left_type,
        left_value,
        right_type,
        right_value,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        sum(observation_count) as observation_count
    from observations_unioned
    group by source_name, left_type, left_value, right_type, right_value
)

select * from observations_grouped
