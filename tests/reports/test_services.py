from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reports.models import Licence, ReportStatus
from reports.services import (
    ReportNotPublishable,
    licences_apply_defaults,
    report_archive,
    report_mark_changed,
    report_publish,
    report_unpublish,
)
from tests.factories import (
    LicenceFactory,
    MarketFigureFactory,
    ReportFactory,
    ReportSegmentFactory,
    SectionFactory,
    SegmentFactory,
)

pytestmark = pytest.mark.django_db


def clean_draft(**kwargs):
    report = ReportFactory(draft=True, **kwargs)
    MarketFigureFactory(report=report, year=2024, value=Decimal("2.5"))
    MarketFigureFactory(report=report, year=2031, value=Decimal("4.6"))
    return report


def test_publish_refuses_and_names_each_error(staff_user):
    report = clean_draft()
    SectionFactory(report=report, heading="Market overview", body="<p>Up XX% in 2023.</p>")
    ReportSegmentFactory(report=report, segment=SegmentFactory(name="A"), share_percent=70)
    ReportSegmentFactory(report=report, segment=SegmentFactory(name="B"), share_percent=50)

    with pytest.raises(ReportNotPublishable) as refused:
        report_publish(report=report, by=staff_user)

    assert isinstance(refused.value, ValidationError)
    assert refused.value.messages[0] == 'Section "Market overview": placeholder text "XX%"'
    assert "add up to 120%, over 100%" in refused.value.messages[1]
    assert len(refused.value.messages) == 2
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.published_at is None


def test_publish_is_not_blocked_by_warnings(staff_user):
    report = ReportFactory(draft=True)
    SectionFactory(report=report, body="<p>A CAGR of 10.1%.</p>")

    report_publish(report=report, by=staff_user)

    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED


def test_publish_sets_date_and_republishing_keeps_the_first_one():
    report = clean_draft()
    before = timezone.now()

    returned = report_publish(report=report, by=None)

    assert returned.status == ReportStatus.PUBLISHED
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert before <= report.published_at <= timezone.now()
    first = report.published_at

    report_unpublish(report=report, by=None)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.published_at == first

    report_publish(report=report, by=None)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert report.published_at == first


def test_publish_keeps_an_earlier_publication_date():
    earlier = timezone.now() - timedelta(days=400)
    report = clean_draft(status=ReportStatus.ARCHIVED, published_at=earlier)
    report_publish(report=report, by=None)
    report.refresh_from_db()
    assert report.published_at == earlier


def test_archive_withdraws_a_published_report(staff_user):
    report = ReportFactory()
    published_at = report.published_at
    report_archive(report=report, by=staff_user)
    report.refresh_from_db()
    assert report.status == ReportStatus.ARCHIVED
    assert report.published_at == published_at


def test_status_changes_and_mark_changed_bump_the_revision():
    report = clean_draft()
    assert report.revision == 1
    report_mark_changed(report=report)
    assert report.revision == 2
    report_publish(report=report, by=None)
    report_unpublish(report=report, by=None)
    report_archive(report=report, by=None)
    report.refresh_from_db()
    assert report.revision == 5


def test_mark_changed_does_not_lose_a_concurrent_bump():
    report = clean_draft()
    stale = type(report).objects.get(pk=report.pk)
    report_mark_changed(report=report)
    report_mark_changed(report=stale)
    assert stale.revision == 3


def test_default_licences_use_settings_and_report_currency(settings):
    settings.REPORT_DEFAULT_LICENCES = [
        {"tier": "single", "price": Decimal("100"), "seats": 1, "description": "One"},
        {"tier": "enterprise", "price": Decimal("900"), "seats": 0, "description": "All"},
    ]
    report = ReportFactory(currency="EUR")

    created = licences_apply_defaults(report=report)

    assert len(created) == 2
    rows = list(Licence.objects.filter(report=report).values_list("tier", "price", "currency"))
    assert rows == [("single", Decimal("100"), "EUR"), ("enterprise", Decimal("900"), "EUR")]


def test_default_licences_leave_existing_tiers_alone(settings):
    report = ReportFactory()
    LicenceFactory(report=report, tier="single", price=Decimal("42"))

    licences_apply_defaults(report=report)
    licences_apply_defaults(report=report)

    tiers = dict(Licence.objects.filter(report=report).values_list("tier", "price"))
    expected = {item["tier"] for item in settings.REPORT_DEFAULT_LICENCES}
    assert set(tiers) == expected
    assert tiers["single"] == Decimal("42")
