"""Sample PDF render time, pages per second, and memory after many renders.

Usage: ``.venv/bin/python bench/sample_pdf.py [--repeat 10] [--renders 200]``. Renders the
demo report 1541508's sample (``enquiries.documents.render_sample_pdf``, as the worker does)
once to warm up, then prints the median and worst of ``--repeat`` renders, the page count
and pages per second; then renders ``--renders`` more in the same process (a worker child
lives for ``CELERY_WORKER_MAX_TASKS_PER_CHILD`` tasks) and prints the resident memory.
Goal on a 2-core machine: 10–15 pages in under 0.5 s warm, under 150 MB after 200 renders.
"""

import argparse
import io
import resource
import statistics
import time
from pathlib import Path

import _demo


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--code", type=int, default=1541508)
    args = parser.parse_args()
    _demo.setup()
    _demo.demo_reports()

    from pypdf import PdfReader

    from enquiries.documents import render_sample_pdf
    from reports.models import Report

    report = Report.objects.get(code=args.code)
    print(f"report {report.code}: {report.title}")
    print(f"resident memory before the first render: {rss_mb():.0f} MB")
    started = time.perf_counter()
    pdf = render_sample_pdf(report_id=report.pk)
    print(f"first (cold) render: {time.perf_counter() - started:.3f} s")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)

    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        render_sample_pdf(report_id=report.pk)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    print(f"pages: {pages}, size: {len(pdf) / 1024:.0f} KiB")
    print(f"warm render, median of {args.repeat}: {median:.3f} s (worst {max(timings):.3f} s)")
    print(f"pages per second: {pages / median:.1f}")

    for _ in range(args.renders):
        render_sample_pdf(report_id=report.pk)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"after {args.renders} more renders: resident {rss_mb():.0f} MB, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
