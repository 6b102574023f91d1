"""Search latency on a large catalogue (PostgreSQL), full page requests through Django.

Usage: ``DATABASE_URL=postgres://…/portal_bench100k .venv/bin/python bench/search.py``
(see bench/_catalogue.py for making the catalogue). For each kind of query it prints the
result count, the facet groups with their option counts, the SQL query count, and p50/p95
latency twice: "cold" with the facet-count cache emptied before every request (the worst
case, a query nobody asked recently) and "warm" (the same query asked again).
Goal: p95 under 50 ms.
"""

import re

import _catalogue

RUNS = 30
QUERIES = {
    "rare term": "/reports/?q=photoacoustic",
    "common term (~10%)": "/reports/?q=healthcare",
    "two terms": "/reports/?q=energy+storage",
    "typo": "/reports/?q=oncolgy",
    "facets only": "/reports/?category=healthcare&segment=application:hospitals",
    # Beyond the five: a word in every report (listed as the catalogue), the
    # same word after another (left out as a stop word), and a query nothing matches
    # (spelling correction, then the similar-spelling fallback).
    "word in every report": "/reports/?q=market",
    "common term + word in every report": "/reports/?q=healthcare+market",
    "nothing matches": "/reports/?q=medical+second+opinion",
}


def main() -> None:
    _catalogue.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from reports.search.engine import search
    from reports.search.params import parse_params

    client = Client()
    for name, url in QUERIES.items():
        cache.clear()
        with _catalogue.CountQueries(connection) as cold_queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        with _catalogue.CountQueries(connection) as warm_queries:
            client.get(url)
        from django.http import QueryDict

        outcome = search(parse_params(QueryDict(url.split("?", 1)[1])))
        facets = "; ".join(
            f"{group.label}: {len(group.options)} options, top {group.options[0].count:,}"
            for group in outcome.facets
        )
        heading = re.search(r'id="results-heading">.*?\(([\d,]+)\)', response.content.decode())
        cold = _catalogue.timed(lambda u=url: client.get(u), RUNS, before=cache.clear)
        warm = _catalogue.timed(lambda u=url: client.get(u), RUNS)
        print(f"\n{name}: {url}")
        print(
            f"  results {heading[1] if heading else '?'}"
            f"{' (corrected to: ' + outcome.corrected_query + ')' if outcome.corrected_query else ''}"
            f"; SQL queries cold {cold_queries.count}, warm {warm_queries.count}"
        )
        print(f"  facets  {facets}")
        print(f"  cold    {_catalogue.p50_p95(cold)}")
        print(f"  warm    {_catalogue.p50_p95(warm)}")


if __name__ == "__main__":
    main()
