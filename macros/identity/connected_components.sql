{#-
    Connected components of the identity graph by iterative label propagation,
    in plain SQL that runs on every engine, with a bounded and logged number of
    passes.

    Every node starts with its own label: its first-seen time (to the second)
    followed by its key, so the smallest label in a component names the
    component's earliest identifier. Each pass
      1. takes the smallest label among the node and its neighbours, then
      2. jumps: takes the label of the node its label names, if smaller
         (pointer jumping, which roughly halves the remaining distance),
    and is written to a work table. The loop stops at the first pass that
    changes no label; not converging within max_passes is an error.

    Runs only when dbt executes the model (run or build); elsewhere (compile,
    docs, linting) it returns the SQL of the starting labels so the model still
    compiles. Returns a relation or subquery with (identifier_key,
    component_label, resolution_passes).
-#}
{% macro propagate_component_labels(nodes_relation, links_relation, work_prefix, max_passes) %}
    {%- set starting_labels -%}
        select
            identifier_key,
            {{ dbt.concat([
                "coalesce(cast(" ~ dbt.date_trunc('second', 'first_seen_at') ~ " as " ~ dbt.type_string() ~ "), '9999-12-31 23:59:59')",
                "'|'",
                "identifier_key",
            ]) }} as component_label
        from {{ nodes_relation }}
    {%- endset -%}

    {%- if not execute or flags.WHICH not in ['run', 'build'] -%}
        {{ return('(' ~ starting_labels ~ ') as starting_labels') }}
    {%- endif -%}

    {%- set pass_zero = journey.component_work_relation(work_prefix, 0) -%}
    {%- do adapter.drop_relation(pass_zero) -%}
    {%- do run_query(journey.create_table_as_sql(pass_zero, starting_labels)) -%}

    {%- set state = namespace(previous=pass_zero, passes=0, converged=false) -%}
    {%- for pass_number in range(1, max_passes + 1) if not state.converged -%}
        {%- set current = journey.component_work_relation(work_prefix, pass_number) -%}
        {%- do adapter.drop_relation(current) -%}
        {%- do run_query(journey.create_table_as_sql(
            current, journey.component_label_pass_sql(state.previous, links_relation))) -%}
        {%- set changed = run_query(
            'select count(*) from ' ~ current ~ ' as current_pass inner join ' ~ state.previous
            ~ ' as previous_pass on current_pass.identifier_key = previous_pass.identifier_key'
            ~ ' where current_pass.component_label != previous_pass.component_label'
        ).columns[0].values()[0] -%}
        {%- set state.previous = current -%}
        {%- set state.passes = pass_number -%}
        {%- if changed == 0 -%}
            {%- set state.converged = true -%}
        {%- endif -%}
        {{ log('journey: identity graph pass ' ~ pass_number ~ ': ' ~ changed ~ ' labels changed', info=True) }}
    {%- endfor -%}

    {%- if not state.converged -%}
        {{ exceptions.raise_compiler_error(
            'journey: the identity graph did not converge within ' ~ max_passes
            ~ ' passes (var journey_identity_max_passes); raise it or look for a very long chain of identifiers.') }}
    {%- endif -%}
    {{ log('journey: identity graph converged after ' ~ state.passes ~ ' passes', info=True) }}
    {{ return('(select identifier_key, component_label, ' ~ state.passes ~ ' as resolution_passes from '
        ~ state.previous ~ ') as converged_labels') }}
{% endmacro %}


{#- One pass of label propagation over the links, from the labels of the previous pass. -#}
{% macro component_label_pass_sql(previous_labels, links_relation) %}
    with

    neighbour_labels as (
        select
            links.identifier_key,
            labels.component_label
        from {{ links_relation }} as links
        inner join {{ previous_labels }} as labels
            on links.linked_identifier_key = labels.identifier_key
        union all
        select
            links.linked_identifier_key as identifier_key,
            labels.component_label
        from {{ links_relation }} as links
        inner join {{ previous_labels }} as labels
            on links.identifier_key = labels.identifier_key
    ),

    smallest_neighbour_labels as (
        select
            identifier_key,
            min(component_label) as component_label
        from neighbour_labels
        group by identifier_key
    ),

    labels_stepped as (
        select
            labels.identifier_key,
            case
                when smallest_neighbour_labels.component_label < labels.component_label
                    then smallest_neighbour_labels.component_label
                else labels.component_label
            end as component_label
        from {{ previous_labels }} as labels
        left join smallest_neighbour_labels
            on labels.identifier_key = smallest_neighbour_labels.identifier_key
    ),

    labels_jumped as (
        select
            labels_stepped.identifier_key,
            case
                when label_owner.component_label < labels_stepped.component_label
                    then label_owner.component_label
                else labels_stepped.component_label
            end as component_label
        from labels_stepped
        left join labels_stepped as label_owner
            on label_owner.identifier_key = substr(labels_stepped.component_label, 21)
    )

    select * from labels_jumped
{% endmacro %}


{% macro component_work_relation(work_prefix, pass_number) %}
    {{ return(api.Relation.create(
        database=this.database, schema=this.schema,
        identifier=work_prefix ~ '__pass_' ~ pass_number, type='table')) }}
{% endmacro %}


{#- Post-hook: drops the work tables of every pass. -#}
{% macro drop_component_work_tables(work_prefix, max_passes) %}
    {%- for pass_number in range(0, max_passes + 1) -%}
        {%- do adapter.drop_relation(journey.component_work_relation(work_prefix, pass_number)) -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
