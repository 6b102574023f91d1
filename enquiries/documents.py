"""The sample PDF of a report: what it holds, and its rendering through ``portal.pdf``.

The figures, CAGR, segmentation and charts come from the same selectors and typed figures
as the report page (``reports.selectors.report_page_data``), so the sample never disagrees
with the web page.
"""

import base64
import logging
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from portal.pdf import StaticOnlyFetcher, render_pdf
from portal.site import absolute_url
from reports.figures import YearValue, format_amount
from reports.models import Report
from reports.selectors import report_for_page, report_page_data

logger = logging.getLogger(__name__)

SAMPLE_TEMPLATE = "pdf/sample.html"
SAMPLE_SECTION_COUNT = 3


@dataclass(frozen=True)
class Chart:
    title: str
    data_uri: str


def _chart_svgs(report: Report) -> list[Chart]:
    """The report's charts (forecast, regional and other shares) as ``data:`` SVG images,
    drawn by ``reports.charts`` from the same specifications as the web page.

    A failure to draw is logged and the sample goes out without charts rather than not at all.
    """
    try:
        from reports.charts.spec import chart_specs
        from reports.charts.svg import report_svgs

        specs = chart_specs(report)
        svgs = report_svgs(report, specs)
    except Exception:
        logger.exception("Charts for report %s could not be drawn for the sample", report.pk)
        return []
    charts = []
    for spec in specs:
        svg = svgs.get(spec.id)
        if not svg:
            continue
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        charts.append(Chart(title=spec.title, data_uri=uri))
    return charts


def sample_context(report: Report) -> dict:
    """Everything ``templates/pdf/sample.html`` shows, for a report loaded by
    ``reports.selectors.report_for_page``."""
    data = report_page_data(report)
    market = {figure.year: figure.value for figure in data.market_figures}
    label_unit = report.get_unit_display()

    def size(year: int) -> YearValue | None:
        return YearValue(year, market[year]) if year in market else None

    base = size(report.base_year)
    end = size(report.forecast_end_year)
    key_facts = []
    if base:
        key_facts.append(
            (
                gettext("Market size %(year)s") % {"year": base.year},
                format_amount(base.value, currency=report.currency, unit=label_unit),
            )
        )
    if end:
        key_facts.append(
            (
                gettext("Forecast %(year)s") % {"year": end.year},
                format_amount(end.value, currency=report.currency, unit=label_unit),
            )
        )
    if data.cagr:
        key_facts.append(
            (
                gettext("CAGR %(years)s") % {"years": data.cagr.years_label},
                f"{data.cagr.percent}%",
            )
        )
    key_facts.append(
        (gettext("Forecast period"), f"{report.forecast_start_year}–{report.forecast_end_year}")
    )
    key_facts.append((gettext("Base year"), str(report.base_year)))
    sections = list(report.sections.all())
    return {
        "report": report,
        "data": data,
        "publisher": settings.PUBLISHER_NAME,
        "generated_on": timezone.localdate(),
        "key_facts": key_facts,
        "sections": sections[:SAMPLE_SECTION_COUNT],
        "more_sections": sections[SAMPLE_SECTION_COUNT:],
        "toc": list(report.toc_entries.all()),
        "players": list(report.company_links.all()),
        "licences": list(report.licences.all()),
        "charts": _chart_svgs(report),
        "market_rows": [
            (figure.year, figure.get_kind_display(), figure.value) for figure in data.market_figures
        ],
        "report_url": absolute_url(report.get_absolute_url()),
        "purchase_url": absolute_url(reverse("purchase", kwargs={"code": report.code})),
        "enquiry_url": absolute_url(
            reverse("enquiries:pre_order_enquiry", kwargs={"code": report.code})
        ),
        "sales_email": settings.SALES_EMAIL,
    }


def render_sample_pdf(*, report_id: int, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The sample PDF of report ``report_id`` (any status), as bytes."""
    report = Report.objects.get(pk=report_id)
    report = report_for_page(code=report.code)
    return render_pdf(SAMPLE_TEMPLATE, sample_context(report), fetcher=fetcher)
