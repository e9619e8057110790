{#-
    Fails for every row where the SQL expression is not true (null counts as not true). On a column, the
    expression is what follows the column: `expression: "> 0"` checks `<column> > 0`.
-#}
{% test expression_is_true(model, expression, column_name=none) %}

select *
from {{ model }}
where not coalesce({{ column_name ~ ' ' if column_name is not none }}{{ expression }}, false)

{% endtest %}
