"""Merge guards and stitching on a hand-made fixture (tests/raw_data/identity/events.csv).

Planted: a device shared by two logged-in users (d1), a junk anonymous_id ('undefined') used by
two users, a test email typed by two users, a person reached over several hops
(device d8 -> email -> device d9 -> user u7), and an email used by two accounts.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from journeykit.project import PROJECT_DIR, run_dbt

FIXTURE = PROJECT_DIR / "tests" / "raw_data" / "identity"
SALT = "journey-demo-salt"


def email_key(email: str) -> str:
    return "email:" + hashlib.sha256((SALT + email).encode()).hexdigest()


def person_of(identifier_key: str) -> str:
    """person_id as documented: 'p_' and the first 20 hex digits of md5(earliest identifier key)."""
    return "p_" + hashlib.md5(identifier_key.encode()).hexdigest()[:20]


@pytest.fixture(scope="module")
def identity(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    work = tmp_path_factory.mktemp("identity")
    run_dbt(["build", "--select", "+int_sessions_aggregated", "--indirect-selection", "cautious"],
            raw_path=FIXTURE, duckdb_path=work / "identity.duckdb", target_path=work / "target")
    connection = duckdb.connect(str(work / "identity.duckdb"), read_only=True)
    yield connection
    connection.close()


def test_people_are_stitched_and_guarded(identity: duckdb.DuckDBPyConnection) -> None:
    resolved = {
        key: (person, guard)
        for key, person, guard in identity.execute(
            "select identifier_key, person_id, guard_reason from intermediate.int_identifiers_resolved"
        ).fetchall()
    }
    kim = person_of("anonymous_id:d8")  # the earliest identifier of d8, kim's email, d9 and u7
    shared_email = email_key("shared@corp.io")
    assert resolved == {
        # the shared device stands alone; each of its users is their own person
        "anonymous_id:d1": (person_of("anonymous_id:d1"), "linked_to_too_many_user_ids"),
        "user_id:u1": (person_of("user_id:u1"), None),
        "user_id:u2": (person_of("user_id:u2"), None),
        # 'undefined' is junk: it never becomes an identifier, so u3 and u4 stay apart
        "user_id:u3": (person_of("user_id:u3"), None),
        "user_id:u4": (person_of("user_id:u4"), None),
        # the test email is treated as missing: u5 and u6 stay apart
        "anonymous_id:d6": (person_of("anonymous_id:d6"), None),
        "user_id:u5": (person_of("anonymous_id:d6"), None),
        "anonymous_id:d7": (person_of("anonymous_id:d7"), None),
        "user_id:u6": (person_of("anonymous_id:d7"), None),
        # several hops: d8 -> kim@corp.io -> d9 -> u7 (emails compared trimmed and lower-cased)
        "anonymous_id:d8": (kim, None),
        email_key("kim@corp.io"): (kim, None),
        "anonymous_id:d9": (kim, None),
        "user_id:u7": (kim, None),
        # an email used by two accounts is guarded and merges nobody
        shared_email: (person_of(shared_email), "linked_to_too_many_user_ids"),
        "anonymous_id:d10": (person_of("anonymous_id:d10"), None),
        "user_id:u8": (person_of("anonymous_id:d10"), None),
        "anonymous_id:d11": (person_of("anonymous_id:d11"), None),
        "user_id:u9": (person_of("anonymous_id:d11"), None),
    }


def test_sessions_on_a_shared_device_go_to_whoever_logged_in(identity: duckdb.DuckDBPyConnection) -> None:
    sessions = identity.execute(
        "select device_session_number, user_id, person_id from intermediate.int_sessions_aggregated"
        " where device_key = 'anonymous_id:d1' order by device_session_number"
    ).fetchall()
    assert sessions == [
        (1, "u1", person_of("user_id:u1")),
        (2, "u2", person_of("user_id:u2")),
        (3, None, person_of("anonymous_id:d1")),  # nobody logged in: the device's own profile
    ]
