"""Delivery cost of one order: the watermarked full report, the mark a download adds to it
(the reader's name on every page) and the invoice PDF.

Usage: ``.venv/bin/python bench/order_pdf.py [--repeat 5] [--code 1541508]``. Places a
paid order of the demo report in a throw-away database, renders once to warm up, then
prints the median and worst of ``--repeat`` renders of each document and the page count.
"""

import argparse
import io
import statistics
import time

import _demo


def timed(render, repeat: int) -> tuple[list[float], bytes]:
    render()
    times, data = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        data = render()
        times.append(time.perf_counter() - start)
    return times, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--code", type=int, default=1541508)
    args = parser.parse_args()
    _demo.setup()
    _demo.demo_reports()

    from pypdf import PdfReader

    from orders import services
    from orders.documents import render_full_report_pdf
    from orders.invoices import render_invoice_pdf
    from orders.watermark import stamp
    from reports.models import Report

    report = Report.objects.get(code=args.code)
    order = services.order_create(
        report=report,
        licence=report.licences.order_by("price").first(),
        buyer=services.Buyer("Jane Doe", "jane@acme.example", "Acme", "GB", "1 High St"),
        provider="bank_transfer",
    )
    services.order_mark_paid(order=order, actor_label="bench")
    full_report = render_full_report_pdf(order)
    mark = "Downloaded by Sam Lee <sam.lee@acme.example>, Acme, on 07 December 2026."
    for name, render in [
        ("full report", lambda: render_full_report_pdf(order)),
        ("download mark on the full report", lambda: stamp(full_report, text=mark)),
        ("invoice", lambda: render_invoice_pdf(order)),
    ]:
        times, data = timed(render, args.repeat)
        pages = len(PdfReader(io.BytesIO(data)).pages)
        print(
            f"{name}: {pages} pages, {len(data) / 1024:.0f} KiB, median "
            f"{statistics.median(times):.2f} s, worst {max(times):.2f} s"
        )


if __name__ == "__main__":
    main()
