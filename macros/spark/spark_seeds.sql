{#-
    Spark only: loads seed rows as inline, escaped literals.

    dbt-spark's own spark__load_csv_rows binds values with '%s' formatting in
    session mode, which neither escapes quotes (a description with an apostrophe
    is a syntax error) nor maps empty cells to null (they arrive as the text
    'None', so an optional property filter would have to match 'None'). This
    override of the macro dispatched by dbt's seed materialization writes each
    value as cast('<escaped text>' as <type>) and each empty cell as
    cast(null as <type>). The literal is journey.text_literal's (on Spark,
    backslashes are doubled before quotes are escaped).
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set column_types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do column_types.append(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                (
                {%- for value in row -%}
                    {%- if value is none -%}
                        cast(null as {{ column_types[loop.index0] }})
                    {%- else -%}
                        cast({{ journey.text_literal(value) }} as {{ column_types[loop.index0] }})
                    {%- endif -%}
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
                ){%- if not loop.last %},{% endif %}
            {% endfor -%}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}
