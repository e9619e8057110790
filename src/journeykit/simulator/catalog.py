"""Static catalogs: traffic sources, pages, device profiles, countries, names and vocabularies.

Everything here is small, hand-written reference data; the simulator refers to entries by
their position (integer codes) and only turns codes into strings when writing the output.
"""

from __future__ import annotations

from dataclasses import dataclass

WWW = "https://www.trailhead.io"
APP = "https://app.trailhead.io"
MOBILE = "app://trailhead"

CHANNEL_GROUPS = (
    "Paid Search",
    "Paid Social",
    "Display",
    "Organic Search",
    "Organic Social",
    "Email",
    "Referral",
    "Affiliates",
    "Direct",
)


@dataclass(frozen=True)
class Source:
    """A traffic source: how a visit arrived (channel, utm tags, click id, referrer, landing pages)."""

    key: str
    group: str
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    click_type: str | None = None
    referrers: tuple[str, ...] = ()
    landings: tuple[str, ...] = ("/",)
    terms: tuple[str, ...] = ()
    contents: tuple[str, ...] = ()


BLOG_SLUGS = (
    "what-is-a-kpi-dashboard",
    "saas-metrics-that-matter",
    "how-to-build-a-weekly-report",
    "data-driven-onboarding",
    "churn-analysis-101",
    "marketing-attribution-explained",
    "sql-for-product-managers",
    "self-serve-bi-guide",
    "from-spreadsheets-to-dashboards",
    "cohort-retention-charts",
    "north-star-metric",
    "revenue-reporting-for-startups",
)
DOC_SLUGS = (
    "getting-started",
    "connect-a-data-source",
    "invite-your-team",
    "build-your-first-report",
    "sso-saml",
    "api-reference",
    "scheduled-exports",
    "billing-faq",
)
LP_SLUGS = (
    "spring-promo",
    "reporting-software",
    "free-trial",
    "trailhead-vs-looker",
    "trailhead-vs-tableau",
    "enterprise",
    "state-of-analytics-2026",
    "roi-calculator",
)
SEARCH = ("https://www.google.com/",)

SOURCES: tuple[Source, ...] = (
    Source("direct", "Direct", landings=("/", "/", "/features", "/customers", "/docs/getting-started")),
    Source("organic_google", "Organic Search", referrers=SEARCH,
           landings=("/", "/features") + tuple(f"/blog/{s}" for s in BLOG_SLUGS) + ("/docs/getting-started",)),
    Source("organic_bing", "Organic Search", referrers=("https://www.bing.com/",),
           landings=("/", "/features", "/blog/saas-metrics-that-matter", "/blog/what-is-a-kpi-dashboard")),
    Source("organic_duckduckgo", "Organic Search", referrers=("https://duckduckgo.com/",),
           landings=("/", "/blog/self-serve-bi-guide", "/docs/api-reference")),
    Source("social_twitter", "Organic Social", referrers=("https://t.co/",),
           landings=tuple(f"/blog/{s}" for s in BLOG_SLUGS[:6])),
    Source("social_linkedin", "Organic Social", referrers=("https://www.linkedin.com/",),
           landings=tuple(f"/blog/{s}" for s in BLOG_SLUGS[3:9]) + ("/customers",)),
    Source("social_reddit", "Organic Social",
           referrers=("https://www.reddit.com/r/dataengineering/", "https://www.reddit.com/r/analytics/"),
           landings=("/", "/blog/sql-for-product-managers", "/blog/self-serve-bi-guide")),
    Source("referral_g2", "Referral", referrers=("https://www.g2.com/products/trailhead/reviews",),
           landings=("/", "/features", "/customers")),
    Source("referral_capterra", "Referral", referrers=("https://www.capterra.com/p/210443/Trailhead/",),
           landings=("/", "/features")),
    Source("referral_partner", "Referral",
           referrers=("https://blog.datacrew.io/best-reporting-tools-2026",
                      "https://www.analyticsweekly.com/reviews/trailhead",
                      "https://dbtips.substack.com/p/self-serve-bi"),
           landings=("/", "/blog/self-serve-bi-guide", "/features")),
    Source("ps_google_brand", "Paid Search", "google", "cpc", "brand_search", "gclid", SEARCH,
           ("/", "/features", "/signup"), ("trailhead", "trailhead app", "trailhead reporting", "trailhead login")),
    Source("ps_google_generic", "Paid Search", "google", "cpc", "generic_search", "gclid", SEARCH,
           ("/lp/reporting-software", "/lp/free-trial"),
           ("reporting software", "kpi dashboard tool", "saas reporting", "business intelligence tool")),
    Source("ps_google_competitor", "Paid Search", "google", "cpc", "competitor_search", "gclid", SEARCH,
           ("/lp/trailhead-vs-looker", "/lp/trailhead-vs-tableau"),
           ("looker alternative", "tableau alternative", "metabase vs looker")),
    Source("ps_bing_brand", "Paid Search", "bing", "cpc", "brand_search", "msclkid", ("https://www.bing.com/",),
           ("/", "/features"), ("trailhead", "trailhead software")),
    Source("ps_bing_generic", "Paid Search", "bing", "cpc", "generic_search", "msclkid", ("https://www.bing.com/",),
           ("/lp/reporting-software",), ("reporting software", "dashboard software")),
    Source("psoc_facebook_spring", "Paid Social", "facebook", "paid_social", "spring_promo_social", "fbclid",
           ("https://l.facebook.com/", "https://m.facebook.com/"), ("/lp/spring-promo",),
           contents=("carousel_a", "video_15s", "static_offer_50pct")),
    Source("psoc_instagram_spring", "Paid Social", "instagram", "paid_social", "spring_promo_social", "fbclid",
           ("https://l.instagram.com/",), ("/lp/spring-promo",), contents=("story_video", "reel_15s")),
    Source("psoc_facebook_retargeting", "Paid Social", "facebook", "paid_social", "retargeting_q1", "fbclid",
           ("https://l.facebook.com/",), ("/", "/features", "/customers"), contents=("testimonial", "feature_tour")),
    Source("psoc_linkedin_abm", "Paid Social", "linkedin", "paid_social", "abm_enterprise", "li_fat_id",
           ("https://www.linkedin.com/",), ("/lp/enterprise",), contents=("sponsored_content", "message_ad")),
    Source("display_prospecting", "Display", "google", "display", "display_prospecting", "gclid",
           ("https://www.theverge.com/", "https://www.forbes.com/", "https://www.techradar.com/"),
           ("/lp/reporting-software",), contents=("banner_300x250", "banner_728x90")),
    Source("display_retargeting", "Display", "google", "display", "display_retargeting", "gclid",
           ("https://www.cnn.com/", "https://www.bbc.com/", "https://www.reuters.com/"),
           ("/", "/features"), contents=("banner_300x600",)),
    Source("affiliate_reviewhub", "Affiliates", "saasreviewhub", "affiliate", "partner_program", None,
           ("https://www.saasreviewhub.com/best-bi-tools",), ("/", "/lp/free-trial")),
    Source("affiliate_datadigest", "Affiliates", "datatoolsdigest", "affiliate", "partner_program", None,
           ("https://datatoolsdigest.com/trailhead-review",), ("/", "/features")),
    Source("app_session", "Direct", referrers=("https://www.trailhead.io/", ""), landings=("APP/dashboard",)),
    Source("mobile_session", "Direct", landings=("MOBILE/dashboard",)),
    Source("bot", "Direct", landings=("/",)),
)
SOURCE_INDEX = {s.key: i for i, s in enumerate(SOURCES)}
#: Email sources are appended after the static ones, one per email campaign.
N_STATIC_SOURCES = len(SOURCES)

#: Acquisition (first visit) weights per static source for humans.
ACQUISITION_WEIGHTS = {
    "organic_google": 0.218, "organic_bing": 0.027, "organic_duckduckgo": 0.013,
    "direct": 0.147,
    "ps_google_brand": 0.055, "ps_google_generic": 0.055, "ps_google_competitor": 0.025,
    "ps_bing_brand": 0.012, "ps_bing_generic": 0.013,
    "psoc_facebook_spring": 0.065, "psoc_instagram_spring": 0.045,
    "psoc_facebook_retargeting": 0.02, "psoc_linkedin_abm": 0.035,
    "display_prospecting": 0.04, "display_retargeting": 0.01,
    "social_twitter": 0.02, "social_linkedin": 0.025, "social_reddit": 0.015,
    "referral_g2": 0.035, "referral_capterra": 0.025, "referral_partner": 0.03,
    "affiliate_reviewhub": 0.03, "affiliate_datadigest": 0.02,
}
#: Share of acquisitions that come from a forwarded newsletter (channel Email).
EMAIL_ACQUISITION_SHARE = 0.02
#: Returning (non-first) marketing-site visit source weights.
RETURN_WEIGHTS = {
    "direct": 0.42, "organic_google": 0.20, "organic_bing": 0.02, "ps_google_brand": 0.09,
    "ps_bing_brand": 0.01, "psoc_facebook_retargeting": 0.035, "display_retargeting": 0.05,
    "social_linkedin": 0.04, "social_twitter": 0.02, "referral_g2": 0.04, "referral_partner": 0.02,
    "affiliate_reviewhub": 0.01, "psoc_facebook_spring": 0.03, "psoc_instagram_spring": 0.015,
}


@dataclass(frozen=True)
class AdCampaign:
    """A paid campaign as the ad platform reports it in ``ad_spend``."""

    source_key: str
    ad_platform: str
    campaign_id: str
    campaign_name: str
    cpc: float
    ctr: float


AD_CAMPAIGNS: tuple[AdCampaign, ...] = (
    AdCampaign("ps_google_brand", "google_ads", "7310012345", "Brand Search | Exact", 2.50, 0.09),
    AdCampaign("ps_google_generic", "google_ads", "7310012346", "Generic Search | Reporting", 9.00, 0.035),
    AdCampaign("ps_google_competitor", "google_ads", "7310012347", "Competitor Search | Conquest", 14.00, 0.025),
    AdCampaign("display_prospecting", "google_ads", "7310012401", "Display | Prospecting | GDN", 0.90, 0.0015),
    AdCampaign("display_retargeting", "google_ads", "7310012402", "Display | Retargeting | Site visitors", 1.20, 0.004),
    AdCampaign("ps_bing_brand", "bing_ads", "512009871", "Brand - Exact", 1.80, 0.08),
    AdCampaign("ps_bing_generic", "bing_ads", "512009872", "Generic - Reporting", 6.50, 0.03),
    AdCampaign("psoc_facebook_spring", "meta_ads", "23851234567890012", "Spring Promo 2026 | Facebook | Prospecting",
               2.20, 0.009),
    AdCampaign("psoc_instagram_spring", "meta_ads", "23851234567890013", "Spring Promo 2026 | Instagram | Prospecting",
               2.00, 0.008),
    AdCampaign("psoc_facebook_retargeting", "meta_ads", "23851234567890101", "Retargeting Q1 | Site visitors 30d",
               1.50, 0.012),
    AdCampaign("psoc_linkedin_abm", "linkedin_ads", "614500221", "ABM Enterprise | Decision makers", 9.00, 0.006),
)

# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------
SITE_PATHS: tuple[str, ...] = (
    ("/", "/pricing", "/features", "/customers", "/demo", "/signup")
    + tuple(f"/blog/{s}" for s in BLOG_SLUGS)
    + tuple(f"/docs/{s}" for s in DOC_SLUGS)
    + tuple(f"/lp/{s}" for s in LP_SLUGS)
)
APP_PATHS: tuple[str, ...] = (
    "/login", "/dashboard", "/reports", "/reports/weekly-kpis", "/settings/billing", "/settings/team",
    "/onboarding/create_project", "/onboarding/invite_teammate", "/onboarding/connect_data_source",
    "/onboarding/build_first_report", "/checkout", "/checkout/payment", "/checkout/complete",
)
MOBILE_SCREENS: tuple[str, ...] = ("login", "dashboard", "reports", "reports/detail", "notifications", "settings")
#: Every page: (url, kind) with kind 0 = marketing site, 1 = web app, 2 = mobile app screen.
PAGES: tuple[tuple[str, int], ...] = (
    tuple((WWW + p, 0) for p in SITE_PATHS)
    + tuple((APP + p, 1) for p in APP_PATHS)
    + tuple((f"{MOBILE}/{s}", 2) for s in MOBILE_SCREENS)
)
PAGE_INDEX = {url: i for i, (url, _) in enumerate(PAGES)}


def page_id(path: str) -> int:
    """Page code of a site path ('/x'), an app path ('APP/x') or a mobile screen ('MOBILE/x')."""
    if path.startswith("APP/"):
        return PAGE_INDEX[APP + path[3:]]
    if path.startswith("MOBILE/"):
        return PAGE_INDEX[MOBILE + path[6:]]
    return PAGE_INDEX[WWW + path]


def _site_browse_weights() -> dict[str, float]:
    w: dict[str, float] = {"/": 10, "/features": 14, "/customers": 7, "/demo": 2, "/signup": 3}
    for s in BLOG_SLUGS:
        w[f"/blog/{s}"] = 2.5
    for s in DOC_SLUGS:
        w[f"/docs/{s}"] = 2.0
    for s in LP_SLUGS:
        w[f"/lp/{s}"] = 0.4
    return w


#: Weights of marketing pages visited while browsing (never /pricing: pricing views are planned).
SITE_BROWSE_WEIGHTS = _site_browse_weights()
APP_BROWSE_WEIGHTS = {"APP/dashboard": 6, "APP/reports": 5, "APP/reports/weekly-kpis": 3,
                      "APP/settings/team": 0.6, "APP/settings/billing": 0.4}
MOBILE_BROWSE_WEIGHTS = {"MOBILE/dashboard": 5, "MOBILE/reports": 4, "MOBILE/reports/detail": 3,
                         "MOBILE/notifications": 2, "MOBILE/settings": 0.5}
BOT_BROWSE_WEIGHTS = {p: 1.0 for p in SITE_PATHS} | {"APP/login": 0.5}

# ---------------------------------------------------------------------------
# Devices
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceProfile:
    """Device / browser combination with its user-agent strings."""

    platform: str
    device_type: str
    os: str | None
    browser: str | None
    user_agents: tuple[str, ...]
    weight: float
    is_bot: bool = False


_WIN_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/{v}.0.0.0 Safari/537.36")
_MAC_CHROME = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/{v}.0.0.0 Safari/537.36")
_MAC_SAFARI = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
               "Version/{v} Safari/605.1.15")
_IOS_SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS {v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
               "Version/{w} Mobile/15E148 Safari/604.1")
_IPAD_SAFARI = ("Mozilla/5.0 (iPad; CPU OS {v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/{w} Mobile/15E148 Safari/604.1")
_ANDROID_CHROME = ("Mozilla/5.0 (Linux; Android {v}; {m}) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Chrome/{c}.0.0.0 Mobile Safari/537.36")


def _versions(template: str, **variants: tuple[str, ...]) -> tuple[str, ...]:
    keys = list(variants)
    n = max(len(v) for v in variants.values())
    return tuple(template.format(**{k: variants[k][i % len(variants[k])] for k in keys}) for i in range(n))


WEB_PROFILES: tuple[DeviceProfile, ...] = (
    DeviceProfile("web", "desktop", "Windows", "Chrome", _versions(_WIN_CHROME, v=("129", "130", "131", "132")), 0.34),
    DeviceProfile("web", "desktop", "macOS", "Chrome", _versions(_MAC_CHROME, v=("130", "131", "132")), 0.14),
    DeviceProfile("web", "desktop", "macOS", "Safari", _versions(_MAC_SAFARI, v=("17.4.1", "17.6", "18.1", "18.2")),
                  0.13),
    DeviceProfile("web", "desktop", "Windows", "Edge",
                  tuple(_WIN_CHROME.format(v=v) + f" Edg/{v}.0.0.0" for v in ("130", "131")), 0.08),
    DeviceProfile("web", "desktop", "Windows", "Firefox",
                  tuple(f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
                        for v in ("132", "133")), 0.03),
    DeviceProfile("web", "desktop", "Linux", "Firefox",
                  ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",), 0.015),
    DeviceProfile("web", "desktop", "Linux", "Chrome",
                  ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
                   "Safari/537.36",), 0.015),
    DeviceProfile("web", "desktop", "macOS", "Firefox",
                  ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:133.0) Gecko/20100101 Firefox/133.0",), 0.01),
    DeviceProfile("web", "mobile", "iOS", "Safari",
                  _versions(_IOS_SAFARI, v=("17_5", "17_6_1", "18_1"), w=("17.5", "17.6", "18.1")), 0.12),
    DeviceProfile("web", "mobile", "Android", "Chrome",
                  _versions(_ANDROID_CHROME, v=("13", "14", "14", "15"), m=("SM-S918B", "Pixel 8", "Pixel 7a", "K"),
                            c=("130", "131")), 0.09),
    DeviceProfile("web", "mobile", "Android", "Samsung Internet",
                  ("Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",), 0.02),
    DeviceProfile("web", "mobile", "iOS", "Chrome",
                  ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                   "CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",), 0.01),
    DeviceProfile("web", "tablet", "iOS", "Safari",
                  _versions(_IPAD_SAFARI, v=("17_5", "18_1"), w=("17.5", "18.1")), 0.02),
    DeviceProfile("web", "tablet", "Android", "Chrome",
                  ("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Chrome/131.0.0.0 Safari/537.36",), 0.01),
)
APP_PROFILES: tuple[DeviceProfile, ...] = (
    DeviceProfile("ios", "mobile", "iOS", None,
                  ("Trailhead/4.12.0 (com.trailhead.app; build:4120; iOS 17.5.1) Alamofire/5.9.1",
                   "Trailhead/4.13.1 (com.trailhead.app; build:4131; iOS 18.1.0) Alamofire/5.9.1"), 0.50),
    DeviceProfile("android", "mobile", "Android", None,
                  ("Trailhead/4.12.0 (Android 14; Pixel 8; build 4120) okhttp/4.12.0",
                   "Trailhead/4.13.1 (Android 15; SM-S921B; build 4131) okhttp/4.12.0"), 0.40),
    DeviceProfile("ios", "tablet", "iOS", None,
                  ("Trailhead/4.13.1 (com.trailhead.app; build:4131; iPadOS 18.1.0) Alamofire/5.9.1",), 0.10),
)
BOT_PROFILES: tuple[DeviceProfile, ...] = (
    DeviceProfile("web", "desktop", None, "Other",
                  ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",), 0.30, True),
    DeviceProfile("web", "desktop", None, "Other",
                  ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",), 0.20, True),
    DeviceProfile("web", "desktop", None, "Other",
                  ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",), 0.20, True),
    DeviceProfile("web", "desktop", "Linux", "Chrome",
                  ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "HeadlessChrome/120.0.6099.109 Safari/537.36",), 0.20, True),
    DeviceProfile("web", "desktop", None, None, ("python-requests/2.31.0", "python-requests/2.32.3"), 0.10, True),
)
ALL_PROFILES: tuple[DeviceProfile, ...] = WEB_PROFILES + APP_PROFILES + BOT_PROFILES
APP_PROFILE_OFFSET = len(WEB_PROFILES)
BOT_PROFILE_OFFSET = len(WEB_PROFILES) + len(APP_PROFILES)

# ---------------------------------------------------------------------------
# Countries, currencies, names
# ---------------------------------------------------------------------------
#: (ISO code, weight, UTC offsets in minutes, currency)
COUNTRIES: tuple[tuple[str, float, tuple[int, ...], str], ...] = (
    ("US", 0.40, (-300, -300, -360, -420, -480), "USD"),
    ("GB", 0.10, (0,), "GBP"),
    ("DE", 0.08, (60,), "EUR"),
    ("CA", 0.06, (-300, -480), "USD"),
    ("FR", 0.05, (60,), "EUR"),
    ("IN", 0.05, (330,), "USD"),
    ("AU", 0.04, (600, 660), "USD"),
    ("NL", 0.04, (60,), "EUR"),
    ("BR", 0.03, (-180,), "USD"),
    ("ES", 0.03, (60,), "EUR"),
    ("JP", 0.02, (540,), "USD"),
    ("SE", 0.02, (60,), "EUR"),
    ("IE", 0.02, (0,), "EUR"),
    ("PL", 0.02, (60,), "EUR"),
    ("MX", 0.02, (-360,), "USD"),
    ("SG", 0.02, (480,), "USD"),
)
CURRENCIES = ("USD", "EUR", "GBP")
PLANS = ("starter", "pro", "business")
PAYMENT_METHODS = ("card", "paypal", "apple_pay", "bank_transfer")

FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
    "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Daniel", "Karen",
    "Priya", "Arjun", "Wei", "Mei", "Hiroshi", "Yuki", "Olivia", "Noah", "Emma", "Liam", "Sofia", "Mateo",
    "José", "Zoë", "Chloé", "François", "Björn", "Søren", "Łukasz", "Małgorzata", "Jürgen", "Renée",
    "Ümit", "Ana", "Lucía", "Anaïs", "Kai", "Maya", "Lena", "Jonas", "Amélie", "Ravi", "Fatima", "Omar",
)
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee",
    "Patel", "Sharma", "Chen", "Wang", "Tanaka", "Sato", "Müller", "Schmidt", "Schröder", "Dubois",
    "Lefèvre", "García", "Núñez", "Kowalski", "Nowak", "Andersson", "Johansson", "O'Brien", "Nguyễn",
    "Rossi", "Bianchi", "de Vries", "van Dijk", "Jansen", "Silva", "Santos", "Kim", "Park", "Cohen", "Murphy",
)
COMPANY_PREFIXES = (
    "North", "Blue", "Bright", "Silver", "Iron", "Green", "Clear", "Swift", "Summit", "Harbor", "Pine", "Red",
    "Atlas", "Nova", "Orbit", "Pixel", "Quantum", "River", "Stone", "Sun",
)
COMPANY_SUFFIXES = (
    "wind", "peak", "field", "light", "bridge", "stack", "works", "forge", "point", "line", "path", "grid",
)
COMPANY_KINDS = ("Analytics", "Labs", "Logistics", "Health", "Retail", "Software", "Media", "Capital",
                 "Systems", "Foods", "Energy", "Studio")
COMPANY_LEGAL = ("", "", " Inc.", " GmbH", " Ltd", " LLC", " SAS", " B.V.", " AB")
PERSONAL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "hotmail.com", "gmx.de")
TYPO_DOMAINS = ("gmial.com", "gmail.con", "outlok.com", "yahooo.com")

# ---------------------------------------------------------------------------
# Product vocabularies
# ---------------------------------------------------------------------------
FEATURES = ("report_builder", "dashboard_filter", "scheduled_export", "data_source_sync", "share_link",
            "alerts", "sql_editor", "ai_summary", "csv_export", "embed_chart")
SEARCH_TERMS = ("pricing", "sso", "salesforce integration", "api", "export csv", "gdpr", "snowflake",
                "slack alerts", "dashboard sharing", "free trial", "bigquery", "hubspot", "intégration",
                "導入事例", "row level security")
ASSETS = ("state-of-analytics-2026.pdf", "roi-calculator.xlsx", "data-team-playbook.pdf",
          "security-whitepaper.pdf", "webinar-recording-q1.mp4")
FORM_IDS = ("newsletter_footer", "content_gate", "demo_form", "signup_form", "contact_form")
FORM_ERROR_CODES = ("invalid_email", "required_field", "captcha_failed")
JS_ERROR_CODES = ("TypeError", "ChunkLoadError", "NetworkError", "ResizeObserverLoopError")
PAYMENT_ERROR_CODES = ("card_declined", "insufficient_funds", "expired_card", "processing_error",
                       "authentication_required")
PAYPAL_SAFARI_ERROR_CODES = ("paypal_popup_blocked", "paypal_popup_blocked", "paypal_authorization_failed")
RENEWAL_FAILURE_REASONS = ("expired_card", "insufficient_funds", "card_declined")
DATA_SOURCES = ("Snowflake", "BigQuery", "Postgres", "Salesforce", "HubSpot", "Google Sheets", "Redshift",
                "MySQL", "Stripe")
COMPETITORS = ("Looker", "Tableau", "Metabase", "Power BI", "Mode", "Sigma")
