{#-
    Runs at the start of every dbt invocation (on-run-start). For each table of
    the raw-data contract it creates a view <journey_landing_schema>.<table> that
    the sources read:
      * the table was found (a file in files mode, a table in warehouse mode):
        its contract columns, an absent optional column filled with typed nulls;
      * the table was not found: an empty relation with the contract's columns,
        so a project with only some sources still builds.
    A found table that lacks a required column is a configuration error.
-#}
{% macro land_raw_tables() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set landing_schema = var('journey_landing_schema') -%}
    {%- set landing_schema_relation = api.Relation.create(database=target.get('database'), schema=landing_schema) -%}
    {%- do adapter.create_schema(landing_schema_relation) -%}
    {%- set landed = [] -%}
    {%- for table_name, spec in journey.raw_contract().items() -%}
        {%- set found = journey.find_raw_table(table_name) -%}
        {%- set view_relation = api.Relation.create(
            database=target.get('database'), schema=landing_schema, identifier=table_name, type='view') -%}
        {%- set select_sql = journey.landing_select_sql(table_name, spec, found) -%}
        {%- do run_query('create or replace view ' ~ view_relation ~ ' as ' ~ select_sql) -%}
        {%- do landed.append(table_name ~ '=' ~ (found.description if found else 'absent (empty)')) -%}
    {%- endfor -%}
    {{ log('journey: landed raw tables: ' ~ landed | join('; '), info=True) }}
    {{ return('') }}
{% endmacro %}


{#-
    Locates one landing table. Returns none when it is absent, else a dict with
    the SQL to select from ('from_sql'), its lower-cased column names and a
    description for the log.
-#}
{% macro find_raw_table(table_name) %}
    {%- set mode = var('journey_raw_mode') -%}
    {%- if mode == 'warehouse' -%}
        {%- set relation = adapter.get_relation(
            database=target.get('database'), schema=var('journey_raw_schema'), identifier=table_name) -%}
        {%- if relation is none -%}
            {{ return(none) }}
        {%- endif -%}
        {%- set column_names = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {{ return({'from_sql': relation | string, 'columns': column_names, 'description': relation | string}) }}
    {%- else -%}
        {%- set from_sql = journey.find_raw_file(table_name, var('journey_raw_path')) -%}
        {%- if from_sql is none -%}
            {{ return(none) }}
        {%- endif -%}
        {%- set probe = run_query('select * from ' ~ from_sql ~ ' where 1 = 0') -%}
        {{ return({'from_sql': from_sql, 'columns': probe.column_names | map('lower') | list, 'description': from_sql}) }}
    {%- endif -%}
{% endmacro %}


{#- The select that a landing view is made of: contract columns only, in contract order. -#}
{% macro landing_select_sql(table_name, spec, found) %}
    {%- set select_list = [] -%}
    {%- if found is not none -%}
        {%- set missing_required = [] -%}
        {%- for column_name in spec.required if column_name not in found.columns -%}
            {%- do missing_required.append(column_name) -%}
        {%- endfor -%}
        {%- if missing_required -%}
            {{ exceptions.raise_compiler_error(
                "journey: landing table '" ~ table_name ~ "' (" ~ found.description ~ ") lacks the required column(s) "
                ~ missing_required | join(', ') ~ ". See docs/raw_data_contract.md.") }}
        {%- endif -%}
    {%- endif -%}
    {%- for column_name, contract_type in spec.columns -%}
        {%- if found is not none and column_name == 'loaded_at' and column_name in found.columns -%}
            {#- typed here so that source freshness can read max(loaded_at) -#}
            {%- do select_list.append(journey.to_utc_timestamp(adapter.quote(column_name)) ~ ' as loaded_at') -%}
        {%- elif found is not none and column_name in found.columns -%}
            {%- do select_list.append(adapter.quote(column_name)) -%}
        {%- else -%}
            {%- do select_list.append('cast(null as ' ~ journey.raw_contract_type(contract_type) ~ ') as ' ~ column_name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if found is not none -%}
        {{ return('select ' ~ select_list | join(', ') ~ ' from ' ~ found.from_sql) }}
    {%- else -%}
        {{ return('select ' ~ select_list | join(', ') ~ ' from (select 1 as no_rows) as absent_table where 1 = 0') }}
    {%- endif -%}
{% endmacro %}


{#-
    Files mode: the SQL that reads <path>/<table>.parquet, <path>/<table>/*.parquet
    or <path>/<table>.csv, whichever exists first; none when none does.
-#}
{% macro find_raw_file(table_name, raw_path) %}
    {{ return(adapter.dispatch('find_raw_file', 'journey')(table_name, raw_path)) }}
{% endmacro %}

{% macro default__find_raw_file(table_name, raw_path) %}
    {{ exceptions.raise_compiler_error(
        "journey: journey_raw_mode 'files' is implemented for DuckDB only. On " ~ target.type
        ~ ", register the landing tables in a schema and run with "
        ~ "--vars '{journey_raw_mode: warehouse, journey_raw_schema: <schema>}'.") }}
{% endmacro %}

{% macro duckdb__find_raw_file(table_name, raw_path) %}
    {%- set base = (raw_path.rstrip('/') ~ '/' ~ table_name) | replace("'", "''") -%}
    {%- set candidates = [
        (base ~ '.parquet', "read_parquet('" ~ base ~ ".parquet')"),
        (base ~ '/*.parquet', "read_parquet('" ~ base ~ "/*.parquet', union_by_name = true)"),
        (base ~ '.csv', "read_csv('" ~ base ~ ".csv', header = true, all_varchar = true)"),
    ] -%}
    {%- for pattern, reader in candidates -%}
        {%- set matches = run_query("select count(*) as n from glob('" ~ pattern ~ "')") -%}
        {%- if matches.columns[0].values()[0] > 0 -%}
            {{ return(reader) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}
