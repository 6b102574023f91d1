"""The enforced Content Security Policy in a real browser: our charts draw under it, and a
script injected into the page does not run."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from reports.models import FigureKind
from tests.factories import (
    DimensionFactory,
    MarketFigureFactory,
    ReportFactory,
    ReportSegmentFactory,
    SegmentFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "/solar-inverter-r2200417"

INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__pwned = true;";
  document.body.appendChild(script);
}"""

INJECT_EVENT_HANDLER = """() => {
  const image = document.createElement("img");
  image.setAttribute("onload", "window.__pwnedByHandler = true;");
  image.src = "data:image/gif;base64,R0lGODlhAQABAAAAACwAAAAAAQABAAA=";
  document.body.appendChild(image);
}"""


@pytest.fixture
def charted_report():
    cache.clear()
    report = ReportFactory(code=2200417, slug="solar-inverter", title="Solar Inverter Market")
    MarketFigureFactory(report=report, year=2021, value=Decimal("9.8"), kind=FigureKind.HISTORIC)
    MarketFigureFactory(report=report, year=2030, value=Decimal("21.4"), kind=FigureKind.FORECAST)
    region = DimensionFactory(slug="region", name="Region")
    for name, share in [("Europe", 45), ("North America", 35), ("Asia Pacific", 20)]:
        ReportSegmentFactory(
            report=report,
            segment=SegmentFactory(dimension=region, name=name),
            share_percent=Decimal(share),
        )
    return report


def test_charts_draw_under_the_policy_and_an_injected_inline_script_is_blocked(
    browser_session, charted_report
):
    page = browser_session.open_page(PAGE)
    for chart_id in ["market-size", "share-region"]:
        page.locator(f'[data-chart-id="{chart_id}"]').hover()  # charts.js loads Plotly then
        box = page.locator(f'[data-chart-id="{chart_id}"][data-chart-state="interactive"]')
        box.wait_for(timeout=15000)
        assert box.locator(".js-plotly-plot .main-svg").count() >= 1
    page.wait_for_timeout(300)
    assert browser_session.csp_violations(page) == []
    assert browser_session.errors == []

    page.evaluate(INJECT_INLINE_SCRIPT)
    page.wait_for_function("window.__cspViolations.length > 0", timeout=5000)

    assert page.evaluate("window.__pwned === undefined")
    [violation] = browser_session.csp_violations(page)
    assert violation.startswith("script-src-elem inline ")

    page.evaluate(INJECT_EVENT_HANDLER)
    page.wait_for_function("window.__cspViolations.length > 1", timeout=5000)
    assert page.evaluate("window.__pwnedByHandler === undefined")
    assert browser_session.csp_violations(page)[1].startswith("script-src-attr inline ")
    assert any("Content Security Policy" in error for error in browser_session.errors)


def test_the_admin_signs_in_and_edits_under_its_policy(browser_session, charted_report, staff_user):
    page = browser_session.open_page("/admin/login/?next=/admin/reports/report/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click('input[type="submit"]')
    page.wait_for_url("**/admin/reports/report/")
    page.click("text=Solar Inverter Market")
    page.wait_for_url("**/change/")

    assert page.locator("#id_title_en_gb").input_value() == "Solar Inverter Market"
    assert browser_session.csp_violations(page) == []
    # Django's admin pages name no icon, so the browser's own /favicon.ico probe 404s.
    assert [error for error in browser_session.errors if "/favicon.ico" not in error] == []
