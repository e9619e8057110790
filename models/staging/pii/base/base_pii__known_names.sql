{#-
    The names known to the project: every word (3+ letters) of the CRM leads' first and last
    names and of the local part of every email any source carries, lower-cased, unless the
    seed name_common_words says to leave it alone (policy 'never') or to redact it only when
    written capitalised (policy 'capitalised': 'Will', not 'will'). Read by the staging models
    of free text (journey.names_redacted); nothing after staging reads it.
-#}
{%- set email_sources = [
    ('tracking', 'events'), ('email', 'email_events'), ('crm', 'crm_leads'), ('crm', 'crm_opportunities'),
    ('billing', 'orders'), ('billing', 'subscriptions'), ('support', 'support_tickets'),
    ('support', 'survey_responses'),
] -%}

with

{% for source_name, table_name in email_sources %}
    {{ table_name }} as (
        select * from {{ source(source_name, table_name) }}
    ),

{% endfor %}
name_common_words as (
    select * from {{ ref('name_common_words') }}
),

names_written as (
    select cast(first_name as {{ dbt.type_string() }}) as name_text
    from crm_leads

    union all

    select cast(last_name as {{ dbt.type_string() }}) as name_text
    from crm_leads

    {% for source_name, table_name in email_sources %}
        union all

        select regexp_extract({{ journey.normalize_email('email') }}, '^([^@]+)@', 1) as name_text
        from {{ table_name }}
    {% endfor %}
),

name_words_split as (
    select distinct {{ journey.name_words('name_text') }} as name_words
    from names_written
    where name_text is not null
),

name_words_listed as (
    {{ journey.text_tokens_sql('name_words_split', 'name_words', 'name_words') }}
),

name_words_kept as (
    select distinct token as name_word
    from name_words_listed
    where {{ dbt.length('token') }} >= 3
),

names_with_policy as (
    select
        name_words_kept.name_word,
        coalesce(name_common_words.policy, 'any_case') as redaction_policy
    from name_words_kept
    left join name_common_words
        on name_words_kept.name_word = name_common_words.word
    where coalesce(name_common_words.policy, 'any_case') <> 'never'
)

select * from names_with_policy
