"""Keeping the search index current.

``report_search_index_update`` rewrites the stored document of the given reports with one
statement: on PostgreSQL their row in ``reports_searchdoc`` (the weighted
``search_vector`` and the facet arrays, ``reports.models.SearchDocument``) and the
report's smaller ``rank_vector``; ``price_from`` everywhere.
It runs inside the caller's transaction, so a committed change is always searchable: the
services call it (``report_mark_changed``, status changes) and the signal receivers below
call it when a row the document is built from is saved or deleted by any other path.

Facet counts and result lists are cached under a generation number (a PostgreSQL sequence, outside transactions) that every index change
advances twice: at once, and again after commit. A reader that counted the old rows
between the two stores them under a generation that is already gone, so a cached count
never outlives the data it counts. Every change of a row a report's page shows rebuilds
that report's document, and the rebuild stamps the report's ``updated_at``: the rest of a
cached report page is keyed on its revision and that stamp (and on the names generation,
for renamed categories, companies, segments and dimensions), and its related reports also
on the listing generation, so an edit of one report no longer retires the cached pages of
all the others. The names and listing generations advance twice in the same way.

A form that saves a report with many rows (the admin's change page with its inlines)
wraps itself in ``search_index_batch``: inside it every rebuild is only noted, and one
rebuild for all the noted reports runs as the block ends, still inside its transaction.
"""

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, OuterRef, Subquery
from django.db.models.signals import post_delete, post_save, pre_save

from portal.i18n import language_column

GENERATION_SEQUENCE = "reports_search_generation"
GENERATION_SQL = f"SELECT last_value + is_called::int FROM {GENERATION_SEQUENCE}"  # noqa: S608 - constant
"""The generation: grows with every ``nextval``, the first one included."""
NAMES_GENERATION_SEQUENCE = "reports_names_generation"
NAMES_GENERATION_SQL = f"SELECT last_value + is_called::int FROM {NAMES_GENERATION_SEQUENCE}"  # noqa: S608 - constant
"""The names generation: advanced only when a category, company, segment or dimension is
renamed or removed, the rows a report page names without owning them. A cached report
page is keyed on it (``reports.views``), not on the generation every edit advances."""
LISTING_GENERATION_SEQUENCE = "reports_listing_generation"
LISTING_GENERATION_SQL = f"SELECT last_value + is_called::int FROM {LISTING_GENERATION_SEQUENCE}"  # noqa: S608 - constant
"""The listing generation: advanced when a report is added, deleted, or changes what the
related-reports lists choose it by or show of it (``LISTING_FIELDS``), and when a report's
segments, key players or hand-picked related reports change. The related reports of a
cached report page are keyed on it: an edit of another report's sections leaves them."""
LISTING_FIELDS = (
    "status",
    *(language_column("title", code) for code in settings.MODELTRANSLATION_LANGUAGES),
    "slug",
    "code",
    "category_id",
    "published_at",
    "forecast_start_year",
    "forecast_end_year",
)

RANK_VECTOR_SQL = (
    "setweight(to_tsvector('english', {a}), 'A') || "
    "setweight(to_tsvector('english', {b}), 'B') || "
    "setweight(to_tsvector('english', {c}), 'C')"
)
"""``rank_vector`` from its three texts (SQL expressions): title; headline, category and
parent, key players, segments; summary. The document's ``search_vector`` is it followed by
``SECTIONS_VECTOR_SQL`` of the sections. The bulk generator (``generate_catalogue``) builds
both from the same texts."""
SECTIONS_VECTOR_SQL = "setweight(to_tsvector('english', {d}), 'D')"

SEARCH_INDEXES = {
    "reports_searchdoc_vector_gin": "reports_searchdoc USING gin (search_vector) "
    "WITH (fastupdate = off) WHERE is_published",
    "reports_searchdoc_segments_gin": "reports_searchdoc USING gin (facet_segments) "
    "WITH (fastupdate = off) WHERE is_published",
    "reports_report_title_trgm": "reports_report USING gin (title_en_gb gin_trgm_ops) "
    "WITH (fastupdate = off)",
    "reports_searchtranslation_vector_gin": "reports_searchtranslation USING gin "
    "(search_vector) WITH (fastupdate = off)",
}
"""The indexes a bulk load drops first and builds once at the end; GIN without a pending
list (migration 0011)."""

_VECTOR_SQL = (
    """
WITH d AS (
  SELECT t.id, t.sections, t.price_from, t.facet_segments, t.facet_tiers, """
    + RANK_VECTOR_SQL.format(
        a="t.title_en_gb",
        b="concat_ws(' ', t.headline_en_gb, t.category, t.companies, t.segments)",
        c="t.summary_en_gb",
    )
    + """ AS rank_vector
  FROM (
    SELECT x.id, x.title_en_gb, x.headline_en_gb, x.summary_en_gb,
      concat_ws(' ', c.name, p.name) AS category,
      (SELECT string_agg(co.name, ' ') FROM reports_reportcompany rc
         JOIN reports_company co ON co.id = rc.company_id WHERE rc.report_id = x.id) AS companies,
      (SELECT string_agg(s.name_en_gb, ' ') FROM segments_reportsegment rs
         JOIN segments_segment s ON s.id = rs.segment_id WHERE rs.report_id = x.id) AS segments,
      (SELECT string_agg(sec.heading_en_gb || ' ' || regexp_replace(sec.body_en_gb, '<[^>]*>', ' ', 'g'), ' ')
         FROM reports_section sec WHERE sec.report_id = x.id) AS sections,
      (SELECT min(l.price) FROM reports_licence l WHERE l.report_id = x.id) AS price_from,
      (SELECT array_agg(rs.segment_id ORDER BY rs.segment_id)
         FROM segments_reportsegment rs WHERE rs.report_id = x.id) AS facet_segments,
      (SELECT array_agg(l.tier ORDER BY l.tier)
         FROM reports_licence l WHERE l.report_id = x.id) AS facet_tiers
    FROM reports_report x
    JOIN reports_category c ON c.id = x.category_id
    LEFT JOIN reports_category p ON p.id = c.parent_id
    WHERE x.id = ANY(%s)
  ) AS t
), r AS (
  UPDATE reports_report AS r SET rank_vector = d.rank_vector, price_from = d.price_from,
    updated_at = clock_timestamp()
    FROM d WHERE r.id = d.id
  RETURNING r.id, r.status, r.category_id, r.published_at
)
INSERT INTO reports_searchdoc AS doc (report_id, is_published, category_id, published_at,
  price_from, facet_segments, facet_tiers, search_vector)
SELECT r.id, r.status = 'published', r.category_id, r.published_at, d.price_from,
  d.facet_segments, d.facet_tiers, d.rank_vector || """
    + SECTIONS_VECTOR_SQL.format(d="coalesce(d.sections, '')")
    + """
  FROM r JOIN d ON d.id = r.id
ON CONFLICT (report_id) DO UPDATE SET
  is_published = EXCLUDED.is_published, category_id = EXCLUDED.category_id,
  published_at = EXCLUDED.published_at, price_from = EXCLUDED.price_from,
  facet_segments = EXCLUDED.facet_segments, facet_tiers = EXCLUDED.facet_tiers,
  search_vector = EXCLUDED.search_vector
"""
)
"""One statement: the report's ``rank_vector`` and ``price_from``, and its whole row in
``reports_searchdoc`` (whose copied columns the reports table's trigger also keeps; the
trigger finds them equal and writes nothing)."""


WORDS_SQL = """
INSERT INTO reports_searchword (word)
SELECT DISTINCT w FROM (
  SELECT regexp_split_to_table(lower(r.title_en_gb), '[^[:alnum:]]+') AS w
    FROM reports_report r {reports}
  UNION ALL
  SELECT regexp_split_to_table(lower(co.name), '[^[:alnum:]]+')
    FROM reports_report r
    JOIN reports_reportcompany rc ON rc.report_id = r.id
    JOIN reports_company co ON co.id = rc.company_id {reports}
) AS words
WHERE length(w) > 2
ON CONFLICT (word) DO NOTHING
"""
"""Adds the words of the titles and key players' names of the reports ``{reports}``
selects (a ``WHERE`` on ``r``) to ``reports_searchword``, the small trigram-indexed
vocabulary spelling corrections look words up in (PostgreSQL). Words are never removed:
a correction is only applied when it finds reports."""


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def search_indexes_ddl(*, drop: bool) -> list[str]:
    """Statements dropping (``drop=True``) or creating the ``SEARCH_INDEXES`` (PostgreSQL)."""
    if drop:
        return [f"DROP INDEX IF EXISTS {name}" for name in SEARCH_INDEXES]
    return [f"CREATE INDEX IF NOT EXISTS {name} ON {on}" for name, on in SEARCH_INDEXES.items()]


def search_generation() -> int:
    """The current facet-cache generation; 0 where there is no sequence (SQLite)."""
    if not is_postgresql():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(GENERATION_SQL)
        return cursor.fetchone()[0]


def request_search_generation(request, *, known: int | None = None) -> int:
    """The generation for everything one request shows (its list, counts and the site
    navigation), read once and kept on the request; ``known`` is a value the caller has
    just read with another query (the report page reads it with the report)."""
    generation = getattr(request, "_search_generation", None)
    if generation is None:
        generation = known if known is not None else search_generation()
        request._search_generation = generation
    return generation


T = TypeVar("T")
_generation_memos: dict[str, tuple[int, object]] = {}


def generation_memo(name: str, generation: int, build: Callable[[], T]) -> T:
    """``build()``, kept in this process until the generation moves on.

    For the small tables every list page reads whole (the category tree, the segments'
    labels): a dictionary lookup instead of a query, or a cache round trip and unpickling.
    It is exactly as fresh as the shared cache keyed on the generation. Without a
    generation (SQLite) it builds every time."""
    if not generation:
        return build()
    memo = _generation_memos.get(name)
    if memo is not None and memo[0] == generation:
        return memo[1]  # type: ignore[return-value]
    value = build()
    _generation_memos[name] = (generation, value)
    return value


def _advance_now_and_on_commit(sequence: str) -> None:
    """Advance ``sequence`` now (sequences are not transactional, so other connections
    stop using their cached entries at once) and again when the caller's transaction
    commits (so nothing they cached from the old rows in between outlives the commit)."""

    def advance() -> None:
        if is_postgresql():
            with connection.cursor() as cursor:
                cursor.execute("SELECT nextval(%s)", [sequence])

    advance()
    transaction.on_commit(advance)


def search_generation_advance() -> None:
    """Retire every cached count, result list and per-process copy, now and on commit."""
    _advance_now_and_on_commit(GENERATION_SEQUENCE)


def listing_generation_advance() -> None:
    """Retire every cached related-reports list, now and on commit."""
    _advance_now_and_on_commit(LISTING_GENERATION_SEQUENCE)


def names_generation_advance() -> None:
    """Retire every cached report page (the names they show may have changed), now and on
    commit."""
    _advance_now_and_on_commit(NAMES_GENERATION_SEQUENCE)


_batch = threading.local()


@contextmanager
def search_index_batch() -> Iterator[None]:
    """Run the block in one transaction whose document rebuilds and generation advances are
    gathered into one of each as it ends (an admin save of a report with forty inline rows
    otherwise rebuilt that report's document over forty times). A nested batch joins the
    outer one. Nothing is rebuilt if the block raises: its transaction rolls back."""
    if getattr(_batch, "report_ids", None) is not None:
        yield
        return
    with transaction.atomic():
        _batch.report_ids, _batch.advance = set(), False
        try:
            yield
            report_ids, advance = _batch.report_ids, _batch.advance
        finally:
            _batch.report_ids = None
        if report_ids:
            report_search_index_update(report_ids=report_ids)
        elif advance:
            search_generation_advance()


def _noted_in_batch(report_ids: Iterable[int] = ()) -> bool:
    """Inside ``search_index_batch``, note ``report_ids`` (or, with none, a generation
    advance) for the end of the batch and say so."""
    noted = getattr(_batch, "report_ids", None)
    if noted is None:
        return False
    report_ids = list(report_ids)
    if report_ids:
        noted.update(report_ids)
    else:
        _batch.advance = True
    return True


@transaction.atomic
def report_search_index_update(*, report_ids: Iterable[int]) -> int:
    """Rebuild the stored search document of ``report_ids``; returns the rows updated
    (0 inside ``search_index_batch``, which rebuilds them as it ends).

    Runs in the caller's transaction (one statement whatever the number of reports) and
    advances the facet-cache generation once that transaction commits.
    """
    ids = sorted({int(pk) for pk in report_ids if pk is not None})
    if not ids or _noted_in_batch(ids):
        return 0
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(_VECTOR_SQL, [ids])
            updated = cursor.rowcount
            cursor.execute(WORDS_SQL.format(reports="WHERE r.id = ANY(%s)"), [ids, ids])
        from .translated import translated_documents_write

        translated_documents_write(report_ids=ids)
    else:
        from reports.models import Licence, Report

        lowest = (
            Licence.objects.filter(report=OuterRef("pk"))
            .values("report")
            .annotate(lowest=Min("price"))
            .values("lowest")
        )
        updated = Report.objects.filter(pk__in=ids).update(price_from=Subquery(lowest))
    search_generation_advance()
    return updated


def search_index_rebuild(*, batch_size: int = 2000) -> int:
    """Rebuild every report's document, ``batch_size`` reports per statement."""
    from reports.models import Report

    ids = list(Report.objects.order_by("pk").values_list("pk", flat=True))
    total = 0
    for start in range(0, len(ids), batch_size):
        total += report_search_index_update(report_ids=ids[start : start + batch_size])
    return total


# --- Signal receivers: rows the document is built from, saved or deleted by any path ------


LISTED_SENDERS = {"Report", "ReportSegment", "ReportCompany", "RelatedReport"}
"""Rows whose change can change some report's related-reports list."""


def _note_listing_before(sender, instance, **kwargs) -> None:
    """Before a report is saved, what the related-reports lists read of it."""
    if kwargs.get("raw") or instance.pk is None:
        instance._listing_before = None
        return
    instance._listing_before = (
        sender.objects.filter(pk=instance.pk).values_list(*LISTING_FIELDS).first()
    )


def _listing_changed(sender, instance, **kwargs) -> bool:
    if sender.__name__ != "Report" or kwargs.get("signal") is post_delete:
        return True
    after = tuple(getattr(instance, name) for name in LISTING_FIELDS)
    return getattr(instance, "_listing_before", None) != after


def _reindex_report(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if sender.__name__ in LISTED_SENDERS and _listing_changed(sender, instance, **kwargs):
        listing_generation_advance()
    report_id = instance.pk if sender.__name__ == "Report" else instance.report_id
    if sender.__name__ == "Report" and kwargs.get("signal") is post_delete:
        if not _noted_in_batch():
            search_generation_advance()
        return
    if report_id is not None:
        report_search_index_update(report_ids=[report_id])


def _reindex_linking(sender, instance, **kwargs) -> None:
    """A renamed company, segment or category changes the documents of reports naming it,
    and the names on cached report pages and search facets."""
    if kwargs.get("raw") or kwargs.get("created"):
        return
    from reports.models import Report

    if sender.__name__ == "Company":
        reports = Report.objects.filter(company_links__company=instance)
    elif sender.__name__ == "Segment":
        reports = Report.objects.filter(segment_links__segment=instance)
    else:
        reports = Report.objects.filter(category=instance) | Report.objects.filter(
            category__parent=instance
        )
    report_search_index_update(report_ids=reports.values_list("pk", flat=True))
    names_generation_advance()
    search_generation_advance()


def _category_added(sender, instance, created: bool = False, **kwargs) -> None:
    """A new category is listed in the site navigation and has a page at once, both read
    from the category rows kept under the search generation."""
    if created and not kwargs.get("raw"):
        search_generation_advance()


def _names_changed(sender, instance, **kwargs) -> None:
    """A dimension is named on report pages and in the search facets; a deleted category
    or segment leaves the navigation and the rows kept under the search generation."""
    if kwargs.get("raw"):
        return
    names_generation_advance()
    search_generation_advance()


def connect_signals() -> None:
    from reports.models import (
        Category,
        Company,
        Faq,
        Licence,
        MarketFigure,
        RelatedReport,
        Report,
        ReportCompany,
        Section,
        TocEntry,
    )
    from segments.models import Dimension, ReportSegment, Segment

    pre_save.connect(_note_listing_before, sender=Report, dispatch_uid="reports.search.listing")
    uid = "reports.search.Dimension.names"
    post_save.connect(_names_changed, sender=Dimension, dispatch_uid=uid + ".save")
    post_delete.connect(_names_changed, sender=Dimension, dispatch_uid=uid + ".delete")
    page_rows = (TocEntry, Faq, MarketFigure, RelatedReport)
    for model in (Report, Section, ReportCompany, ReportSegment, Licence, *page_rows):
        uid = f"reports.search.{model.__name__}"
        post_save.connect(_reindex_report, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_reindex_report, sender=model, dispatch_uid=uid + ".delete")
    for model in (Company, Segment, Category):
        uid = f"reports.search.{model.__name__}.rename"
        post_save.connect(_reindex_linking, sender=model, dispatch_uid=uid)
    post_save.connect(_category_added, sender=Category, dispatch_uid="reports.search.Category.add")
    for model in (Segment, Category):
        uid = f"reports.search.{model.__name__}.names.delete"
        post_delete.connect(_names_changed, sender=model, dispatch_uid=uid)
