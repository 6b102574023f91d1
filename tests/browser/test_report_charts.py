import pytest
from django.core.cache import cache

from tests.factories import seed_chart_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "/medical-second-opinion-r1541508"


@pytest.fixture
def seed_report():
    cache.clear()
    return seed_chart_report()


def test_plotly_draws_every_chart_without_console_or_csp_errors(browser_session, seed_report):
    page = browser_session.open_page(PAGE)

    for chart_id in ["market-size", "share-region"]:
        box = page.locator(f'[data-chart-id="{chart_id}"][data-chart-state="interactive"]')
        box.wait_for(timeout=15000)
        assert box.locator(".js-plotly-plot .main-svg").count() >= 1
        assert box.locator(".chart__svg").count() == 0
    assert page.locator('[data-chart-id="market-size"] .xtick text').all_text_contents() == [
        "2020",
        "2027",
    ]
    assert "CAGR 2020–2027: 9.1%" in page.locator('[data-chart-id="market-size"]').inner_text()
    page.wait_for_timeout(300)
    assert browser_session.csp_violations(page) == []
    assert browser_session.errors == []


def test_hover_shows_the_share_and_the_mode_bar_downloads_a_png(browser_session, seed_report):
    page = browser_session.open_page(PAGE)
    box = page.locator('[data-chart-id="share-region"][data-chart-state="interactive"]')
    box.wait_for(timeout=15000)

    box.locator("g.slice path.surface").first.hover()
    assert "North America" in box.locator(".hovertext").first.text_content()
    box.hover()
    with page.expect_download() as download:
        box.locator('.modebar-btn[data-title="Download this chart as a PNG image"]').click()

    assert download.value.suggested_filename == "medical-second-opinion-r1541508-share-region.png"
    assert browser_session.csp_violations(page) == []
    assert browser_session.errors == []


def test_the_page_does_not_jump_when_plotly_replaces_the_svg(browser_session, seed_report):
    static = browser_session.open_page(PAGE, javascript=False)
    assert static.locator('[data-chart-id="market-size"] svg.chart__svg title').count() == 1
    static_top = static.locator(".report-charts__downloads").bounding_box()["y"]

    live = browser_session.open_page(PAGE)
    live.locator('[data-chart-id="share-region"][data-chart-state="interactive"]').wait_for(
        timeout=15000
    )
    live_top = live.locator(".report-charts__downloads").bounding_box()["y"]

    assert abs(live_top - static_top) < 1
    assert browser_session.errors == []
