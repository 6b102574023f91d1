"""Shared set-up for the catalogue-scale benchmarks (bench/search.py, bench/pages.py).

They run against the database in ``DATABASE_URL``, which must be PostgreSQL holding a
catalogue made by ``manage.py generate_catalogue --reports 100000``, e.g.::

    createdb portal_bench100k
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench100k manage.py migrate
    DATABASE_URL=… manage.py generate_catalogue --reports 100000
    DATABASE_URL=… .venv/bin/python bench/search.py
"""

import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database with a generated catalogue.")
    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, reset_queries

    # Keep one connection for the whole run, as CONN_MAX_AGE does in production, so
    # the query counts and timings are of the page, not of reconnecting.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.disconnect(reset_queries)
    from reports.models import Report

    count = Report.objects.filter(status="published").count()
    load = os.getloadavg()
    print(f"catalogue: {count:,} published reports; load average {load[0]:.2f} {load[1]:.2f}")
    print(f"machine: {machine_speed()}")


def machine_speed() -> str:
    """Two fixed workloads, so figures taken on different machines can be compared: a
    Python loop (what page rendering scales with) and an in-memory PostgreSQL aggregate
    (what the facet counts scale with). Best of five, in milliseconds."""
    from django.db import connection

    def python_loop() -> None:
        total = 0
        for number in range(1_000_000):
            total += number

    def sql_aggregate() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT k % 97, count(*) FROM generate_series(1, 200000) AS k GROUP BY 1"
            )
            cursor.fetchall()

    python_ms = min(timed(python_loop, 5))
    sql_ms = min(timed(sql_aggregate, 5))
    return f"Python loop of 10^6 additions {python_ms:.1f} ms; SQL group of 2*10^5 rows {sql_ms:.1f} ms"


def timed(fn, runs: int, before=None) -> list[float]:
    """Milliseconds of ``runs`` calls of ``fn`` (``before`` runs untimed before each)."""
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p50_p95(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):6.1f} ms  p95 {p95:6.1f} ms"


class CountQueries:
    """Counts the SQL statements run on ``connection`` inside the ``with`` block."""

    def __init__(self, connection):
        self.connection, self.count = connection, 0

    def _wrapper(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._context = self.connection.execute_wrapper(self._wrapper)
        self._context.__enter__()
        return self

    def __exit__(self, *exc):
        self._context.__exit__(*exc)
