{#-
    Conforming macros shared by every staging model: identifiers, emails, PII
    hashing, campaign tags and URLs are cleaned the same way for every source.
-#}

{#- The junk-identifier list (var journey_junk_identifiers) as a SQL list of literals. -#}
{% macro junk_identifier_list() -%}
    {%- set quoted = [] -%}
    {%- for value in var('journey_junk_identifiers') -%}
        {%- do quoted.append(journey.text_literal(value | string | lower | trim)) -%}
    {%- endfor -%}
    ({{ quoted | join(', ') }})
{%- endmacro %}


{#- An identifier as trimmed text; null when missing or a junk value ('null', 'undefined', '0', ...). -#}
{% macro clean_identifier(expr) -%}
    case
        when lower(trim({{ dbt.cast(expr, dbt.type_string()) }})) not in {{ journey.junk_identifier_list() }}
            then trim({{ dbt.cast(expr, dbt.type_string()) }})
    end
{%- endmacro %}


{#-
    An email trimmed and lower-cased; null when missing, junk, without an '@', or a
    test address (var journey_test_email_pattern), so that such values never
    identify anybody.
-#}
{% macro normalize_email(expr) -%}
    {%- set email = 'lower(trim(' ~ dbt.cast(expr, dbt.type_string()) ~ '))' -%}
    case
        when {{ email }} like '%_@_%'
            and {{ email }} not in {{ journey.junk_identifier_list() }}
            and not {{ journey.regex_matches(email, journey.text_literal(var('journey_test_email_pattern'))) }}
            then {{ email }}
    end
{%- endmacro %}


{#- Salted SHA-256 of a PII value (var journey_pii_salt); null stays null. -#}
{% macro hash_pii(expr) -%}
    case
        when ({{ expr }}) is not null
            then {{ journey.sha256_hex(dbt.concat([journey.text_literal(var('journey_pii_salt')), expr])) }}
    end
{%- endmacro %}


{#- The salted hash of a normalised email: the only form in which an email leaves staging. -#}
{% macro email_hash(expr) -%}
    {{ journey.hash_pii(journey.normalize_email(expr)) }}
{%- endmacro %}


{#- A utm value lower-cased, trimmed, runs of spaces turned into '_'; null when empty. -#}
{% macro normalize_utm(expr) -%}
    nullif({{ journey.regex_replace_all('lower(trim(' ~ dbt.cast(expr, dbt.type_string()) ~ '))', "' +'", "'_'") }}, '')
{%- endmacro %}


{#-
    A free text (ticket, chat, CRM note, survey comment) as staging stores it: emails, IP addresses
    and phone numbers replaced by '[email]', '[ip]' and '[phone]' (journey.redact_contacts), then
    cut to its first journey_text_max_chars characters, so an oversized text (a pasted log) is
    not copied at full length into every later model. Redacting before cutting means the cut
    cannot leave half an email behind. The raw length is kept beside it (journey.text_chars).
-#}
{% macro free_text(expr) -%}
    substring({{ journey.redact_contacts(expr) }}, 1, {{ var('journey_text_max_chars') }})
{%- endmacro %}


{#- The length of a raw free text in characters (null stays null). -#}
{% macro text_chars(expr) -%}
    {{ dbt.length(dbt.cast(expr, dbt.type_string())) }}
{%- endmacro %}


{#-
    Free text with contact details replaced: emails (journey.redact_emails), then IPv4 addresses
    (four dot-separated groups of 1-3 digits), IPv6 addresses (4 to 8 colon-separated hex groups,
    so a time such as 10:00:00 is kept), then phone numbers: an optional '+', then at least 9 digits
    in groups of 1-3, 2-4, 3-4 and 3-4 optionally separated by a space, '.' or '-' (the second group
    may be in parentheses). A date (2026-03-01), a time or an 8-digit number is not a phone; a longer
    digit run (a card or account number) is redacted as one, which is the safe side.
    The patterns avoid backslashes, which Spark's parser would read as escapes.
-#}
{% macro redact_contacts(expr) -%}
    {%- set without_emails = journey.redact_emails(expr) -%}
    {%- set without_ipv4 = journey.regex_replace_all(
        without_emails, "'[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}'", "'[ip]'") -%}
    {%- set without_ipv6 = journey.regex_replace_all(
        without_ipv4, "'[0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{0,4}){3,7}'", "'[ip]'") -%}
    {{ journey.regex_replace_all(
        without_ipv6, "'[+]?[0-9]{1,3}[ .-]?[(]?[0-9]{2,4}[)]?[ .-]?[0-9]{3,4}[ .-]?[0-9]{3,4}'", "'[phone]'") }}
{%- endmacro %}


{#- Free text with email addresses replaced by '[email]', so no email leaves staging inside text. -#}
{% macro redact_emails(expr) -%}
    {{ journey.regex_replace_all(expr, "'[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]+'", "'[email]'") }}
{%- endmacro %}


{#- The lower-cased host of a URL ('www.google.com'); null when there is none. -#}
{% macro url_host(expr) -%}
    nullif(regexp_extract(lower(trim({{ expr }})), '^[a-z][a-z0-9+.-]*://([^/?#:]+)', 1), '')
{%- endmacro %}


{#- The path of a URL without query string or fragment ('/pricing'); '/' for a bare host. -#}
{% macro url_path(expr) -%}
    case
        when {{ expr }} is not null
            then coalesce(nullif(regexp_extract(trim({{ expr }}), '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)', 1), ''), '/')
    end
{%- endmacro %}


{#- The URL without its query string and fragment (query strings can carry PII). -#}
{% macro url_without_query(expr) -%}
    nullif(regexp_extract(trim({{ expr }}), '^([^?#]*)', 1), '')
{%- endmacro %}


{#-
    True when a host belongs to the business's own sites (var journey_internal_domains):
    the host is the domain or one of its sub-domains.
-#}
{% macro is_internal_host(host_expr) -%}
    {%- set conditions = [] -%}
    {%- for domain in var('journey_internal_domains') -%}
        {%- set domain = domain | lower | trim -%}
        {#- a sub-domain ends with '.' + domain: compared as text, so '%' or '_' in a domain are no wildcards -#}
        {%- do conditions.append("(" ~ host_expr ~ " = " ~ journey.text_literal(domain) ~ " or "
            ~ dbt.right(host_expr, (domain | length) + 1) ~ " = " ~ journey.text_literal('.' ~ domain) ~ ")") -%}
    {%- endfor -%}
    coalesce({{ conditions | join(' or ') if conditions else 'false' }}, false)
{%- endmacro %}


{#-
    expr, or the default when the raw column has no value in any row of relation. A column the
    landing table lacks reads as nulls (the landing view fills it), so that is an absent column
    (or one empty throughout). A gap in a column that other rows fill is kept, and validation
    judges it. The count is an uncorrelated scalar subquery: engines compute it once.
-#}
{% macro absent_column_default(expr, column, relation, default) -%}
    coalesce(
        {{ expr }},
        case
            {%- set alias = relation ~ '_' ~ column ~ '_values' %}
            when
                (
                    select count(nullif(trim({{ dbt.cast(alias ~ '.' ~ column, dbt.type_string()) }}), ''))
                    from {{ relation }} as {{ alias }}
                ) = 0
                then {{ default }}
        end
    )
{%- endmacro %}


{#- The currency of amounts whose table has no currency column: journey_default_currency, else the reporting currency. -#}
{% macro default_currency() -%}
    {{ journey.string_literals([(var('journey_default_currency') or var('journey_reporting_currency')) | upper]) }}
{%- endmacro %}
