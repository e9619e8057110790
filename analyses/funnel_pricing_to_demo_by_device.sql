{#-
    Ad-hoc funnel example: does a pricing-page visit lead to a demo request, by device?
    Compile with `dbt compile --select funnel_pricing_to_demo_by_device` and run the SQL in
    target/compiled/.../analyses/. The same engine computes fct_funnel_steps, so a funnel
    written here with a seed funnel's steps gives that mart's numbers.
-#}
{{ journey.funnel(
    ref('int_activities_enriched'),
    steps=[
        {'event': 'page_view', 'property': 'page_path', 'value': '/pricing', 'name': 'pricing_page'},
        'demo_request',
    ],
    window_days=14,
    order_mode='ordered',
    scope='person',
    breakdowns=['device_type'],
    summary=true,
) }}
