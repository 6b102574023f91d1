"""Headline-data downloads of a published report: ``data.csv`` and ``data.xlsx``.

Both carry the same rows as the charts (``reports.charts.spec.headline_data``): the
whole-market size by year and every segment, regional and key-player share, with the
report code, currency, unit and a citation line, so a figure quoted from the file can be
traced back to the report and revision it came from.

openpyxl is imported when a workbook is asked for: it imports numpy, and the two cost every
process that loads the URLconf (each web and worker process) about 28 MB of memory.
"""

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from portal.csv_export import spreadsheet_safe
from segments.models import ReportSegment

from .charts.spec import WHOLE_MARKET, HeadlineData, Share, headline_data, number_text
from .models import FigureKind, Report, ReportCompany, ReportStatus
from .selectors import MAX_DB_INTEGER

COLUMNS = (
    # Translators: the column headers of the report's data download (CSV and XLSX).
    _("Series"),
    _("Dimension"),
    _("Segment"),
    pgettext_lazy("data download column", "Share of"),
    _("Year"),
    pgettext_lazy("market figure: actual or forecast", "Kind"),
    _("Value"),
    _("Measure"),
)
"""The data's columns, in the language of the page the download was asked from."""
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _published_report(code: int) -> Report | None:
    """The published report numbered ``code`` with the rows the data is made of."""
    if not 0 < code <= MAX_DB_INTEGER:
        return None
    return (
        Report.objects.filter(code=code, status=ReportStatus.PUBLISHED)
        .prefetch_related(
            "figures",
            Prefetch("company_links", queryset=ReportCompany.objects.select_related("company")),
            Prefetch(
                "segment_links",
                queryset=ReportSegment.objects.select_related(
                    "segment__dimension", "segment__parent", "share_of"
                ),
            ),
        )
        .first()
    )


def citation(report: Report) -> str:
    """E.g. ``Reliable Research Reports, "Medical Second Opinion Market", report 1541508,
    revision 3, published 2024. https://…/medical-second-opinion-r1541508``."""
    published = f", published {report.published_at:%Y}" if report.published_at else ""
    return (
        f'{settings.PUBLISHER_NAME}, "{report.title}", report {report.code}, '
        f"revision {report.revision}{published}. {settings.SITE_URL}{report.get_absolute_url()}"
    )


def header_rows(report: Report) -> list[tuple[str, str]]:
    return [
        (gettext("Source"), citation(report)),
        (gettext("Report code"), str(report.code)),
        (gettext("Currency"), report.currency),
        (gettext("Unit"), report.get_unit_display()),
    ]


def _share_rows(series: str, dimension: str, shares: tuple[Share, ...]) -> Iterator[tuple]:
    for share in shares:
        whole = gettext("Whole market")
        yield (series, dimension, share.name, whole, None, "", share.percent, "%")
        for child in share.children:
            of = whole if child.of == WHOLE_MARKET else child.of
            yield (series, dimension, child.name, of, None, "", child.percent, "%")


def data_rows(report: Report, data: HeadlineData) -> Iterator[tuple]:
    """One tuple per figure, in ``COLUMNS`` order; values stay ``Decimal``."""
    kinds = dict(FigureKind.choices)
    for year, value, kind in data.market_size:
        kind_name = str(kinds.get(kind, kind))
        yield (gettext("Market size"), "", "", "", year, kind_name, value, report.figure_label)
    for group in data.share_groups:
        yield from _share_rows(gettext("Segment share"), group.name, group.shares)
    if data.company_shares:
        yield from _share_rows(gettext("Key player share"), "", data.company_shares.shares)


def _download(request: HttpRequest, slug: str, code: str, *, name: str) -> Report | HttpResponse:
    report = _published_report(int(code))
    if report is None:
        raise Http404("No such report.")
    if slug != report.slug:
        canonical = reverse(name, kwargs={"slug": report.slug, "code": report.code})
        return HttpResponsePermanentRedirect(canonical)
    return report


def _attachment(response: HttpResponse, report: Report, extension: str) -> HttpResponse:
    response["Content-Disposition"] = (
        f'attachment; filename="{report.slug}-r{report.code}-data.{extension}"'
    )
    return response


def _csv_value(value) -> str:
    """One CSV cell: numbers (figures, years) as written, every text through
    ``spreadsheet_safe``. Segment, company and dimension names are typed by staff or come in
    through imports; one starting with ``=`` would otherwise run as a formula in the
    spreadsheet of whoever opens the file."""
    if isinstance(value, Decimal):
        return number_text(value).replace(",", "")
    if isinstance(value, int):
        return str(value)
    return spreadsheet_safe(value)


@require_safe
def data_csv(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The headline data as CSV: a header block (source, code, currency, unit), a blank
    line, then one row per figure under ``COLUMNS``."""
    report = _download(request, slug, code, name="reports:data_csv")
    if isinstance(report, HttpResponse):
        return report
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([_csv_value(cell) for cell in row] for row in header_rows(report))
    writer.writerow([])
    writer.writerow([str(column) for column in COLUMNS])
    for row in data_rows(report, headline_data(report)):
        writer.writerow([_csv_value(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, report, "csv")


def _text_not_formula(cells) -> None:
    """openpyxl stores a string starting with ``=`` as a formula; in this workbook every
    string is a name or a label, so such cells are kept as text."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"


@require_safe
def data_xlsx(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The headline data as an Excel workbook: the same header block and table as the CSV
    on one sheet, numbers stored as numbers."""
    report = _download(request, slug, code, name="reports:data_xlsx")
    if isinstance(report, HttpResponse):
        return report
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Headline data"
    bold = Font(bold=True)
    for label, value in header_rows(report):
        sheet.append([label, value])
        _text_not_formula(sheet[sheet.max_row])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append([str(column) for column in COLUMNS])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
    for row in data_rows(report, headline_data(report)):
        sheet.append([float(value) if isinstance(value, Decimal) else value for value in row])
        _text_not_formula(sheet[sheet.max_row])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for letter, width in zip("ABCDEFGH", (18, 16, 34, 18, 8, 10, 10, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    workbook.properties.title = f"{report.title} – headline data"
    workbook.properties.creator = settings.PUBLISHER_NAME
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    return _attachment(response, report, "xlsx")
