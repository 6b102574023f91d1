"""Bulk import speed: 10,000 reports from JSON Lines into PostgreSQL.

Usage: ``.venv/bin/python bench/import_catalogue.py [COUNT]`` with PostgreSQL on
127.0.0.1:5432 (``BENCH_DATABASE_URL`` overrides). Creates a throw-away database
``bench_import``, migrates it, loads the demo catalogue, exports it and writes COUNT
reports (default 10,000) cycling through the seven demo documents with new codes and
slugs, then times ``import_catalogue`` twice: into the empty catalogue (creates) and again
(updates, the idempotent re-run). Budget: each under 60 s. Records are checked in ``os.cpu_count()`` forked processes;
the wall time depends on what else the machine runs, so the CPU time of the importing
process is printed too.
"""

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 60
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_import")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
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
    from reports.transfer.importer import catalogue_import, records_from_jsonl

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
    for label in ("first import (creates)", "second import (updates)"):
        started, cpu = time.perf_counter(), time.process_time()
        with open(path, "rb") as stream:
            result = catalogue_import(
                records=records_from_jsonl(stream), warnings=False, workers=os.cpu_count() or 1
            )
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
        verdict = "OK" if elapsed < BUDGET_SECONDS and not result.problems else "OVER BUDGET"
        print(
            f"{label}: {elapsed:6.1f} s wall ({cpu:5.1f} s CPU in this process), "
            f"{count / elapsed:6.0f} reports/s, "
            f"{len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.problems)} refused — {verdict} (budget {BUDGET_SECONDS} s)"
        )
    os.unlink(path)
    connection.close()
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False)


if __name__ == "__main__":
    main()
