"""Bulk import speed: 10,000 reports from JSON Lines into PostgreSQL.

Usage: ``.venv/bin/python bench/import_catalogue.py [COUNT] [--runs N]`` with PostgreSQL on
127.0.0.1:5432 (``BENCH_DATABASE_URL`` overrides). Creates a throw-away database
``bench_import``, migrates it, loads the demo catalogue, exports it and writes COUNT
reports (default 10,000) cycling through the seven demo documents with new codes and
slugs, then times ``import_catalogue`` twice: into the empty catalogue (creates) and again
(updates, the idempotent re-run: nothing changed, so nothing is written). Budget: each
under 60 s. Records are checked in ``os.cpu_count()`` forked processes.

``--runs N`` repeats both imports N times (emptying the reports in between) and prints the
median of each. The wall time depends on what else the machine runs, so each line also
gives the CPU seconds spent by the importing process, by the checking processes and by the
PostgreSQL backend (read from /proc when the server is local), and the load average.
"""

import argparse
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 60
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_import")


def _backend_cpu(pid: int) -> float | None:
    """User and system CPU seconds of the PostgreSQL backend ``pid``; None if not local."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    options = parser.parse_args()
    count = options.count
    name = URL.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ["DATABASE_URL"] = URL
    import django

    django.setup()
    logging.disable(logging.INFO)
    warnings.filterwarnings("ignore", message="No directory at")
    from django.core.management import call_command
    from django.db import connection

    from reports.demo.loader import demo_catalogue_load
    from reports.models import Report
    from reports.transfer.export import catalogue_documents
    from reports.transfer.importer import catalogue_import

    call_command("migrate", verbosity=0, interactive=False)
    demo_catalogue_load()
    templates = list(catalogue_documents())
    Report.objects.all().delete()

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        for index in range(count):
            document = dict(templates[index % len(templates)])
            document["code"] = 5_000_000 + index
            document["slug"] = f"{document['slug']}-{index}"
            handle.write(json.dumps(document) + "\n")
        path = handle.name
    size = Path(path).stat().st_size
    rows = sum(
        len(t["sections"])
        + len(t["toc"])
        + len(t["faqs"])
        + len(t["figures"])
        + len(t["players"])
        + len(t["segments"])
        + len(t["licences"])
        + 1
        for t in templates
    ) / len(templates)
    print(f"{count} reports, {size / 1e6:.1f} MB of JSON Lines, ~{rows:.0f} rows per report")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    labels = ("first import (creates)", "second import (updates)")
    timings: dict[str, list[float]] = {label: [] for label in labels}
    for run in range(options.runs):
        if run:
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE reports_report CASCADE")
        for label in labels:
            timings[label].append(_timed_import(label, path, count, backend, catalogue_import))
    if options.runs > 1:
        for label, times in timings.items():
            median = statistics.median(times)
            verdict = "OK" if median < BUDGET_SECONDS else "OVER BUDGET"
            print(
                f"median of {options.runs}, {label}: {median:6.1f} s wall "
                f"({', '.join(f'{t:.1f}' for t in times)}) — {verdict}"
            )
    os.unlink(path)
    connection.close()
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False)


def _timed_import(label, path, count, backend, catalogue_import) -> float:
    from reports.transfer.importer import records_from_jsonl

    pg = _backend_cpu(backend)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as stream:
        result = catalogue_import(
            records=records_from_jsonl(stream), warnings=False, workers=os.cpu_count() or 1
        )
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    checking = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    pg_after = _backend_cpu(backend)
    server = f"{pg_after - pg:5.1f} s" if pg is not None and pg_after is not None else "n/a"
    verdict = "OK" if elapsed < BUDGET_SECONDS and not result.problems else "OVER BUDGET"
    print(
        f"{label}: {elapsed:6.1f} s wall, {count / elapsed:5.0f} reports/s, "
        f"{len(result.created)} created, {len(result.updated)} updated "
        f"({len(result.unchanged)} unchanged), {len(result.problems)} refused — {verdict} "
        f"(budget {BUDGET_SECONDS} s); CPU {cpu:5.1f} s here, {checking:5.1f} s checking, "
        f"{server} PostgreSQL; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    return elapsed


if __name__ == "__main__":
    main()
