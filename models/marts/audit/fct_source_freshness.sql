{#-
    Source freshness on the data's own clock: for every landing table, its last
    loaded_at and how many hours it lags behind data_as_of_at, the latest time a
    valid fact of any source happened (hours_behind_data), judged against the same
    warn_after / error_after thresholds the sources declare for `dbt source
    freshness` (read from the project's graph). `dbt source freshness` compares
    with the current time instead, which says whether the pipeline is fed today;
    this mart says whether one source stopped loading while the others went on, and
    stays meaningful on a replayed or simulated dataset. (Late-arriving rows can
    load after data_as_of_at: a negative lag, which passes.) A landing table that has
    never had a row is 'not_used' (a tracker the deployment does not run; a table that
    had rows and lost them stops the landing check instead). Grain: source_table.
-#}
{%- set hours_per_period = {'minute': 1.0 / 60, 'hour': 1, 'day': 24} -%}
{%- set thresholds = {} -%}
{%- if execute -%}
    {%- for node in graph.sources.values() if node.package_name == project_name -%}
        {%- set freshness = node.freshness or node.config.get('freshness') or {} -%}
        {%- set limits = {} -%}
        {%- for level in ['warn_after', 'error_after'] -%}
            {%- set rule = freshness[level] if freshness is mapping else freshness.get(level) -%}
            {%- if rule and rule['count'] and rule['period'] -%}
                {%- do limits.update({level: rule['count'] * hours_per_period[rule['period']]}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do thresholds.update({node.name: limits}) -%}
    {%- endfor -%}
{%- endif %}

with

int_source_loads_summarized as (
    select * from {{ ref('int_source_loads_summarized') }}
),

declared_thresholds as (
    {% for table in journey.staged_tables() %}
        {%- set limits = thresholds.get(table.source_table, {}) %}
        select
            '{{ table.source_table }}' as source_table,
            cast({{ limits.get('warn_after', 'null') }} as {{ journey.type_double() }}) as warn_after_hours,
            cast({{ limits.get('error_after', 'null') }} as {{ journey.type_double() }}) as error_after_hours
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

data_clock as (
    select max(last_occurred_at) as data_as_of_at
    from int_source_loads_summarized
),

loads_lagged as (
    select
        int_source_loads_summarized.*,
        data_clock.data_as_of_at,
        {%- set seconds_behind_data = dbt.datediff(
            'int_source_loads_summarized.last_loaded_at', 'data_clock.data_as_of_at', 'second'
        ) %}
        {{ seconds_behind_data }} / cast(3600 as {{ journey.type_double() }}) as hours_behind_data, -- noqa: LT01, LT05
        declared_thresholds.warn_after_hours,
        declared_thresholds.error_after_hours
    from int_source_loads_summarized
    cross join data_clock
    left join declared_thresholds
        on int_source_loads_summarized.source_table = declared_thresholds.source_table
),

freshness_final as (
    select
        cast(source_system as {{ dbt.type_string() }}) as source_system,
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(raw_rows as {{ dbt.type_bigint() }}) as raw_rows,
        cast(first_loaded_at as {{ dbt.type_timestamp() }}) as first_loaded_at,
        cast(last_loaded_at as {{ dbt.type_timestamp() }}) as last_loaded_at,
        cast(last_occurred_at as {{ dbt.type_timestamp() }}) as last_occurred_at,
        cast(data_as_of_at as {{ dbt.type_timestamp() }}) as data_as_of_at,
        cast(hours_behind_data as {{ journey.type_double() }}) as hours_behind_data,
        cast(warn_after_hours as {{ journey.type_double() }}) as warn_after_hours,
        cast(error_after_hours as {{ journey.type_double() }}) as error_after_hours,
        cast(
            case
                when raw_rows = 0 then 'not_used'
                when last_loaded_at is null then 'error'
                when hours_behind_data > error_after_hours then 'error'
                when hours_behind_data > warn_after_hours then 'warn'
                else 'pass'
            end as {{ dbt.type_string() }}
        ) as freshness_status
    from loads_lagged
)

select * from freshness_final
