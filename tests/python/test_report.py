"""The report: one self-contained HTML file built from the published copy of the simulated warehouse,
opened in headless Chromium (Debian's package, driven by Playwright): no console error, no request
leaving the file, every chart drawn, and the charts showing the marts' own figures. Screenshots of the
page and of every chart go to target/report-screenshots/ (the path is printed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from journeykit.project import PROJECT_DIR
from journeykit.report import SECTIONS, build_report

SCREENSHOTS = PROJECT_DIR / "target" / "report-screenshots"
EXPECTED_CHARTS = {"funnel": 2, "retention": 1, "paths": 1, "attribution": 2, "friction": 1, "opportunities": 1,
                   "audit": 2}


def chromium_executable() -> str:
    """Debian's chromium, installed by scripts/install_chromium.sh when missing (as root)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        subprocess.run(["bash", str(PROJECT_DIR / "scripts" / "install_chromium.sh")], check=True)
        found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium is not installed and could not be installed: apt-get install chromium")
    return found


@pytest.fixture(scope="module")
def report(published: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report(published, tmp_path_factory.mktemp("report") / "journey_report.html", quiet=True)


@pytest.fixture(scope="module")
def marts(published: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(published), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def page(report: Path):
    """The report open in headless Chromium, with what the browser logged and requested."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(),
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.console_errors, page.page_errors, page.outside_requests = [], [], []
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.on("pageerror", lambda error: page.page_errors.append(str(error)))

        def route(request_route):
            if request_route.request.url != report.as_uri():
                page.outside_requests.append(request_route.request.url)
                return request_route.abort()
            return request_route.continue_()

        page.route("**/*", route)
        page.goto(report.as_uri(), wait_until="load")
        page.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot').length === "
            f"{sum(EXPECTED_CHARTS.values())}", timeout=30_000)
        page.wait_for_timeout(500)
        yield page
        browser.close()


def test_the_report_is_one_self_contained_file(report: Path) -> None:
    text = report.read_text(encoding="utf-8")
    assert "<script src=" not in text and "<link " not in text
    assert text.count("<section") == len(SECTIONS)
    assert report.stat().st_size < 8 * 2**20


def test_the_report_renders_in_chromium_without_errors_or_network(page) -> None:
    assert page.console_errors == []
    assert page.page_errors == []
    assert page.outside_requests == []


def test_every_chart_is_drawn(page, capsys) -> None:
    for section, count in EXPECTED_CHARTS.items():
        for index in range(count):
            chart = page.locator(f"#{section}-{index}")
            box = chart.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 150, f"{section}-{index} has no size"
            drawn = page.evaluate(
                "id => document.getElementById(id).querySelectorAll('svg.main-svg *').length", f"{section}-{index}")
            assert drawn > 30, f"{section}-{index}: only {drawn} SVG elements"
    # the marks of each kind of chart are there
    assert page.locator("#funnel-0 .trace.bars .point").count() == 8  # 4 funnel steps, 4 drop-off bars
    assert page.locator("#retention-0 .hm image").count() == 1
    assert page.locator("#paths-0 .sankey-node").count() >= 5
    assert page.locator("#attribution-0 .trace.bars .point").count() >= 20
    assert page.locator("#opportunities-0 .table").count() >= 1
    assert page.locator("#friction-0 .trace.bars .point").count() >= 4

    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    page.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)
    for section, count in EXPECTED_CHARTS.items():
        for index in range(count):
            page.locator(f"#{section}-{index}").screenshot(path=str(SCREENSHOTS / f"{section}-{index}.png"))
    assert len(list(SCREENSHOTS.glob("*.png"))) == 1 + sum(EXPECTED_CHARTS.values())
    with capsys.disabled():
        print(f"\nreport screenshots: {SCREENSHOTS}")


def test_the_charts_show_the_marts_figures(page, marts: duckdb.DuckDBPyConnection) -> None:
    funnel = marts.execute("""
        select converted_count from marts.fct_funnel_steps
        where funnel_name = 'visit_to_purchase' and breakdown_dimension = 'all' order by step_number
    """).fetchall()
    assert page.evaluate("document.getElementById('funnel-0').data[0].x") == [count for (count,) in funnel]

    conversions = dict(marts.execute("""
        select channel_group, sum(attributed_conversions) from marts.fct_attribution_channel_performance
        where period_grain = 'month' and conversion_type = 'purchase' and attribution_model = 'linear'
        group by channel_group
    """).fetchall())
    trace = page.evaluate("""() => document.getElementById('attribution-0').data
        .find(trace => trace.name === 'linear' && trace.xaxis === 'x')""")
    assert dict(zip(trace["x"], trace["y"])) == pytest.approx(conversions)

    actions = [action for (action,) in marts.execute(
        "select next_action from marts.fct_opportunities order by opportunity_rank limit 15").fetchall()]
    assert page.evaluate("document.getElementById('opportunities-0').data[0].cells.values[6]") == actions

    retention = marts.execute("""
        select retention_rate from marts.fct_retention
        where cohort_definition = 'paying_customers' and cohort_dimension = 'cohort_start_month'
            and period_type = 'month' and period_mode = 'rolling' and period_number = 1 and is_complete_period
        order by cohort_value
    """).fetchall()
    column = page.evaluate("document.getElementById('retention-0').data[0].z.map(row => row[1])")
    assert [value for value in column if value is not None] == pytest.approx([rate for (rate,) in retention])


def test_the_live_app_draws_every_chart_and_follows_the_sidebar(published: Path, monkeypatch) -> None:
    """The live option (journeykit live) in Streamlit's own test harness: the report's charts, no
    exception, and a sidebar choice redraws the funnel breakdown."""
    import json

    from streamlit.testing.v1 import AppTest

    import journeykit

    monkeypatch.setenv("JOURNEY_PUBLISHED_PATH", str(published))
    app = AppTest.from_file(str(Path(journeykit.__file__).with_name("live_app.py")), default_timeout=120)
    app.run()
    assert not app.exception
    charts = app.get("plotly_chart")
    assert len(charts) == sum(EXPECTED_CHARTS.values())
    assert [header.value for header in app.main.header] == [
        "Funnel and drop-off", "Cohort retention", "Paths around an anchor", "Attribution, spend, CPA and ROAS",
        "Friction segments", "Ranked opportunities and next actions", "Measurement audit"]

    def breakdown_title() -> str:
        return json.loads(app.get("plotly_chart")[1].proto.spec)["layout"]["title"]["text"]

    assert breakdown_title().startswith("By device_type")
    app.sidebar.selectbox[1].set_value("browser").run()
    assert not app.exception
    assert breakdown_title().startswith("By browser")
