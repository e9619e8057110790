{#-
    Runs at the start of every dbt invocation (on-run-start, `dbt source freshness`
    included). For each table of the raw-data contract it creates a view
    <journey_landing_schema>.<table> that the sources read:
      * the table was found (a file in files mode, a table in warehouse mode):
        its contract columns, an absent optional column filled with typed nulls;
      * the table was not found: an empty relation with the contract's columns,
        so a project with only some sources still builds.
    Before any view is replaced the run stops, with a message naming the path or
    the var to set, when:
      * a found table lacks a required column, or a CSV file cannot be read whole
        (another encoding, a line over the reader's limit: raw_csv_checked);
      * no table holds a row (a missing or misspelled path), unless
        journey_allow_empty_run is true (raw_data_checked_present);
      * a table holds fewer than journey_source_min_row_ratio of the rows it had at
        this warehouse's previous landing (raw_rows_checked_kept).
    Each landing's row counts are then appended to
    <journey_landing_history_schema>.raw_table_landings, the previous landing the
    next run compares with.
-#}
{% macro land_raw_tables() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set landing_schema = var('journey_landing_schema') -%}
    {%- set landings = [] -%}
    {%- for table_name, spec in journey.raw_contract().items() -%}
        {%- set found = journey.find_raw_table(table_name) -%}
        {%- do landings.append({'table_name': table_name, 'found': found,
            'select_sql': journey.landing_select_sql(table_name, spec, found)}) -%}
    {%- endfor -%}
    {%- set measured = journey.raw_tables_measured(landings) -%}
    {%- do journey.raw_data_checked_present(landings, measured) -%}
    {%- do journey.raw_rows_checked_kept(measured) -%}
    {%- do adapter.create_schema(api.Relation.create(database=target.get('database'), schema=landing_schema)) -%}
    {%- set landed = [] -%}
    {%- for landing in landings -%}
        {%- set view_relation = api.Relation.create(
            database=target.get('database'), schema=landing_schema, identifier=landing.table_name, type='view') -%}
        {%- do run_query('create or replace view ' ~ view_relation ~ ' as ' ~ landing.select_sql) -%}
        {%- do landed.append(landing.table_name ~ '=' ~ (landing.found.description if landing.found else 'absent (empty)')
            ~ ' (' ~ measured[landing.table_name].raw_rows ~ ' rows)') -%}
    {%- endfor -%}
    {%- do journey.raw_table_landings_recorded(measured) -%}
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
        {#- named without the warehouse's own catalog, so the landing view survives the file being moved -#}
        {{ return({'from_sql': journey.without_own_catalog(relation) | string, 'columns': column_names,
            'description': relation | string}) }}
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
        {%- elif found is not none and column_name in found.columns and contract_type in journey.raw_nested_types() -%}
            {%- do select_list.append(journey.landed_nested_column(
                adapter.quote(column_name), journey.raw_contract_type(contract_type)) ~ ' as ' ~ column_name) -%}
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
    A nested column (GA4's records and repeated records) of a found landing table. DuckDB
    casts it to the contract's type: a struct cast there goes by field name, so a file whose
    records lack a field the project reads (an NDJSON export infers its records from the
    values it holds) gets a null field, and fields the contract does not name are dropped.
    Elsewhere (Spark's struct casts go by position) the column is taken as the warehouse
    holds it, which a BigQuery export written as Parquet already is.
-#}
{% macro landed_nested_column(column, type_sql) %}
    {{ return(adapter.dispatch('landed_nested_column', 'journey')(column, type_sql)) }}
{% endmacro %}

{% macro default__landed_nested_column(column, type_sql) %}
    {{ return(column) }}
{% endmacro %}

{% macro duckdb__landed_nested_column(column, type_sql) %}
    {{ return('cast(' ~ column ~ ' as ' ~ type_sql ~ ')') }}
{% endmacro %}


{#-
    Files mode: the SQL that reads <path>/<table>.parquet, <path>/<table>/*.parquet,
    <path>/<table>.csv, or newline-delimited JSON (<path>/<table>.ndjson, <path>/<table>.json,
    <path>/<table>/*.ndjson: the form BigQuery's export writes), whichever exists first;
    none when none does.
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
        (base ~ '.csv', "read_csv('" ~ base ~ ".csv', header = true, all_varchar = true, "
            ~ journey.raw_csv_options() ~ ")"),
        (base ~ '.ndjson', "read_json('" ~ base ~ ".ndjson', format = 'newline_delimited')"),
        (base ~ '.json', "read_json('" ~ base ~ ".json', format = 'newline_delimited')"),
        (base ~ '/*.ndjson', "read_json('" ~ base ~ "/*.ndjson', format = 'newline_delimited', union_by_name = true)"),
    ] -%}
    {%- for pattern, reader in candidates -%}
        {%- set matches = run_query("select count(*) as n from glob('" ~ pattern ~ "')") -%}
        {%- if matches.columns[0].values()[0] > 0 -%}
            {%- if pattern.endswith('.csv') -%}
                {%- do journey.raw_csv_checked(pattern) -%}
            {%- endif -%}
            {{ return(reader) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}


{#- DuckDB read_csv options from the vars: the file encoding and the longest line allowed (bytes). -#}
{% macro raw_csv_options() %}
    {{ return("encoding = '" ~ var('journey_raw_csv_encoding') ~ "', max_line_size = "
        ~ var('journey_raw_csv_max_line_size') | int) }}
{% endmacro %}


{#-
    Reads a CSV file once as plain lines, with the reader's encoding and line limit,
    before anything else reads it: DuckDB's own errors for a line over the limit or
    bytes not in the encoding quote the offending line (personal data, a pasted
    log), and it would fail at the first one. Here the rejected lines go to a
    temporary table, and the run stops with a message naming the file, the first
    line number and the var to set, never the content.
-#}
{% macro raw_csv_checked(path) %}
    {%- set rejects = "rejects_table = 'journey_csv_probe_errors', rejects_scan = 'journey_csv_probe_scans'" -%}
    {%- do run_query('drop table if exists journey_csv_probe_errors') -%}
    {%- do run_query('drop table if exists journey_csv_probe_scans') -%}
    {%- do run_query("select count(*) from read_csv('" ~ path ~ "', columns = {'line': 'varchar'}, header = false, "
        ~ "auto_detect = false, delim = chr(1), quote = '', escape = '', ignore_errors = true, store_rejects = true, "
        ~ rejects ~ ", " ~ journey.raw_csv_options() ~ ")") -%}
    {%- set found = run_query("select error_type, count(*) as bad_lines, min(line) as first_line "
        ~ "from journey_csv_probe_errors where error_type in ('INVALID ENCODING', 'LINE SIZE OVER MAXIMUM') "
        ~ "group by error_type order by error_type") -%}
    {%- set problems = [] -%}
    {%- for error_type, bad_lines, first_line in found.rows -%}
        {%- if error_type == 'INVALID ENCODING' -%}
            {%- do problems.append(bad_lines ~ " line(s) not valid " ~ var('journey_raw_csv_encoding') ~ " (first: line "
                ~ first_line ~ "); set journey_raw_csv_encoding to the file's encoding (utf-8, utf-16 or latin-1)") -%}
        {%- else -%}
            {%- do problems.append(bad_lines ~ " line(s) longer than journey_raw_csv_max_line_size ("
                ~ var('journey_raw_csv_max_line_size') ~ " bytes; first: line " ~ first_line ~ "); raise it") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error("journey: raw file '" ~ path ~ "' cannot be read: "
            ~ problems | join('; ') ~ ". (Line contents are not shown: they may hold personal data.)") }}
    {%- endif -%}
{% endmacro %}


{#- Rows and newest loaded_at of every landing table, read from the selects its view will be made of. -#}
{% macro raw_tables_measured(landings) %}
    {%- set selects = [] -%}
    {%- for landing in landings -%}
        {%- do selects.append("select '" ~ landing.table_name ~ "' as table_name, count(*) as raw_rows, "
            ~ "cast(max(loaded_at) as " ~ dbt.type_string() ~ ") as last_loaded_at from ("
            ~ landing.select_sql ~ ") as landed") -%}
    {%- endfor -%}
    {%- set measured = {} -%}
    {%- for table_name, raw_rows, last_loaded_at in run_query(selects | join(' union all ')).rows -%}
        {%- do measured.update({table_name: {'raw_rows': raw_rows | int, 'last_loaded_at': last_loaded_at}}) -%}
    {%- endfor -%}
    {{ return(measured) }}
{% endmacro %}


{#-
    Stops the run when no landing table holds a row: a raw path that does not exist
    or is misspelled, or one whose files are all empty, must not build green marts
    with nothing in them. journey_allow_empty_run: true allows an intended empty run.
-#}
{% macro raw_data_checked_present(landings, measured) %}
    {%- if measured.values() | sum(attribute='raw_rows') > 0 or var('journey_allow_empty_run') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set found = landings | selectattr('found') | map(attribute='table_name') | list -%}
    {%- if var('journey_raw_mode') == 'warehouse' -%}
        {%- set place = "journey_raw_schema '" ~ var('journey_raw_schema') ~ "'" -%}
        {%- set absent = 'none of the landing tables exists there (does the schema exist?)' -%}
    {%- else -%}
        {%- set place = "journey_raw_path '" ~ var('journey_raw_path') ~ "'" -%}
        {%- set absent = 'the path does not exist or holds none of the landing files'
            ~ ' (<table>.parquet, <table>/*.parquet, <table>.csv or <table>.ndjson)' -%}
    {%- endif -%}
    {{ exceptions.raise_compiler_error("journey: no raw data at " ~ place ~ ": "
        ~ ('every landing table found there is empty (' ~ found | join(', ') ~ ')' if found else absent)
        ~ ". Point it at the landing data, or set journey_allow_empty_run: true for an intentionally empty run.") }}
{% endmacro %}


{#-
    Stops the run when a landing table that had rows at this warehouse's previous
    landing now has fewer than journey_source_min_row_ratio of them (by default
    half: a table that had data yesterday and has none today always stops it).
    Raw tables accumulate, so a drop is a lost or misplaced file; 0 allows any drop.
-#}
{% macro raw_rows_checked_kept(measured) %}
    {%- set ratio = var('journey_source_min_row_ratio') -%}
    {%- set previous = journey.previous_raw_table_landings() -%}
    {%- set lost = [] -%}
    {%- for table_name, now in measured.items() if table_name in previous -%}
        {%- set before = previous[table_name] -%}
        {%- if before.raw_rows > 0 and now.raw_rows < before.raw_rows * ratio -%}
            {%- do lost.append(table_name ~ ': ' ~ now.raw_rows ~ ' rows, ' ~ before.raw_rows
                ~ ' at the landing of ' ~ before.landed_at ~ ' UTC') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if lost -%}
        {{ exceptions.raise_compiler_error("journey: landing tables lost rows since this warehouse's previous landing"
            ~ " (below journey_source_min_row_ratio = " ~ ratio ~ " of the rows then):\n  - " ~ lost | join("\n  - ")
            ~ "\nCheck the raw data (journey_raw_mode '" ~ var('journey_raw_mode') ~ "', journey_raw_path '"
            ~ var('journey_raw_path') ~ "', journey_raw_schema '" ~ var('journey_raw_schema') ~ "'). If the drop is"
            ~ " intended (raw data pruned, another dataset), run once with --vars '{journey_source_min_row_ratio: 0}'.") }}
    {%- endif -%}
{% endmacro %}


{#- The log of landings: one row per landing table per run that landed (created when missing). -#}
{% macro raw_table_landings_relation() %}
    {%- set relation = api.Relation.create(database=target.get('database'),
        schema=var('journey_landing_history_schema'), identifier='raw_table_landings', type='table') -%}
    {%- do adapter.create_schema(relation) -%}
    {%- do run_query('create table if not exists ' ~ relation ~ ' ' ~ journey.landing_history_table_format()
        ~ ' as select cast(null as ' ~ dbt.type_timestamp() ~ ') as landed_at, cast(null as ' ~ dbt.type_string()
        ~ ') as invocation_id, cast(null as ' ~ dbt.type_string() ~ ') as table_name, cast(null as '
        ~ dbt.type_bigint() ~ ') as raw_rows, cast(null as ' ~ dbt.type_timestamp() ~ ') as last_loaded_at'
        ~ ' from (select 1 as no_rows) as no_landing where 1 = 0') -%}
    {{ return(relation) }}
{% endmacro %}

{% macro landing_history_table_format() %}
    {{ return(adapter.dispatch('landing_history_table_format', 'journey')()) }}
{% endmacro %}

{% macro default__landing_history_table_format() %}
    {{ return('') }}
{% endmacro %}

{% macro spark__landing_history_table_format() %}
    {{ return('using parquet') }}
{% endmacro %}


{#- table name -> raw_rows and landed_at of the latest recorded landing ({} on a new warehouse). -#}
{% macro previous_raw_table_landings() %}
    {%- set history = journey.raw_table_landings_relation() -%}
    {%- set rows = run_query('select table_name, raw_rows, cast(landed_at as ' ~ dbt.type_string() ~ ') from '
        ~ history ~ ' where landed_at = (select max(landed_at) from ' ~ history ~ ')').rows -%}
    {%- set previous = {} -%}
    {%- for table_name, raw_rows, landed_at in rows -%}
        {%- do previous.update({table_name: {'raw_rows': raw_rows | int, 'landed_at': landed_at}}) -%}
    {%- endfor -%}
    {{ return(previous) }}
{% endmacro %}


{% macro raw_table_landings_recorded(measured) %}
    {%- set landed_at = "cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- set selects = [] -%}
    {%- for table_name, now in measured.items() -%}
        {%- do selects.append('select ' ~ landed_at ~ " as landed_at, '" ~ invocation_id ~ "' as invocation_id, '"
            ~ table_name ~ "' as table_name, cast(" ~ now.raw_rows ~ ' as ' ~ dbt.type_bigint() ~ ') as raw_rows, '
            ~ ("cast('" ~ now.last_loaded_at ~ "' as " ~ dbt.type_timestamp() ~ ")" if now.last_loaded_at is not none
                else 'cast(null as ' ~ dbt.type_timestamp() ~ ')') ~ ' as last_loaded_at') -%}
    {%- endfor -%}
    {%- do run_query('insert into ' ~ journey.raw_table_landings_relation() ~ ' ' ~ selects | join(' union all ')) -%}
{% endmacro %}
