"""No SQL is built from unescaped configuration.

Every text and list var of dbt_project.yml (read here, so a new var is covered without editing this
file) is set to a hostile value: quotes, a backslash before a quote, `--`, `;` and statements that
would drop a seed and create a table if the value were pasted into SQL. A var that validate_config
checks against a pattern (identifiers, choices, currency codes) must stop the run with a message
naming it; every other var must be treated as data: the whole project runs, no relation is dropped
or created, and the values come back out of the warehouse exactly as configured.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from journeykit.project import PROJECT_DIR, run_dbt

FIXTURE = PROJECT_DIR / "tests" / "raw_data" / "minimal"
# An odd number of quotes, so that a value pasted into a literal unescaped leaves broken SQL, or SQL that
# drops a seed and creates a table; '--' first, so that it cannot comment the rest out. Valid as a
# regular expression too (the bot and test-email patterns are vars), matching nothing.
HOSTILE = (
    "-- x' or '1'='1'; drop table config.event_taxonomy; create table main.journey_injected as select 1 as x;"
    " select '\\' \\\\ \" ; Direct' and channel != 'Organic Search"
)
# The kinds of validate_config under which a text is data (it reaches SQL only as journey.text_literal).
DATA_KINDS = {"text", "list"}


def project_vars() -> dict[str, object]:
    return yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]


def validation_rules() -> dict[str, str]:
    """var -> the kind of its rule in macros/config/validate_config.sql."""
    text = (PROJECT_DIR / "macros" / "config" / "validate_config.sql").read_text(encoding="utf-8")
    return dict(re.findall(r"'(journey_[a-z0-9_]+)': \['([a-z_]+)'", text))


def text_and_list_vars() -> dict[str, object]:
    return {name: value for name, value in project_vars().items() if isinstance(value, (str, list))}


def hostile_value(value: object) -> object:
    return [*value, HOSTILE] if isinstance(value, list) else HOSTILE


def relations(database: Path) -> set[tuple[str, str]]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return set(connection.execute("select table_schema, table_name from information_schema.tables").fetchall())


def test_every_var_has_a_validation_rule() -> None:
    """A var without a rule would reach SQL unchecked: every var of dbt_project.yml has one."""
    rules = validation_rules()
    assert len(rules) >= 40
    assert sorted(set(project_vars()) - set(rules)) == []
    # numbers are checked as numbers
    for name, value in project_vars().items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            assert rules[name] in {"number", "positive", "whole"}, name


@pytest.fixture(scope="module")
def normal_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("hostile")
    database = work / "hostile.duckdb"
    run_dbt(["build", "--exclude", "test_type:unit"], raw_path=FIXTURE, duckdb_path=database,
            target_path=work / "target")
    return database


def test_hostile_vars_under_a_pattern_stop_the_run_naming_the_var(normal_build: Path, tmp_path: Path) -> None:
    rules = validation_rules()
    hostile = {name: hostile_value(value) for name, value in text_and_list_vars().items()}
    checked = sorted(name for name in hostile if rules[name] not in DATA_KINDS)
    # the schema names, the raw mode, the reporting currency and the published table names at least
    assert {"journey_raw_schema", "journey_landing_schema", "journey_raw_mode", "journey_reporting_currency",
            "journey_publish_intermediate_tables"} <= set(checked)
    before = relations(normal_build)
    result = run_dbt(["run", "--select", "stg_billing__orders", "--vars", yaml.safe_dump(hostile)],
                     raw_path=FIXTURE, duckdb_path=normal_build, target_path=tmp_path / "target", check=False)
    assert not result.ok
    assert "journey: invalid configuration" in result.output
    named = set(re.findall(r"^\s*- (journey_[a-z0-9_]+) must", result.output, flags=re.MULTILINE))
    assert named == set(checked)
    assert relations(normal_build) == before


def test_hostile_text_vars_are_data(normal_build: Path, tmp_path: Path) -> None:
    rules = validation_rules()
    hostile = {name: hostile_value(value) for name, value in text_and_list_vars().items()
               if rules[name] in DATA_KINDS}
    # the raw path is a directory that exists, named with the hostile characters
    raw = tmp_path / "raw'; drop table config.event_taxonomy; -- \\ \"q"
    shutil.copytree(FIXTURE, raw)
    hostile["journey_raw_path"] = str(raw)
    assert len(hostile) >= 15
    before = relations(normal_build)
    assert len(before) > 100
    # changed vars change staged rows (the salt, the bot pattern): the incremental models need a full refresh
    result = run_dbt(["run", "--full-refresh", "--vars", yaml.safe_dump(hostile)], duckdb_path=normal_build,
                     target_path=tmp_path / "target", check=False)
    assert result.ok, result.output[-6000:]
    assert relations(normal_build) == before
    with duckdb.connect(str(normal_build), read_only=True) as connection:
        # the raw data was read from the hostile path: e1, e2, e3, e8, e9 as in test_staging_fixture, and
        # the Googlebot row e7, as the hostile bot pattern matches no user agent
        assert connection.execute("select count(*) from staging.stg_tracking__events").fetchone()[0] == 6
        # a stage of journey_stage_order comes back exactly, as the 7th stage with nobody in it
        assert connection.execute(
            "select stage_number, people_reached from marts.fct_journey_stages"
            " where acquisition_channel_group = '(all)' and journey_stage = ?", [HOSTILE]
        ).fetchall() == [(7, 0)]
        # the salt is mixed in exactly (backslashes and quotes included)
        expected = hashlib.sha256((HOSTILE + "jane.doe@example.com").encode()).hexdigest()
        assert connection.execute(
            "select email_hash from staging.stg_tracking__events where event_id = 'e2'").fetchall() == [(expected,)]
        # and so nothing is quarantined as a bot
        assert connection.execute(
            "select count(*) from intermediate.int_raw_rows_quarantined where reason_code = 'bot'").fetchone()[0] == 0
        # no channel is the hostile direct channel: last non-direct touch credits = last touch credits
        credits = connection.execute(
            "select attribution_model, touchpoint_id, credit from marts.fct_attribution_credits"
            " where attribution_model in ('last_touch', 'last_non_direct_touch')").fetchall()
        by_model = {model: sorted((touch, credit) for m, touch, credit in credits if m == model)
                    for model in ("last_touch", "last_non_direct_touch")}
        assert by_model["last_touch"] == by_model["last_non_direct_touch"] != []
