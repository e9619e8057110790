"""Free text is stored in staging with contact details redacted and capped at journey_text_max_chars
(hand-made tickets, CRM notes and a survey comment; expected values worked out by hand)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from journeykit.project import PROJECT_DIR, run_dbt

FIXTURE = PROJECT_DIR / "tests" / "raw_data" / "minimal"
MAX_CHARS = 200
T1_BODY = ("Call me on +1 415 555 0132 or (415) 555-0199, from 192.168.10.20 / 2001:db8::1, mail"
           " jane.doe@example.com. Order 12345678 on 2026-03-01 10:00:00.")
T2_BODY = "log " * 100  # 400 characters: a pasted log
NAMES_NOTE = "Met zoë and Mr O'BRIEN; Sharma's deck sent to Priya (not Priyanka) at priya.sharma77."


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    work = tmp_path_factory.mktemp("redaction")
    raw = work / "raw"
    shutil.copytree(FIXTURE, raw)
    loaded = "2026-03-05T00:00:00Z"
    write_csv(raw / "support_tickets.csv", ["ticket_id", "user_id", "email", "created_at", "channel", "subject", "body",
                                            "status", "loaded_at"],
              [["t1", "u1", "", "2026-03-01T10:00:00Z", "email", "Call back", T1_BODY, "open", loaded],
               ["t2", "u1", "", "2026-03-01T11:00:00Z", "chat", "Logs", T2_BODY, "open", loaded]])
    write_csv(raw / "crm_activities.csv", ["activity_id", "lead_id", "opportunity_id", "activity_type", "activity_at",
                                           "notes", "loaded_at"],
              [["c1", "l1", "", "call", "2026-03-02T10:00:00Z",
                "Called from 10.0.0.7, phone 020 7946 0958, email bob@corp.example", loaded],
               ["c2", "l1", "", "note", "2026-03-02T11:00:00Z", NAMES_NOTE, loaded]])
    # the known names: the lead's first and last name, and the words of its email's local part
    write_csv(raw / "crm_leads.csv", ["lead_id", "email", "first_name", "last_name", "company", "lead_source",
                                      "lead_score", "status", "created_at", "loaded_at"],
              [["l1", " Priya.Sharma77@Corp.example ", "Zoë", "O'Brien", "Acme", "webinar", "50", "new",
                "2026-03-01T09:00:00Z", loaded]])
    write_csv(raw / "survey_responses.csv", ["response_id", "user_id", "email", "responded_at", "survey_type", "score",
                                             "comment", "ticket_id", "loaded_at"],
              [["r1", "u1", "", "2026-03-03T10:00:00Z", "csat", "2", "ring 555-123-4567 please", "t1", loaded]])
    db = work / "redaction.duckdb"
    run_dbt(["build", "--select", "+int_texts_normalized", "--indirect-selection", "cautious", "--exclude", "test_type:unit",
             "--vars", f"{{journey_text_max_chars: {MAX_CHARS}}}"],
            raw_path=raw, duckdb_path=db, target_path=work / "target")
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def test_contacts_are_redacted_in_staged_text(warehouse: duckdb.DuckDBPyConnection) -> None:
    assert warehouse.execute("select body from staging.stg_support__tickets where ticket_id = 't1'").fetchall() == [(
        # the phone in parentheses keeps its '('; an 8-digit order number, a date and a time are not phones
        "Call me on [phone] or ([phone], from [ip] / [ip], mail [email]. Order 12345678 on 2026-03-01 10:00:00.",)]
    assert warehouse.execute("select notes from staging.stg_crm__activities where activity_id = 'c1'").fetchall() == [
        ("Called from [ip], phone [phone], email [email]",)]
    assert warehouse.execute("select comment_text from staging.stg_support__survey_responses").fetchall() == [
        ("ring [phone] please",)]


def test_oversized_text_is_capped_at_staging(warehouse: duckdb.DuckDBPyConnection) -> None:
    for relation in ["staging.base_support__tickets", "staging.stg_support__tickets"]:
        assert warehouse.execute(
            f"select length(body), body_chars, subject_chars from {relation} where ticket_id = 't2'"
        ).fetchall() == [(MAX_CHARS, 400, 4)]
    # the text model flags it from the raw lengths: 'Logs' (4) + ' ' + 400 = 405 characters
    assert warehouse.execute(
        "select raw_text_chars, is_truncated from intermediate.int_texts_normalized where text_id = 'ticket:t2'"
    ).fetchall() == [(405, True)]
    assert warehouse.execute(
        "select raw_text_chars, is_truncated from intermediate.int_texts_normalized where text_id = 'ticket:t1'"
    ).fetchall() == [(len("Call back") + 1 + len(T1_BODY), False)]


def test_known_names_are_redacted_in_staged_text(warehouse: duckdb.DuckDBPyConnection) -> None:
    # 'zoë' and 'O'BRIEN' are the lead's names in another case, 'Sharma' and 'Priya' the words of its email's
    # local part; 'Priyanka' contains a name but is another word, and 'sharma77' (letters and digits) is one word
    assert warehouse.execute("select notes from staging.stg_crm__activities where activity_id = 'c2'").fetchall() == [
        ("Met [name] and Mr O'[name]; [name]'s deck sent to [name] (not Priyanka) at [name].sharma77.",)]
    assert warehouse.execute(
        "select name_word, redaction_policy from staging.base_pii__known_names order by name_word"
    ).fetchall() == [  # jane and doe: the fixture's events carry Jane.Doe@Example.com; 'u3@...' has no 3-letter word
        ("brien", "any_case"), ("doe", "any_case"), ("jane", "any_case"), ("priya", "any_case"), ("sharma", "any_case"),
        ("zoë", "any_case"),
    ]
    # the text models see neither the names nor the placeholder
    assert warehouse.execute(
        "select normalized_text from intermediate.int_texts_normalized where text_id = 'crm_activity:c2'"
    ).fetchall() == [("met and mr o s deck sent to not priyanka at sharma77",)]
