"""The ranked list of what to fix, on the shared simulation."""

from __future__ import annotations

import json

import duckdb

from conftest import SimulatedWarehouse


def test_safari_paypal_checkout_is_the_top_opportunity(
    simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection
) -> None:
    effect = json.loads((simulated.truth_dir / "effects.json").read_text())["planted_effects"][
        "safari_paypal_failures"
    ]
    rows = sim_warehouse.execute(
        "select opportunity_rank, area, segment, is_fixable, estimated_conversions_lost, next_action,"
        " people_affected"
        " from marts.fct_opportunities order by opportunity_rank"
    ).fetchall()
    rank, area, segment, is_fixable, lost, action, people_failing = rows[0]
    assert (rank, area, is_fixable) == (1, "checkout_payment", True)
    assert segment.split(", ") == [effect["browser"], effect["payment_method"]]
    assert action.startswith("Fix checkout payments (Safari, paypal): failure rate ")
    # conversions lost are people who failed and never bought afterwards, beyond the rest's share:
    # more than none, never more than the people who failed (retries that worked cost nothing)
    unrecovered = sim_warehouse.execute(
        "select people_unrecovered from marts.fct_friction_segments where friction_rank = 1"
    ).fetchone()[0]
    assert 0 < lost <= unrecovered <= people_failing
    # the low-quality campaign shows up too, as an audience problem ranked after every fixable one
    audience = [row for row in rows if row[2] == "campaign = spring_promo_social"]
    assert audience and not audience[0][3]
    first_audience_rank = min(row[0] for row in rows if not row[3])
    assert all(row[3] for row in rows if row[0] < first_audience_rank)
    assert all(not row[3] for row in rows if row[0] >= first_audience_rank)
