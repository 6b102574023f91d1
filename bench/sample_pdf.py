"""Sample PDF render time, pages per second, and a worker's memory after many renders.

Usage: ``.venv/bin/python bench/sample_pdf.py [--repeat 10] [--renders 200]``. In a process
readied as a worker's pool process is (``portal.celery.prepare_worker_process``), renders the
demo report 1541508's sample (``enquiries.documents.render_sample_pdf``, as the worker does)
once to warm up, then prints the median and worst wall-clock time of ``--repeat`` renders,
the median CPU time of the process (the wall clock of a shared 2-core machine mostly
measures the neighbours), the page count and pages per second.

Memory is measured in a separate process shaped like a Celery worker child: a fresh
interpreter that sets Django up on a copy of the demo database (no migrations, which cost
a bench process tens of megabytes a worker never spends), imports the tasks, readies
itself as a pool process does, then renders ``--renders`` samples and prints its resident
memory. It runs twice: with the report's chart SVGs already in the cache, as after a
visitor viewed the report page (the worker never draws a chart, so never loads
matplotlib), and with an empty cache (the worker draws the charts itself on its first
render).
Goal on a 2-core machine: 10–15 pages in under 0.5 s warm, under 150 MB after 200 renders.
"""

import argparse
import io
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _demo


def rss_mb(field: str = "VmRSS") -> float:
    """Resident memory (``VmHWM``: its peak) of this process, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_child(code: int, renders: int) -> None:
    """The memory half, run in its own process on the database and cache given in the
    environment (see the module docstring)."""
    sys.path.insert(0, str(_demo.ROOT))
    import django

    django.setup()
    import enquiries.tasks  # noqa: F401  (what a worker child has imported)
    from enquiries.documents import render_sample_pdf
    from portal.celery import prepare_worker_process
    from reports.models import Report

    report_id = Report.objects.get(code=code).pk
    prepare_worker_process()
    print(f"  resident after start-up: {rss_mb():.0f} MB")
    render_sample_pdf(report_id=report_id)
    print(f"  after the first render: {rss_mb():.0f} MB")
    for _ in range(renders - 1):
        render_sample_pdf(report_id=report_id)
    peak = rss_mb("VmHWM")
    matplotlib = "loaded" if "matplotlib" in sys.modules else "not loaded"
    print(f"  after {renders} renders: resident {rss_mb():.0f} MB, peak {peak:.0f} MB")
    print(f"  matplotlib {matplotlib}")


def measure_worker_memory(report, renders: int) -> None:
    from django.core.cache.backends.filebased import FileBasedCache
    from django.db import connection

    from reports.charts.spec import chart_specs
    from reports.charts.svg import CACHE_TIMEOUT, cache_key, render_svg
    from reports.selectors import report_for_page

    with tempfile.TemporaryDirectory(prefix="bench-sample-") as folder:
        database_url = os.environ["DATABASE_URL"]
        if connection.vendor == "sqlite":
            database = Path(folder) / "demo.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(database)
            connection.connection.backup(target)
            target.close()
            database_url = f"sqlite:///{database}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
        }
        command = [sys.executable, __file__, "--child", "--code", str(report.code)]
        command += ["--renders", str(renders)]

        cached = Path(folder) / "cache-with-charts"
        page_report = report_for_page(code=report.code)
        FileBasedCache(str(cached), {}).set_many(
            {
                cache_key(page_report, spec.id): render_svg(spec)
                for spec in chart_specs(page_report)
            },
            CACHE_TIMEOUT,
        )
        for label, cache_dir in [
            ("charts in the cache (as after a page view)", cached),
            ("empty cache (the worker draws the charts)", Path(folder) / "cache-empty"),
        ]:
            print(f"worker-like process, {label}:", flush=True)
            subprocess.run(
                command, env={**env, "CACHE_URL": f"filecache://{cache_dir}"}, check=True
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--code", type=int, default=1541508)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        worker_child(args.code, args.renders)
        return
    _demo.setup()
    _demo.demo_reports()

    from pypdf import PdfReader

    from enquiries.documents import render_sample_pdf
    from portal.celery import prepare_worker_process
    from reports.models import Report

    report = Report.objects.get(code=args.code)
    prepare_worker_process()
    print(f"report {report.code}: {report.title}")
    started = time.perf_counter()
    pdf = render_sample_pdf(report_id=report.pk)
    print(f"first (cold) render: {time.perf_counter() - started:.3f} s")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)

    timings, cpu = [], []
    for _ in range(args.repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        render_sample_pdf(report_id=report.pk)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    median = statistics.median(timings)
    print(f"pages: {pages}, size: {len(pdf) / 1024:.0f} KiB")
    print(
        f"warm render, median of {args.repeat}: {median:.3f} s (worst {max(timings):.3f} s), "
        f"CPU median {statistics.median(cpu):.3f} s"
    )
    print(f"pages per second: {pages / median:.1f}")
    measure_worker_memory(report, args.renders)


if __name__ == "__main__":
    main()
