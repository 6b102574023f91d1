"""The search reads its own narrow table (``reports_searchdoc``) on PostgreSQL; the copies
it holds of each report's status, category, date and price must follow the report by every
write path, including a bare queryset ``update`` that sends no signal."""

import pytest
from django.db import connection

from reports.models import Report, ReportStatus, SearchDocument
from tests.factories import CategoryFactory, ReportFactory
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
