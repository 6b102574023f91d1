"""Facet counts over a result set, and (PostgreSQL) its first ids in order, in one pass.

Contract: ``raw_counts(matched)`` counts exactly the rows of ``matched`` (published reports
already filtered by the query and every selected facet: their search documents on
PostgreSQL, the reports on SQLite): per category, publication year, price bucket (and
exact lowest price), segment and licence tier, plus the total. With ``order=(sort, q)`` on
PostgreSQL the same statement also returns the first ``cap`` ids of the result set in that
order, so a search that is not cached reads its matches once.

Why it is shaped so (100,000 reports, bench/search.py):
- the match is a ``MATERIALIZED`` CTE of narrow columns (it must fit in ``work_mem``):
  the GIN index and the documents are read once for every count and the ordering; a
  document row is under 200 bytes (``reports_searchdoc``), so matches share heap pages,
  where each report row (over a kilobyte) cost a page of its own;
  category, year and price are counted in one pass (``GROUPING SETS``), licence tiers by
  one filtered count each;
- segments and licence tiers are counted from each matched row's ``facet_segments`` and
  ``facet_tiers`` arrays (kept by ``reports.search.index``), so no link table is read: a
  join let the planner walk the whole segment links (800,000 rows) for a common term, and
  even index-only lookups cost three page reads per match;
- a one-word search for a frequent word reads the counts the database keeps for it
  (``reports.search.frequent``) and only its first ids from the matches
  (``first_ids``), a category page with no query the per-category counts
  (``category_counts``), and a segment or region page the per-segment counts
  (``segment_counts``);
- relevance ranks the ``cap`` newest matches with ``ts_rank`` on ``rank_vector`` (title,
  headline, categories, players, segments, summary; a few hundred bytes in the row),
  not on ``search_vector``, whose sections make it large enough to be stored out of line:
  reading a thousand of those cost more than all the counts. Sections make a report
  match but do not raise its rank. In another language a report's text there ranks it
  too (``SearchTranslation``, whose vector is kept in the row). "Newest" and "price"
  orders reach every match.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language

from reports.models import Licence, LicenceTier, Report, SearchDocument
from segments.models import ReportSegment

from .params import PRICE_BUCKETS
from .translated import translated_rank_sql

_FACETS_SQL = """
WITH m AS MATERIALIZED ({matched})
SELECT CASE WHEN GROUPING(category_id) = 0 THEN 'c' WHEN GROUPING(y) = 0 THEN 'y'
            WHEN GROUPING(price_from) = 0 THEN 'p' ELSE 't' END,
       CASE WHEN GROUPING(category_id) = 0 THEN category_id::text
            WHEN GROUPING(y) = 0 THEN y::text
            WHEN GROUPING(price_from) = 0 THEN price_from::text ELSE '' END,
       count(*)
  FROM (SELECT category_id, extract(year FROM published_at AT TIME ZONE 'UTC')::int AS y,
               price_from
          FROM m) AS f
 GROUP BY GROUPING SETS ((category_id), (y), (price_from), ())
UNION ALL
SELECT 's', k::text, count(*) FROM (SELECT unnest(facet_segments) AS k FROM m) AS x GROUP BY k
UNION ALL
SELECT 'l', t.tier, t.n
  FROM (SELECT {tier_counts} FROM m) AS x
       CROSS JOIN LATERAL (VALUES {tier_rows}) AS t(tier, n)
{ordered}
"""
"""Rows (kind, key, n) as ``summed_counts`` reads them: exact lowest prices (a catalogue
has a few dozen), bucketed in Python as the kept counts are; a ``t`` row for the total."""

_ORDERED_SQL = {
    "relevance": """
SELECT 'o', string_agg(c.id::text, ',' ORDER BY {rank} DESC, c.published_at DESC, c.id DESC), 0
  FROM (SELECT id, published_at FROM m ORDER BY published_at DESC, id DESC LIMIT {cap}) c
  JOIN reports_report r ON r.id = c.id
""",
    "newest": """
SELECT 'o', string_agg(c.id::text, ',' ORDER BY c.published_at DESC, c.id DESC), 0
  FROM (SELECT id, published_at FROM m ORDER BY published_at DESC, id DESC LIMIT {cap}) c
""",
    "price": """
SELECT 'o', string_agg(c.id::text, ',' ORDER BY c.price_from ASC NULLS LAST, c.id), 0
  FROM (SELECT id, price_from FROM m ORDER BY price_from ASC NULLS LAST, id LIMIT {cap}) c
""",
}
"""The first ids in each order as one comma-separated row: hundreds of rows cost more to
fetch and sort in Python than joining them costs the database."""


def _ids(joined: str | None) -> list[int]:
    return [int(pk) for pk in joined.split(",")] if joined else []


ENGLISH_RANK_SQL = "ts_rank(r.rank_vector, websearch_to_tsquery('english'::regconfig, %s))"


def _ordered_statement(order: tuple[str, str], cap: int) -> tuple[str, list]:
    """The ``_ORDERED_SQL`` statement over ``m`` for ``order=(sort, q)``, and its params.
    In another language than English a report ranks by its text there where that ranks
    it higher (``engine._rank`` for the same order through the ORM)."""
    sort, q = order
    if sort != "relevance":
        return _ORDERED_SQL[sort].format(cap=int(cap)), []
    rank, params = ENGLISH_RANK_SQL, [q]
    language = get_language()
    translated = None
    if language != settings.LANGUAGE_CODE:
        translated = translated_rank_sql(q, language, "c.id")
    if translated is not None:
        rank, params = f"greatest({rank}, {translated[0]})", [*params, *translated[1]]
    return _ORDERED_SQL[sort].format(cap=int(cap), rank=rank), params


def _raw_counts_postgresql(
    matched: QuerySet[SearchDocument], order: tuple[str, str] | None, cap: int
) -> tuple[dict, list[int] | None]:
    columns = ["category_id", "published_at", "price_from", "facet_segments", "facet_tiers"]
    sql, params = matched.order_by().values(*columns, id=F("pk")).query.sql_with_params()
    tiers = list(LicenceTier.values)
    tier_counts = ", ".join(
        f"count(*) FILTER (WHERE %s = ANY(facet_tiers)) AS t{i}" for i in range(len(tiers))
    )
    tier_rows = ", ".join(f"(%s, x.t{i})" for i in range(len(tiers)))
    ordered, params = "", [*params, *tiers, *tiers]
    if order is not None:
        ordered, ordered_params = _ordered_statement(order, cap)
        ordered, params = "UNION ALL " + ordered, [*params, *ordered_params]
    with connection.cursor() as cursor:
        cursor.execute(
            _FACETS_SQL.format(
                matched=sql, tier_counts=tier_counts, tier_rows=tier_rows, ordered=ordered
            ),
            params,
        )
        rows = cursor.fetchall()
    ids = next((_ids(key) for kind, key, _ in rows if kind == "o"), [])
    counts = summed_counts(row for row in rows if row[0] != "o" and row[1] is not None)
    return counts, ids if order is not None else None


def _raw_counts_orm(matched: QuerySet[Report]) -> dict:
    """The counts on SQLite, as rows for ``summed_counts`` like PostgreSQL's statement
    gives: price buckets and the total are derived there from the exact prices and the
    per-category counts (every report has a category)."""
    ids = matched.values("pk")
    reports = matched.order_by()
    categories = list(reports.values_list("category_id").annotate(n=Count("pk")))
    counted = {
        "c": categories,
        "y": reports.annotate(y=ExtractYear("published_at"))
        .values_list("y")
        .annotate(n=Count("pk")),
        "p": reports.exclude(price_from=None).values_list("price_from").annotate(n=Count("pk")),
        "s": ReportSegment.objects.filter(report_id__in=ids)
        .order_by()
        .values_list("segment_id")
        .annotate(n=Count("report_id")),
        "l": Licence.objects.filter(report_id__in=ids)
        .order_by()
        .values_list("tier")
        .annotate(n=Count("report_id", distinct=True)),
    }
    rows = [("t", "", sum(n for _, n in categories))]
    rows += [(kind, key, n) for kind, pairs in counted.items() for key, n in pairs]
    return summed_counts(rows)


def _price_bucket(price: Decimal) -> str | None:
    for key, (_, low, high) in PRICE_BUCKETS.items():
        if (low is None or price >= low) and (high is None or price < high):
            return key
    return None


def summed_counts(rows: Iterable[tuple[str, str, int]]) -> dict:
    """The counts ``raw_counts`` gives, summed from kept count rows (kind, key, n): kind
    ``t`` the total, ``c`` a category id, ``y`` a year, ``p`` an exact lowest price
    (bucketed here, and listed cheapest first as ``prices``), ``s`` a segment id, ``l`` a
    licence tier. Keys may repeat (rows of several categories); zero counts are left out
    as ``raw_counts`` leaves them out."""
    counts = {
        "total": 0,
        "price": dict.fromkeys(PRICE_BUCKETS, 0),
        "categories": {},
        "segments": {},
        "years": {},
        "licences": {},
    }
    by_kind = {"c": "categories", "s": "segments", "y": "years", "l": "licences"}
    prices = {}
    for kind, key, n in rows:
        if kind == "t":
            counts["total"] += n
        elif kind == "p":
            price = Decimal(key)
            prices[price] = prices.get(price, 0) + n
            if bucket := _price_bucket(price):
                counts["price"][bucket] += n
        elif kind in by_kind:
            group = counts[by_kind[kind]]
            key = key if kind == "l" else int(key)
            group[key] = group.get(key, 0) + n
    for name in by_kind.values():
        counts[name] = {key: n for key, n in counts[name].items() if n}
    counts["years"] = sorted(counts["years"].items(), reverse=True)
    counts["prices"] = sorted((price, n) for price, n in prices.items() if n)
    return counts


def category_counts(category_ids: list[int] | None) -> dict:
    """The counts ``raw_counts`` gives for every published report filed under
    ``category_ids`` (None: the whole catalogue), summed from the per-category counts the
    database keeps (``reports_categoryfacet``, migration 0009) instead of counted from the
    reports: one small aggregate whatever the catalogue size. PostgreSQL only."""
    condition, params = ("category_id = ANY(%s)", [category_ids]) if category_ids else ("true", [])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT kind, key, n FROM reports_categoryfacet WHERE {condition} "  # noqa: S608
            "UNION ALL SELECT 'c', category_id::text, n FROM reports_categoryfacet "
            f"WHERE kind = 't' AND {condition}",
            params * 2,
        )
        return summed_counts(cursor.fetchall())


def segment_counts(segment_id: int) -> dict:
    """The counts ``raw_counts`` gives for every published report covering the segment,
    summed from the per-segment counts the database keeps (``reports_segmentfacet``,
    migration 0013) instead of counted from the reports. PostgreSQL only."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, key, n FROM reports_segmentfacet WHERE segment_id = %s", [segment_id]
        )
        return summed_counts(cursor.fetchall())


def first_ids(
    matched: QuerySet[SearchDocument], order: tuple[str, str], cap: int, counts: dict
) -> list[int]:
    """The first ``cap`` ids of ``matched`` in ``order`` (as ``raw_counts`` returns them),
    for a result set whose ``counts`` are known without counting it (``frequent``): they
    bound the read. The ``cap`` newest matches were all published in or after the latest
    year from which on there are ``cap`` matches (``years``); the ``cap`` cheapest all
    cost at most the lowest price by which there are ``cap`` matches (``prices``). Only
    the matches within that bound are read. PostgreSQL only.

    The matches are not materialised, so the planner chooses how to read them: for a
    word in most reports it walks the date or price index and tests each row until
    ``cap`` match (a thousand rows, 10 ms), for a rarer one it collects the bounded
    matches from the GIN index. Collecting every match within the bound cost a word in
    40% of 100,000 reports 55 ms, a word in 70% by price 340 ms. It runs without
    parallel workers (``SET LOCAL``: for this statement, or the rest of an enclosing
    transaction): the planner chose them for words in a few percent of the reports,
    and starting them cost a search for "oncology" 2 to 4 ms of its 12."""
    sort, q = order
    if sort == "price":
        if (price := _cutoff(counts["prices"], cap)) is not None:
            matched = matched.filter(price_from__lte=price)
    elif (year := _cutoff(counts["years"], cap)) is not None:
        matched = matched.filter(published_at__gte=datetime(year, 1, 1, tzinfo=UTC))
    columns = ["published_at", "price_from"]
    sql, params = matched.order_by().values(*columns, id=F("pk")).query.sql_with_params()
    ordered, ordered_params = _ordered_statement(order, cap)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SET LOCAL max_parallel_workers_per_gather = 0; WITH m AS ({sql}) {ordered}",
            [*params, *ordered_params],
        )
        return _ids(cursor.fetchone()[1])


def _cutoff(counted: list[tuple], cap: int) -> int | Decimal | None:
    """The first key of ``counted`` ((key, n) in the order of the page) by which the
    counts reach ``cap``; None if they never do."""
    running = 0
    for key, n in counted:
        running += n
        if running >= cap:
            return key
    return None


def raw_counts(
    matched: QuerySet[SearchDocument] | QuerySet[Report],
    *,
    order: tuple[str, str] | None = None,
    cap: int = 0,
) -> tuple[dict, list[int] | None]:
    """Counts over ``matched``; and, for ``order=(sort, q)`` on PostgreSQL, its first
    ``cap`` ids in that order (None otherwise). One statement on PostgreSQL."""
    if connection.vendor == "postgresql":
        return _raw_counts_postgresql(matched, order, cap)
    return _raw_counts_orm(matched), None
