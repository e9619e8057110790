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
    retired_entities: a SQL condition on the target's rows naming the entities that no longer
    exist (a person merged into another), deleted before the rebuilt rows are inserted.
-#}
{% macro entity_keyed_config(entity_key, retired_entities=none) -%}
    {%- if target.type == 'spark' -%}
        {%- do return({'materialized': 'table'}) -%}
    {%- else -%}
        {%- set settings = {
            'materialized': 'incremental', 'incremental_strategy': 'delete+insert',
            'unique_key': entity_key, 'on_schema_change': 'fail',
        } -%}
        {%- if retired_entities -%}
            {%- do settings.update({'pre_hook': [
                "{% if is_incremental() %}delete from {{ this }} where " ~ retired_entities ~ "{% endif %}"
            ]}) -%}
        {%- endif -%}
        {%- do return(settings) -%}
    {%- endif -%}
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
    derived=['is_conflicting_delivery', 'quarantine_reason', 'is_duplicate', 'delivery_number', 'is_late_arriving']) -%}
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
            load_date < {{ journey.incremental_scope_start() }}
            and {{ key_column }} in (select {{ relation }}.{{ key_column }} from {{ relation }})
        {%- else %}
        select * from {{ relation }}
        {%- endif %}
    )
{%- endmacro %}
