"""The review of a report on its change page: an author submits it, an editor approves it
or sends it back with a comment, and each step is kept with who and when."""

import pytest
from django.contrib.auth.models import Group

from desk.models import ReviewEvent
from reports.models import Report
from tests.desk.test_roles import PASSWORD, messages_of
from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    """Log in as a member of a role: ``staff("Author")`` returns the client."""

    def login(role: str):
        user, _ = django_user_model.objects.get_or_create(
            username=role.lower(), defaults={"is_staff": True}
        )
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return login


def step(client, report, action: str, comment: str = ""):
    return client.post(
        f"/admin/reports/report/{report.pk}/review/{action}/",
        {"review_comment": comment},
        follow=True,
    )


def state(report) -> str:
    return Report.objects.values_list("review_state", flat=True).get(pk=report.pk)


def test_a_report_goes_from_author_to_editor_and_back_with_a_comment(staff):
    report = ReportFactory(status="draft")

    author = staff("Author")
    page = author.get(f"/admin/reports/report/{report.pk}/change/").content.decode()
    step(author, report, "submitted")
    refused = step(author, report, "approved")

    editor = staff("Editor")
    silent = step(editor, report, "sent_back")
    step(editor, report, "sent_back", "The 2031 figure needs its source.")
    back = editor.get(f"/admin/reports/report/{report.pk}/change/").content.decode()

    author = staff("Author")
    step(author, report, "submitted")
    approved = step(staff("Editor"), report, "approved")

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


def test_a_step_that_no_longer_applies_is_refused_with_the_current_state(staff):
    report = ReportFactory(status="draft")
    editor = staff("Editor")

    response = step(editor, report, "approved")

    assert "is “Being written” now" in messages_of(response)
    assert "reload the page" in messages_of(response)
    assert state(report) == "writing" and not ReviewEvent.objects.exists()
