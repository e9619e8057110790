{#-
    Incremental runs (see README, "Daily runs"). The models whose size grows with the raw
    data reprocess only what a new load can change, and a full refresh gives the same rows:

      * load-partitioned models (the base models of the append-only streams, the staged
        events) are partitioned by load_date, the UTC date of loaded_at; a run reprocesses
        every load date from the newest loaded_at it already holds minus
        journey_incremental_lookback_hours, and replaces those partitions whole
        (DuckDB: delete+insert on load_date; Spark: insert_overwrite of the partitions);
      * entity-keyed models (sessions by device, the timeline by person) rebuild every
        device or person touched by those loads or by a change of the identity graph,
        from their whole history, and replace that entity's rows whole (DuckDB:
        delete+insert on the entity key). Spark's parquet tables have neither delete nor
        merge, so there these models are rebuilt in full (materialized table).
-#}

{#- The partition of a row: the UTC date of its loaded_at (a row without one: 9999-12-31, every run's). -#}
{% macro load_date(loaded_at) -%}
    coalesce(cast({{ loaded_at }} as date), cast('9999-12-31' as date))
{%- endmacro %}


{#-
    The first load date an incremental run reprocesses: the date of the newest loaded_at the model
    already holds, minus journey_incremental_lookback_hours (everything when it holds none).
-#}
{% macro incremental_scope_start() -%}
    (
        select
            coalesce(
                cast({{ dbt.dateadd('hour', -1 * var('journey_incremental_lookback_hours') | int, 'max(loaded_at)') }} as date),
                cast('1900-01-01' as date)
            )
        from {{ this }}
    )
{%- endmacro %}


{#- True for the rows of a relation an incremental run reprocesses (always true in a full build). -#}
{% macro is_in_incremental_scope(loaded_at='loaded_at') -%}
    {%- if is_incremental() -%}
        ({{ journey.load_date(loaded_at) }} >= {{ journey.incremental_scope_start() }})
    {%- else -%}
        (1 = 1)
    {%- endif -%}
{%- endmacro %}


{#-
    The configuration of a load-partitioned model: incremental on both engines, its partitions
    replaced whole (DuckDB delete+insert on load_date, Spark insert_overwrite partitioned by it).
-#}
{% macro load_partitioned_config() -%}
    {%- if target.type == 'spark' -%}
        {%- do return({
            'materialized': 'incremental', 'incremental_strategy': 'insert_overwrite',
            'partition_by': ['load_date'], 'on_schema_change': 'fail',
        }) -%}
    {%- else -%}
        {%- do return({
            'materialized': 'incremental', 'incremental_strategy': 'delete+insert',
            'unique_key': 'load_date', 'on_schema_change': 'fail',
        }) -%}
    {%- endif -%}
{%- endmacro %}


{#-
    The configuration of an entity-keyed model: incremental on DuckDB, every row of a rebuilt
    entity replaced (delete+insert on entity_key); a table on Spark (no delete on parquet).
    row_key: for models whose entities can vanish (a person merged into another), the column that
    is null on the placeholder rows of journey.retired_entity_rows; the strategy is then
    entity_replace, which deletes those entities and inserts none of the placeholders.
-#}
{% macro entity_keyed_config(entity_key, row_key=none) -%}
    {%- if target.type == 'spark' -%}
        {%- do return({'materialized': 'table'}) -%}
    {%- elif row_key -%}
        {%- do return({
            'materialized': 'incremental', 'incremental_strategy': 'entity_replace',
            'unique_key': entity_key, 'row_key': row_key, 'on_schema_change': 'fail',
        }) -%}
    {%- else -%}
        {%- do return({
            'materialized': 'incremental', 'incremental_strategy': 'delete+insert',
            'unique_key': entity_key, 'on_schema_change': 'fail',
        }) -%}
    {%- endif -%}
{%- endmacro %}


{#-
    The incremental strategy entity_replace (entity-keyed models whose entities can disappear, such
    as a person merged into another): every entity (unique_key) of the new rows loses all its rows,
    then the new rows are inserted but the placeholders, rows whose row_key (a model config) is null,
    which a model emits for an entity that has no row any more (journey.retired_entity_rows).
-#}
{% macro get_incremental_entity_replace_sql(arg_dict) -%}
    {%- set target_relation = arg_dict['target_relation'] -%}
    {%- set temp_relation = arg_dict['temp_relation'] -%}
    {%- set entity_key = arg_dict['unique_key'] -%}
    {%- set row_key = config.require('row_key') -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target_relation }}
    where {{ entity_key }} in (select {{ entity_key }} from {{ temp_relation }});

    insert into {{ target_relation }} ({{ columns }})
    select {{ columns }} from {{ temp_relation }}
    where {{ row_key }} is not null
{%- endmacro %}


{#-
    Two CTEs for an entity-keyed model rebuilt from one upstream relation (current): rows_changed,
    the rows of current (all its columns, which the model also stores) that differ from what the
    model holds, either way (a new, changed, moved or vanished row); and entities_in_scope, the
    entities (entity_key) with such a row, the model's entities to rebuild. In a full build,
    entities_in_scope is not used.
-#}
{% macro changed_entities(current, entity_key) -%}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(current) -%}
        {%- do columns.append(adapter.quote(column.name)) -%}
    {%- endfor -%}
    rows_changed as (
        (
            select {{ columns | join(', ') }} from {{ current }}
            except all
            select {{ columns | join(', ') }} from {{ this }}
        )
        union all
        (
            select {{ columns | join(', ') }} from {{ this }}
            except all
            select {{ columns | join(', ') }} from {{ current }}
        )
    ),

    entities_in_scope as (
        select distinct {{ entity_key }} from rows_changed
    )
{%- endmacro %}


{#-
    Placeholder rows (every column null but the entity key) for the entities of entities_in_scope
    that have no row in rebuilt (a CTE of the model's new rows): the entity_replace strategy deletes
    their rows and inserts nothing for them. Only in an incremental run.
-#}
{% macro retired_entity_rows(rebuilt, entity_key) -%}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(this) -%}
        {%- if column.name | lower == entity_key -%}
            {%- do columns.append('entities_in_scope.' ~ entity_key) -%}
        {%- else -%}
            {%- do columns.append('cast(null as ' ~ column.data_type ~ ') as ' ~ adapter.quote(column.name)) -%}
        {%- endif -%}
    {%- endfor -%}
    select {{ columns | join(', ') }}
    from entities_in_scope
    where entities_in_scope.{{ entity_key }} not in (select {{ rebuilt }}.{{ entity_key }} from {{ rebuilt }})
{%- endmacro %}


{#-
    The CTE <relation>_with_prior_deliveries: the rows of relation (a load-partitioned base model's
    validated rows in the incremental scope) and, in an incremental run, the deliveries of the same
    key that the model already holds from earlier load dates, so that the duplicate and conflict
    windows see every delivery of a key, as in a full build. The earlier rows only take part in the
    windows: the model's final filter (is_in_incremental_scope) leaves them where they are.
    The columns are the relation's: the target's columns but those computed after it (derived).
-#}
{% macro prior_deliveries_added(relation, key_column,
    derived=['is_conflicting_delivery', 'quarantine_reason', 'is_duplicate', 'delivery_number', 'is_late_arriving',
        'load_date']) -%}
    {{ relation }}_with_prior_deliveries as (
        {%- if is_incremental() %}
        {%- set columns = [] -%}
        {%- for column in adapter.get_columns_in_relation(this) -%}
            {%- if column.name | lower not in derived -%}
                {%- do columns.append(adapter.quote(column.name)) -%}
            {%- endif -%}
        {%- endfor %}
        select {{ columns | join(', ') }} from {{ relation }}
        union all
        select {{ columns | join(', ') }} from {{ this }}
        where
            {{ journey.load_date('loaded_at') }} < {{ journey.incremental_scope_start() }}
            and {{ key_column }} in (select {{ relation }}.{{ key_column }} from {{ relation }})
        {%- else %}
        select * from {{ relation }}
        {%- endif %}
    )
{%- endmacro %}


{#-
    The rows of relation (a CTE) that belong to an entity (entity_columns) with at least one row in
    the incremental scope: in an incremental run every row of each touched entity, so that the entity
    is rebuilt from its whole history; in a full build every row.
    extra_entities: a CTE of further entities to rebuild (the same columns), e.g. devices whose
    person changed.
-#}
{% macro rows_of_entities_in_scope(relation, entity_columns, extra_entities=none) -%}
    {%- if is_incremental() -%}
    {%- set conditions = [] -%}
    {%- for column in entity_columns -%}
        {%- do conditions.append(relation ~ '.' ~ column ~ ' = entities_in_scope.' ~ column) -%}
    {%- endfor -%}
    select {{ relation }}.*
    from {{ relation }}
    inner join (
        select distinct {{ entity_columns | join(', ') }} from {{ relation }}
        where {{ journey.is_in_incremental_scope() }}
        {%- if extra_entities %}
        union
        select {{ entity_columns | join(', ') }} from {{ extra_entities }}
        {%- endif %}
    ) as entities_in_scope
        on {{ conditions | join(' and ') }}
    {%- else -%}
    select * from {{ relation }}
    {%- endif -%}
{%- endmacro %}


{#-
    The rows of relation (a CTE) of the entities to rebuild: in an incremental run those of
    entities_in_scope (journey.changed_entities), in a full build every row.
-#}
{% macro rows_of_changed_entities(relation, entity_key) -%}
    {%- if is_incremental() -%}
    select {{ relation }}.*
    from {{ relation }}
    inner join entities_in_scope
        on {{ relation }}.{{ entity_key }} = entities_in_scope.{{ entity_key }}
    {%- else -%}
    select * from {{ relation }}
    {%- endif -%}
{%- endmacro %}
