{#-
    Runs a funnel over any event relation, for analyses/ and ad-hoc SQL, with the rules of
    the funnel models (macros/funnels/funnel_rules.sql, funnel_step_chain.sql).

        {{ journey.funnel(
            ref('int_activities_enriched'),
            steps=[
                'sign_up',
                {'event': 'page_view', 'property': 'page_path', 'value': '/pricing', 'name': 'pricing'},
                'order_completed',
            ],
            window_size=14, window_unit='day', order_mode='ordered', scope='person',
            exclusions=[{'event': 'payment_failed', 'before_step': 3}],
            breakdowns=['channel_group'],
            summary=true,
        ) }}

    window_size, window_unit: the whole funnel's window from the entry, in minutes, hours or
    days (window_days=N is window_size=N, window_unit='day', as before).
    steps: event names, or mappings with event, and optionally name, property and
    value (a filter property = value; property must be a column of the relation), filters
    (a list of mappings with property, operator (equals, not_equals, contains, starts_with,
    is_set, is_not_set; default equals) and value) and match ('all', the default, or 'any':
    how the step's filters combine), and
    window_size with window_unit (the step within that window of the step before it;
    ordered and strict funnels, steps 2..K).
    exclusions: mappings with event, before_step (k in 2..K: an exclusion event
    between step k-1 and step k drops the entrant from step k on; strict funnels: the
    very next event after step k-1; unordered funnels: after the entry, before step k is
    reached), optional property and value.
    summary=false returns one row per entry x step (is_reached, reached_at ...);
    summary=true returns the per-step measures by the breakdown columns.
    The column arguments name the relation's columns; session_column=none
    allows person scope only; order_column breaks ties on the timestamp.
    The funnel models run the step chain in passes of an iterative model; here the step count
    is known when compiling, so the chain is unrolled: one advance (CTEs) per step.
-#}
{% macro funnel(
    relation,
    steps,
    window_days=none,
    window_size=none,
    window_unit='day',
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
    {%- set window = {'size': window_size, 'unit': window_unit} if window_size is not none
        else {'size': 14 if window_days is none else window_days, 'unit': 'day'} -%}
    {%- set arguments = journey.funnel_arguments(
        steps, exclusions, window, order_mode, scope, session_column, funnel_name) -%}
    {%- set columns = {
        'activity_id': 'cast(' ~ event_id_column ~ ' as ' ~ dbt.type_string() ~ ')',
        'person_id': person_column,
        'session_id': session_column or 'cast(null as ' ~ dbt.type_string() ~ ')',
        'activity': event_column,
        'activity_at': timestamp_column,
        'activity_number': order_column or '0',
    } -%}
    {%- for column in arguments.property_columns + breakdowns if column not in columns -%}
        {%- do columns.update({column: column}) -%}
    {%- endfor %}
with

{{ journey.funnel_adhoc_input_ctes(relation, columns, arguments.step_rows, arguments.filter_rows) }},

{{ journey.funnel_adhoc_entries_ctes(arguments.property_columns) }},

{{ journey.funnel_adhoc_steps_reached_ctes(order_mode, arguments.steps_count) }},

{{ journey.funnel_adhoc_entry_steps_ctes(breakdowns) }},

{{ journey.funnel_adhoc_entry_step_times_ctes() }}
{%- if summary %},

{{ journey.funnel_step_measures_ctes('funnel_entry_steps', breakdowns, 'funnel_summary') }}

select * from funnel_summary
{%- else %}

select * from funnel_entry_steps
{%- endif %}
{%- endmacro %}


{#-
    journey.funnel()'s arguments checked (every problem in one compile-time error) and turned
    into the rows of the funnel_steps and funnel_step_filters seeds: returns step_rows and
    filter_rows (SQL literals), steps_count and property_columns (the columns the filters read).
-#}
{% macro funnel_arguments(steps, exclusions, window, order_mode, scope, session_column, funnel_name) %}
    {%- set errors = [] -%}
    {%- if order_mode not in ['ordered', 'strict', 'unordered'] -%}
        {%- do errors.append("order_mode must be 'ordered', 'strict' or 'unordered', got " ~ order_mode | tojson) -%}
    {%- endif -%}
    {%- if scope not in ['person', 'session'] -%}
        {%- do errors.append("scope must be 'person' or 'session', got " ~ scope | tojson) -%}
    {%- elif scope == 'session' and not session_column -%}
        {%- do errors.append("scope 'session' needs a session_column") -%}
    {%- endif -%}
    {%- set window_minutes = journey.funnel_adhoc_window_minutes(window['size'], window['unit'], 'the window', errors) -%}
    {%- if steps is string or steps is mapping or steps is not iterable or steps | length == 0 -%}
        {%- do errors.append("steps must be a non-empty list of event names or mappings") -%}
        {%- set steps = [] -%}
    {%- endif -%}
    {%- set specs = journey.funnel_step_specs(steps, exclusions, errors) -%}
    {%- for spec in specs if spec['window_size'] is not none -%}
        {%- if spec['step_number'] == 1 or order_mode == 'unordered' -%}
            {%- do errors.append("step " ~ spec['name'] ~ " has a window: only steps 2..K of an ordered or strict funnel can") -%}
        {%- endif -%}
        {%- do spec.update({'window_minutes': journey.funnel_adhoc_window_minutes(
            spec['window_size'], spec['window_unit'], 'the window of step ' ~ spec['name'], errors)}) -%}
    {%- endfor -%}
    {%- set property_columns = [] -%}
    {%- for spec in specs if spec['property'] -%}
        {%- if spec['value'] is none -%}
            {%- do errors.append("the filter on " ~ spec['property'] ~ " of step " ~ spec['name'] ~ " needs a value") -%}
        {%- elif spec['property'] not in property_columns -%}
            {%- do property_columns.append(spec['property']) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set filter_rows = [] -%}
    {%- for spec in specs -%}
        {%- if spec['match'] not in ['all', 'any'] -%}
            {%- do errors.append("step " ~ spec['name'] ~ " needs match 'all' or 'any', got " ~ spec['match'] | tojson) -%}
        {%- endif -%}
        {%- for filter in spec['filters'] -%}
            {%- set operator = filter.get('operator', 'equals') if filter is mapping else none -%}
            {%- if filter is not mapping or not filter.get('property') -%}
                {%- do errors.append("filter " ~ loop.index ~ " of step " ~ spec['name'] ~ " needs a property, got " ~ filter | tojson) -%}
            {%- elif operator not in ['equals', 'not_equals', 'contains', 'starts_with', 'is_set', 'is_not_set'] -%}
                {%- do errors.append("filter " ~ loop.index ~ " of step " ~ spec['name'] ~ " has an unknown operator " ~ operator | tojson) -%}
            {%- elif (filter.get('value') is none) != (operator in ['is_set', 'is_not_set']) -%}
                {%- do errors.append("filter " ~ loop.index ~ " of step " ~ spec['name'] ~ ": " ~ operator ~ " needs " ~ ("no value" if operator in ['is_set', 'is_not_set'] else "a value")) -%}
            {%- else -%}
                {%- if filter['property'] not in property_columns -%}
                    {%- do property_columns.append(filter['property']) -%}
                {%- endif -%}
                {%- do filter_rows.append([
                    journey.funnel_literal(funnel_name), spec['step_number'], spec['is_exclusion'],
                    journey.funnel_literal(spec['name']),
                    journey.funnel_literal(filter['property']), journey.funnel_literal(operator),
                    journey.funnel_literal(filter.get('value')),
                ]) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if errors -%}
        {{ exceptions.raise_compiler_error("journey.funnel: invalid arguments:\n  - " ~ errors | join("\n  - ")) }}
    {%- endif -%}
    {%- set step_rows = [] -%}
    {%- for spec in specs -%}
        {%- do step_rows.append([
            journey.funnel_literal(funnel_name), spec['step_number'], journey.funnel_literal(spec['name']),
            journey.funnel_literal(spec['event']), journey.funnel_literal(spec['property']),
            journey.funnel_literal(spec['value']), spec['is_exclusion'], window_minutes,
            spec.get('window_minutes') or 'cast(null as ' ~ dbt.type_int() ~ ')',
            journey.funnel_literal(order_mode), journey.funnel_literal(scope), journey.funnel_literal(spec['match']),
        ]) -%}
    {%- endfor -%}
    {{ return({
        'step_rows': step_rows, 'filter_rows': filter_rows, 'steps_count': steps | length,
        'property_columns': property_columns,
    }) }}
{% endmacro %}


{#- The steps and exclusions as step specs (step_number, name, event, property, value, is_exclusion); problems go to errors. -#}
{% macro funnel_step_specs(steps, exclusions, errors) %}
    {%- set specs = [] -%}
    {%- for step in steps -%}
        {%- set spec = {'event': step} if step is string else step -%}
        {%- if spec is not mapping or not spec.get('event') -%}
            {%- do errors.append("step " ~ loop.index ~ " needs an event, got " ~ step | tojson) -%}
        {%- else -%}
            {%- do specs.append({
                'step_number': loop.index, 'name': spec.get('name', spec['event']), 'event': spec['event'],
                'property': spec.get('property'), 'value': spec.get('value'), 'is_exclusion': 'false',
                'window_size': spec.get('window_size'), 'window_unit': spec.get('window_unit', 'day'),
                'filters': spec.get('filters', []), 'match': spec.get('match', 'all'),
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
            {%- do specs.append({
                'step_number': before_step, 'name': 'exclude_' ~ exclusion['event'], 'event': exclusion['event'],
                'property': exclusion.get('property'), 'value': exclusion.get('value'), 'is_exclusion': 'true',
                'window_size': none, 'window_unit': none,
                'filters': exclusion.get('filters', []), 'match': exclusion.get('match', 'all'),
            }) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(specs) }}
{% endmacro %}


{#- A value as a SQL text literal (journey.text_literal), or a typed null. -#}
{% macro funnel_literal(value) -%}
    {%- if value is none -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        {{ journey.text_literal(value) }}
    {%- endif -%}
{%- endmacro %}


{#- A window of size x unit in minutes (as journey.funnel_window_minutes); problems go to errors (what: its name). -#}
{% macro funnel_adhoc_window_minutes(size, unit, what, errors) %}
    {%- set minutes_per_unit = {'minute': 1, 'hour': 60, 'day': 1440} -%}
    {%- if size is not number or size is boolean or size < 1 or size != size | int -%}
        {%- do errors.append(what ~ " needs a size that is a whole number >= 1, got " ~ size | tojson) -%}
        {{ return(0) }}
    {%- elif unit is not string or unit | lower not in minutes_per_unit -%}
        {%- do errors.append(what ~ " needs a unit of minute, hour or day, got " ~ unit | tojson) -%}
        {{ return(0) }}
    {%- endif -%}
    {{ return(size | int * minutes_per_unit[unit | lower]) }}
{% endmacro %}
