"""The speed measures for a large catalogue (issue 6, "Scale") must not cost correctness:
the cached report page follows every kind of edit, the bulk generator writes the same
search document the index would, and the facet arrays the counts read follow edits."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from reports.models import Company, Licence, Report, SearchDocument
from reports.search.index import report_search_index_update
from reports.services import report_mark_changed
from segments.models import Dimension, ReportSegment
from tests.factories import (
    CategoryFactory,
    FaqFactory,
    LicenceFactory,
    ReportCompanyFactory,
    ReportFactory,
    SectionFactory,
)
from tests.reports.test_search import facet_links
from tests.reports.test_views import build_report, text_of

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the page cache, stored vectors and facet keys exist on PostgreSQL only",
)


def test_report_page_shows_an_faq_saved_outside_the_services(client, db):
    report = build_report(n=1)
    faq = FaqFactory(report=report, question="Who buys it?", answer="<p>Hospitals.</p>")
    assert "Hospitals." in text_of(client.get(report.get_absolute_url()))

    faq.answer = "<p>Insurers and hospitals.</p>"
    faq.save()

    assert "Insurers and hospitals." in text_of(client.get(report.get_absolute_url()))


def test_report_page_shows_a_renamed_key_player(client, db):
    report = build_report(n=2)
    assert "Player 1" in text_of(client.get(report.get_absolute_url()))

    company = Company.objects.get(slug="player-1")
    company.name = "Meridian Diagnostics"
    company.save()

    page = text_of(client.get(report.get_absolute_url()))
    assert "Meridian Diagnostics" in page and "Player 1" not in page


def test_report_page_shows_an_edit_made_through_the_services(client, db):
    report = build_report(n=1)
    assert client.get(report.get_absolute_url()).status_code == 200

    Report.objects.filter(pk=report.pk).update(headline="Second opinions go digital")
    report_mark_changed(report=report)

    assert "Second opinions go digital" in text_of(client.get(report.get_absolute_url()))


def test_related_reports_appear_once_published(client, db):
    report = build_report(n=1)
    assert "Telehealth Platforms Market" not in text_of(client.get(report.get_absolute_url()))

    ReportFactory(title="Telehealth Platforms Market", category=report.category)

    assert "Telehealth Platforms Market" in text_of(client.get(report.get_absolute_url()))


@postgres_only
def test_a_cached_report_page_costs_one_query(client, db, django_assert_num_queries):
    report = build_report(n=3)
    client.get(report.get_absolute_url())

    with django_assert_num_queries(1):
        response = client.get(report.get_absolute_url())

    assert "Heading 2" in text_of(response) and "Player 2" in text_of(response)


def test_a_related_report_shows_its_new_title_on_a_cached_page(client, db):
    report = build_report(n=1)
    related = ReportFactory(title="Telehealth Platforms Market", category=report.category)
    assert "Telehealth Platforms Market" in text_of(client.get(report.get_absolute_url()))

    related.title = "Virtual Care Platforms Market"
    related.save()

    page = text_of(client.get(report.get_absolute_url()))
    assert "Virtual Care Platforms Market" in page and "Telehealth" not in page


def test_report_page_shows_a_renamed_dimension(client, db):
    report = build_report(n=2)
    assert "Type" in text_of(client.get(report.get_absolute_url()))

    dimension = Dimension.objects.get(slug="type")
    dimension.name = "Service model"
    dimension.save()

    assert "Service model" in text_of(client.get(report.get_absolute_url()))


@postgres_only
def test_an_edit_of_another_reports_section_leaves_the_page_cached(
    client, db, django_assert_num_queries
):
    report = build_report(n=3)
    other = ReportFactory(title="Unrelated Market", category=CategoryFactory())
    section = SectionFactory(report=other, heading="Old heading")
    client.get(report.get_absolute_url())

    section.heading = "New heading"
    section.save()

    with django_assert_num_queries(2):
        response = client.get(report.get_absolute_url())
    assert "Heading 2" in text_of(response) and "Player 2" in text_of(response)


def test_a_report_that_comes_to_share_a_key_player_joins_the_related_reports(client, db):
    report = build_report(n=1)
    other = ReportFactory(title="Telehealth Platforms Market", category=CategoryFactory())
    assert "Telehealth Platforms Market" not in text_of(client.get(report.get_absolute_url()))

    ReportCompanyFactory(report=other, company=report.company_links.first().company)

    assert "Telehealth Platforms Market" in text_of(client.get(report.get_absolute_url()))


def test_generated_catalogue_is_searchable_with_facets(client, db):
    call_command("generate_catalogue", reports=40, batch=15, companies=30, jobs=1)

    assert Report.objects.filter(status="published").count() == 40
    response = client.get("/reports/", {"q": "market"})
    assert response.status_code == 200
    heading = re.search(r'id="results-heading">.*?\(([\d,]+)\)', response.content.decode())
    assert heading and int(heading[1]) == 40
    years = [count for group, _, count, _ in facet_links(response) if group == "Publication year"]
    assert sum(years) == 40


@postgres_only
def test_generated_documents_are_those_the_index_builds(transactional_db):
    call_command("generate_catalogue", reports=12, batch=5, companies=20, jobs=2)
    ids = list(Report.objects.values_list("pk", flat=True))

    def documents():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.id, array(SELECT unnest(tsvector_to_array(d.search_vector)) ORDER BY 1),"
                " array(SELECT unnest(tsvector_to_array(r.rank_vector)) ORDER BY 1),"
                " d.facet_segments, d.facet_tiers, r.price_from FROM reports_report r"
                " JOIN reports_searchdoc d ON d.report_id = r.id ORDER BY r.id"
            )
            return cursor.fetchall()

    generated = documents()
    report_search_index_update(report_ids=ids)

    assert documents() == generated
    assert all(row[1] and row[2] and row[3] and row[4] for row in generated)


@postgres_only
def test_facet_arrays_follow_removed_segments_and_licences(db):
    report = build_report(n=2)
    LicenceFactory(report=report, tier="multi")
    link = ReportSegment.objects.filter(report=report).first()
    stored = SearchDocument.objects.get(pk=report.pk)
    assert link.segment_id in stored.facet_segments and "multi" in stored.facet_tiers

    link.delete()
    Licence.objects.filter(report=report, tier="multi").delete()

    stored = SearchDocument.objects.get(pk=report.pk)
    assert link.segment_id not in stored.facet_segments
    assert "multi" not in (stored.facet_tiers or [])
