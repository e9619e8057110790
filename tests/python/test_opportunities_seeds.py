"""The decision plan across simulations: on five seeds other than the test suite's (7) and a size other than
its 6,000 people, the fixable rows of fct_opportunities are exactly the planted problems, each once.

The simulator plants two fixable problems, both at the checkout's payment step: Safari with PayPal fails
far more often (effects.json: safari_paypal_failures), and people whose payment failed write billing
tickets (billing_tickets_follow_failed_payments). They are one root cause seen by friction, funnels and
text, so the plan should show one fixable row for it - a segment of Safari and/or PayPal at a payment step
(a finer one, Safari on desktop with PayPal, is the same effect) - whose evidence holds the billing texts.
Its other planted effects are not fixable problems at a step: the spring promotion's audience (an audience
row, checked here too), the pricing page's demo lift (a gain), the onboarding change (a change over time),
retention by channel (the retention marts).

Precision = fixable rows that are a planted effect / fixable rows; recall = planted effects found in a
fixable row / planted effects (2). Each seed builds only what fct_opportunities needs, without dbt's tests
(the shared warehouse and the unit tests run those). It runs in the simulated lane of scripts/test.sh (its
own simulations, like test_incremental).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from journeykit.project import run_dbt
from journeykit.simulator import simulate

pytestmark = pytest.mark.simulated

SEEDS = (11, 23, 31, 47, 59)
PEOPLE = 10000
"""Measured: at 6,000 people (before the last definition fixes) seed 23 had only 6 people failing with Safari
and PayPal; at 8,000 every seed finds the root cause but seed 31 also lists page errors in Safari on mobile
(q = 0.027, 40 errors from 26 people, on no other seed: chance, helped by errors clustering in people); at
10,000 each seed lists the planted root cause once and nothing else (474 s for the five, 732 s on a busier
machine)."""
BUILD_ARGS = [
    "build", "--select", "+fct_opportunities", "--exclude-resource-type", "test",
    "--exclude-resource-type", "unit_test",
]
PAYMENT_STEPS = ("checkout_payment", "checkout_abandonment")
"""Friction points at the payment step (both end in order_completed)."""
BILLING_TEXT_EVIDENCE = (
    "text billing_payment (failed_payment_before = yes)",
    "text billing_payment (preceding_friction_activity = order_failed)",
    "text billing_payment (preceding_friction_activity = payment_failed)",
)
"""The billing texts after a failed payment, whichever of its segments is the topic's strongest."""
EXPECTED_EFFECTS = ("safari_paypal_failures", "billing_tickets_follow_failed_payments")


@dataclass(frozen=True)
class SeedResult:
    seed: int
    seconds: float
    fixable: list[tuple[str, str, str, str]]
    """(opportunity_source, area, segment, evidence) of every fixable row."""
    effects_by_row: list[set[str]]
    audience_segments: set[str]

    @property
    def precision(self) -> float:
        return sum(1 for effects in self.effects_by_row if effects) / len(self.fixable) if self.fixable else 1.0

    @property
    def recall(self) -> float:
        found = set().union(*self.effects_by_row) if self.effects_by_row else set()
        return len(found & set(EXPECTED_EFFECTS)) / len(EXPECTED_EFFECTS)


def _segment_values(segment: str) -> set[str]:
    """'Safari, paypal' -> {Safari, paypal}; 'browser = Safari' -> {Safari}."""
    if " = " in segment:
        return {segment.split(" = ", 1)[1]}
    return set(segment.split(", "))


def planted_effects_of(row: tuple[str, str, str, str], effect: dict) -> set[str]:
    """The planted effects a fixable row shows: the Safari + PayPal failures when its segment names the
    planted browser or payment method and no other browser or method (a device may narrow it), at a payment
    step or a funnel step into the purchase; the billing tickets when its evidence holds the texts after a
    failed payment."""
    source, area, segment, evidence = row
    effects = set()
    values = _segment_values(segment)
    planted = {effect["browser"], effect["payment_method"]}
    others_allowed = planted | {"desktop", "mobile", "tablet"}
    at_payment_step = area in PAYMENT_STEPS or (source == "funnel" and area.endswith("-> purchase"))
    if at_payment_step and values & planted and values <= others_allowed:
        effects.add("safari_paypal_failures")
    if any(text in evidence for text in BILLING_TEXT_EVIDENCE):
        effects.add("billing_tickets_follow_failed_payments")
    return effects


def _build_seed(seed: int, work: Path) -> SeedResult:
    started = time.monotonic()
    simulate(work / "sim", people=PEOPLE, seed=seed, quiet=True)
    database = work / "warehouse.duckdb"
    run_dbt(BUILD_ARGS, raw_path=work / "sim" / "raw", duckdb_path=database, target_path=work / "target")
    seconds = time.monotonic() - started
    effect = json.loads((work / "sim" / "truth" / "effects.json").read_text())["planted_effects"][
        "safari_paypal_failures"
    ]
    with duckdb.connect(str(database), read_only=True) as con:
        fixable = con.execute(
            "select opportunity_source, area, segment, evidence from marts.fct_opportunities"
            " where is_fixable order by opportunity_rank"
        ).fetchall()
        audience = {
            row[0] for row in con.execute(
                "select segment from marts.fct_opportunities where problem_kind = 'audience'"
            ).fetchall()
        }
    return SeedResult(
        seed=seed, seconds=seconds, fixable=fixable,
        effects_by_row=[planted_effects_of(row, effect) for row in fixable], audience_segments=audience,
    )


@pytest.fixture(scope="module")
def seed_results(tmp_path_factory: pytest.TempPathFactory) -> list[SeedResult]:
    return [_build_seed(seed, tmp_path_factory.mktemp(f"opportunities_seed_{seed}")) for seed in SEEDS]


def test_the_match_of_rows_to_planted_effects() -> None:
    """The matching rule itself, on rows written by hand."""
    effect = {"browser": "Safari", "payment_method": "paypal"}
    assert planted_effects_of(("friction", "checkout_payment", "Safari, paypal", ""), effect) == {
        "safari_paypal_failures"
    }
    assert planted_effects_of(("friction", "checkout_payment", "Safari, desktop, paypal", ""), effect) == {
        "safari_paypal_failures"
    }
    assert planted_effects_of(("funnel", "checkout_session: payment_details -> purchase", "browser = Safari", ""),
                              effect) == {"safari_paypal_failures"}
    assert planted_effects_of(("friction", "checkout_payment", "Chrome, paypal", ""), effect) == set()
    assert planted_effects_of(("friction", "page_errors", "Safari", ""), effect) == set()
    assert planted_effects_of(("funnel", "visit_to_purchase: visit -> sign_up", "device_type = mobile", ""),
                              effect) == set()
    assert planted_effects_of(
        ("text", "billing_payment", "failed_payment_before = yes",
         "text billing_payment (failed_payment_before = yes): share of the texts on this topic 80.0% against 0.4%"),
        effect,
    ) == {"billing_tickets_follow_failed_payments"}
    assert planted_effects_of(
        ("friction", "checkout_payment", "Safari, paypal",
         "friction checkout_payment (Safari, paypal): failure rate 41.7% against 3.6%, q < 0.0001; text billing_payment"
         " (preceding_friction_activity = order_failed): share of the texts on this topic 76.3% against 0.5%"),
        effect,
    ) == {"safari_paypal_failures", "billing_tickets_follow_failed_payments"}


def test_fixable_rows_are_exactly_the_planted_effects_on_every_seed(seed_results: list[SeedResult]) -> None:
    print(f"\nfct_opportunities on {PEOPLE} simulated people per seed")
    print("| seed | fixable rows | planted | not planted | precision | recall | seconds |")
    print("|---|---|---|---|---|---|---|")
    for result in seed_results:
        true_rows = sum(1 for effects in result.effects_by_row if effects)
        print(
            f"| {result.seed} | {len(result.fixable)} | {true_rows} | {len(result.fixable) - true_rows} |"
            f" {result.precision:.2f} | {result.recall:.2f} | {result.seconds:.0f} |"
        )
        for row, effects in zip(result.fixable, result.effects_by_row):
            print(f"    {row[0]} {row[1]} ({row[2]}): {', '.join(sorted(effects)) or 'NOT PLANTED'}")
    total_rows = sum(len(result.fixable) for result in seed_results)
    true_total = sum(1 for result in seed_results for effects in result.effects_by_row if effects)
    print(f"over the seeds: precision {true_total / total_rows:.2f}, "
          f"recall {sum(result.recall for result in seed_results) / len(seed_results):.2f}, "
          f"{sum(result.seconds for result in seed_results):.0f} s")
    for result in seed_results:
        # nothing else: every fixable row is a planted effect
        assert all(result.effects_by_row), (result.seed, result.fixable)
        # each planted effect exactly once: one root cause, one row
        for name in EXPECTED_EFFECTS:
            rows_with_effect = [row for row, effects in zip(result.fixable, result.effects_by_row) if name in effects]
            assert len(rows_with_effect) == 1, (result.seed, name, result.fixable)
        # the low-quality campaign is there as audience, never as a fixable row
        assert "campaign = spring_promo_social" in result.audience_segments, result.seed
