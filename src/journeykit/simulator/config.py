"""Simulation parameters: window, sizes and every planted rate as a named constant.

All rates used by the simulator live here so that ``effects.json`` can publish them and
tests can compare the raw output against them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
MINUTE_MS = 60_000
SECOND_MS = 1_000
#: Sentinel for "never happens" times (larger than any real epoch-ms value).
NO_TIME = 2**62

# ---------------------------------------------------------------------------
# Population
# ---------------------------------------------------------------------------
#: Share of simulated persons that are bots (crawlers, scrapers, headless browsers).
BOT_PERSON_SHARE = 0.006
#: Intent segment mix of human visitors (overridden for ``spring_promo_social``).
INTENT_MIX = {"browse_only": 0.60, "lead": 0.17, "trialist": 0.23}
#: Intent mix of people acquired by the ``spring_promo_social`` campaign (effect 3).
SPRING_PROMO_INTENT_MIX = {"browse_only": 0.86, "lead": 0.09, "trialist": 0.05}
#: Probability that a human views /pricing (independent of intent).
PRICING_VIEW_RATE = 0.30
#: Base demo-request probability for people who never view /pricing, by intent.
DEMO_BASE_RATE = {"browse_only": 0.0, "lead": 0.12, "trialist": 0.045}
#: Demo-request multiplier for people who view /pricing (effect 2).
PRICING_DEMO_MULTIPLIER = 4.0
#: Extra demo-request multiplier for people acquired by ``abm_enterprise``.
ABM_DEMO_MULTIPLIER = 1.5
#: Share of lead-intent people that identify through gated content (rest: newsletter form).
CONTENT_LEAD_SHARE = 0.45

# ---------------------------------------------------------------------------
# Trials, onboarding, activation (effect 4)
# ---------------------------------------------------------------------------
TRIAL_DAYS = 14
ONBOARDING_STEPS = ("create_project", "invite_teammate", "connect_data_source", "build_first_report")
KEY_ONBOARDING_STEP = "connect_data_source"
#: Onboarding change happens this many days after the window start.
ONBOARDING_CHANGE_DAY = 200
P_CREATE_PROJECT = 0.90
P_INVITE_TEAMMATE = 0.55
#: Share of trialists (who created a project) completing connect_data_source before/after the change.
P_CONNECT_BEFORE_CHANGE = 0.30
P_CONNECT_AFTER_CHANGE = 0.65
P_FIRST_REPORT_WITH_DATA = 0.80
P_FIRST_REPORT_WITHOUT_DATA = 0.15
#: Activation probability with / without the key onboarding step.
P_ACTIVATE_WITH_KEY_STEP = 0.70
P_ACTIVATE_WITHOUT_KEY_STEP = 0.20
#: Probability that a trialist starts a checkout, by activation.
P_CHECKOUT_IF_ACTIVATED = 0.60
P_CHECKOUT_IF_NOT_ACTIVATED = 0.10
#: Purchase-propensity multiplier for ``spring_promo_social`` people (effect 3).
SPRING_PROMO_PURCHASE_MULTIPLIER = 0.15

# ---------------------------------------------------------------------------
# Checkout and payments (effect 1)
# ---------------------------------------------------------------------------
P_FAIL_SAFARI_PAYPAL = 0.40
P_FAIL_OTHER = 0.05
P_RETRY_AFTER_FAILURE = 0.65
P_SWITCH_METHOD_ON_RETRY = 0.40
MAX_CHECKOUT_ATTEMPTS = 3
#: Payment-method mix at checkout (apple_pay only offered on Safari; otherwise falls back to card).
PAYMENT_METHOD_MIX = {"card": 0.60, "paypal": 0.30, "apple_pay": 0.07, "bank_transfer": 0.03}
PLAN_PRICES = {
    "USD": {"starter": 29.0, "pro": 99.0, "business": 299.0},
    "EUR": {"starter": 27.0, "pro": 92.0, "business": 279.0},
    "GBP": {"starter": 23.0, "pro": 79.0, "business": 239.0},
}
TRIAL_PLAN_MIX = {"starter": 0.50, "pro": 0.40, "business": 0.10}

# ---------------------------------------------------------------------------
# Sales pipeline
# ---------------------------------------------------------------------------
P_OPPORTUNITY_FROM_DEMO = 0.50
#: Probability of advancing past each stage (discovery, demo, proposal, negotiation -> won).
STAGE_ADVANCE = (0.85, 0.70, 0.75, 0.65)
P_CONTENT_LEAD_TO_CRM = 0.40
P_NEWSLETTER_LEAD_OTHER_SOURCE = 0.08

# ---------------------------------------------------------------------------
# Retention (effect 5): monthly churn probability by acquisition channel group
# ---------------------------------------------------------------------------
MONTHLY_CHURN = {
    "Organic Search": 0.025,
    "Direct": 0.045,
    "Paid Search": 0.055,
    "Paid Social": 0.12,
    "Display": 0.07,
    "Organic Social": 0.06,
    "Email": 0.04,
    "Referral": 0.04,
    "Affiliates": 0.08,
}
BILLING_PERIOD_DAYS = 30
P_UPGRADE = 0.18
P_DOWNGRADE = 0.06
P_RENEWAL_PAYMENT_FAILURE = 0.04
P_REFUND_AT_CHURN = 0.20

# ---------------------------------------------------------------------------
# Support (effect 6)
# ---------------------------------------------------------------------------
#: Probability that a failed payment produces a billing ticket 0-3 days later.
P_BILLING_TICKET_AFTER_FAILURE = 0.35
#: Billing tickets unrelated to a failure, as a share of failure-driven billing tickets.
BILLING_TICKETS_WITHOUT_FAILURE_SHARE = 0.10
BILLING_TICKET_MAX_DELAY_DAYS = 3

# ---------------------------------------------------------------------------
# Email
# ---------------------------------------------------------------------------
EMAIL_OPEN_RATE = {"newsletter": 0.28, "nurture": 0.22, "onboarding": 0.45, "renewal": 0.40}
EMAIL_CLICK_RATE_OF_OPENS = {"newsletter": 0.15, "nurture": 0.12, "onboarding": 0.25, "renewal": 0.20}
EMAIL_SOFT_BOUNCE_RATE = 0.01
EMAIL_BAD_ADDRESS_RATE = 0.02
EMAIL_UNSUBSCRIBE_RATE = 0.004

# ---------------------------------------------------------------------------
# Dirty data (rates are per row of the affected table unless stated)
# ---------------------------------------------------------------------------
#: Share of events delivered twice or more (identical row, same event_id).
DUPLICATE_EVENT_RATE = 0.015
DUPLICATE_EMAIL_EVENT_RATE = 0.01
#: Share of events/email events whose loaded_at is 1-10 days after event_at.
LATE_ARRIVAL_RATE = 0.01
#: Unparseable timestamp text in events (quarantine-worthy).
UNPARSEABLE_TS_RATE_EVENTS = 0.002
#: Unparseable timestamps in the other tables (quarantine-worthy).
UNPARSEABLE_TS_RATE_OTHER = 0.001
#: event_at years after loaded_at (quarantine-worthy).
FUTURE_TS_RATE = 0.001
FUTURE_TS_RATE_EMAIL = 0.0005
#: Events with no usable identifier at all (quarantine-worthy).
MISSING_IDENTIFIER_RATE = 0.0005
#: Events with a junk identifier (the other identifier still usable).
JUNK_IDENTIFIER_RATE = 0.01
#: Unknown event names, per million events, for each planted name.
UNKNOWN_EVENT_NAMES = ("legacy_widget_click", "test_event_do_not_use", "exp_v2_exposure")
UNKNOWN_EVENTS_PER_MILLION = {"legacy_widget_click": 150, "test_event_do_not_use": 60, "exp_v2_exposure": 110}
#: Share of campaign-tagged visits whose utm values are mixed-case / padded / spaced.
MESSY_UTM_RATE = 0.10
#: Share of email values written in mixed case and/or with surrounding whitespace.
MESSY_EMAIL_RATE = 0.20
#: Timestamp text formats: with an explicit non-UTC offset, without any offset (UTC); rest ISO 'Z'.
OFFSET_TS_RATE = 0.15
NAIVE_TS_RATE = 0.10
NEGATIVE_AMOUNT_RATE = 0.005
UNKNOWN_CURRENCY_RATE = 0.005
ZERO_AMOUNT_RATE = 0.02
UNKNOWN_CURRENCIES = ("XXX", "US$", "EURO", "??")
JUNK_ID_VALUES = ("null", "undefined", "0", "")
UNPARSEABLE_TS_VALUES = ("not a date", "2026-13-45 25:00:00", "31/02/2026", "")
PAGE_VIEW_VARIANTS = {"page_view": 0.92, "pageview": 0.05, "Page Viewed": 0.03}
DEMO_REQUEST_VARIANTS = {"demo_request": 0.90, "Demo Requested": 0.10}
SIGN_UP_VARIANTS = {"sign_up": 0.90, "signup": 0.10}

#: Default pilot size used to estimate events per person for ``--events``.
EVENTS_PILOT_PEOPLE = 10_000


@dataclass(frozen=True)
class SimConfig:
    """Size, seed and time window of one simulation run."""

    people: int = 20_000
    seed: int = 42
    start: dt.date = dt.date(2025, 11, 1)
    days: int = 365

    @property
    def start_ms(self) -> int:
        """Window start (inclusive) in epoch milliseconds, UTC."""
        epoch = dt.datetime(1970, 1, 1)
        return int((dt.datetime(self.start.year, self.start.month, self.start.day) - epoch).total_seconds()) * 1000

    @property
    def end_ms(self) -> int:
        """Window end (exclusive) in epoch milliseconds, UTC."""
        return self.start_ms + self.days * DAY_MS

    @property
    def change_ms(self) -> int:
        """Instant of the onboarding change (effect 4)."""
        return self.start_ms + ONBOARDING_CHANGE_DAY * DAY_MS
