{#-
    The placeholder labels, defined once. Every model that shows "no value",
    "every value" or "any value" uses these, so a BI filter on '(none)' means the
    same thing in every mart.

      none        an attribute that has no value for this row (an entry without a
                  campaign, a conversion with no touch)
      all         a roll-up over every value of a dimension (a total row)
      any         a configuration wildcard (a friction point for any step detail)
      not_set     a marketing parameter the visit did not carry (GA4's "(not set)")
      direct      the traffic source of a visit with no utm, click id or external referrer
      unassigned  the channel group when no rule of the channel_rules seed matches
                  (GA4's "Unassigned")
      no_score    the lead-score band of a person without a lead score
      path_start  a path step before the first activity of a timeline
      path_end    a path step after the last activity of a timeline

    journey.label('none') renders the SQL literal '(none)'; journey.label_text('none')
    the bare text, for Jinja comparisons and Python-facing docs.
-#}
{% macro label_text(name) -%}
    {%- set labels = {
        'none': '(none)',
        'all': '(all)',
        'any': '(any)',
        'not_set': '(not set)',
        'direct': '(direct)',
        'unassigned': 'Unassigned',
        'no_score': '(no score)',
        'path_start': '(start)',
        'path_end': '(end)',
    } -%}
    {%- if name not in labels -%}
        {{ exceptions.raise_compiler_error(
            "journey.label: unknown placeholder label '" ~ name ~ "'; known: " ~ labels.keys() | sort | join(', ')) }}
    {%- endif -%}
    {{- labels[name] -}}
{%- endmacro %}

{% macro label(name) -%}
    '{{ journey.label_text(name) }}'
{%- endmacro %}
