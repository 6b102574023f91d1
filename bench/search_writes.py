"""What keeping the search current costs a write (PostgreSQL, catalogue-scale).

Usage: ``DATABASE_URL=postgres://…/portal_bench100k .venv/bin/python bench/search_writes.py``
(see bench/_catalogue.py for making the catalogue). It re-indexes reports as an edit does
(``report_search_index_update``: the report's vectors, its search document, and the
triggers that keep the per-category, per-segment and per-frequent-word facet counts), and
starts keeping one frequent word's counts (``frequent_lexeme_keep``, which makes writers
wait).
It also moves reports to another category, which changes every count they are in.
Every write is rolled back, so the catalogue is left as it was. It prints p50/p95 for
one report and the time for a batch, with every trigger and without the per-segment or the
per-word one.
"""

import _catalogue

RUNS = 20
BATCH = 2000


class Rollback(Exception):
    pass


def main() -> None:
    _catalogue.setup()
    from django.db import connection, transaction

    from reports.models import Category, Report, SearchDocument
    from reports.search.frequent import frequent_lexeme_keep, frequent_lexemes_drop, kept_lexemes
    from reports.search.index import report_search_index_update

    ids = list(
        SearchDocument.objects.filter(is_published=True).order_by("pk").values_list("pk", flat=True)
    )
    singles, batch = ids[100 : 100 + RUNS], ids[1000 : 1000 + BATCH]
    kept = sorted(kept_lexemes())
    print(f"words whose counts are kept: {len(kept)}")

    def rolled_back(work) -> None:
        try:
            with transaction.atomic():
                work()
                raise Rollback
        except Rollback:
            pass

    def measure(label: str) -> None:
        pending = iter(singles)
        one = _catalogue.timed(
            lambda: rolled_back(lambda: report_search_index_update(report_ids=[next(pending)])),
            RUNS,
        )
        many = _catalogue.timed(
            lambda: rolled_back(lambda: report_search_index_update(report_ids=batch)), 1
        )
        moves = iter(singles)
        moved = _catalogue.timed(lambda: rolled_back(lambda: move(next(moves))), RUNS)
        print(f"{label}: one report {_catalogue.p50_p95(one)}; {BATCH} reports {many[0]:.0f} ms")
        print(f"    move one report to another category {_catalogue.p50_p95(moved)}")

    def move(pk: int) -> None:
        """Every count the report is in changes (its category key under each kept word)."""
        report = Report.objects.get(pk=pk)
        other = Category.objects.exclude(pk=report.category_id).order_by("pk").first()
        Report.objects.filter(pk=pk).update(category=other)

    measure("re-index with every counting trigger")
    for counts in ("segment", "lexeme"):
        trigger = f"reports_{counts}facet_update"
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE reports_searchdoc DISABLE TRIGGER {trigger}")
        try:
            measure(f"re-index without the per-{counts} counts' trigger")
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE reports_searchdoc ENABLE TRIGGER {trigger}")
    if kept:
        word = "healthcar" if "healthcar" in kept else kept[0]

        def recount() -> None:
            frequent_lexemes_drop(lexemes=[word])
            frequent_lexeme_keep(lexeme=word)

        took = _catalogue.timed(lambda: rolled_back(recount), 5)
        print(f"start keeping “{word}” (writers wait meanwhile): {_catalogue.p50_p95(took)}")


if __name__ == "__main__":
    main()
