"""The editorial roles (groups made by a migration): only a publisher changes what visitors
see, whether through the change page's buttons, the bulk actions, the staff API or the
catalogue import."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.models import Report, ReportStatus
from tests.factories import ReportFactory, seed_chart_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    report = seed_chart_report(summary="The market by type and region.")
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)
    return report


def status_of(report) -> str:
    return Report.objects.values_list("status", flat=True).get(pk=report.pk)


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_the_migration_makes_the_three_roles_and_only_the_publisher_publishes():
    holds = {
        group.name: group.permissions.filter(codename="publish_report").exists()
        for group in Group.objects.filter(name__in=["Author", "Editor", "Publisher"])
    }
    author = Group.objects.get(name="Author").permissions

    assert holds == {"Author": False, "Editor": False, "Publisher": True}
    assert author.filter(codename__in=["change_report", "add_section", "change_faq"]).count() == 3
    assert not author.filter(codename="delete_report").exists()


def test_an_author_cannot_publish_from_the_change_page(client, as_role, draft):
    as_role("Author")

    page = client.get(f"/admin/reports/report/{draft.pk}/change/")
    response = client.post(f"/admin/reports/report/{draft.pk}/publish/", follow=True)

    assert page.status_code == 200
    assert f'action="/admin/reports/report/{draft.pk}/publish/"' not in page.content.decode()
    assert "that needs the Publisher role" in messages_of(response)
    assert status_of(draft) == ReportStatus.DRAFT


def test_a_publisher_publishes_from_the_change_page(client, as_role, draft):
    as_role("Publisher")

    page = client.get(f"/admin/reports/report/{draft.pk}/change/").content.decode()
    response = client.post(f"/admin/reports/report/{draft.pk}/publish/", follow=True)

    assert f'action="/admin/reports/report/{draft.pk}/publish/"' in page
    assert "is published" in messages_of(response)
    assert status_of(draft) == ReportStatus.PUBLISHED


def test_an_author_is_not_offered_the_bulk_publishing_actions_and_cannot_force_them(
    client, as_role
):
    report = ReportFactory()
    as_role("Author")

    listing = client.get("/admin/reports/report/").content.decode()
    forced = client.post(
        "/admin/reports/report/",
        {"action": "unpublish_selected", "_selected_action": [report.pk]},
        follow=True,
    )

    assert "unpublish_selected" not in listing and "publish_selected" not in listing
    assert forced.status_code == 200
    assert status_of(report) == ReportStatus.PUBLISHED


def test_an_author_cannot_publish_a_translation(client, as_role):
    report = ReportFactory()
    as_role("Author")

    response = client.post(f"/admin/reports/report/{report.pk}/language/ja/publish/", follow=True)

    assert "that needs the Publisher role" in messages_of(response)
    assert not report.languages.exists()


def test_the_api_refuses_an_author_a_document_that_publishes(client, as_role, draft):
    from tests.api.test_write_api import _document

    as_role("Author")

    refused = client.post("/api/v1/staff/reports/", _document(), content_type="application/json")
    drafted = client.post(
        "/api/v1/staff/reports/", _document(status="draft"), content_type="application/json"
    )

    assert refused.status_code == 403
    assert "that needs the Publisher role" in refused.json()["detail"]
    assert drafted.status_code == 201
    assert status_of(Report.objects.get(code=3100001)) == ReportStatus.DRAFT


def test_the_api_refuses_an_author_a_change_to_a_published_reports_live_page(client, as_role):
    from tests.api.test_write_api import _document

    as_role("Publisher")
    created = client.post("/api/v1/staff/reports/", _document(), content_type="application/json")
    assert created.status_code == 201
    as_role("Author")

    changed = _document(title="Renamed By An Author Market")
    refused = client.put(
        f"/api/v1/staff/reports/{changed['code']}/", changed, content_type="application/json"
    )

    assert refused.status_code == 403
    assert "saved as a draft in the admin" in refused.json()["detail"]
    assert Report.objects.get(code=changed["code"]).title != "Renamed By An Author Market"


def test_the_import_refuses_an_author_the_records_that_publish(client, as_role):
    from tests.api.test_write_api import _document

    as_role("Author")
    lines = [_document(), _document(code=3100002, slug="draft-market", status="draft")]
    upload = SimpleUploadedFile(
        "reports.jsonl", "".join(json.dumps(line) + "\n" for line in lines).encode()
    )

    preview = client.post("/admin/reports/report/import/", {"file": upload})
    token = preview.context["confirm"].initial["token"]
    done = client.post(
        "/admin/reports/report/import/", {"token": token, "kind": "jsonl"}, follow=True
    )

    assert list(Report.objects.values_list("code", "status")) == [(3100002, "draft")]
    assert "that needs the Publisher role" in messages_of(done)
