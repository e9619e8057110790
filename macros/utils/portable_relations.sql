{#-
    ref() and source() without the warehouse's own catalog. dbt-duckdb names every
    relation "<catalog>"."<schema>"."<table>", the catalog being the DuckDB file's
    name, and DuckDB keeps a view's SQL as written: a view naming its catalog breaks
    when the file is copied or renamed. Relations in the catalog the run builds in
    are therefore written as "<schema>"."<table>", which DuckDB resolves in the
    view's own catalog, whatever the file is called or attached as. Engines without
    catalogs (Spark) keep dbt's names.
-#}
{% macro ref() %}
    {{ return(journey.without_own_catalog(builtins.ref(*varargs, **kwargs))) }}
{% endmacro %}

{% macro source() %}
    {{ return(journey.without_own_catalog(builtins.source(*varargs, **kwargs))) }}
{% endmacro %}


{% macro without_own_catalog(relation) %}
    {{ return(adapter.dispatch('without_own_catalog', 'journey')(relation)) }}
{% endmacro %}

{% macro default__without_own_catalog(relation) %}
    {{ return(relation) }}
{% endmacro %}

{#- Only the build file's own catalog: a target reading attached files (published) keeps their names. -#}
{% macro duckdb__without_own_catalog(relation) %}
    {%- if relation.database is defined and relation.database == target.database
        and target.get('path', '') != ':memory:' -%}
        {{ return(relation.include(database=false)) }}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}
