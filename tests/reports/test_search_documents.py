"""The search reads its own narrow table (``reports_searchdoc``) on PostgreSQL; the copies
it holds of each report's status, category, date and price must follow the report by every
write path, including a bare queryset ``update`` that sends no signal."""

from datetime import UTC
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from reports.models import Report, ReportStatus, SearchDocument
from reports.search import frequent
from reports.search.facets import _raw_counts_orm, category_counts, raw_counts, segment_counts
from reports.search.frequent import (
    frequent_lexemes_refresh,
    frequent_word_counts,
    statistics_lexemes,
)
from reports.search.index import search_generation
from reports.search.matching import text_match
from reports.services import report_mark_changed
from reports.tasks import refresh_frequent_lexemes
from segments.models import ReportSegment
from tests.factories import (
    CategoryFactory,
    DimensionFactory,
    LicenceFactory,
    ReportFactory,
    ReportSegmentFactory,
    SectionFactory,
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


def test_the_per_category_and_per_segment_counts_follow_every_kind_of_edit(db):
    """The counts kept per category (migration 0009) and per segment (0013) must always be
    what counting the reports gives, whichever write changed them."""
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
        for segment in segments:
            documents = SearchDocument.objects.filter(
                is_published=True, facet_segments__contains=[segment.pk]
            )
            assert segment_counts(segment.pk) == raw_counts(documents)[0]

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
    assert [segment_counts(segment.pk)["total"] for segment in segments] == [0, 1, 2]


def test_the_kept_counts_are_emptied_with_the_documents_by_a_flush(transactional_db):
    """``manage.py flush`` truncates the tables, which fires no delete trigger: the kept
    counts must not go on counting the reports it removed (migration 0014)."""
    segment = SegmentFactory()
    for _ in range(3):
        ReportSegmentFactory(report=ReportFactory(title="Zircon Sensor Market"), segment=segment)
    frequent_lexemes_refresh(lexemes=["zircon"])
    assert category_counts(None)["total"] == 3

    call_command("flush", interactive=False, verbosity=0)

    assert category_counts(None)["total"] == 0
    assert segment_counts(segment.pk)["total"] == 0
    ReportFactory(title="Zircon Mining Market")
    assert category_counts(None)["total"] == 1
    assert frequent_word_counts("zircon", search_generation())["total"] == 1


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


def test_the_counts_kept_for_a_frequent_word_follow_every_kind_of_edit(db):
    """A kept word's counts (``reports.search.frequent``, migration 0010) must always be
    what counting the word's matches gives, whichever write changed them."""
    healthcare = CategoryFactory(name="Healthcare", slug="healthcare")
    energy = CategoryFactory(name="Energy", slug="energy")
    kind = DimensionFactory(slug="type", name="Type")
    segments = SegmentFactory.create_batch(2, dimension=kind)
    reports = [
        ReportFactory(category=category, title=f"{word} Sensor Market")
        for category, word in [(healthcare, "Zircon"), (healthcare, "Basalt"), (energy, "Zircon")]
    ]
    for i, report in enumerate(reports):
        LicenceFactory(report=report, tier="single", price=Decimal(2000 + 2000 * i))
        ReportSegmentFactory(report=report, segment=segments[i % 2])
    assert frequent_lexemes_refresh(lexemes=["zircon", "sensor"]) == (2, 0)

    def assert_kept_counts_match_counting_the_matches():
        generation = search_generation()
        for word in ("zircon", "sensor", "Zircons"):
            documents = text_match(SearchDocument.objects.filter(is_published=True), word)
            assert frequent_word_counts(word, generation) == raw_counts(documents)[0]

    assert_kept_counts_match_counting_the_matches()
    assert frequent_word_counts("zircon", search_generation())["total"] == 2

    SectionFactory(report=reports[1], body="<p>Zircon demand doubles.</p>")
    report_mark_changed(report=reports[1])
    LicenceFactory(report=reports[0], tier="multi", price=Decimal(9000))
    ReportSegment.objects.filter(report=reports[2]).delete()
    Report.objects.filter(pk=reports[0].pk).update(category=energy)
    Report.objects.filter(pk=reports[2].pk).update(status=ReportStatus.DRAFT)
    ReportFactory(category=energy, title="Zircon Mining Market")
    ReportFactory(category=energy, title="Zircon Refining Market", draft=True)

    assert_kept_counts_match_counting_the_matches()
    assert frequent_word_counts("zircon", search_generation())["total"] == 3

    reports[1].delete()
    assert_kept_counts_match_counting_the_matches()
    assert frequent_word_counts("zircon", search_generation())["total"] == 2


def test_only_a_query_of_exactly_one_kept_word_reads_the_kept_counts(db):
    ReportFactory(title="Zircon Sensor Market")
    frequent_lexemes_refresh(lexemes=["zircon"])
    generation = search_generation()

    assert frequent_word_counts("zircon", generation)["total"] == 1
    assert frequent_word_counts('"Zircon"', generation)["total"] == 1
    assert frequent_word_counts("the zircon", generation)["total"] == 1
    for query in ("zircon sensor", "-zircon", "zircon -basalt", "sensor", "zirconium", ""):
        assert frequent_word_counts(query, generation) is None, query

    assert frequent_lexemes_refresh(lexemes=["zircon", "o'neil\\s"]) == (1, 0)
    assert frequent_lexemes_refresh(lexemes=["sensor"]) == (1, 2)
    generation = search_generation()
    assert frequent_word_counts("zircon", generation) is None
    assert frequent_word_counts("sensor", generation)["total"] == 1


def analysed_reports(monkeypatch, *titles: str) -> None:
    """Published reports with these titles, their documents analysed, and the minimum
    catalogue size for keeping words lifted, so the statistics decide on three reports."""
    for title in titles:
        ReportFactory(title=title)
    monkeypatch.setattr(frequent, "FREQUENT_MIN_REPORTS", 0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reports_searchdoc")


def test_the_kept_words_come_from_the_statistics(db, monkeypatch):
    analysed_reports(
        monkeypatch, "Zircon Sensor Market", "Zircon Pump Market", "Basalt Valve Market"
    )

    added, dropped = refresh_frequent_lexemes()

    assert added > 2 and dropped == 0
    assert refresh_frequent_lexemes() == (0, 0)
    generation = search_generation()
    assert frequent_word_counts("zircon", generation)["total"] == 2
    assert frequent_word_counts("basalt", generation)["total"] == 1


def test_every_search_index_is_written_in_place_without_a_pending_list(db):
    """A GIN pending list is read by every search until VACUUM merges it; after a bulk
    re-index the planner even chose to read every document instead (migration 0011)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, coalesce(c.reloptions, '{}') FROM pg_class c "
            "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin' "
            "AND c.relnamespace = current_schema()::regnamespace"
        )
        options = dict(cursor.fetchall())

    assert set(options) >= {
        "reports_searchdoc_vector_gin",
        "reports_searchdoc_segments_gin",
        "reports_report_title_trgm",
        "reports_company_name_trgm",
        "reports_searchword_trgm",
    }
    assert {name: "fastupdate=off" in opts for name, opts in options.items()} == dict.fromkeys(
        options, True
    )


def test_a_kept_word_stays_kept_until_it_falls_below_half_the_share(db, monkeypatch):
    analysed_reports(
        monkeypatch, "Zircon Sensor Market", "Basalt Pump Market", "Basalt Valve Market"
    )
    monkeypatch.setattr(frequent, "FREQUENT_SHARE", 0.5)

    assert "basalt" in statistics_lexemes() and "zircon" not in statistics_lexemes()
    assert "zircon" in statistics_lexemes(kept=["zircon"])
    monkeypatch.setattr(frequent, "FREQUENT_SHARE", 0.9)
    assert "basalt" not in statistics_lexemes()
    assert "basalt" in statistics_lexemes(kept=["basalt"])
    assert "zircon" not in statistics_lexemes(kept=["zircon"])


def test_the_trigram_operators_are_costed_so_the_planner_uses_their_indexes(db):
    """At pg_trgm's default cost the planner tested every key player's name instead of
    using the trigram index: 23 ms of a search nothing matches (migration 0012)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, procost FROM pg_proc WHERE proname IN "
            "('similarity_op', 'word_similarity_op', 'word_similarity_commutator_op')"
        )
        costs = dict(cursor.fetchall())

    assert costs == dict.fromkeys(
        ["similarity_op", "word_similarity_op", "word_similarity_commutator_op"], 100
    )
