{#-
    materialized='iterative': a model whose SQL is one pass of an iterative solver
    (label propagation of the identity graph, squaring of a Markov chain, the step
    chain of a funnel), repeated until it converges.

        {{ config(
            materialized='iterative',
            max_passes=var('journey_identity_max_passes'),
            converged_when='count(case when is_changed then 1 end) = 0',
            progress='count(case when is_changed then 1 end)',
            progress_label='labels changed',
        ) }}
        with previous_labels as (
            select * from {{ journey.previous_pass(ref('int_identity_labels_initialized')) }}
        ) ...

    The model reads its input through journey.previous_pass(relation): pass 1 reads
    that relation, pass k reads the table pass k-1 wrote. journey.pass_number()
    renders the number of the pass (1 in the compiled SQL). After each pass the
    materialization evaluates converged_when, an aggregate boolean over the pass's
    rows (write it so that an empty pass converges: coalesce(max(x), 0) < 1e-9),
    and logs the pass with progress (an aggregate over its rows) and its row count.
    The first pass that converges becomes the model's table; not converging within
    max_passes is an error that names the model and the last progress. Each pass is
    a table named <model>__pass_<k>_<run id> in the model's schema, so two runs
    cannot collide; at most two exist at a time and none is left behind.

    `dbt compile` and `dbt show` see the SQL of the first pass (they log that the
    model is iterative); the built table is the converged one.
-#}
{% materialization iterative, default %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set max_passes = config.get('max_passes') -%}
    {%- set converged_when = config.get('converged_when') -%}
    {%- set progress = config.get('progress') or 'count(*)' -%}
    {%- set progress_label = config.get('progress_label') or 'rows' -%}
    {%- if max_passes is not number or max_passes < 1 or converged_when is not string -%}
        {{ exceptions.raise_compiler_error(
            'journey: iterative model ' ~ this.identifier ~ ' needs config max_passes (a whole number >= 1, got '
            ~ max_passes | tojson ~ ') and converged_when (an aggregate boolean SQL expression, got '
            ~ converged_when | tojson ~ ')') }}
    {%- endif -%}
    {%- set run_tag = (invocation_id | replace('-', ''))[:8] -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- set state = namespace(previous=none, passes=0, converged=false, progress=none) -%}
    {%- for pass_number in range(1, max_passes + 1) if not state.converged -%}
        {%- set pass_relation = api.Relation.create(
            database=this.database, schema=this.schema,
            identifier=this.identifier ~ '__pass_' ~ pass_number ~ '_' ~ run_tag, type='table') -%}
        {%- do adapter.drop_relation(pass_relation) -%}
        {%- call statement('iterative_pass') -%}
            {{ journey.create_table_as_sql(pass_relation, journey.iterative_pass_sql(sql, state.previous, pass_number)) }}
        {%- endcall -%}
        {%- call statement('iterative_check', fetch_result=True) -%}
            select
                case when {{ converged_when }} then 1 else 0 end as is_converged,
                {{ progress }} as progress,
                count(*) as row_count
            from {{ pass_relation }}
        {%- endcall -%}
        {%- set check = load_result('iterative_check')['data'][0] -%}
        {%- if state.previous is not none -%}
            {%- do adapter.drop_relation(state.previous) -%}
        {%- endif -%}
        {%- set state.previous = pass_relation -%}
        {%- set state.passes = pass_number -%}
        {%- set state.progress = check[1] -%}
        {%- set state.converged = check[0] == 1 -%}
        {{ log('journey: ' ~ this.identifier ~ ' pass ' ~ pass_number ~ ': ' ~ check[1] ~ ' ' ~ progress_label
            ~ ', ' ~ check[2] ~ ' rows' ~ (', converged' if state.converged else ''), info=True) }}
    {%- endfor -%}

    {%- if not state.converged -%}
        {%- do adapter.drop_relation(state.previous) -%}
        {{ exceptions.raise_compiler_error(
            'journey: iterative model ' ~ this.identifier ~ ' did not converge within ' ~ max_passes
            ~ ' passes (config max_passes' ~ (', var ' ~ config.get('max_passes_var') if config.get('max_passes_var') else '')
            ~ '); after the last pass: ' ~ state.progress ~ ' ' ~ progress_label ~ '.') }}
    {%- endif -%}

    {%- if existing_relation is not none -%}
        {%- do adapter.drop_relation(existing_relation) -%}
    {%- endif -%}
    {%- call statement('main') -%}
        {{ journey.create_table_as_sql(target_relation, 'select * from ' ~ state.previous) }}
    {%- endcall -%}
    {%- do adapter.drop_relation(state.previous) -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}


{#- The SQL of pass k: the model's SQL reading pass k-1's table (pass 1 reads the model's input). -#}
{% macro iterative_pass_sql(sql, previous_relation, pass_number) -%}
    {%- set pass_sql = modules.re.sub(
        '[0-9]+ /[*] journey[.]pass_number [*]/', pass_number ~ ' /* journey.pass_number */', sql) -%}
    {%- if previous_relation is not none -%}
        {%- set pass_sql = modules.re.sub(
            '[^ ()]+ /[*] journey[.]previous_pass [*]/', previous_relation ~ ' /* journey.previous_pass */', pass_sql) -%}
    {%- endif -%}
    {{- pass_sql -}}
{%- endmacro %}


{#-
    In an iterative model: the relation the pass reads, `relation` in pass 1 and the
    previous pass's table afterwards (the materialization swaps it).
-#}
{% macro previous_pass(relation) -%}
    {%- if execute and model.config.materialized == 'iterative' and flags.WHICH in ['compile', 'show'] -%}
        {{ log('journey: ' ~ model.name ~ ' is an iterative model: this SQL is its first pass, which reads '
            ~ relation ~ '; `dbt run` repeats it until it converges (macros/materializations/iterative.sql).',
            info=True) }}
    {%- endif -%}
    {{ relation }} /* journey.previous_pass */
{%- endmacro %}


{#- In an iterative model: the number of the pass being run (1 in the compiled SQL). -#}
{% macro pass_number() -%}
    1 /* journey.pass_number */
{%- endmacro %}
