"""Text mining marts on the default simulation: the planted effects, and cross-checks in plain Python.

Planted (src/journeykit/simulator/support.py): 35 % of failed payments are followed within 3 days by a
billing ticket that describes the failure; trialists who never connect a data source write onboarding
(setup) tickets; CSAT after billing tickets is drawn from a worse distribution.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import timedelta

import duckdb
import pytest

SUPPORT = "('support_ticket', 'support_chat')"


def test_every_text_is_categorised_once(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    counts = sim_warehouse.execute(f"""
        select
            (select count(*) from marts.fct_text_topics where text_source in {SUPPORT}),
            (select count(*) from staging.stg_support__tickets),
            (select count(*) from marts.fct_text_topics where text_source = 'survey_comment'),
            (select count(*) from staging.stg_support__survey_responses),
            (select count(*) from marts.fct_text_topics where text_source = 'crm_note'),
            (select count(*) from staging.stg_crm__activities where activity_type <> 'stage_change')
    """).fetchone()
    assert counts[0] == counts[1] and counts[2] == counts[3] and counts[4] == counts[5]
    # texts too long are capped, not dropped; the simulation pastes long logs into some tickets
    assert sim_warehouse.execute("select count(*) from marts.fct_text_topics where is_truncated").fetchone()[0] > 0


def test_billing_topics_concentrate_after_failed_payments(sim_warehouse: duckdb.DuckDBPyConnection, simulated) -> None:
    truth = json.loads((simulated.truth_dir / "effects.json").read_text())["planted_effects"]
    assert truth["billing_tickets_follow_failed_payments"]["max_delay_days"] <= 7  # inside the context window
    shares = dict(sim_warehouse.execute(f"""
        select has_failed_payment_before, avg(case when primary_topic = 'billing_payment' then 1.0 else 0 end)
        from marts.fct_text_topics where text_source in {SUPPORT} group by 1
    """).fetchall())
    assert shares[True] >= 0.85
    assert shares[True] >= 8 * shares[False]
    lift = sim_warehouse.execute("""
        select topic_lift from marts.fct_text_topics_by_segment
        where segment_type = 'failed_payment_before' and segment_value = 'yes' and primary_topic = 'billing_payment'
    """).fetchone()[0]
    assert lift > 3


def test_failed_payment_flag_matches_a_plain_python_timeline(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    failures: dict[str, list] = defaultdict(list)
    for person, at in sim_warehouse.execute(
        "select person_id, activity_at from intermediate.int_activities_enriched"
        " where activity in ('payment_failed', 'order_failed')").fetchall():
        failures[person].append(at)
    texts = sim_warehouse.execute(f"""
        select person_id, written_at, has_failed_payment_before from marts.fct_text_topics
        where text_source in {SUPPORT}
    """).fetchall()
    mismatches = 0
    for person, written_at, flag in texts:
        expected = any(timedelta(0) < written_at - at <= timedelta(days=7) for at in failures.get(person, []))
        mismatches += expected != flag
    # the model orders by timeline position, Python by time: only exact-time ties could differ
    assert mismatches <= 1
    assert sum(flag for _, _, flag in texts) >= 30


def test_setup_topics_concentrate_in_onboarding(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = sim_warehouse.execute(f"""
        select journey_stage, primary_topic from marts.fct_text_topics
        where text_source in {SUPPORT} and not is_empty_text
    """).fetchall()
    early = [topic for stage, topic in rows if stage in ("signup", "onboarding")]
    later = [topic for stage, topic in rows if stage not in ("signup", "onboarding")]
    share_early = early.count("setup_onboarding") / len(early)
    share_later = later.count("setup_onboarding") / len(later)
    assert share_early >= 0.4 and share_early >= 4 * share_later
    # the segment mart agrees with the plain-Python share
    everything = [topic for _, topic in rows] + [
        topic for (topic,) in sim_warehouse.execute(
            "select primary_topic from marts.fct_text_topics"
            f" where text_source not in {SUPPORT} and not is_empty_text").fetchall()]
    onboarding = [topic for stage, topic in rows if stage == "onboarding"]
    mart = sim_warehouse.execute("""
        select topic_share_in_segment, topic_lift from marts.fct_text_topics_by_segment
        where segment_type = 'journey_stage' and segment_value = 'onboarding' and primary_topic = 'setup_onboarding'
    """).fetchone()
    all_onboarding = sim_warehouse.execute(
        "select primary_topic from marts.fct_text_topics where journey_stage = 'onboarding' and not is_empty_text"
    ).fetchall()
    share = sum(topic == "setup_onboarding" for (topic,) in all_onboarding) / len(all_onboarding)
    assert mart[0] == pytest.approx(share)
    assert mart[1] == pytest.approx(share / (everything.count("setup_onboarding") / len(everything)))
    assert len(onboarding) > 20


def test_csat_is_lower_for_billing(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    scores = {topic: (responses, average) for topic, responses, average in sim_warehouse.execute(
        "select topic, responses, average_score from marts.fct_survey_scores_by_topic where survey_type = 'csat'"
    ).fetchall()}
    billing_responses, billing_average = scores["billing_payment"]
    others = [(n, avg) for topic, (n, avg) in scores.items() if topic != "billing_payment"]
    others_average = sum(n * avg for n, avg in others) / sum(n for n, _ in others)
    # planted: CSAT after billing tickets averages 2.85, after other tickets 3.98
    assert billing_responses >= 10
    assert billing_average < others_average - 0.5


def test_uncategorised_terms_are_counted_from_uncategorised_texts(sim_warehouse: duckdb.DuckDBPyConnection) -> None:
    texts = sim_warehouse.execute("""
        select t.normalized_text from intermediate.int_texts_placed as t where t.primary_topic = 'uncategorised'
    """).fetchall()
    stop_words = {w for (w,) in sim_warehouse.execute("select stop_word from config.stop_words").fetchall()}
    document_frequency: Counter[str] = Counter()
    for (text,) in texts:
        words = [w for w in text.split(" ") if w and w not in stop_words]
        document_frequency.update(set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])})
    top = sim_warehouse.execute(
        "select term, texts from marts.fct_uncategorised_terms where term_rank <= 20 order by term_rank").fetchall()
    assert top and all(count == document_frequency[term] for term, count in top)
    assert top[0][1] == max(document_frequency.values())
    # taxonomy terms never show up among the uncategorised
    seeded = {t for (t,) in sim_warehouse.execute("select term from config.text_topics").fetchall()}
    assert not seeded & {term for term, _ in top}
