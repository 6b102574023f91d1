"""The review of a report on its change page: an author submits it, an editor approves it
or sends it back with a comment, and each step is kept with who and when."""

import pytest

from desk.models import ReviewEvent
from reports.models import Report
from tests.desk.test_roles import messages_of
from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def step(client, report, action: str, comment: str = ""):
    return client.post(
        f"/admin/reports/report/{report.pk}/review/{action}/",
        {"review_comment": comment},
        follow=True,
    )


def state(report) -> str:
    return Report.objects.values_list("review_state", flat=True).get(pk=report.pk)


def test_a_report_goes_from_author_to_editor_and_back_with_a_comment(as_role):
    report = ReportFactory(status="draft")

    author = as_role("Author")
    page = author.get(f"/admin/reports/report/{report.pk}/change/").content.decode()
    step(author, report, "submitted")
    refused = step(author, report, "approved")

    editor = as_role("Editor")
    silent = step(editor, report, "sent_back")
    step(editor, report, "sent_back", "The 2031 figure needs its source.")
    back = editor.get(f"/admin/reports/report/{report.pk}/change/").content.decode()

    author = as_role("Author")
    step(author, report, "submitted")
    approved = step(as_role("Editor"), report, "approved")

    assert "Submit for review" in page
    assert "it needs the Editor or Publisher role" in messages_of(refused)
    assert "Say what should change" in messages_of(silent)
    assert "“The 2031 figure needs its source.”" in back and "Sent back with changes" in back
    assert "approved" in messages_of(approved)
    assert state(report) == "approved"
    assert "1 approved, not yet published" in author.get("/admin/").content.decode()
    steps = list(
        ReviewEvent.objects.order_by("created_at", "id").values_list("action", "by__username")
    )
    assert steps == [
        ("submitted", "author"),
        ("sent_back", "editor"),
        ("submitted", "author"),
        ("approved", "editor"),
    ]


def test_a_step_that_no_longer_applies_is_refused_with_the_current_state(as_role):
    report = ReportFactory(status="draft")
    editor = as_role("Editor")

    response = step(editor, report, "approved")

    assert "is “Being written” now" in messages_of(response)
    assert "reload the page" in messages_of(response)
    assert state(report) == "writing" and not ReviewEvent.objects.exists()


def test_each_role_sees_only_the_buttons_it_may_use(as_role):
    report = ReportFactory(status="draft", review_state="submitted")
    change = f"/admin/reports/report/{report.pk}/change/"

    author_page = as_role("Author").get(change).content.decode()
    editor_page = as_role("Editor").get(change).content.decode()
    publisher_page = as_role("Publisher").get(change).content.decode()

    assert "Approve</button>" not in author_page
    assert "Schedule publishing</button>" not in author_page
    assert "Not scheduled. A publisher schedules it." in author_page
    assert "Approve</button>" in editor_page and "Schedule publishing</button>" not in editor_page
    assert "Schedule publishing</button>" in publisher_page
