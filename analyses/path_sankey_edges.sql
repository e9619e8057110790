-- Sankey edges of what people do after signing up: source node, target node, weight.
-- Most chart tools (Plotly, Superset, Tableau extensions) take exactly these three columns.
-- Compile with `dbt compile --select path_sankey_edges` and paste into any SQL client.
with

fct_path_transitions as (
    select * from {{ ref('fct_path_transitions') }}
),

sankey_edges as (
    select
        from_node as source_node,
        to_node as target_node,
        people as weight
    from fct_path_transitions
    where anchor_name = 'after_sign_up'
)

select * from sankey_edges
order by source_node asc, weight desc
