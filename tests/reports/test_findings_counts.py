"""Each report's open integrity findings, counted after each change: the report list's
column and filter, and the dashboard's reports with blocking findings."""

import pytest
from django.urls import reverse

from reports.models import Report
from reports.services import report_mark_changed
from tests.factories import FaqFactory, ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed(django_capture_on_commit_callbacks):
    """``changed(report)``: the report marked changed and the transaction committed, so the
    count queued on commit runs (in-process tasks in the tests)."""

    def mark(report):
        with django_capture_on_commit_callbacks(execute=True):
            report_mark_changed(report=report)

    return mark


CHANGELIST = reverse("admin:reports_report_changelist")


def test_the_report_list_shows_each_reports_findings_and_filters_by_them(as_role, changed):
    blocked = ReportFactory(draft=True, title="Blocked Pumps Market")
    FaqFactory(report=blocked, question="How big?", answer="<p>USD XX million</p>")
    changed(blocked)
    unchecked = ReportFactory(draft=True, title="Unchecked Valves Market")
    Report.objects.filter(pk=unchecked.pk).update(findings_errors=None, findings_warnings=None)

    editor = as_role("Editor")
    page = editor.get(CHANGELIST)
    blocked.refresh_from_db()
    assert blocked.findings_errors == 1
    assert '<strong class="findings-errors">1 error</strong>' in page.text
    assert "not counted" in page.text

    only_errors = editor.get(CHANGELIST, {"findings": "errors"})
    titles = [report.title for report in only_errors.context["cl"].result_list]
    assert titles == ["Blocked Pumps Market"]
    not_counted = editor.get(CHANGELIST, {"findings": "unchecked"})
    assert [r.title for r in not_counted.context["cl"].result_list] == ["Unchecked Valves Market"]


def test_fixing_the_text_clears_the_count(changed):
    report = ReportFactory(draft=True)
    faq = FaqFactory(report=report, question="How big?", answer="<p>USD XX million</p>")
    changed(report)
    faq.answer = "<p>USD 2.5 billion in 2024.</p>"
    faq.save()
    changed(report)
    report.refresh_from_db()
    assert report.findings_errors == 0


def test_the_dashboard_lists_reports_whose_errors_block_publishing(as_role, changed):
    clean = ReportFactory(draft=True, title="Clean Turbines Market")
    changed(clean)
    blocked = ReportFactory(draft=True, title="Blocked Pumps Market")
    FaqFactory(report=blocked, question="How big?", answer="<p>USD XX million</p>")
    changed(blocked)

    page = as_role("Editor").get(reverse("admin:index"))

    board = page.context["board"]
    assert board.blocked_total == 1
    assert [report.title for report in board.blocked] == ["Blocked Pumps Market"]
    assert "1 with errors that block publishing" in page.text
    assert (
        f"{reverse('admin:reports_report_change', args=[blocked.pk])}#task-integrity" in page.text
    )
