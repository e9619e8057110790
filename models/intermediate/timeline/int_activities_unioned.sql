{#-
    Every activity of every person from every source, in one shape:
    who (person_id), when, what (an activity name in the event taxonomy), from
    which source, in which session and channel, with an optional value.
    The person comes from the identity map through the identifier each source
    carries (session, email, lead, opportunity, order, subscription, ticket,
    survey response).
-#}
{%- set text_null = 'cast(null as ' ~ dbt.type_string() ~ ')' -%}
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

int_orders_unioned as (
    select * from {{ ref('int_orders_unioned') }}
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
            loaded_at='int_events_sessionized.loaded_at',
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

-- Activities of the other sources carry the identifier that names their person (and a
-- fallback identifier where a source has two); the person is looked up once, below.
email_activities as (
    select
        {{ journey.activity_columns(
            person_id=text_null,
            activity_id=dbt.concat(["'email:'", 'email_event_id']),
            activity=dbt.concat(["'email_'", 'email_event_type']),
            activity_source='email',
            activity_at='email_event_at',
            channel_group="'Email'",
            campaign='utm_campaign',
            related_id='email_campaign_id',
        ) }},
        {{ journey.identifier_key("'email'", 'email_hash') }} as identifier_key,
        {{ text_null }} as fallback_identifier_key
    from stg_email__email_events
),

lead_activities as (
    select
        {{ journey.activity_columns(
            person_id=text_null,
            activity_id=dbt.concat(["'lead:'", 'lead_id']),
            activity="'lead_created'",
            activity_source='crm',
            activity_at='created_at',
            activity_value='lead_score',
            related_id='lead_id',
        ) }},
        {{ journey.identifier_key("'lead_id'", 'lead_id') }} as identifier_key,
        {{ text_null }} as fallback_identifier_key
    from stg_crm__leads
),

opportunity_activities as (
    select
        {{ journey.activity_columns(
            person_id=text_null,
            activity_id=dbt.concat(["'opportunity:'", 'opportunity_id']),
            activity="'opportunity_created'",
            activity_source='crm',
            activity_at='created_at',
            activity_value='amount_reporting',
            related_id='opportunity_id',
        ) }},
        {{ journey.identifier_key("'opportunity_id'", 'opportunity_id') }} as identifier_key,
        {{ text_null }} as fallback_identifier_key
    from stg_crm__opportunities
    union all
    select
        {{ journey.activity_columns(
            person_id=text_null,
            activity_id=dbt.concat(["'opportunity_closed:'", 'opportunity_id']),
            activity="case when is_won then 'opportunity_won' else 'opportunity_lost' end",
            activity_source='crm',
            activity_at='closed_at',
            activity_value='amount_reporting',
            related_id='opportunity_id',
        ) }},
        {{ journey.identifier_key("'opportunity_id'", 'opportunity_id') }} as identifier_key,
        {{ text_null }} as fallback_identifier_key
    from stg_crm__opportunities
    where closed_at is not null
),

sales_activities as (
    select
        {{ journey.activity_columns(
            person_id=text_null,
            activity_id=dbt.concat(["'crm_activity:'", 'activity_id']),
            activity=dbt.concat(["'crm_'", 'activity_type']),
            activity_source='crm',
            activity_at='activity_at',
            related_id='activity_id',
        ) }},
        {{ journey.identifier_key("'opportunity_id'", 'opportunity_id') }} as identifier_key,
        {{ journey.identifier_key("'lead_id'", 'lead_id') }} as fallback_identifier_key
    from stg_crm__activities
),

order_activities as (
    select
        {{ journey.activity_columns(
            person_id=text_null,
            activity_id=dbt.concat(["'order:'", 'order_id']),
            activity="case when is_paid then 'order_placed' else 'order_failed' end",
            activity_source='billing',
            activity_at='ordered_at',
            activity_value='amount_reporting',
            plan='plan',
            related_id='order_id',
        ) }},
        {{ journey.identifier_key("'order_id'", 'order_id') }} as identifier_key,
        {{ text_null }} as fallback_identifier_key
    from int_orders_unioned
    union all
    select
        {{ journey.activity_columns(
            person_id=text_null,
            activity_id=dbt.concat(["'refund:'", 'order_id']),
            activity="'order_refunded'",
            activity_source='billing',
            activity_at='refunded_at',
            activity_value='-1 * amount_reporting',
            plan='plan',
            related_id='order_id',
        ) }},
        {{ journey.identifier_key("'order_id'", 'order_id') }} as identifier_key,
        {{ text_null }} as fallback_identifier_key
    from int_orders_unioned
    where is_refunded and refunded_at is not null
),

subscription_activities as (
    select
        {{ journey.activity_columns(
            person_id=text_null,
            activity_id=dbt.concat(["'subscription:'", 'subscription_event_id']),
            activity=dbt.concat(["'subscription_'", 'subscription_event_type']),
            activity_source='billing',
            activity_at='subscription_event_at',
            activity_value='mrr_reporting',
            plan='plan',
            related_id='subscription_id',
        ) }},
        {{ journey.identifier_key("'subscription_id'", 'subscription_id') }} as identifier_key,
        {{ journey.identifier_key("'user_id'", 'user_id') }} as fallback_identifier_key
    from stg_billing__subscription_events
),

support_activities as (
    select
        {{ journey.activity_columns(
            person_id=text_null,
            activity_id=dbt.concat(["'ticket:'", 'ticket_id']),
            activity="'support_ticket_opened'",
            activity_source='support',
            activity_at='created_at',
            related_id='ticket_id',
        ) }},
        {{ journey.identifier_key("'ticket_id'", 'ticket_id') }} as identifier_key,
        {{ text_null }} as fallback_identifier_key
    from stg_support__tickets
    union all
    select
        {{ journey.activity_columns(
            person_id=text_null,
            activity_id=dbt.concat(["'survey:'", 'response_id']),
            activity="'survey_answered'",
            activity_source='support',
            activity_at='responded_at',
            activity_value='score',
            related_id='response_id',
        ) }},
        {{ journey.identifier_key("'response_id'", 'response_id') }} as identifier_key,
        {{ text_null }} as fallback_identifier_key
    from stg_support__survey_responses
),

source_activities_unioned as (
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
),

source_activities_with_person as (
    select
        coalesce(identity_by_key.person_id, identity_by_fallback.person_id) as person_id,
        source_activities_unioned.activity_id,
        source_activities_unioned.activity,
        source_activities_unioned.activity_source,
        source_activities_unioned.activity_at,
        source_activities_unioned.session_id,
        source_activities_unioned.channel_group,
        source_activities_unioned.campaign,
        source_activities_unioned.activity_value,
        source_activities_unioned.plan,
        source_activities_unioned.related_id,
        source_activities_unioned.loaded_at
    from source_activities_unioned
    left join int_identifiers_resolved as identity_by_key
        on source_activities_unioned.identifier_key = identity_by_key.identifier_key
    left join int_identifiers_resolved as identity_by_fallback
        on source_activities_unioned.fallback_identifier_key = identity_by_fallback.identifier_key
),

activities_unioned as (
    select * from tracking_activities
    union all
    select * from ad_click_activities
    union all
    select * from source_activities_with_person
)

select * from activities_unioned
where person_id is not null
