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
        {{ journey.activity_columns(
            person_id='int_sessions_aggregated.person_id',
            activity_id=dbt.concat(["'event:'", 'int_events_sessionized.event_id']),
            activity='int_events_sessionized.canonical_event',
            activity_source='tracking',
            activity_at='int_events_sessionized.event_at',
            session_id='int_events_sessionized.session_id',
            channel_group='int_sessions_aggregated.entry_channel_group',
            campaign='int_sessions_aggregated.entry_campaign',
            activity_value='int_events_sessionized.revenue',
            plan='int_events_sessionized.plan',
            related_id='int_events_sessionized.order_id',
        ) }}
    from int_events_sessionized
    inner join int_sessions_aggregated
        on int_events_sessionized.session_id = int_sessions_aggregated.session_id
),

ad_click_activities as (
    select
        {{ journey.activity_columns(
            person_id='person_id',
            activity_id=dbt.concat(["'ad_click:'", 'session_id']),
            activity="'ad_click'",
            activity_source='tracking',
            activity_at='session_started_at',
            session_id='session_id',
            channel_group='entry_channel_group',
            campaign='entry_campaign',
        ) }}
    from int_sessions_aggregated
    where has_click_id
),

email_activities as (
    select
        {{ journey.activity_columns(
            person_id='resolved_identity.person_id',
            activity_id=dbt.concat(["'email:'", 'stg_email__email_events.email_event_id']),
            activity=dbt.concat(["'email_'", 'stg_email__email_events.email_event_type']),
            activity_source='email',
            activity_at='stg_email__email_events.email_event_at',
            channel_group="'Email'",
            campaign='stg_email__email_events.utm_campaign',
            related_id='stg_email__email_events.email_campaign_id',
        ) }}
    from stg_email__email_events
    inner join int_identifiers_resolved as resolved_identity
        on resolved_identity.identifier_key
            = {{ journey.identifier_key("'email'", 'stg_email__email_events.email_hash') }}
),

lead_activities as (
    select
        {{ journey.activity_columns(
            person_id='resolved_identity.person_id',
            activity_id=dbt.concat(["'lead:'", 'stg_crm__leads.lead_id']),
            activity="'lead_created'",
            activity_source='crm',
            activity_at='stg_crm__leads.created_at',
            activity_value='stg_crm__leads.lead_score',
            related_id='stg_crm__leads.lead_id',
        ) }}
    from stg_crm__leads
    inner join int_identifiers_resolved as resolved_identity
        on resolved_identity.identifier_key = {{ journey.identifier_key("'lead_id'", 'stg_crm__leads.lead_id') }}
),

opportunities_with_person as (
    select
        stg_crm__opportunities.*,
        resolved_identity.person_id
    from stg_crm__opportunities
    inner join int_identifiers_resolved as resolved_identity
        on
            resolved_identity.identifier_key
            = {{ journey.identifier_key("'opportunity_id'", 'stg_crm__opportunities.opportunity_id') }}
),

opportunity_activities as (
    select
        {{ journey.activity_columns(
            person_id='person_id',
            activity_id=dbt.concat(["'opportunity:'", 'opportunity_id']),
            activity="'opportunity_created'",
            activity_source='crm',
            activity_at='created_at',
            activity_value='amount_reporting',
            related_id='opportunity_id',
        ) }}
    from opportunities_with_person
    union all
    select
        {{ journey.activity_columns(
            person_id='person_id',
            activity_id=dbt.concat(["'opportunity_closed:'", 'opportunity_id']),
            activity="case when is_won then 'opportunity_won' else 'opportunity_lost' end",
            activity_source='crm',
            activity_at='closed_at',
            activity_value='amount_reporting',
            related_id='opportunity_id',
        ) }}
    from opportunities_with_person
    where closed_at is not null
),

sales_activities as (
    select
        {{ journey.activity_columns(
            person_id='coalesce(opportunity_identity.person_id, lead_identity.person_id)',
            activity_id=dbt.concat(["'crm_activity:'", 'stg_crm__activities.activity_id']),
            activity=dbt.concat(["'crm_'", 'stg_crm__activities.activity_type']),
            activity_source='crm',
            activity_at='stg_crm__activities.activity_at',
            related_id='stg_crm__activities.activity_id',
        ) }}
    from stg_crm__activities
    left join int_identifiers_resolved as opportunity_identity
        on
            opportunity_identity.identifier_key
            = {{ journey.identifier_key("'opportunity_id'", 'stg_crm__activities.opportunity_id') }}
    left join int_identifiers_resolved as lead_identity
        on lead_identity.identifier_key = {{ journey.identifier_key("'lead_id'", 'stg_crm__activities.lead_id') }}
),

orders_with_person as (
    select
        stg_billing__orders.*,
        resolved_identity.person_id
    from stg_billing__orders
    inner join int_identifiers_resolved as resolved_identity
        on resolved_identity.identifier_key = {{ journey.identifier_key("'order_id'", 'stg_billing__orders.order_id') }}
),

order_activities as (
    select
        {{ journey.activity_columns(
            person_id='person_id',
            activity_id=dbt.concat(["'order:'", 'order_id']),
            activity="case when is_paid then 'order_placed' else 'order_failed' end",
            activity_source='billing',
            activity_at='ordered_at',
            activity_value='amount_reporting',
            plan='plan',
            related_id='order_id',
        ) }}
    from orders_with_person
    union all
    select
        {{ journey.activity_columns(
            person_id='person_id',
            activity_id=dbt.concat(["'refund:'", 'order_id']),
            activity="'order_refunded'",
            activity_source='billing',
            activity_at='refunded_at',
            activity_value='-1 * amount_reporting',
            plan='plan',
            related_id='order_id',
        ) }}
    from orders_with_person
    where is_refunded and refunded_at is not null
),

subscription_activities as (
    select
        {{ journey.activity_columns(
            person_id='coalesce(subscription_identity.person_id, user_identity.person_id)',
            activity_id=dbt.concat(["'subscription:'", 'stg_billing__subscription_events.subscription_event_id']),
            activity=dbt.concat(["'subscription_'", 'stg_billing__subscription_events.subscription_event_type']),
            activity_source='billing',
            activity_at='stg_billing__subscription_events.subscription_event_at',
            activity_value='stg_billing__subscription_events.mrr_reporting',
            plan='stg_billing__subscription_events.plan',
            related_id='stg_billing__subscription_events.subscription_id',
        ) }}
    from stg_billing__subscription_events
    left join int_identifiers_resolved as subscription_identity
        on
            subscription_identity.identifier_key
            = {{ journey.identifier_key("'subscription_id'", 'stg_billing__subscription_events.subscription_id') }}
    left join int_identifiers_resolved as user_identity
        on user_identity.identifier_key
            = {{ journey.identifier_key("'user_id'", 'stg_billing__subscription_events.user_id') }}
),

support_activities as (
    select
        {{ journey.activity_columns(
            person_id='resolved_identity.person_id',
            activity_id=dbt.concat(["'ticket:'", 'stg_support__tickets.ticket_id']),
            activity="'support_ticket_opened'",
            activity_source='support',
            activity_at='stg_support__tickets.created_at',
            related_id='stg_support__tickets.ticket_id',
        ) }}
    from stg_support__tickets
    inner join int_identifiers_resolved as resolved_identity
        on resolved_identity.identifier_key
            = {{ journey.identifier_key("'ticket_id'", 'stg_support__tickets.ticket_id') }}
    union all
    select
        {{ journey.activity_columns(
            person_id='resolved_identity.person_id',
            activity_id=dbt.concat(["'survey:'", 'stg_support__survey_responses.response_id']),
            activity="'survey_answered'",
            activity_source='support',
            activity_at='stg_support__survey_responses.responded_at',
            activity_value='stg_support__survey_responses.score',
            related_id='stg_support__survey_responses.response_id',
        ) }}
    from stg_support__survey_responses
    inner join int_identifiers_resolved as resolved_identity
        on
            resolved_identity.identifier_key
            = {{ journey.identifier_key("'response_id'", 'stg_support__survey_responses.response_id') }}
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
