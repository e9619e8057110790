"""Free-text templates (CRM notes, support tickets, survey comments) and a vectorised filler.

Templates contain ``{placeholders}``; :func:`fill` substitutes per-row values with DuckDB
``replace`` so no Python loop runs per row.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from .util import IntArray

TOPICS = ("billing", "onboarding", "bug", "login", "feature_request", "cancellation")

CRM_NOTES = {
    "call": (
        "Intro call with {first}. Team of {seats} analysts, currently on {competitor}. Main pain: slow dashboards.",
        "Spoke with {first} {last} ({company}). Asked about pricing for {seats} seats and whether annual billing gets a "
        "discount.",
        "Left voicemail for {first} {last} on {phone}, will follow up Thursday.",
        "{first} asked if we support SSO via {sso}; confirmed SAML on Business plan.",
        "Call: budget is around {budget} USD/yr, approval needed from CFO. Competitor {competitor} quoted lower.",
        "Discovery call. Data lives in {ds}; they need row-level security and scheduled exports.",
        "Quick check-in, {first} still evaluating {competitor}. Wants a side-by-side comparison.",
    ),
    "email": (
        "Sent pricing sheet and security whitepaper to {first}.",
        "Followed up on demo, shared recording + case study. No reply yet.",
        "Emailed {first} the SOC 2 report under NDA; security review in progress.",
        "Re: procurement — sent W-9 and vendor form to {company} finance.",
    ),
    "meeting": (
        "Demo for {company} ({seats} attendees). Loved the report builder; concerns about {ds} connector latency.",
        "Technical deep dive with their data team: {ds} connection, SSO via {sso}, audit logs. Next: security "
        "review.",
        "Pricing negotiation: they want {budget} USD/yr cap, asked for multi-year discount. Mentioned {competitor}.",
        "Exec alignment meeting. Champion: {first}. Decision expected end of quarter.",
    ),
    "note": (
        "Champion {first} is leaving {company} next month — risk.",
        "Legal redlines on DPA received; forwarded to counsel.",
        "Budget frozen until next fiscal year per {first}.",
        "Competitor mention: {competitor} offered 30% off. Holding our price for now.",
        "Security questionnaire (212 questions) completed and returned.",
        "Prospect asked about GDPR data residency (EU hosting) — confirmed Frankfurt region.",
        "Réunion reportée à la semaine prochaine, {first} en congés.",
    ),
    "stage_change": ("Stage changed to {stage}.", "Moved to {stage} after call with {first}.",
                     "Stage → {stage}"),
}

#: Ticket scenarios per topic: (subject, first message). Subjects of billing scenarios mention the payment.
TICKET_SCENARIOS: dict[str, tuple[tuple[str, str], ...]] = {
    "billing": (
        ("Payment failed", "Hi, I tried to pay for the {plan} plan with {pm} but the payment failed with "
         "\"{error}\". I tried twice. Can you help?\n\nThanks,\n{first} {last}\n{phone}"),
        ("Card declined at checkout", "Hello,\nmy card was declined ({error}) although it works everywhere else. "
         "Please advise.\n{first}"),
        ("PayPal checkout not working", "I used PayPal on my Mac (Safari) and the PayPal window just closed, then it "
         "said payment failed. Is something broken on your side?"),
        ("Why was my payment declined?", "We got an email that the payment for {company} was declined ({error}). "
         "Nothing changed on our side."),
        ("Payment keeps failing on renewal", "Our renewal payment failed again ({error}). Please retry the charge, "
         "the card is valid until 2028."),
        ("Paiement refusé", "Bonjour, le paiement a échoué ({error}) pour notre abonnement {plan}. Merci de vérifier."
         "\n— {first}"),
        ("Invoice request for {month}", "Could you send the invoice for {month} with our company name {company} "
         "and VAT ID? Our accounting needs it."),
        ("Billing: VAT number missing on invoice", "The VAT number is missing on our last invoice, please reissue "
         "it for {company}."),
    ),
    "onboarding": (
        ("Can't connect {ds}", "Hi team, I'm trying to connect {ds} but it keeps saying 'connection refused'. Our "
         "IP allowlist has your addresses and we connect from {ip}. What am I missing?"),
        ("{ds} connection times out", "Hallo, wir kommen beim Verbinden von {ds} nicht weiter. Fehler: timeout "
         "after 30s. Grüße, {first}"),
        ("How do I invite teammates?", "How do I invite my teammates? The invite button is greyed out for me."),
        ("Invite email never arrived", "I invited two colleagues yesterday but they never got the invite email. "
         "Spam folder is empty too."),
        ("Setup question: first report is empty", "I connected {ds} but my first report is empty, no tables are "
         "shown. Please help, trial ends soon."),
    ),
    "bug": (
        ("Dashboard not loading", "Since this morning the dashboard shows a blank page. Console says TypeError: "
         "cannot read properties of undefined."),
        ("Error when exporting CSV", "CSV export fails with 'Something went wrong' for reports with more than 10k "
         "rows."),
        ("Charts show wrong numbers since yesterday", "The numbers in the weekly KPI report don't match {ds}. "
         "Revenue is off by exactly one day."),
        ("ダッシュボードが表示されません", "ダッシュボードが読み込まれません。ブラウザを変えても同じです。よろしくお願いします。"),
        ("报表导出失败", "报表导出一直失败，请帮忙看看。谢谢！"),
        ("Scheduled export did not run", "Our Monday 8am scheduled export to {ds} did not run this week."),
    ),
    "login": (
        ("Password reset link expired", "I can't log in, it says my password is wrong but the reset link is expired "
         "when I click it."),
        ("Locked out after SSO change", "After our IT switched SSO to {sso} nobody on the team can log in. Urgent!"),
        ("2FA code not accepted", "2FA code is never accepted, I'm locked out. 😩"),
        ("Account email change", "I'm changing jobs internally, can you move my login to my new address?"),
    ),
    "feature_request": (
        ("Feature request: dark mode", "Would love a dark mode, my eyes hurt 🙂"),
        ("Please add {ds} connector", "Please add a native {ds} connector, we currently export CSVs every morning."),
        ("Request: more granular permissions", "We need per-folder permissions so contractors only see some "
         "reports."),
        ("Wish: Slack alerts for thresholds", "It would be great to get Slack alerts when a KPI drops below a "
         "threshold. 👍"),
    ),
    "cancellation": (
        ("Cancel my subscription", "Please cancel our subscription, it's too expensive for a team of our size."),
        ("Refund request", "We're moving to {competitor}. Please cancel and refund the last charge if possible."),
        ("Downgrade to starter?", "Can we downgrade to starter instead? The {plan} plan is more than we need."),
        ("Too expensive for our team", "Cancel please. The product is fine but budget was cut."),
    ),
}

#: Chat transcripts per topic: (subject, lines alternating visitor / agent).
CHAT_SCENARIOS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "billing": (("Chat: payment failed", (
        "Hi, my payment just failed", "Sorry to hear that! Which payment method did you use?", "{pm}",
        "Thanks. Could you try again with a card, or allow popups for the PayPal window?", "ok, trying now",
        "Great, let me know if it works!")),),
    "onboarding": (("Chat: connecting {ds} fails", (
        "hey, connecting {ds} fails", "Hi {first}! What error do you see?", "timeout after 30 seconds",
        "Please allowlist 34.120.0.0/16 and retry.", "that worked, thanks!!")),),
    "bug": (("Chat: dashboard is blank", (
        "the dashboard is blank", "Thanks for reporting. Which browser?", "Chrome, latest",
        "Could you hard-refresh (Ctrl+Shift+R)?", "still blank", "I've escalated this to engineering.")),),
    "login": (("Chat: can't log in", (
        "can't log in", "Hi! Are you using SSO?", "yes, {sso}", "I've reset your SSO binding, try now.",
        "works 🙏")),),
    "feature_request": (("Chat: dark mode?", (
        "do you have dark mode?", "Not yet, but it's on our roadmap!", "cool, please add my vote")),),
    "cancellation": (("Chat: how do I cancel?", (
        "how do I cancel?", "Sorry to see you go! May I ask why?", "too expensive",
        "I can offer 20% off for 3 months.", "no thanks, please cancel")),),
}

LOG_LINE = ("2026-03-01T10:00:00.123Z ERROR [report-renderer] TypeError: Cannot read properties of undefined "
            "(reading 'series') at renderChart (chart.js:1042:17)\n")

NPS_COMMENTS = {
    "promoter": ("Love it, saves me hours every week!", "Great product, great support.",
                 "Le meilleur outil de reporting que nous ayons utilisé.", "Super easy to connect {ds}. 🚀",
                 "とても使いやすいです。", "Dashboards are beautiful and fast."),
    "passive": ("Good, but pricing is a bit high.", "Solid tool, missing some connectors.",
                "Fine. Exports could be faster.", "Works well once set up, onboarding was confusing."),
    "detractor": ("Too expensive for what it does.", "Connecting {ds} was a nightmare.",
                  "Buggy dashboards, we lost trust in the numbers.", "Support was slow to answer billing questions.",
                  "Zu teuer und zu langsam."),
}
CSAT_COMMENTS = {
    "good": ("Quick and helpful, thanks!", "Solved in minutes 👍", "Agent was very kind.", "Merci beaucoup !"),
    "bad": ("Took days to get an answer.", "Problem still not solved. Call me on {phone}, {first}.", "The payment issue is still there.",
            "Not helpful at all."),
}


#: Contact details planted in some texts (staging must redact them): one phone number and one IPv4 address per
#: person, picked by the person's index, so that no random draw is spent on them.
PHONES = tuple(f"+44 20 7946 {n:04d}" for n in range(1000))
IPS = tuple(f"10.20.{n // 250}.{n % 250 + 1}" for n in range(1000))


def contact_values(ps_last_name: pa.Array, person: IntArray) -> dict[str, tuple[list[str] | pa.Array, IntArray]]:
    """The fill values {last}, {phone} and {ip} of the given people."""
    person = np.asarray(person, np.int64)
    return {"last": (ps_last_name, person), "phone": (list(PHONES), person % len(PHONES)),
            "ip": (list(IPS), person % len(IPS))}


def fill(con: duckdb.DuckDBPyConnection, templates: list[str], template_idx: IntArray,
         values: dict[str, tuple[list[str] | pa.Array, IntArray]]) -> pa.Array:
    """Fill ``templates[template_idx[i]]`` with ``values[name][0][values[name][1][i]]`` for every placeholder."""
    n = len(template_idx)
    cols: dict[str, pa.Array] = {
        "tpl": pa.DictionaryArray.from_arrays(pa.array(np.asarray(template_idx, np.int32)),
                                              pa.array(templates, pa.string())).cast(pa.string())
    }
    expr = "tpl"
    for name, (pool, idx) in values.items():
        if len(idx) != n:
            raise ValueError(f"placeholder {name}: {len(idx)} values for {n} rows")
        pool_arr = pool if isinstance(pool, pa.Array) else pa.array(pool, pa.string())
        cols[name] = pool_arr.take(pa.array(np.asarray(idx, np.int64)))
        expr = f"replace({expr}, '{{{name}}}', {name})"
    tbl = pa.table(cols)
    con.register("_fill", tbl)
    out = con.execute(f"SELECT {expr} AS v FROM _fill").to_arrow_table()["v"].combine_chunks()
    con.unregister("_fill")
    return out


def flatten(groups: dict[str, tuple[str, ...]]) -> tuple[list[str], dict[str, np.ndarray]]:
    """One flat template list plus, per group key, the template indexes belonging to it."""
    flat: list[str] = []
    index: dict[str, np.ndarray] = {}
    for k, items in groups.items():
        index[k] = np.arange(len(flat), len(flat) + len(items))
        flat.extend(items)
    return flat, index
