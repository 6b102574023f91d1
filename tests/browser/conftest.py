"""Headless Chromium against the live test server.

Debian's chromium (``/usr/bin/chromium``, installed by ``.ci/run``) driven by Playwright.
Without it the browser tests are skipped on a developer machine, but fail under CI
(``CI=true``), where a missing browser is a broken environment, not a reason to skip.

Playwright's sync API runs an event loop in the test's thread, and Django refuses ORM calls
while one runs; ``open_page`` therefore starts the browser lazily, so a test writes its
data first and then opens pages.

``BrowserSession.audit`` checks the page a journey is on: no console errors, no CSP
violations (both kept for every page of the session, across navigations), and no serious or
critical accessibility violations found by axe-core (vendored in ``vendor/``). ``worker_stack``
is one real Celery worker, SMTP server and private storage for a whole test module.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.enquiries.conftest import sample_report  # noqa: F401
from tests.support.worker import (
    SmtpServer,
    Worker,
    current_broker,
    flush_redis,
    restore_broker,
    start_smtp,
    use_broker,
    worker_broker_or_skip,
    worker_env,
)

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
  const text =
    `${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(text);
  if (window.__reportCspViolation) {
    window.__reportCspViolation(`${text} (page ${location.href})`);
  }
});
"""
AXE_SOURCE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_BLOCKING_IMPACTS = ["serious", "critical"]
AXE_RUN = """async ([impacts, within]) => {
  const context = within ? { include: within.map((selector) => [selector]) } : document;
  const result = await axe.run(context, { resultTypes: ["violations"] });
  return result.violations
    .filter((violation) => impacts.includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 8).map((node) => ({
        target: node.target.join(" "),
        html: node.html.slice(0, 200),
        summary: (node.failureSummary || "").replace(/\\s+/g, " "),
      })),
    }));
}"""
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


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
        self.csp_reports: list[str] = []
        self.visited: list[str] = []
        self.audited: list[str] = []
        self._playwright = None
        self._browser = None
        self._axe_source: str | None = None

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=self.executable_path, args=CHROMIUM_ARGS
        )

    def open_page(self, path: str, *, javascript: bool = True, viewport: dict | None = None):
        """A page in a new context (its own cookies: a new visitor) at ``path``, in a
        1280×900 window unless ``viewport`` says otherwise (e.g. a phone's 390×844)."""
        if self._browser is None:
            self._start()
        context = self._browser.new_context(
            java_script_enabled=javascript,
            accept_downloads=True,
            viewport=viewport or {"width": 1280, "height": 900},
        )
        if javascript:
            context.expose_function("__reportCspViolation", self._csp_report)
        page = context.new_page()
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on(
            "framenavigated",
            lambda frame: frame.parent_frame is None and self.visited.append(frame.url),
        )
        page.goto(f"{self.base_url}{path}")
        return page

    def audit(self, page, *, axe: bool = True, axe_within: list[str] | None = None) -> None:
        """Fail unless the session so far logged no console error and no CSP violation, and,
        with ``axe``, unless axe-core finds no serious or critical violation on ``page``
        (only inside the elements ``axe_within`` selects, when given).

        Django admin pages are audited with ``axe=False``, or with ``axe_within`` naming the
        parts that are our own markup (the dashboard, the history, the compare page): the
        rest is Django's.
        """
        page.wait_for_load_state("load")
        problems = [f"console: {error}" for error in self.errors]
        problems += [f"CSP: {report}" for report in self.csp_reports]
        problems += [f"CSP: {report} (page {page.url})" for report in self.csp_violations(page)]
        if axe or axe_within:
            problems += self.axe_violations(page, within=axe_within)
        self.audited.append(page.url)
        if problems:
            pytest.fail(f"{page.url} has problems:\n" + "\n".join(dict.fromkeys(problems)))

    def axe_violations(
        self, page, impacts: list[str] = AXE_BLOCKING_IMPACTS, within: list[str] | None = None
    ) -> list[str]:
        """axe-core's violations on ``page`` of these ``impacts`` (serious and critical
        unless told), one line per element.

        The script is evaluated through the DevTools protocol, which the page's CSP does not
        govern; an inline <script> would be refused (and reported) by our own policy.
        """
        if self._axe_source is None:
            self._axe_source = AXE_SOURCE_PATH.read_text()
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(self._axe_source)
        lines = []
        for violation in page.evaluate(AXE_RUN, [impacts, within]):
            for node in violation["nodes"]:
                lines.append(
                    f"axe {violation['impact']} {violation['id']} ({violation['help']}): "
                    f"{node['target']} {node['html']} – {node['summary']}"
                )
        return lines

    def unaudited(self) -> list[str]:
        """Pages navigated to but never audited (``about:blank`` aside)."""
        return [url for url in self.visited if url != "about:blank" and url not in self.audited]

    @staticmethod
    def screenshot(page, name: str) -> Path:
        """Keep ``page`` as ``tests/artifacts/<name>.png`` (a CI artefact, git-ignored)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def _csp_report(self, text: str) -> None:
        self.csp_reports.append(text)

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


@dataclass
class WorkerStack:
    """One real Celery worker for a test module, with what it shares with the live server:
    the SMTP server it sends through and the private folders samples and orders go to."""

    worker: Worker
    smtp: SmtpServer
    samples_root: Path
    orders_root: Path
    sales_email: str


@pytest.fixture(scope="module")
def worker_stack(django_db_setup, live_server, tmp_path_factory):
    """Start ``celery -A portal worker`` once per module (a start and stop cost seconds) on
    the test database, the test broker and an SMTP server of its own. PostgreSQL only: the
    worker process must see the data the live server commits; skips without Redis. Tests
    using it set their settings to match with ``use_worker_stack``."""
    broker = worker_broker_or_skip()
    folder = tmp_path_factory.mktemp("worker-stack")
    samples_root, orders_root = folder / "samples", folder / "orders"
    sales_email = "sales@publisher.example"
    flush_redis(broker)
    previous = current_broker()
    use_broker(broker)
    try:
        with start_smtp() as smtp:
            env = worker_env(
                broker=broker,
                smtp_url=smtp.url,
                samples_root=samples_root,
                site_url=live_server.url,
                ORDERS_STORAGE_ROOT=orders_root,
                SALES_EMAIL=sales_email,
            )
            worker = Worker(env=env, log_path=folder / "worker.log", concurrency=2)
            try:
                yield WorkerStack(worker, smtp, samples_root, orders_root, sales_email)
            finally:
                worker.stop()
    finally:
        restore_broker(previous)
        flush_redis(broker)


@pytest.fixture
def use_worker_stack(worker_stack, settings, live_server):
    """Point this test's settings (the live server's) at ``worker_stack``, with an empty
    inbox and cache."""
    settings.SITE_URL = live_server.url
    settings.SALES_EMAIL = worker_stack.sales_email
    settings.STORAGES = {
        **settings.STORAGES,
        **{
            name: {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(root), "base_url": None},
            }
            for name, root in [
                ("samples", worker_stack.samples_root),
                ("orders", worker_stack.orders_root),
            ]
        },
    }
    worker_stack.smtp.clear()
    cache.clear()
    yield worker_stack
    cache.clear()
