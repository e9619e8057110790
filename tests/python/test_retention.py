"""Cohorts and retention on the simulated population: the planted effects (an onboarding change,
churn by acquisition channel, activation by onboarding step) and plain-Python recomputations of
two retention tables straight from the person timeline."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import json
import math
from collections import defaultdict
from collections.abc import Callable

import duckdb
import pytest

from conftest import SimulatedWarehouse

PAYING_RETURNS = ("order_placed", "subscription_renewed", "feature_used", "login")
SIGNUP_RETURNS = ("login", "feature_used")
MAX_WEEKS = 26
MAX_MONTHS = 12


def _effects(simulated: SimulatedWarehouse) -> dict:
    return json.loads((simulated.truth_dir / "effects.json").read_text())["planted_effects"]


def _add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """Calendar months added, the day clipped to the month's length (31 January + 1 = 28 February)."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _rolling_month(start: dt.datetime, moment: dt.datetime) -> int:
    months = (moment.year - start.year) * 12 + moment.month - start.month
    return months - 1 if _add_months(start, months) > moment else months


def _calendar_week(start: dt.datetime, moment: dt.datetime) -> int:
    monday_start = start.date() - dt.timedelta(days=start.weekday())
    monday = moment.date() - dt.timedelta(days=moment.weekday())
    return (monday - monday_start).days // 7


def _members_and_returns(
    con: duckdb.DuckDBPyConnection, start_activity: str, returns: tuple[str, ...]
) -> tuple[dict[str, tuple[dt.datetime, int]], dict[str, list[dt.datetime]], dict[str, list[dt.datetime]]]:
    """First start activity per person, their return activities after it and their orders from it on."""
    starts = {
        person: (at, number)
        for person, at, number in con.execute(
            """
            select person_id, arg_min(activity_at, activity_number), min(activity_number)
            from intermediate.int_activities_enriched where activity = ? group by person_id
            """,
            [start_activity],
        ).fetchall()
    }
    returns_by_person: dict[str, list[dt.datetime]] = defaultdict(list)
    orders_by_person: dict[str, list[dt.datetime]] = defaultdict(list)
    rows = con.execute(
        f"""
        select person_id, activity, activity_number, activity_at from intermediate.int_activities_enriched
        where activity in ({', '.join('?' for _ in returns)}, 'order_placed')
        """,
        list(returns),
    ).fetchall()
    for person, activity, number, at in rows:
        if person not in starts:
            continue
        start_number = starts[person][1]
        if activity in returns and number > start_number:
            returns_by_person[person].append(at)
        if activity == "order_placed" and number >= start_number:
            orders_by_person[person].append(at)
    for times in (*returns_by_person.values(), *orders_by_person.values()):
        times.sort()
    return starts, returns_by_person, orders_by_person


def _retention_by_hand(
    con: duckdb.DuckDBPyConnection,
    start_activity: str,
    returns: tuple[str, ...],
    period_of: Callable[[dt.datetime, dt.datetime], int],
    max_period: int,
) -> dict[int, tuple[int, int, int, int]]:
    """period -> (eligible, active, unbounded retained, repeat purchasers), computed member by member."""
    observed_until = con.execute("select max(activity_at) from intermediate.int_activities_enriched").fetchone()[0]
    starts, returns_by_person, orders_by_person = _members_and_returns(con, start_activity, returns)
    table: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for person, (start, _) in starts.items():
        last_eligible = min(period_of(start, observed_until) - 1, max_period)
        active_periods = {period_of(start, at) for at in returns_by_person[person]}
        last_active = max(active_periods, default=-1)
        order_periods = sorted(period_of(start, at) for at in orders_by_person[person])
        for k in range(last_eligible + 1):
            row = table[k]
            row[0] += 1
            row[1] += k in active_periods
            row[2] += last_active >= k
            row[3] += bisect.bisect_right(order_periods, k) >= 2
    return {k: tuple(v) for k, v in table.items()}


def _retention_from_mart(
    con: duckdb.DuckDBPyConnection, definition: str, period_type: str, period_mode: str
) -> dict[int, tuple[int, int, int, int]]:
    return {
        k: (eligible, active, unbounded, repeat)
        for k, eligible, active, unbounded, repeat in con.execute(
            """
            select period_number, eligible_members, active_members, unbounded_retained_members, repeat_purchasers
            from marts.fct_retention
            where cohort_definition = ? and cohort_dimension = 'all' and period_type = ? and period_mode = ?
                and is_complete_period
            """,
            [definition, period_type, period_mode],
        ).fetchall()
    }


def test_cohort_sizes_are_the_people_with_the_start_activity(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    expected = dict(
        sim_warehouse.execute(
            """
            select 'signups', count(distinct person_id) from intermediate.int_activities_enriched
            where activity = 'sign_up'
            union all
            select 'signups_frequent', count(distinct person_id) from intermediate.int_activities_enriched
            where activity = 'sign_up'
            union all
            select 'signups_first_return', count(distinct person_id) from intermediate.int_activities_enriched
            where activity = 'sign_up'
            union all
            select 'trial_activation', count(distinct person_id) from intermediate.int_activities_enriched
            where activity = 'subscription_trial_started'
            union all
            select 'paying_customers', count(distinct person_id) from intermediate.int_activities_enriched
            where activity = 'order_placed'
            """
        ).fetchall()
    )
    sizes = dict(
        sim_warehouse.execute(
            "select cohort_definition, max(cohort_size) from marts.fct_retention"
            " where cohort_dimension = 'all' group by 1"
        ).fetchall()
    )
    assert min(expected.values()) > 300
    assert sizes == expected


def test_rolling_month_retention_of_customers_matches_plain_python(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    by_hand = _retention_by_hand(sim_warehouse, "order_placed", PAYING_RETURNS, _rolling_month, MAX_MONTHS)
    from_mart = _retention_from_mart(sim_warehouse, "paying_customers", "month", "rolling")
    assert by_hand[3][0] > 100
    assert from_mart == by_hand


def test_calendar_week_retention_of_signups_matches_plain_python(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    by_hand = _retention_by_hand(sim_warehouse, "sign_up", SIGNUP_RETURNS, _calendar_week, MAX_WEEKS)
    from_mart = _retention_from_mart(sim_warehouse, "signups", "week", "calendar")
    assert by_hand[4][0] > 500
    assert from_mart == by_hand


def test_rates_are_consistent(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    broken = sim_warehouse.execute(
        """
        select count(*) from marts.fct_retention
        where unbounded_retained_members < active_members
            or cumulative_active_members < active_members
            or eligible_members > cohort_size
            or abs(retention_rate - active_members / eligible_members) > 1e-12
        """
    ).fetchone()[0]
    assert broken == 0


def test_before_after_comparison_shows_the_onboarding_change(
    simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection
) -> None:
    planted = _effects(simulated)["onboarding_connect_data_source"]
    rows = {
        name: (change_date, before_n, before_rate, after_n, after_rate, z)
        for name, change_date, before_n, before_rate, after_n, after_rate, z in sim_warehouse.execute(
            """
            select comparison_name, change_date, before_members, before_rate, after_members, after_rate, z_score
            from marts.fct_cohort_change_comparison
            """
        ).fetchall()
    }
    change_date, before_n, before_rate, after_n, after_rate, z = rows["onboarding_change_connect_data_source_14d"]
    assert str(change_date) == planted["change_date"]
    assert before_n > 300 and after_n > 300
    # connect_data_source is only offered after create_project (probability 0.90 in the simulator)
    for observed, planted_rate, n in (
        (before_rate, 0.9 * planted["step_completion_before_change"], before_n),
        (after_rate, 0.9 * planted["step_completion_after_change"], after_n),
    ):
        assert abs(observed - planted_rate) <= 3 * math.sqrt(planted_rate * (1 - planted_rate) / n)
    assert z > 5

    # activation follows: 0.7 with the step and 0.2 without it, so the activation rate must rise by about
    # (0.7 - 0.2) x the rise in step completion
    _, _, before_activation, _, after_activation, activation_z = rows["onboarding_change_activation_14d"]
    expected_rise = (
        (planted["activation_rate_with_step"] - planted["activation_rate_without_step"])
        * 0.9 * (planted["step_completion_after_change"] - planted["step_completion_before_change"])
    )
    assert after_activation - before_activation == pytest.approx(expected_rise, abs=0.08)
    assert activation_z > 3
    # and within 60 days on either side of the change (less room for seasonality), on far fewer trials
    _, all_before_n, _, all_after_n, _, _ = rows["onboarding_change_activation_14d"]
    _, before_n, before_activation, after_n, after_activation, activation_z = rows[
        "onboarding_change_activation_14d_60_days_around"
    ]
    assert 100 < before_n < all_before_n and 100 < after_n < all_after_n
    assert after_activation - before_activation == pytest.approx(expected_rise, abs=0.1)
    assert activation_z > 2


def test_organic_search_customers_retain_better_than_paid_social(
    simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection
) -> None:
    churn = _effects(simulated)["retention_by_acquisition_channel"]["monthly_churn"]
    retention = {
        channel: (eligible, rate, unbounded)
        for channel, eligible, rate, unbounded in sim_warehouse.execute(
            """
            select cohort_value, eligible_members, retention_rate, unbounded_retention_rate from marts.fct_retention
            where cohort_definition = 'paying_customers' and cohort_dimension = 'acquisition_channel_group'
                and period_type = 'month' and period_mode = 'rolling' and period_number = 3 and is_complete_period
            """
        ).fetchall()
    }
    organic, paid_social = retention["Organic Search"], retention["Paid Social"]
    assert organic[1] > paid_social[1] and organic[2] > paid_social[2]
    # each close to the planted survival (1 - monthly churn) ** 3, within three binomial standard errors
    for channel, (eligible, rate, _) in (("Organic Search", organic), ("Paid Social", paid_social)):
        survival = (1 - churn[channel]) ** 3
        assert abs(rate - survival) <= 3 * math.sqrt(survival * (1 - survival) / eligible), channel


def test_key_onboarding_step_completers_activate_more(
    simulated: SimulatedWarehouse, sim_warehouse: duckdb.DuckDBPyConnection
) -> None:
    planted = _effects(simulated)["onboarding_connect_data_source"]
    activation = {
        value: (eligible, rate)
        for value, eligible, rate in sim_warehouse.execute(
            """
            select cohort_value, eligible_members, cumulative_active_rate from marts.fct_retention
            where cohort_definition = 'trial_activation' and cohort_dimension = 'key_onboarding_step'
                and period_type = 'day' and period_mode = 'rolling' and period_number = 14 and is_complete_period
            """
        ).fetchall()
    }
    for value, planted_rate in (
        ("completed", planted["activation_rate_with_step"]),
        ("not_completed", planted["activation_rate_without_step"]),
    ):
        eligible, rate = activation[value]
        assert eligible > 300
        assert abs(rate - planted_rate) <= 0.08, value
    assert activation["completed"][1] > 3 * activation["not_completed"][1]


def _cohort_tables_by_hand(
    con: duckdb.DuckDBPyConnection,
    start_activity: str,
    returns: tuple[str, ...],
    period_of: Callable[[dt.datetime, dt.datetime], int],
    max_period: int,
    min_returns: int = 1,
    first_time: bool = False,
) -> tuple[dict[tuple[str, int], tuple[int, int, int, int]], dict[tuple[str, int], tuple[int, int, int, int]]]:
    """(cohort start month, period) -> (members, active, unbounded retained, repeat purchasers), member by member:
    the fully observed periods, and the rows of partly observed periods that fct_retention reports (those no
    member of the cohort month has fully observed). A period is complete when it ends by the second after the
    end of observation (the newest activity) and partly observed when it holds it. Active: at least min_returns
    return activities in the period; first_time: only the first such period counts."""
    observed_until = con.execute("select max(activity_at) from intermediate.int_activities_enriched").fetchone()[0]
    next_second = observed_until + dt.timedelta(seconds=1)
    starts, returns_by_person, orders_by_person = _members_and_returns(con, start_activity, returns)
    complete: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    partial: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for person, (start, _) in starts.items():
        month = start.date().replace(day=1).isoformat()
        last_reported = min(period_of(start, observed_until), max_period)
        last_complete = min(period_of(start, next_second) - 1, max_period)
        returns_per_period: dict[int, int] = defaultdict(int)
        for at in returns_by_person[person]:
            returns_per_period[period_of(start, at)] += 1
        active_periods = {k for k, count in returns_per_period.items() if count >= min_returns}
        if first_time and active_periods:
            active_periods = {min(active_periods)}
        last_active = max(active_periods, default=-1)
        order_periods = sorted(period_of(start, at) for at in orders_by_person[person])
        for k in range(last_reported + 1):
            row = (complete if k <= last_complete else partial)[(month, k)]
            row[0] += 1
            row[1] += k in active_periods
            row[2] += last_active >= k
            row[3] += bisect.bisect_right(order_periods, k) >= 2
    reported_partial = {key: tuple(v) for key, v in partial.items() if key not in complete}
    return {key: tuple(v) for key, v in complete.items()}, reported_partial


def _cohort_tables_from_mart(
    con: duckdb.DuckDBPyConnection, definition: str, period_type: str, period_mode: str
) -> tuple[dict[tuple[str, int], tuple[int, int, int, int]], dict[tuple[str, int], tuple[int, int, int, int]]]:
    tables: tuple[dict, dict] = ({}, {})
    for month, k, is_complete, eligible, active, unbounded, repeat in con.execute(
        """
        select cohort_value, period_number, is_complete_period, eligible_members, active_members,
            unbounded_retained_members, repeat_purchasers
        from marts.fct_retention
        where cohort_definition = ? and cohort_dimension = 'cohort_start_month' and period_type = ? and period_mode = ?
        """,
        [definition, period_type, period_mode],
    ).fetchall():
        tables[0 if is_complete else 1][(month, k)] = (eligible, active, unbounded, repeat)
    return tables


@pytest.mark.parametrize(
    ("definition", "start_activity", "returns", "period_of", "max_period", "period_type", "period_mode"),
    [
        ("paying_customers", "order_placed", PAYING_RETURNS, _rolling_month, MAX_MONTHS, "month", "rolling"),
        ("signups", "sign_up", SIGNUP_RETURNS, _calendar_week, MAX_WEEKS, "week", "calendar"),
    ],
)
def test_partly_observed_last_periods_of_monthly_cohorts_match_plain_python(
    sim_warehouse: duckdb.DuckDBPyConnection,
    definition: str,
    start_activity: str,
    returns: tuple[str, ...],
    period_of: Callable[[dt.datetime, dt.datetime], int],
    max_period: int,
    period_type: str,
    period_mode: str,
) -> None:
    complete, partial = _cohort_tables_by_hand(sim_warehouse, start_activity, returns, period_of, max_period)
    from_mart = _cohort_tables_from_mart(sim_warehouse, definition, period_type, period_mode)
    assert len(partial) >= 5  # the newest cohort months have their current period partly observed
    assert from_mart == (complete, partial)


@pytest.mark.parametrize(
    ("definition", "min_returns", "first_time"),
    [("signups_frequent", 3, False), ("signups_first_return", 1, True)],
)
def test_frequency_threshold_and_first_time_retention_match_plain_python(
    sim_warehouse: duckdb.DuckDBPyConnection, definition: str, min_returns: int, first_time: bool
) -> None:
    complete, partial = _cohort_tables_by_hand(
        sim_warehouse, "sign_up", SIGNUP_RETURNS, _calendar_week, MAX_WEEKS, min_returns, first_time
    )
    every_return, _ = _cohort_tables_by_hand(sim_warehouse, "sign_up", SIGNUP_RETURNS, _calendar_week, MAX_WEEKS)
    from_mart = _cohort_tables_from_mart(sim_warehouse, definition, "week", "calendar")
    assert from_mart == (complete, partial)
    # the mode changes the answer: fewer members count as active than with every single return
    assert sum(row[1] for row in complete.values()) < sum(row[1] for row in every_return.values())
    if first_time:
        # each member is active in at most one period, so the actives add up to at most the members
        members = {key[0]: row[0] for key, row in complete.items() if key[1] == 0}
        assert all(sum(row[1] for key, row in complete.items() if key[0] == month) <= size
                   for month, size in members.items())
