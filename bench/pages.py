"""Report page and category page latency on a large catalogue (PostgreSQL).

Usage: ``DATABASE_URL=postgres://…/portal_bench100k .venv/bin/python bench/pages.py``.
Report pages: 60 random published reports, each fetched three times: the first view with
every cache empty renders the page, drawing its charts (cached per report revision), and
caches it per revision and index generation (reports.views); the second is served from that
cache; the third comes after a change elsewhere in the catalogue advanced the generation, so
only its related reports are drawn again (an edit of another report's section is saved);
a fourth view comes after a company was renamed, which retires every cached page, so the
page is rendered again with its chart drawings still cached. p50/p95 and the SQL query
count (min/max: it must not vary with the report or the catalogue size) of each.
Category pages: every root category and ten subcategories, first page, cold (facet cache
emptied) and warm; segment and region pages likewise, for the twenty top-level segments
covering most reports (regions, applications) and the ten largest countries or
sub-segments. Goals: report page p50 under 15 ms; category page p95 under 30 ms (and the
segment pages likewise).
"""

import random

import _catalogue

REPORTS = 60


def main() -> None:
    _catalogue.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from reports.models import Category, Company, Report, Section
    from segments.models import Segment

    client = Client()
    ids = list(Report.objects.filter(status="published").values_list("pk", flat=True))
    sample = random.Random(6).sample(ids, min(REPORTS, len(ids)))
    urls = [r.get_absolute_url() for r in Report.objects.filter(pk__in=sample).only("slug", "code")]
    client.get(urls[0])
    cache.clear()

    def view_each() -> tuple[list[float], list[int]]:
        """Milliseconds and SQL statements of one view of each sampled report."""
        times, counts = [], []
        for url in urls:
            with _catalogue.CountQueries(connection) as queries:
                times += _catalogue.timed(lambda u=url: client.get(u), 1)
            counts.append(queries.count)
        return times, counts

    first, counts = view_each()
    times, cached_counts = view_each()
    Section.objects.exclude(report_id__in=sample).order_by("pk").first().save()
    rerendered, rerendered_counts = view_each()
    Company.objects.order_by("pk").first().save()
    renamed, renamed_counts = view_each()
    print(
        f"\nreport page ({len(urls)} reports): {_catalogue.p50_p95(times)}; "
        f"SQL queries min {min(cached_counts)} max {max(cached_counts)}"
    )
    print(
        f"  first view, every cache empty: {_catalogue.p50_p95(first)}; "
        f"SQL queries min {min(counts)} max {max(counts)}"
    )
    print(
        f"  after another report's section was edited: {_catalogue.p50_p95(rerendered)}; "
        f"SQL queries min {min(rerendered_counts)} max {max(rerendered_counts)}"
    )
    print(
        f"  after a company was renamed (charts cached): {_catalogue.p50_p95(renamed)}; "
        f"SQL queries min {min(renamed_counts)} max {max(renamed_counts)}"
    )

    roots = list(Category.objects.filter(parent__isnull=True).values_list("slug", flat=True))
    subs = list(Category.objects.filter(parent__isnull=False).values_list("slug", flat=True)[:10])
    category_urls = [f"/categories/{slug}/" for slug in roots + subs]
    _list_pages(client, f"category page ({len(category_urls)} categories", category_urls)

    by_size = (
        Segment.objects.select_related("dimension")
        .annotate(reports=Count("report_links"))
        .order_by("-reports", "pk")
    )
    segment_urls = [
        f"/regions/{s.slug}/"
        if s.dimension.is_geographic
        else f"/segments/{s.dimension.slug}/{s.slug}/"
        for s in [*by_size.filter(parent=None)[:20], *by_size.exclude(parent=None)[:10]]
    ]
    _list_pages(client, f"segment and region page ({len(segment_urls)} segments", segment_urls)


def _list_pages(client, name: str, urls: list[str]) -> None:
    """First pages cold (facet cache emptied) and warm, and page 500 of the first."""
    from django.core.cache import cache
    from django.db import connection

    with _catalogue.CountQueries(connection) as queries:
        client.get(urls[0])
    cold, warm = [], []
    for url in urls:
        cold += _catalogue.timed(lambda u=url: client.get(u), 3, before=cache.clear)
        warm += _catalogue.timed(lambda u=url: client.get(u), 3)
    print(f"{name}, first page): SQL queries cold {queries.count}")
    print(f"  cold    {_catalogue.p50_p95(cold)}")
    print(f"  warm    {_catalogue.p50_p95(warm)}")
    deep = urls[0] + "?page=500"
    print(
        f"  page 500 of {urls[0]}: "
        f"{_catalogue.p50_p95(_catalogue.timed(lambda: client.get(deep), 10))}"
    )


if __name__ == "__main__":
    main()
