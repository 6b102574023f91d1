"""CSV downloads from the admin (leads, orders): one file shape and one guard, which the
public headline-data CSV (``reports.downloads``) applies to its text cells too.

Visitors type many of the exported values; a cell starting with ``=``, ``+``, ``-``, ``@``
or a tab/carriage return would run as a formula in a spreadsheet, so such cells are
prefixed with an apostrophe (OWASP's CSV-injection advice)."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in FORMULA_STARTS else text


def csv_download(*, prefix: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """An attachment ``<prefix>-<YYYYmmdd-HHMM>.csv`` with ``header`` and each row made
    spreadsheet-safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response
