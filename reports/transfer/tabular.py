"""CSV import: one report per row, its own fields as columns.

Columns: ``code`` (required), ``slug``, ``title``, ``headline``, ``summary``, ``category``
(slug), ``status``, ``featured``, ``page_count``, ``currency``, ``unit``,
``historic_start_year``, ``base_year``, ``forecast_start_year``, ``forecast_end_year``,
``figures`` (whole-market figures as ``2020:2.5;2027:4.6``) and ``players``
(company names separated by ``;``). An empty cell leaves the field as it is.

A row for an existing report overlays its exported document, so sections, segments and
anything else a CSV cannot carry are kept; a row for a new report must give the title, the
category and the four period years.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

from .export import report_document, reports_for_export
from .importer import RecordRefused

SCALAR_COLUMNS = [
    "slug",
    "title",
    "headline",
    "summary",
    "status",
    "page_count",
    "currency",
    "unit",
]
PERIOD_COLUMNS = ["historic_start_year", "base_year", "forecast_start_year", "forecast_end_year"]


def _figures(cell: str) -> list[dict] | RecordRefused:
    figures = []
    for part in cell.split(";"):
        if not part.strip():
            continue
        year, sep, value = part.partition(":")
        if not sep:
            return RecordRefused(f'figures: "{part}" is not year:value.')
        figures.append({"year": year.strip(), "value": value.strip(), "segment": None})
    return figures


def _row_document(row: dict[str, str], existing: dict | None) -> dict | RecordRefused:
    document = dict(existing) if existing else {}
    code = (row.get("code") or "").strip()
    if not code.isdigit():
        return RecordRefused("code: a positive whole number is required.")
    document["code"] = int(code)
    for column in SCALAR_COLUMNS:
        value = (row.get(column) or "").strip()
        if value:
            document[column] = value
    if (row.get("featured") or "").strip():
        document["featured"] = row["featured"].strip().lower() in ("1", "true", "yes", "y")
    if (row.get("category") or "").strip():
        document["category"] = {"slug": row["category"].strip()}
    periods = dict(document.get("periods") or {})
    for column in PERIOD_COLUMNS:
        value = (row.get(column) or "").strip()
        if value:
            periods[column] = value
    document["periods"] = periods
    if (row.get("figures") or "").strip():
        figures = _figures(row["figures"])
        if isinstance(figures, RecordRefused):
            return figures
        kept = [f for f in document.get("figures", []) if f.get("segment")]
        document["figures"] = figures + kept
    if (row.get("players") or "").strip():
        document["players"] = [
            {"company": {"name": name.strip()}}
            for name in row["players"].split(";")
            if name.strip()
        ]
    return document


def records_from_csv(text: str) -> Iterable[tuple[int, Any]]:
    """(line number, document or ``RecordRefused``) for each data row; line 1 is the header."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "code" not in reader.fieldnames:
        yield 1, RecordRefused('The header must name a "code" column.')
        return
    rows = list(reader)
    codes = [int(r["code"]) for r in rows if (r.get("code") or "").strip().isdigit()]
    codes = [c for c in codes if 0 < c < 2**31]
    existing = {
        report.code: report_document(report)
        for report in reports_for_export().filter(code__in=codes)
    }
    for index, row in enumerate(rows):
        line = index + 2
        code = (row.get("code") or "").strip()
        current = existing.get(int(code)) if code.isdigit() and int(code) < 2**31 else None
        yield line, _row_document(row, current)
