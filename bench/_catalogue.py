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
