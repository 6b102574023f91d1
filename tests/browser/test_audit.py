"""The page audit of the browser journeys catches what it claims to: an accessibility
violation found by the vendored axe-core, and a CSP violation on the page."""

import pytest

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
    page.wait_for_timeout(200)

    with pytest.raises(pytest.fail.Exception) as failure:
        browser_session.audit(page, axe=False)

    assert "CSP: script-src-elem inline" in str(failure.value)
    assert page.evaluate("window.__ran === undefined")
