"""The search reads its own narrow table (``reports_searchdoc``) on PostgreSQL; the copies
it holds of each report's status, category, date and price must follow the report by every
write path, including a bare queryset ``update`` that sends no signal."""

from datetime import UTC
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from reports.models import Report, ReportStatus, SearchDocument
from reports.search.facets import _raw_counts_orm, category_counts, raw_counts
from segments.models import ReportSegment
from tests.factories import (
    CategoryFactory,
    DimensionFactory,
    LicenceFactory,
    ReportFactory,
    ReportSegmentFactory,
    SegmentFactory,
)
from tests.reports.test_views import text_of

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search documents exist on PostgreSQL only"
)


def found(client, **query) -> str:
    response = client.get("/reports/", query)
    assert response.status_code == 200
    return text_of(response)


def test_every_report_has_a_document_that_matches_its_words(db):
    report = ReportFactory(title="Zircon Sensor Market")
    draft = ReportFactory(draft=True)

    assert SearchDocument.objects.get(pk=report.pk).is_published
    assert not SearchDocument.objects.get(pk=draft.pk).is_published
    assert SearchDocument.objects.filter(pk=report.pk, search_vector="zircon").exists()


def test_a_report_withdrawn_by_a_bare_update_leaves_search_and_comes_back(client, db):
    report = ReportFactory(title="Zircon Sensor Market")
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)

    assert "Zircon Sensor Market" not in found(client, q="zircon")

    Report.objects.filter(pk=report.pk).update(status=ReportStatus.PUBLISHED)

    assert "Zircon Sensor Market" in found(client, q="zircon sensor")


def test_a_report_moved_by_a_bare_update_is_found_under_its_new_category(client, db):
    report = ReportFactory(title="Zircon Sensor Market")
    elsewhere = CategoryFactory(name="Advanced Materials", slug="advanced-materials")
    Report.objects.filter(pk=report.pk).update(category=elsewhere)

    assert SearchDocument.objects.get(pk=report.pk).category_id == elsewhere.pk
    assert "Zircon Sensor Market" in found(client, q="zircon", category="advanced-materials")


def test_a_deleted_report_takes_its_document_with_it(db):
    report = ReportFactory()
    report.delete()

    assert not SearchDocument.objects.filter(pk=report.pk).exists()


def test_the_per_category_counts_follow_every_kind_of_edit(db):
    healthcare = CategoryFactory(name="Healthcare", slug="healthcare")
    services = CategoryFactory(name="Services", slug="services", parent=healthcare)
    energy = CategoryFactory(name="Energy", slug="energy")
    kind = DimensionFactory(slug="type", name="Type")
    segments = SegmentFactory.create_batch(3, dimension=kind)
    reports = [
        ReportFactory(category=category)
        for category in (healthcare, services, services, energy, energy)
    ]
    for i, report in enumerate(reports):
        LicenceFactory(report=report, tier="single", price=Decimal(2000 + 1500 * i))
        ReportSegmentFactory(report=report, segment=segments[i % 3])
    draft = ReportFactory(category=services, draft=True)

    def assert_counts_match_counting_the_reports():
        for category_ids in (None, [healthcare.pk, services.pk], [services.pk], [energy.pk]):
            documents = SearchDocument.objects.filter(is_published=True)
            if category_ids:
                documents = documents.filter(category_id__in=category_ids)
            assert category_counts(category_ids) == raw_counts(documents)[0]

    assert_counts_match_counting_the_reports()
    assert category_counts(None)["total"] == 5

    LicenceFactory(report=reports[0], tier="multi", price=Decimal(9000))
    ReportSegmentFactory(report=reports[1], segment=segments[2])
    ReportSegment.objects.filter(report=reports[3]).delete()
    Report.objects.filter(pk=reports[2].pk).update(category=energy)
    Report.objects.filter(pk=reports[4].pk).update(status=ReportStatus.DRAFT)
    Report.objects.filter(pk=draft.pk).update(
        status=ReportStatus.PUBLISHED, published_at=timezone.now()
    )
    reports[0].delete()

    assert_counts_match_counting_the_reports()
    assert category_counts(None)["total"] == 4
    assert category_counts([energy.pk])["total"] == 2


def test_the_facet_statement_counts_what_counting_the_reports_counts(db):
    """The facet statement (``facets._FACETS_SQL``) buckets prices and years in SQL of its
    own: its counts must equal the plain ORM counts over the same reports, prices on each
    bucket's edges and reports published on New Year's Eve included."""
    healthcare = CategoryFactory(name="Healthcare", slug="healthcare")
    kind = DimensionFactory(slug="type", name="Type")
    segment = SegmentFactory(dimension=kind)
    edges = ["2999.99", "3000", "4999.99", "5000"]
    tiers = ["single", "multi", "enterprise", "single"]
    for year, (price, tier) in enumerate(zip(edges, tiers, strict=True), start=2021):
        report = ReportFactory(
            category=healthcare, published_at=timezone.datetime(year, 12, 31, 23, tzinfo=UTC)
        )
        LicenceFactory(report=report, tier=tier, price=Decimal(price))
        ReportSegmentFactory(report=report, segment=segment)

    from_statement = raw_counts(SearchDocument.objects.filter(is_published=True))[0]
    from_reports = _raw_counts_orm(Report.objects.filter(status=ReportStatus.PUBLISHED))

    assert from_statement == from_reports
    assert from_statement["price"] == {"under-3000": 1, "3000-5000": 2, "5000-plus": 1}
    assert from_statement["licences"] == {"single": 2, "multi": 1, "enterprise": 1}
    assert from_statement["years"] == [(2024, 1), (2023, 1), (2022, 1), (2021, 1)]
    assert from_statement["segments"] == {segment.pk: 4}
