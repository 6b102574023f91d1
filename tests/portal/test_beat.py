from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from portal.celery import app
from reports.models import Report, ReportStatus
from reports.services import report_publish_schedule
from tests.factories import MarketFigureFactory, ReportFactory
from tests.support.services import wait_until


def test_every_task_beat_schedules_is_registered_with_the_worker():
    app.loader.import_default_modules()

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "reports.tasks.refresh_frequent_lexemes" in scheduled
    assert "reports.tasks.publish_due_reports" in scheduled
    assert scheduled <= set(app.tasks)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_beat_and_a_worker_publish_a_scheduled_report_at_its_time(client, start_portal_worker):
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database on PostgreSQL only")
    report = ReportFactory(draft=True, code=1000888, slug="tidal-energy")
    MarketFigureFactory(report=report, year=2024, value=Decimal("2.5"))
    MarketFigureFactory(report=report, year=2031, value=Decimal("4.6"))
    at = timezone.now() + timedelta(seconds=4)
    report_publish_schedule(report=report, at=at, by=None)

    def status() -> str:
        return Report.objects.values_list("status", flat=True).get(pk=report.pk)

    assert status() == ReportStatus.DRAFT
    worker = start_portal_worker(beat=True, SCHEDULED_PUBLISHING_INTERVAL="1")
    assert wait_until(lambda: status() == ReportStatus.PUBLISHED, timeout=45), worker.output()
    assert Report.objects.get(pk=report.pk).published_at >= at
    assert client.get("/tidal-energy-r1000888").status_code == 200
