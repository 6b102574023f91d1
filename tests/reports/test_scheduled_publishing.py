"""A publisher schedules a report to go live at a time; beat's task publishes it then,
once, and refuses what integrity errors block."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from reports.models import Report, ReportStatus
from reports.services import publish_scheduled_reports
from tests.desk.test_roles import messages_of
from tests.factories import MarketFigureFactory, ReportFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    report = ReportFactory(draft=True, code=1000777, slug="heat-pump")
    MarketFigureFactory(report=report, year=2024, value=Decimal("2.5"))
    MarketFigureFactory(report=report, year=2031, value=Decimal("4.6"))
    return report


def schedule(client, report, at: str):
    return client.post(
        f"/admin/reports/report/{report.pk}/schedule/", {"publish_at": at}, follow=True
    )


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_scheduled_report_goes_live_at_its_time_and_only_once(client, as_role, draft):
    at = timezone.now() + timedelta(hours=2)
    publisher = as_role("Publisher")

    scheduled = schedule(publisher, draft, local(at))
    early = publish_scheduled_reports(now=at - timedelta(minutes=5))
    before = client.get("/heat-pump-r1000777").status_code
    due = publish_scheduled_reports(now=at + timedelta(minutes=1))
    again = publish_scheduled_reports(now=at + timedelta(minutes=2))

    report = Report.objects.get(pk=draft.pk)
    assert "goes live on" in messages_of(scheduled)
    assert early == ([], []) and before == 404
    assert due == ([1000777], []) and again == ([], [])
    assert report.status == ReportStatus.PUBLISHED and report.publish_scheduled_at is None
    assert client.get("/heat-pump-r1000777").status_code == 200


def test_scheduling_is_refused_without_a_future_time_to_editors_and_while_errors_block(
    as_role, draft
):
    future = local(timezone.now() + timedelta(days=1))
    past = schedule(as_role("Publisher"), draft, local(timezone.now() - timedelta(hours=1)))
    empty = schedule(as_role("Publisher"), draft, "")
    editor = schedule(as_role("Editor"), draft, future)
    SectionFactory(report=draft, heading="Market overview", body="<p>Up XX% in 2023.</p>")
    blocked = schedule(as_role("Publisher"), draft, future)

    assert "Choose a time in the future." in messages_of(past)
    assert "Choose the date and time to publish at." in messages_of(empty)
    assert "that needs the Publisher role" in messages_of(editor)
    assert "these errors block publishing" in messages_of(blocked)
    assert Report.objects.get(pk=draft.pk).publish_scheduled_at is None


def test_a_report_whose_errors_appear_after_scheduling_stays_a_draft(as_role, draft):
    at = timezone.now() + timedelta(hours=1)
    schedule(as_role("Publisher"), draft, local(at))
    SectionFactory(report=draft, heading="Market overview", body="<p>Up XX% in 2023.</p>")

    outcome = publish_scheduled_reports(now=at + timedelta(minutes=1))

    report = Report.objects.get(pk=draft.pk)
    assert outcome == ([], [1000777])
    assert report.status == ReportStatus.DRAFT and report.publish_scheduled_at is None
