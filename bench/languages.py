"""The same pages in English and in Japanese on one catalogue (PostgreSQL): is any language a
second-class path?

Usage (a catalogue with a Japanese share, e.g. 10 %)::

    DATABASE_URL=postgres://…/portal_bench_ja manage.py generate_catalogue \\
        --reports 100000 --japanese 0.1
    DATABASE_URL=postgres://…/portal_bench_ja .venv/bin/python bench/languages.py

Report pages: 60 random reports published in both languages, each viewed at its English
and its Japanese address, first with every cache empty (rendered, charts drawn) and again
(served from the page cache). Searches: a common and a rare word in each language, two
words, a word with a category, a Japanese word found in every Japanese report ("市場",
market) and English words on the Japanese site, each cold (caches emptied before every
request) and warm. Prints p50/p95 and the SQL statement count of one request.
"""

import random
import re

import _catalogue

REPORTS = 60
RUNS = 30


def main() -> None:
    _catalogue.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.utils.translation import override

    from reports.models import Category, Report

    client = Client()
    both = list(
        Report.objects.filter(
            status="published", languages__language="ja", languages__published_at__isnull=False
        ).values_list("pk", flat=True)
    )
    if not both:
        raise SystemExit("No report is published in Japanese: generate with --japanese 0.1.")
    print(f"published in Japanese: {len(both):,}")
    sample = Report.objects.filter(pk__in=random.Random(6).sample(both, min(REPORTS, len(both))))
    english = [report.get_absolute_url() for report in sample]
    with override("ja"):
        japanese = [report.get_absolute_url() for report in sample]
    client.get(english[0])

    for name, urls in (("English", english), ("Japanese", japanese)):
        cache.clear()
        first, counts = [], []
        for url in urls:
            with _catalogue.CountQueries(connection) as queries:
                first += _catalogue.timed(lambda u=url: client.get(u), 1)
            counts.append(queries.count)
        again = []
        for url in urls:
            again += _catalogue.timed(lambda u=url: client.get(u), 1)
        print(f"\nreport page in {name} ({len(urls)} reports)")
        print(f"  first view, caches empty: {_catalogue.p50_p95(first)}; SQL {max(counts)}")
        print(f"  cached:                   {_catalogue.p50_p95(again)}")

    category = Category.objects.filter(parent__isnull=True).order_by("pk").first()
    searches = {
        "English common word": "/reports/?q=healthcare",
        "English rare word": "/reports/?q=photoacoustic",
        "English two words": "/reports/?q=healthcare+diagnostics",
        "Japanese common word": "/ja/reports/?q=医療",
        "Japanese rare word": "/ja/reports/?q=光音響",
        "Japanese two words": "/ja/reports/?q=医療+診断",
        "Japanese word + category": f"/ja/reports/?q=医療&category={category.slug}",
        "Japanese word in every Japanese report": "/ja/reports/?q=市場",
        "English words on the Japanese site": "/ja/reports/?q=healthcare",
    }
    for name, url in searches.items():
        cache.clear()
        with _catalogue.CountQueries(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        heading = re.search(r'id="results-heading">.*?\(([\d,]+)\)', response.content.decode())
        cold = _catalogue.timed(lambda u=url: client.get(u), RUNS, before=cache.clear)
        warm = _catalogue.timed(lambda u=url: client.get(u), RUNS)
        count = heading[1] if heading else "?"
        print(f"\n{name}: {url}  (results {count}; SQL {queries.count})")
        print(f"  cold  {_catalogue.p50_p95(cold)}")
        print(f"  warm  {_catalogue.p50_p95(warm)}")


if __name__ == "__main__":
    main()
