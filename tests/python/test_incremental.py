"""Incremental runs: a simulated history loaded in three increments into one warehouse gives every
table of a full build of the same data, row for row (journeykit.incremental_check).

The history is cut by loaded_at into three cumulative loads (raw tables accumulate). The last load
holds late events (they happened before the cut, landed after it, inside sessions already built),
and a login planted in it links a device that had only browsed anonymously to a user known from
another device (the simulator's devices log in at their first visit after sign-up, so it has no such
merge of its own): the test checks both are there, so that it exercises them, then checks the
reconciliation and the stability of person_ids on the incremental path. It runs in the simulated
lane of scripts/test.sh (its own simulation, built four times).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from journeykit.incremental_check import compare_warehouses, raw_cut, report
from journeykit.project import run_dbt
from journeykit.simulator import simulate

pytestmark = pytest.mark.simulated

PEOPLE = 1500
SEED = 11
LOAD_QUANTILES = (0.55, 0.85)
"""Where the loads are cut: quantiles of the events' loaded_at (the third load is the rest)."""
PLANTED_LOGIN = "planted_cross_device_login"
BOT_USER_AGENTS = "bot|crawl|spider|slurp|headless|python-requests|curl/|wget|phantomjs|scrapy"
"""The default of var journey_bot_user_agent_pattern: the planted device must not be a bot."""
JUNK_IDENTIFIERS = "'', 'null', 'none', 'undefined', '0', '-1', 'nan', '(null)', 'n/a'"
"""The default of var journey_junk_identifiers: nor may the planted ids be junk."""


def _plant_cross_device_login(raw_dir: Path, out_dir: Path, last_cut: str) -> tuple[str, str]:
    """out_dir = raw_dir plus one login event, an hour after last_cut, on the device with the most
    anonymous-only events before last_cut, by a user seen on another device before last_cut."""
    out_dir.mkdir(parents=True)
    con = duckdb.connect()
    con.sql("set TimeZone = 'UTC'")
    events = f"read_parquet('{raw_dir / 'events.parquet'}')"
    cut = f"cast('{last_cut}' as timestamp)"
    device, user = con.sql(
        f"""
        with before_cut as (
            select * from {events}
            where loaded_at < {cut} and event_name = 'page_view'
                and not regexp_matches(lower(coalesce(user_agent, '')), '{BOT_USER_AGENTS}')
        ),
        anonymous_devices as (
            select anonymous_id, count(*) as events from before_cut
            group by anonymous_id
            having count(user_id) = 0 and count(*) >= 3 and lower(trim(anonymous_id)) not in ({JUNK_IDENTIFIERS})
                and anonymous_id not in (select anonymous_id from {events} where user_id is not null)
        ),
        known_users as (
            select user_id, min(anonymous_id) as other_device from before_cut
            where lower(trim(user_id)) not in ({JUNK_IDENTIFIERS}) group by user_id
        )
        select (select anonymous_id from anonymous_devices order by events desc, anonymous_id limit 1),
            (select user_id from known_users order by user_id limit 1)
        """
    ).fetchone()  # type: ignore[misc]
    planted_at = f"{cut} + interval 1 hour"
    columns = [row[0] for row in con.sql(f"describe select * from {events}").fetchall()]
    planted = {
        "event_id": f"'{PLANTED_LOGIN}'", "event_name": "'login'", "user_id": f"'{user}'",
        "event_at": f"strftime({planted_at}, '%Y-%m-%dT%H:%M:%SZ')", "loaded_at": planted_at,
        # a plain login: no campaign, click id or referrer of its own
        **{column: "null" for column in columns if column.startswith(("utm_", "click_id", "referrer"))},
    }
    select_list = ", ".join(f"{planted.get(column, column)} as {column}" for column in columns)
    con.sql(
        f"""
        copy (
            select * from {events}
            union all
            (select {select_list} from {events} where anonymous_id = '{device}' order by loaded_at limit 1)
        ) to '{out_dir / 'events.parquet'}' (format parquet)
        """
    )
    for path in raw_dir.glob("*.parquet"):
        if path.name != "events.parquet":
            con.sql(f"copy (select * from read_parquet('{path}')) to '{out_dir / path.name}' (format parquet)")
    return device, user


def _cuts(raw_dir: Path) -> list[str]:
    con = duckdb.connect()
    con.sql("set TimeZone = 'UTC'")
    row = con.sql(
        "select quantile_disc(try_cast(loaded_at as timestamp), "
        f"[{', '.join(str(q) for q in LOAD_QUANTILES)}]) from read_parquet('{raw_dir / 'events.parquet'}')"
    ).fetchone()
    assert row is not None
    return [str(value) for value in row[0]]


def _identity_map(database: Path) -> dict[str, str]:
    with duckdb.connect(str(database), read_only=True) as con:
        return dict(con.sql("select identifier_key, person_id from intermediate.int_identifiers_resolved").fetchall())


@pytest.fixture(scope="module")
def incremental(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A full build and an incremental warehouse of the same history, with the identity map after the
    second load and the cuts."""
    work = tmp_path_factory.mktemp("incremental")
    simulate(work / "sim", people=PEOPLE, seed=SEED, quiet=True)
    cuts = _cuts(work / "sim" / "raw")
    raw_dir = work / "raw"
    planted = _plant_cross_device_login(work / "sim" / "raw", raw_dir, cuts[-1])
    full = work / "full.duckdb"
    run_dbt(["seed"], raw_path=raw_dir, duckdb_path=full, target_path=work / "target_full")
    run_dbt(["run"], raw_path=raw_dir, duckdb_path=full, target_path=work / "target_full")
    database = work / "incremental.duckdb"
    identity_after_second: dict[str, str] = {}
    for number, cut in enumerate([*cuts, None]):
        load_dir = work / f"load_{number}"
        raw_cut(raw_dir, load_dir, cut)
        if number == 0:
            run_dbt(["seed"], raw_path=load_dir, duckdb_path=database, target_path=work / "target")
        # the last load is a whole `dbt build`: its data tests (the reconciliation among them) run on
        # the incremental path
        command = ["build"] if cut is None else ["run"]
        run_dbt(command, raw_path=load_dir, duckdb_path=database, target_path=work / "target")
        if number == 1:
            identity_after_second = _identity_map(database)
    return {"database": database, "full": full, "raw_dir": raw_dir, "cuts": cuts, "planted": planted,
            "identity_after_second": identity_after_second}


def test_incremental_loads_equal_a_full_build(incremental: dict[str, object]) -> None:
    results = compare_warehouses(incremental["full"], incremental["database"])  # type: ignore[arg-type]
    assert len(results) > 100
    assert report(results) == 0


def test_the_last_load_holds_late_events_in_built_sessions(incremental: dict[str, object]) -> None:
    last_cut = incremental["cuts"][-1]  # type: ignore[index]
    with duckdb.connect(str(incremental["database"]), read_only=True) as con:
        con.sql("set TimeZone = 'UTC'")
        late_events, sessions_spanning_the_cut = con.sql(
            f"""
            with events as (
                select session_id, event_at, loaded_at >= cast('{last_cut}' as timestamp) as in_last_load
                from intermediate.int_events_sessionized
            )
            select
                count(case when in_last_load and event_at < cast('{last_cut}' as timestamp) then 1 end),
                (select count(*) from (
                    select session_id from events group by session_id
                    having count(distinct in_last_load) = 2
                ))
            from events
            """
        ).fetchone()  # type: ignore[misc]
    assert late_events > 0
    # a session built from the earlier loads that got an event of the last load: rebuilt whole
    assert sessions_spanning_the_cut > 0


def test_person_ids_are_stable_across_loads(incremental: dict[str, object]) -> None:
    before: dict[str, str] = incremental["identity_after_second"]  # type: ignore[assignment]
    after = _identity_map(incremental["database"])  # type: ignore[arg-type]
    assert before and set(before) <= set(after)
    identifiers_before: dict[str, set[str]] = defaultdict(set)
    for identifier, person in before.items():
        identifiers_before[person].add(identifier)
    earlier_persons_in: dict[str, set[str]] = defaultdict(set)
    for identifier, person in before.items():
        earlier_persons_in[after[identifier]].add(person)
    merged = split = unchanged = 0
    for person, identifiers in identifiers_before.items():
        persons_now = {after[identifier] for identifier in identifiers}
        if any(len(earlier_persons_in[now]) > 1 for now in persons_now):
            merged += 1
        elif len(persons_now) > 1:
            split += 1
        else:
            # nobody joined or left this person: it keeps its person_id
            assert persons_now == {person}, person
            unchanged += 1
    # the planted login merged the device's person with the user's, and most people are untouched
    device, user = incremental["planted"]  # type: ignore[misc]
    device_key, user_key = f"anonymous_id:{device}", f"user_id:{user}"
    assert before[device_key] != before[user_key]
    assert after[device_key] == after[user_key]
    assert after[device_key] in {before[device_key], before[user_key]}
    assert merged >= 2
    assert unchanged > 10 * (merged + split)


def test_raw_rows_reconcile_on_the_incremental_path(incremental: dict[str, object]) -> None:
    raw = duckdb.connect()
    raw_dir = incremental["raw_dir"]
    with duckdb.connect(str(incremental["database"]), read_only=True) as con:
        rows = con.sql(
            "select source_table, raw_rows, staged_rows + quarantined_rows + duplicate_rows"
            " from intermediate.int_raw_rows_reconciled"
        ).fetchall()
    # every landing table of the contract, the trackers' too (the simulation writes none of them: absent = empty)
    assert len(rows) == 16
    for table, raw_rows, accounted in rows:
        path = Path(raw_dir) / f"{table}.parquet"
        in_file = raw.sql(f"select count(*) from read_parquet('{path}')").fetchone()[0] if path.exists() else 0
        assert (raw_rows, accounted) == (in_file, in_file), table
