import pytest
from django.core.cache import cache

from tests.factories import seed_chart_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "/medical-second-opinion-r1541508"
PHONE = {"width": 390, "height": 844}
PAGE_TOP = "(element) => element.getBoundingClientRect().top + window.scrollY"


@pytest.fixture
def seed_report():
    cache.clear()
    return seed_chart_report()


def plotly_loaded(page) -> list[str]:
    """The names of Plotly's files the page has fetched (its resource timing entries, which
    list what was fetched during the navigation too) and whether ``window.Plotly`` exists."""
    return page.evaluate(
        """() => performance.getEntriesByType("resource")
          .map((entry) => entry.name)
          .filter((url) => url.includes("/vendor/plotly/"))
          .map((url) => url.split("/").pop().split(".")[0])
          .sort()
          .concat(window.Plotly === undefined ? [] : ["window.Plotly"])"""
    )


def chart_states(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-chart-id]", "boxes => boxes.map((box) => box.dataset.chartState)"
    )


def test_a_phone_loads_plotly_only_once_the_visitor_scrolls_to_a_chart(
    browser_session, seed_report
):
    page = browser_session.open_page(PAGE, viewport=PHONE)
    first = page.locator('[data-chart-id="market-size"]')
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)  # idle after the load: no visitor has shown up yet

    # Below the fold, and further than charts.js looks ahead (a quarter of the viewport).
    assert first.evaluate(PAGE_TOP) > PHONE["height"] * 1.25
    assert plotly_loaded(page) == []
    assert chart_states(page) == ["static", "static"]

    page.keyboard.press("Shift")  # a visitor, but no chart in or near view
    page.wait_for_timeout(1000)
    assert plotly_loaded(page) == []

    first.scroll_into_view_if_needed()
    first.and_(page.locator('[data-chart-state="interactive"]')).wait_for(timeout=15000)

    assert first.locator(".js-plotly-plot .main-svg").count() >= 1
    assert first.locator(".chart__svg").count() == 0
    assert plotly_loaded(page) == ["plotly", "plotly-basic", "window.Plotly"]
    assert browser_session.csp_violations(page) == []
    assert browser_session.errors == []


def test_a_desktop_loads_plotly_when_the_visitor_points_at_a_chart(browser_session, seed_report):
    page = browser_session.open_page(PAGE)
    first = page.locator('[data-chart-id="market-size"]')
    page.wait_for_load_state("load")
    page.wait_for_timeout(1500)

    assert first.bounding_box()["y"] < 900  # in view from the start, yet only the SVG
    assert plotly_loaded(page) == []
    assert chart_states(page) == ["static", "static"]

    first.hover()
    first.and_(page.locator('[data-chart-state="interactive"]')).wait_for(timeout=15000)

    assert plotly_loaded(page) == ["plotly", "plotly-basic", "window.Plotly"]
    assert browser_session.csp_violations(page) == []
    assert browser_session.errors == []


def test_plotly_draws_every_chart_without_console_or_csp_errors(browser_session, seed_report):
    page = browser_session.open_page(PAGE)

    for chart_id in ["market-size", "share-region"]:
        page.locator(f'[data-chart-id="{chart_id}"]').hover()
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
    page.locator('[data-chart-id="share-region"]').hover()
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
    static_top = static.locator(".report-charts__downloads").evaluate(PAGE_TOP)

    live = browser_session.open_page(PAGE)
    for chart_id in ["market-size", "share-region"]:
        live.locator(f'[data-chart-id="{chart_id}"]').hover()
    live.locator('[data-chart-id="share-region"][data-chart-state="interactive"]').wait_for(
        timeout=15000
    )
    assert chart_states(live) == ["interactive", "interactive"]
    live_top = live.locator(".report-charts__downloads").evaluate(PAGE_TOP)

    assert abs(live_top - static_top) < 1
    assert browser_session.errors == []
