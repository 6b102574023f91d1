"""The page audit of the browser journeys catches what it claims to: an accessibility
violation found by the vendored axe-core, and a CSP violation on the page. And findings of
every impact, moderate ones included, that a page once had stay fixed."""

import pytest
from django.core.cache import cache

from tests.factories import SectionFactory, seed_chart_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADD_IMAGE_WITHOUT_ALT = """() => {
  const image = document.createElement("img");
  image.src = "/static/favicon.svg";
  document.querySelector("main").appendChild(image);
}"""

ADD_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__ran = true;";
  document.body.appendChild(script);
}"""


def test_a_clean_page_passes_the_audit(browser_session):
    page = browser_session.open_page("/")

    browser_session.audit(page)

    assert browser_session.unaudited() == []


def test_an_image_without_alt_text_fails_the_audit(browser_session):
    page = browser_session.open_page("/")
    page.evaluate(ADD_IMAGE_WITHOUT_ALT)

    with pytest.raises(pytest.fail.Exception) as failure:
        browser_session.audit(page)

    assert "axe critical image-alt" in str(failure.value)


def test_an_inline_script_fails_the_audit_as_a_csp_violation(browser_session):
    page = browser_session.open_page("/")
    page.evaluate(ADD_INLINE_SCRIPT)
    page.wait_for_function("window.__cspViolations.length > 0", timeout=5000)

    with pytest.raises(pytest.fail.Exception) as failure:
        browser_session.audit(page, axe=False)

    assert "CSP: script-src-elem inline" in str(failure.value)
    assert page.evaluate("window.__ran === undefined")


def test_a_report_section_headed_like_one_of_the_page_landmarks_leaves_them_unique(
    browser_session,
):
    """Staff headings are free text: one repeating a heading the page gives a landmark
    ("Regional breakdown", of the regional shares) must not make two same-named regions."""
    cache.clear()
    report = seed_chart_report()
    SectionFactory(report=report, heading="Regional breakdown")
    page = browser_session.open_page(report.get_absolute_url())

    findings = browser_session.axe_violations(
        page, impacts=["minor", "moderate", "serious", "critical"]
    )

    assert page.get_by_role("heading", name="Regional breakdown").count() == 2
    assert findings == []
