"""Keeping the search index current.

``report_search_index_update`` rewrites the stored document of the given reports (the
weighted ``search_vector`` on PostgreSQL, and ``price_from`` everywhere) with one UPDATE.
It runs inside the caller's transaction, so a committed change is always searchable: the
services call it (``report_mark_changed``, status changes) and the signal receivers below
call it when a row the document is built from is saved or deleted by any other path.

Facet counts are cached under a generation number (a PostgreSQL sequence, outside
transactions) that every index change advances twice: at once, and again after commit. A
reader that counted the old rows between the two stores them under a generation that is
already gone, so a cached count never outlives the data it counts.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Min, OuterRef, Subquery
from django.db.models.signals import post_delete, post_save

WEIGHTS_DOC = (
    "A: title; B: headline, category and parent, key players, segments; C: summary; "
    "D: section headings and bodies."
)
GENERATION_SEQUENCE = "reports_search_generation"

_VECTOR_SQL = """
UPDATE reports_report AS r SET
  search_vector =
    setweight(to_tsvector('english', r.title), 'A') ||
    setweight(to_tsvector('english', concat_ws(' ', r.headline, d.category, d.companies,
                                               d.segments)), 'B') ||
    setweight(to_tsvector('english', r.summary), 'C') ||
    setweight(to_tsvector('english', coalesce(d.sections, '')), 'D'),
  price_from = d.price_from
FROM (
  SELECT x.id,
    concat_ws(' ', c.name, p.name) AS category,
    (SELECT string_agg(co.name, ' ') FROM reports_reportcompany rc
       JOIN reports_company co ON co.id = rc.company_id WHERE rc.report_id = x.id) AS companies,
    (SELECT string_agg(s.name, ' ') FROM segments_reportsegment rs
       JOIN segments_segment s ON s.id = rs.segment_id WHERE rs.report_id = x.id) AS segments,
    (SELECT string_agg(sec.heading || ' ' || regexp_replace(sec.body, '<[^>]*>', ' ', 'g'), ' ')
       FROM reports_section sec WHERE sec.report_id = x.id) AS sections,
    (SELECT min(l.price) FROM reports_licence l WHERE l.report_id = x.id) AS price_from
  FROM reports_report x
  JOIN reports_category c ON c.id = x.category_id
  LEFT JOIN reports_category p ON p.id = c.parent_id
  WHERE x.id = ANY(%s)
) AS d
WHERE r.id = d.id
"""


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def search_generation() -> int:
    """The current facet-cache generation; 0 where there is no sequence (SQLite)."""
    if not is_postgresql():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {GENERATION_SEQUENCE}")
        return cursor.fetchone()[0]


def _advance_generation() -> None:
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT nextval('{GENERATION_SEQUENCE}')")


@transaction.atomic
def report_search_index_update(*, report_ids: Iterable[int]) -> int:
    """Rebuild the stored search document of ``report_ids``; returns the rows updated.

    Runs in the caller's transaction (one statement whatever the number of reports) and
    advances the facet-cache generation once that transaction commits.
    """
    ids = sorted({int(pk) for pk in report_ids if pk is not None})
    if not ids:
        return 0
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(_VECTOR_SQL, [ids])
            updated = cursor.rowcount
    else:
        from reports.models import Licence, Report

        lowest = (
            Licence.objects.filter(report=OuterRef("pk"))
            .values("report")
            .annotate(lowest=Min("price"))
            .values("lowest")
        )
        updated = Report.objects.filter(pk__in=ids).update(price_from=Subquery(lowest))
    _advance_generation()
    transaction.on_commit(_advance_generation)
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


def _reindex_report(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    report_id = instance.pk if sender.__name__ == "Report" else instance.report_id
    if sender.__name__ == "Report" and kwargs.get("signal") is post_delete:
        _advance_generation()
        transaction.on_commit(_advance_generation)
        return
    if report_id is not None:
        report_search_index_update(report_ids=[report_id])


def _reindex_linking(sender, instance, **kwargs) -> None:
    """A renamed company, segment or category changes the documents of reports naming it."""
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


def connect_signals() -> None:
    from reports.models import Category, Company, Licence, Report, ReportCompany, Section
    from segments.models import ReportSegment, Segment

    for model in (Report, Section, ReportCompany, ReportSegment, Licence):
        uid = f"reports.search.{model.__name__}"
        post_save.connect(_reindex_report, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_reindex_report, sender=model, dispatch_uid=uid + ".delete")
    for model in (Company, Segment, Category):
        uid = f"reports.search.{model.__name__}.rename"
        post_save.connect(_reindex_linking, sender=model, dispatch_uid=uid)
