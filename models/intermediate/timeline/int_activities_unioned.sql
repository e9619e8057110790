{#-
    Every activity of every person from every source, in one shape:
    who (person_id), when, what (an activity name in the event taxonomy), from
    which source, in which session and channel, with an optional value.
    The person comes from the identity map through the identifier each source
    carries (session, email, lead, opportunity, order, subscription, ticket,
    survey response).
-#}
with

int_events_sessionized as (
    select * from {{ ref('int_events_sessionized') }}
),

int_sessions_aggregated as (
    select * from {{ ref('int_sessions_aggregated') }}
),

int_identifiers_resolved as (
    select * from {{ ref('int_identifiers_resolved') }}
),

stg_email__email_events as (
    select * from {{ ref('stg_email__email_events') }}
),

stg_crm__leads as (
    select * from {{ ref('stg_crm__leads') }}
),

stg_crm__opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

stg_crm__activities as (
    select * from {{ ref('stg_crm__activities') }}
),

stg_billing__orders as (
    select * from {{ ref('stg_billing__orders') }}
),

stg_billing__subscription_events as (
    select * from {{ ref('stg_billing__subscription_events') }}
),

stg_support__tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

stg_support__survey_responses as (
    select * from {{ ref('stg_support__survey_responses') }}
),

tracking_activities as (
    select
        int_sessions_aggregated.person_id,
        {{ dbt.concat(["'event:'", 'int_events_sessionized.event_id']) }} as activity_id,
        int_events_sessionized.canonical_event as activity,
        'tracking' as activity_source,
        int_events_sessionized.event_at as activity_at,
        int_events_sessionized.session_id,
        int_sessions_aggregated.entry_channel_group as channel_group,
        int_sessions_aggregated.entry_campaign as campaign,
        int_events_sessionized.revenue as activity_value,
        int_events_sessionized.plan as plan,
        int_events_sessionized.order_id as related_id
    from int_events_sessionized
    inner join int_sessions_aggregated
        on int_events_sessionized.session_id = int_sessions_aggregated.session_id
),

ad_click_activities as (
    select
        int_sessions_aggregated.person_id,
        {{ dbt.concat(["'ad_click:'", 'int_sessions_aggregated.session_id']) }} as activity_id,
        'ad_click' as activity,
        'tracking' as activity_source,
        int_sessions_aggregated.session_started_at as activity_at,
        int_sessions_aggregated.session_id,
        int_sessions_aggregated.entry_channel_group as channel_group,
        int_sessions_aggregated.entry_campaign as campaign,
        cast(null as {{ dbt.type_numeric() }}) as activity_value,
        cast(null as {{ dbt.type_string() }}) as plan,
        cast(null as {{ dbt.type_string() }}) as related_id
    from int_sessions_aggregated
    where int_sessions_aggregated.has_click_id
),

email_activities as (
    select
        identity.person_id,
        {{ dbt.concat(["'email:'", 'stg_email__email_events.email_event_id']) }} as activity_id,
        {{ dbt.concat(["'email_'", 'stg_email__email_events.email_event_type']) }} as activity,
        'email' as activity_source,
        stg_email__email_events.email_event_at as activity_at,
        cast(null as {{ dbt.type_string() }}) as session_id,
        'Email' as channel_group,
        stg_email__email_events.utm_campaign as campaign,
        cast(null as {{ dbt.type_numeric() }}) as activity_value,
        cast(null as {{ dbt.type_string() }}) as plan,
        stg_email__email_events.email_campaign_id as related_id
    from stg_email__email_events
    inner join int_identifiers_resolved as identity
        on identity.identifier_key = {{ dbt.concat(["'email:'", 'stg_email__email_events.email_hash']) }}
),

lead_activities as (
    select
        identity.person_id,
        {{ dbt.concat(["'lead:'", 'stg_crm__leads.lead_id']) }} as activity_id,
        'lead_created' as activity,
        'crm' as activity_source,
        stg_crm__leads.created_at as activity_at,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_string() }}) as channel_group,
        cast(null as {{ dbt.type_string() }}) as campaign,
        cast(stg_crm__leads.lead_score as {{ dbt.type_numeric() }}) as activity_value,
        cast(null as {{ dbt.type_string() }}) as plan,
        stg_crm__leads.lead_id as related_id
    from stg_crm__leads
    inner join int_identifiers_resolved as identity
        on identity.identifier_key = {{ dbt.concat(["'lead_id:'", 'stg_crm__leads.lead_id']) }}
),

opportunity_activities as (
    select
        identity.person_id,
        {{ dbt.concat(["'opportunity:'", 'stg_crm__opportunities.opportunity_id']) }} as activity_id,
        'opportunity_created' as activity,
        'crm' as activity_source,
        stg_crm__opportunities.created_at as activity_at,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_string() }}) as channel_group,
        cast(null as {{ dbt.type_string() }}) as campaign,
        stg_crm__opportunities.amount_reporting as activity_value,
        cast(null as {{ dbt.type_string() }}) as plan,
        stg_crm__opportunities.opportunity_id as related_id
    from stg_crm__opportunities
    inner join int_identifiers_resolved as identity
        on identity.identifier_key = {{ dbt.concat(["'opportunity_id:'", 'stg_crm__opportunities.opportunity_id']) }}
    union all
    select
        identity.person_id,
        {{ dbt.concat(["'opportunity_closed:'", 'stg_crm__opportunities.opportunity_id']) }} as activity_id,
        case when stg_crm__opportunities.is_won then 'opportunity_won' else 'opportunity_lost' end as activity,
        'crm' as activity_source,
        stg_crm__opportunities.closed_at as activity_at,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_string() }}) as channel_group,
        cast(null as {{ dbt.type_string() }}) as campaign,
        stg_crm__opportunities.amount_reporting as activity_value,
        cast(null as {{ dbt.type_string() }}) as plan,
        stg_crm__opportunities.opportunity_id as related_id
    from stg_crm__opportunities
    inner join int_identifiers_resolved as identity
        on identity.identifier_key = {{ dbt.concat(["'opportunity_id:'", 'stg_crm__opportunities.opportunity_id']) }}
    where stg_crm__opportunities.closed_at is not null
),

sales_activities as (
    select
        coalesce(opportunity_identity.person_id, lead_identity.person_id) as person_id,
        {{ dbt.concat(["'crm_activity:'", 'stg_crm__activities.activity_id']) }} as activity_id,
        {{ dbt.concat(["'crm_'", 'stg_crm__activities.activity_type']) }} as activity,
        'crm' as activity_source,
        stg_crm__activities.activity_at,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_string() }}) as channel_group,
        cast(null as {{ dbt.type_string() }}) as campaign,
        cast(null as {{ dbt.type_numeric() }}) as activity_value,
        cast(null as {{ dbt.type_string() }}) as plan,
        stg_crm__activities.activity_id as related_id
    from stg_crm__activities
    left join int_identifiers_resolved as opportunity_identity
        on opportunity_identity.identifier_key
        = {{ dbt.concat(["'opportunity_id:'", 'stg_crm__activities.opportunity_id']) }}
    left join int_identifiers_resolved as lead_identity
        on lead_identity.identifier_key = {{ dbt.concat(["'lead_id:'", 'stg_crm__activities.lead_id']) }}
),

order_activities as (
    select
        identity.person_id,
        {{ dbt.concat(["'order:'", 'stg_billing__orders.order_id']) }} as activity_id,
        case when stg_billing__orders.is_paid then 'order_placed' else 'order_failed' end as activity,
        'billing' as activity_source,
        stg_billing__orders.ordered_at as activity_at,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_string() }}) as channel_group,
        cast(null as {{ dbt.type_string() }}) as campaign,
        stg_billing__orders.amount_reporting as activity_value,
        stg_billing__orders.plan as plan,
        stg_billing__orders.order_id as related_id
    from stg_billing__orders
    inner join int_identifiers_resolved as identity
        on identity.identifier_key = {{ dbt.concat(["'order_id:'", 'stg_billing__orders.order_id']) }}
    union all
    select
        identity.person_id,
        {{ dbt.concat(["'refund:'", 'stg_billing__orders.order_id']) }} as activity_id,
        'order_refunded' as activity,
        'billing' as activity_source,
        stg_billing__orders.refunded_at as activity_at,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_string() }}) as channel_group,
        cast(null as {{ dbt.type_string() }}) as campaign,
        -1 * stg_billing__orders.amount_reporting as activity_value,
        stg_billing__orders.plan as plan,
        stg_billing__orders.order_id as related_id
    from stg_billing__orders
    inner join int_identifiers_resolved as identity
        on identity.identifier_key = {{ dbt.concat(["'order_id:'", 'stg_billing__orders.order_id']) }}
    where stg_billing__orders.is_refunded and stg_billing__orders.refunded_at is not null
),

subscription_activities as (
    select
        coalesce(subscription_identity.person_id, user_identity.person_id) as person_id,
        {{ dbt.concat(["'subscription:'", 'stg_billing__subscription_events.subscription_event_id']) }} as activity_id,
        {{ dbt.concat(["'subscription_'", 'stg_billing__subscription_events.subscription_event_type']) }} as activity,
        'billing' as activity_source,
        stg_billing__subscription_events.subscription_event_at as activity_at,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_string() }}) as channel_group,
        cast(null as {{ dbt.type_string() }}) as campaign,
        stg_billing__subscription_events.mrr_reporting as activity_value,
        stg_billing__subscription_events.plan as plan,
        stg_billing__subscription_events.subscription_id as related_id
    from stg_billing__subscription_events
    left join int_identifiers_resolved as subscription_identity
        on subscription_identity.identifier_key
        = {{ dbt.concat(["'subscription_id:'", 'stg_billing__subscription_events.subscription_id']) }}
    left join int_identifiers_resolved as user_identity
        on user_identity.identifier_key = {{ dbt.concat(["'user_id:'", 'stg_billing__subscription_events.user_id']) }}
),

support_activities as (
    select
        identity.person_id,
        {{ dbt.concat(["'ticket:'", 'stg_support__tickets.ticket_id']) }} as activity_id,
        'support_ticket_opened' as activity,
        'support' as activity_source,
        stg_support__tickets.created_at as activity_at,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_string() }}) as channel_group,
        cast(null as {{ dbt.type_string() }}) as campaign,
        cast(null as {{ dbt.type_numeric() }}) as activity_value,
        cast(null as {{ dbt.type_string() }}) as plan,
        stg_support__tickets.ticket_id as related_id
    from stg_support__tickets
    inner join int_identifiers_resolved as identity
        on identity.identifier_key = {{ dbt.concat(["'ticket_id:'", 'stg_support__tickets.ticket_id']) }}
    union all
    select
        identity.person_id,
        {{ dbt.concat(["'survey:'", 'stg_support__survey_responses.response_id']) }} as activity_id,
        'survey_answered' as activity,
        'support' as activity_source,
        stg_support__survey_responses.responded_at as activity_at,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_string() }}) as channel_group,
        cast(null as {{ dbt.type_string() }}) as campaign,
        cast(stg_support__survey_responses.score as {{ dbt.type_numeric() }}) as activity_value,
        cast(null as {{ dbt.type_string() }}) as plan,
        stg_support__survey_responses.response_id as related_id
    from stg_support__survey_responses
    inner join int_identifiers_resolved as identity
        on identity.identifier_key = {{ dbt.concat(["'response_id:'", 'stg_support__survey_responses.response_id']) }}
),

activities_unioned as (
    select * from tracking_activities
    union all
    select * from ad_click_activities
    union all
    select * from email_activities
    union all
    select * from lead_activities
    union all
    select * from opportunity_activities
    union all
    select * from sales_activities
    union all
    select * from order_activities
    union all
    select * from subscription_activities
    union all
    select * from support_activities
)

select * from activities_unioned
where person_id is not null
