"""The staff desk in a real browser: a report goes from a press release to the live page
through the three roles, and back to an earlier version as a draft. Every page is audited
(no console error, no CSP violation; axe-core on the parts of admin pages that are our own
markup), and the change page, the compare page and the dashboard are kept as screenshots
in ``tests/artifacts/``."""

import importlib
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reports.models import Report
from reports.services import publish_scheduled_reports
from tests.browser.test_journeys import follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = Path(__file__).parents[1] / "transfer" / "data" / "seed_press_release.txt"
PASSWORD = "a-long-password-for-the-desk"
SOURCE_NOTE = "Source: the publisher's survey of 120 hospitals."


@pytest.fixture
def staff_roles(django_user_model, settings, tmp_path):
    """An author, an editor and a publisher, each in the role's group with the permissions
    desk's migrations give it (a transactional test starts without the migrations' rows)."""
    settings.CATALOGUE_IMPORT_DIR = str(tmp_path / "imports")
    roles = importlib.import_module("desk.migrations.0002_roles")
    reviewers = importlib.import_module("desk.migrations.0004_reviewer_roles")
    wanted = {name: roles.codenames(grants) for name, grants in roles.ROLES.items()}
    for name in reviewers.REVIEWERS:
        wanted[name].add(("reports", "review_report"))
    permissions = list(Permission.objects.select_related("content_type"))
    for name, codenames in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [p for p in permissions if (p.content_type.app_label, p.codename) in codenames]
        )
        user = django_user_model.objects.create_user(
            username=name.lower(),
            email=f"{name.lower()}@publisher.example",
            password=PASSWORD,
            is_staff=True,
        )
        user.groups.add(group)


def sign_in(session, username: str, path: str):
    page = session.open_page(f"{reverse('admin:login')}?next={path}")
    session.audit(page, axe=False)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    follow(page.get_by_role("button", name="Log in"))
    return page


def db(read):
    """``read()`` run on a thread of its own: Playwright's sync API keeps an event loop on
    this one, where Django refuses database calls. The thread's connection is closed."""

    def run():
        try:
            return read()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def open_task(page, slug: str) -> None:
    """Open the change page's task group ``slug`` (a <details>) unless it is open."""
    group = page.locator(f"#task-{slug}")
    if group.get_attribute("open") is None:
        group.locator("summary").first.click()


def messages(page) -> str:
    return page.locator(".messagelist").inner_text() if page.locator(".messagelist").count() else ""


def test_a_press_release_goes_live_through_author_editor_and_publisher_and_back_to_a_draft(
    browser_session, staff_roles
):
    session = browser_session

    # The author imports the press release: a draft report, previewed first.
    page = sign_in(session, "author", reverse("admin:reports_report_import"))
    session.audit(page, axe=False)
    page.get_by_label("Catalogue file").set_input_files(str(SEED))
    follow(page.get_by_role("button", name="Preview the import"))
    session.audit(page, axe=False)
    assert "1 new report, 0 updated, 0 refused." in page.inner_text("#content")
    follow(page.get_by_role("button", name="Import 1 report"))
    session.audit(page, axe=False)
    report = db(lambda: Report.objects.get(code=1541508))
    change_url = reverse("admin:reports_report_change", args=[report.pk])
    public_url = f"{session.base_url}{report.get_absolute_url()}"
    follow(page.get_by_role("link", name="Medical Second Opinion Market").first)
    session.audit(page, axe=False)

    # The finding that blocks publishing links to the field it is about; the author fixes it.
    findings = page.locator(".field-integrity_findings")
    assert "the source does not state the base year" in findings.inner_text()
    findings.locator('a[href="#id_historic_start_year"]').click()
    page.get_by_label("Historic start year").fill("2019")
    page.get_by_label("Base year").fill("2023")
    follow(page.get_by_role("button", name="Save and continue editing"))
    session.audit(page, axe=False)
    assert "0 error(s) (block publishing)" in findings.inner_text()

    # A second version: a sentence added in the rich-text editor.
    open_task(page, "content")
    editor = page.locator('.field-body_en_gb [contenteditable="true"]').first
    editor.click()
    page.keyboard.press("ControlOrMeta+End")
    page.keyboard.press("Enter")
    page.keyboard.type(SOURCE_NOTE)
    follow(page.get_by_role("button", name="Save and continue editing"))
    session.audit(page, axe=False, axe_within=[".field-integrity_findings", ".field-draft"])
    session.screenshot(page, "desk-change-page")
    assert db(lambda: report.sections.filter(body__contains="120 hospitals").exists())
    open_task(page, "publication")
    follow(page.get_by_role("button", name="Submit for review"))
    session.audit(page, axe=False)
    assert "submitted for review" in messages(page).lower()

    # The editor compares the two versions and approves.
    page = sign_in(session, "editor", change_url)
    session.audit(page, axe=False)
    assert page.get_by_role("button", name="Schedule publishing").count() == 0
    follow(page.get_by_role("link", name="History"))
    session.audit(page, axe=False, axe_within=["#content-main"])
    follow(page.get_by_role("button", name="Compare the chosen versions"))
    session.audit(page, axe=False, axe_within=["#content-main"])
    added = page.locator(".version-compare ins").all_inner_texts()
    assert any("120 hospitals" in text for text in added), added
    session.screenshot(page, "desk-compare")
    page.goto(f"{session.base_url}{change_url}")
    open_task(page, "publication")
    follow(page.get_by_role("button", name="Approve"))
    session.audit(page, axe=False)
    assert db(lambda: Report.objects.get(pk=report.pk).review_state) == "approved"

    # The publisher schedules it; it goes live when beat's task runs at that time.
    page = sign_in(session, "publisher", change_url)
    open_task(page, "publication")
    at = timezone.localtime() + timedelta(hours=1)
    page.locator("#id_publish_at").fill(at.strftime("%Y-%m-%dT%H:%M"))
    follow(page.get_by_role("button", name="Schedule publishing"))
    session.audit(page, axe=False)
    assert "goes live on" in messages(page)
    assert page.request.get(public_url).status == 404
    due = at + timedelta(minutes=1)
    assert db(lambda: publish_scheduled_reports(now=due)) == ([report.code], [])
    live = session.open_page(report.get_absolute_url())
    session.audit(live)
    assert SOURCE_NOTE in live.inner_text("main")
    page.goto(f"{session.base_url}{reverse('admin:index')}")
    session.audit(page, axe=False, axe_within=[".desk-dashboard"])
    session.screenshot(page, "desk-dashboard")

    # The author restores the first version as a new draft: the live page stays.
    page = sign_in(session, "author", reverse("admin:reports_report_history", args=[report.pk]))
    session.audit(page, axe=False, axe_within=["#content-main"])
    follow(page.locator("#change-history tbody tr").last.locator("th a"))
    session.audit(page, axe=False)
    assert "Saving restores it as a new draft" in page.inner_text("#content")
    follow(page.get_by_role("button", name="Save", exact=True))
    session.audit(page, axe=False)
    assert "saved as a draft" in messages(page)
    page.goto(f"{session.base_url}{change_url}")
    open_task(page, "publication")
    session.audit(page, axe=False, axe_within=[".field-draft"])
    assert "A draft is pending" in page.locator(".field-draft").inner_text()
    live = session.open_page(report.get_absolute_url())
    session.audit(live)
    assert SOURCE_NOTE in live.inner_text("main")
    assert session.unaudited() == []
