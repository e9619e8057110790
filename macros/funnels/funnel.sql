{#-
    Runs a funnel over any event relation, for analyses/ and ad-hoc SQL, with the
    same engine (journey.funnel_ctes) as the funnel marts.

        {{ journey.funnel(
            ref('int_activities_enriched'),
            steps=[
                'sign_up',
                {'event': 'page_view', 'property': 'page_path', 'value': '/pricing', 'name': 'pricing'},
                'order_completed',
            ],
            window_days=14, order_mode='ordered', scope='person',
            exclusions=[{'event': 'payment_failed', 'before_step': 3}],
            breakdowns=['channel_group'],
            summary=true,
        ) }}

    steps: event names, or mappings with event, and optionally name, property and
    value (a filter property = value; property must be a column of the relation).
    exclusions: mappings with event, before_step (k in 2..K: an exclusion event
    between step k-1 and step k drops the entrant from step k on), optional
    property and value.
    summary=false returns one row per entry x step (is_reached, reached_at ...);
    summary=true returns the per-step measures by the breakdown columns.
    The column arguments name the relation's columns; session_column=none
    allows person scope only; order_column breaks ties on the timestamp.
-#}
{% macro funnel(
    relation,
    steps,
    window_days=14,
    order_mode='ordered',
    scope='person',
    exclusions=[],
    breakdowns=[],
    summary=false,
    funnel_name='adhoc_funnel',
    person_column='person_id',
    session_column='session_id',
    event_column='activity',
    timestamp_column='activity_at',
    event_id_column='activity_id',
    order_column=none
) %}
    {%- set errors = [] -%}
    {%- if order_mode not in ['ordered', 'strict', 'unordered'] -%}
        {%- do errors.append("order_mode must be 'ordered', 'strict' or 'unordered', got " ~ order_mode | tojson) -%}
    {%- endif -%}
    {%- if scope not in ['person', 'session'] -%}
        {%- do errors.append("scope must be 'person' or 'session', got " ~ scope | tojson) -%}
    {%- elif scope == 'session' and not session_column -%}
        {%- do errors.append("scope 'session' needs a session_column") -%}
    {%- endif -%}
    {%- if window_days is not number or window_days is boolean or window_days < 1 or window_days != window_days | int -%}
        {%- do errors.append("window_days must be a whole number >= 1, got " ~ window_days | tojson) -%}
    {%- endif -%}
    {%- if steps is string or steps is mapping or steps is not iterable or steps | length == 0 -%}
        {%- do errors.append("steps must be a non-empty list of event names or mappings") -%}
        {%- set steps = [] -%}
    {%- endif -%}

    {%- set step_rows = [] -%}
    {%- set property_columns = [] -%}
    {%- for step in steps -%}
        {%- set spec = {'event': step} if step is string else step -%}
        {%- if spec is not mapping or not spec.get('event') -%}
            {%- do errors.append("step " ~ loop.index ~ " needs an event, got " ~ step | tojson) -%}
        {%- else -%}
            {%- do step_rows.append({
                'step_number': loop.index, 'step_name': spec.get('name', spec['event']), 'event': spec['event'],
                'property': spec.get('property'), 'value': spec.get('value'), 'is_exclusion': false,
            }) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for exclusion in exclusions -%}
        {%- set before_step = exclusion.get('before_step') if exclusion is mapping else none -%}
        {%- if exclusion is not mapping or not exclusion.get('event') -%}
            {%- do errors.append("exclusion " ~ loop.index ~ " needs an event, got " ~ exclusion | tojson) -%}
        {%- elif before_step is not number or before_step < 2 or before_step > steps | length -%}
            {%- do errors.append(
                "exclusion " ~ loop.index ~ " needs before_step between 2 and " ~ steps | length
                ~ ", got " ~ before_step | tojson
            ) -%}
        {%- else -%}
            {%- do step_rows.append({
                'step_number': before_step, 'step_name': 'exclude_' ~ exclusion['event'], 'event': exclusion['event'],
                'property': exclusion.get('property'), 'value': exclusion.get('value'), 'is_exclusion': true,
            }) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for row in step_rows if row['property'] -%}
        {%- if row['value'] is none -%}
            {%- do errors.append("the filter on " ~ row['property'] ~ " of step " ~ row['step_name'] ~ " needs a value") -%}
        {%- elif row['property'] not in property_columns -%}
            {%- do property_columns.append(row['property']) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if errors -%}
        {{ exceptions.raise_compiler_error("journey.funnel: invalid arguments:\n  - " ~ errors | join("\n  - ")) }}
    {%- endif -%}

    {%- set extra_columns = [] -%}
    {%- for column in property_columns + breakdowns if column not in extra_columns -%}
        {%- do extra_columns.append(column) -%}
    {%- endfor %}
with

funnel_input_events as (
    select
        cast({{ event_id_column }} as {{ dbt.type_string() }}) as event_id,
        {{ person_column }} as person_id,
        {{ session_column if session_column else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as session_id,
        {{ event_column }} as event_name,
        {{ timestamp_column }} as event_at,
        {{ order_column if order_column else 0 }} as event_order
        {%- for column in extra_columns %},
        {{ column }}
        {%- endfor %}
    from {{ relation }}
),

funnel_input_definitions as (
    select
        {{ journey.funnel_literal(funnel_name) }} as funnel_name,
        {{ window_days | int }} as window_days,
        {{ journey.funnel_literal(order_mode) }} as order_mode,
        {{ journey.funnel_literal(scope) }} as scope
),

funnel_input_steps as (
    {%- for row in step_rows %}
    select
        {{ journey.funnel_literal(funnel_name) }} as funnel_name,
        {{ row['step_number'] }} as step_number,
        {{ journey.funnel_literal(row['step_name']) }} as step_name,
        {{ journey.funnel_literal(row['event']) }} as canonical_event,
        {{ journey.funnel_literal(row['property']) }} as property_name,
        {{ journey.funnel_literal(row['value']) }} as property_value,
        {{ 'true' if row['is_exclusion'] else 'false' }} as is_exclusion
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

{{ journey.funnel_ctes(
    'funnel_input_events', 'funnel_input_definitions', 'funnel_input_steps',
    steps | length, property_columns, breakdowns, 'funnel_entry_steps'
) }}
{%- if summary %},

{{ journey.funnel_step_measures_ctes('funnel_entry_steps', breakdowns, 'funnel_summary') }}

select * from funnel_summary
{%- else %}

select * from funnel_entry_steps
{%- endif %}
{%- endmacro %}


{#- A value as a SQL text literal (quotes escaped the engine's way), or a typed null. -#}
{% macro funnel_literal(value) -%}
    {%- if value is none -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        '{{ dbt.escape_single_quotes(value | string) }}'
    {%- endif -%}
{%- endmacro %}
