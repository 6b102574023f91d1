"""Related reports for a report page: the editor's list first, then computed ones.

The computed ones share most with the report: its category, its non-geographic segments
and its key players (regions are shared by almost everything and say little). The query is
bounded: each shared segment or player contributes at most ``PER_KEY`` of its most recent
published reports as candidates, so a page view never scans the catalogue however common a
segment is (each candidate's status is checked inside its key's bounded lookup: checked once
over all candidates, the planner hashed the whole catalogue, 15 ms at 100,000 reports).
Two queries whatever the catalogue size.
"""

from django.db import connection

from reports.models import SEARCH_ONLY_FIELDS, RelatedReport, Report, ReportStatus

LIMIT = 6
PER_KEY = 40

_CANDIDATES_SQL = """
WITH keys AS (
  SELECT 'c' AS kind, r.category_id AS key, 3 AS weight FROM reports_report r WHERE r.id = %(id)s
  UNION ALL
  SELECT 's', rs.segment_id, 2 FROM segments_reportsegment rs
    JOIN segments_segment s ON s.id = rs.segment_id
    JOIN segments_dimension d ON d.id = s.dimension_id
    WHERE rs.report_id = %(id)s AND NOT d.is_geographic
  UNION ALL
  SELECT 'p', rc.company_id, 2 FROM reports_reportcompany rc WHERE rc.report_id = %(id)s
),
candidates AS (
  SELECT cand.id, k.weight FROM keys k
  CROSS JOIN LATERAL (
    SELECT r.id FROM reports_report r WHERE k.kind = 'c' AND r.category_id = k.key
      AND r.status = 'published' AND r.id <> %(id)s ORDER BY r.id DESC LIMIT %(per_key)s
  ) cand
  UNION ALL
  SELECT cand.id, k.weight FROM keys k
  CROSS JOIN LATERAL (
    SELECT rs.report_id AS id FROM segments_reportsegment rs
      JOIN reports_report r ON r.id = rs.report_id AND r.status = 'published'
    WHERE k.kind = 's' AND rs.segment_id = k.key AND rs.report_id <> %(id)s
    ORDER BY rs.report_id DESC LIMIT %(per_key)s
  ) cand
  UNION ALL
  SELECT cand.id, k.weight FROM keys k
  CROSS JOIN LATERAL (
    SELECT rc.report_id AS id FROM reports_reportcompany rc
      JOIN reports_report r ON r.id = rc.report_id AND r.status = 'published'
    WHERE k.kind = 'p' AND rc.company_id = k.key AND rc.report_id <> %(id)s
    ORDER BY rc.report_id DESC LIMIT %(per_key)s
  ) cand
)
SELECT id FROM (
  (SELECT m.related_id AS id, 1000000 - m.position AS score
     FROM reports_relatedreport m JOIN reports_report r ON r.id = m.related_id
    WHERE m.report_id = %(id)s AND r.status = 'published'
    ORDER BY m.position, m.id LIMIT %(limit)s)
  UNION ALL
  (SELECT c.id, sum(c.weight) FROM candidates c
    GROUP BY c.id ORDER BY sum(c.weight) DESC, c.id DESC LIMIT %(limit)s)
) ranked
GROUP BY id ORDER BY max(score) DESC, id DESC
LIMIT %(limit)s
"""


def _computed_ids(report: Report, *, limit: int) -> list[int]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_CANDIDATES_SQL, {"id": report.pk, "per_key": PER_KEY, "limit": limit})
            return [row[0] for row in cursor.fetchall()]
    return []


def related_reports(report: Report, *, limit: int = LIMIT) -> list[Report]:
    """Up to ``limit`` published reports related to ``report``, the manual ones first.

    Two queries on PostgreSQL (ordered ids, then the reports); on SQLite the manual list
    and a plain ORM query over the same keys (small catalogues) make three.
    """
    if connection.vendor == "postgresql":
        order = _computed_ids(report, limit=limit)
    else:
        manual = list(
            RelatedReport.objects.filter(report=report, related__status=ReportStatus.PUBLISHED)
            .order_by("position", "id")
            .values_list("related_id", flat=True)[:limit]
        )
        order = list(dict.fromkeys([*manual, *_sqlite_ids(report, limit=limit)]))[:limit]
    found = {
        r.pk: r
        for r in Report.objects.filter(pk__in=order, status=ReportStatus.PUBLISHED)
        .select_related("category")
        .defer(*SEARCH_ONLY_FIELDS)
    }
    return [found[pk] for pk in order if pk in found]


def _sqlite_ids(report: Report, *, limit: int) -> list[int]:
    from django.db.models import Count, Q

    shared = (
        Q(category_id=report.category_id)
        | Q(
            segment_links__segment__in=report.segment_links.filter(
                segment__dimension__is_geographic=False
            ).values("segment_id")
        )
        | Q(company_links__company__in=report.company_links.values("company_id"))
    )
    return list(
        Report.objects.filter(shared, status=ReportStatus.PUBLISHED)
        .exclude(pk=report.pk)
        .values("pk")
        .annotate(score=Count("pk"))
        .order_by("-score", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
