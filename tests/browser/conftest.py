"""Headless Chromium against the live test server.

Debian's chromium (``/usr/bin/chromium``, installed by ``.ci/run``) driven by Playwright.
Without it the browser tests are skipped on a developer machine, but fail under CI
(``CI=true``), where a missing browser is a broken environment, not a reason to skip.

Playwright's sync API runs an event loop in the test's thread, and Django refuses ORM calls
while one runs; ``open_page`` therefore starts the browser lazily, so a test writes its
data first and then opens pages.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def chromium_path() -> str:
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); not under CI.")
    return str(CHROMIUM)


class BrowserSession:
    """Pages on the live server, with console errors, page errors and CSP violations kept."""

    def __init__(self, base_url: str, executable_path: str):
        self.base_url = base_url
        self.executable_path = executable_path
        self.errors: list[str] = []
        self._playwright = None
        self._browser = None

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=self.executable_path, args=CHROMIUM_ARGS
        )

    def open_page(self, path: str, *, javascript: bool = True):
        if self._browser is None:
            self._start()
        context = self._browser.new_context(
            java_script_enabled=javascript,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        page = context.new_page()
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(f"{self.base_url}{path}")
        return page

    def _console(self, message) -> None:
        """Keeps every console error: a page must log none."""
        url = message.location.get("url", "")
        if message.type == "error":
            self.errors.append(f"{message.text} ({url})")

    @staticmethod
    def csp_violations(page) -> list[str]:
        return page.evaluate("window.__cspViolations")

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()


@pytest.fixture
def browser_session(live_server, chromium_path):
    session = BrowserSession(live_server.url, chromium_path)
    yield session
    session.close()
