"""The full report PDF delivered to a buyer, marked with the licence on every page.

Its content comes from the same selectors and chart specifications as the report page and
the sample (``enquiries.documents.sample_context``); the full report adds every section,
the FAQs and the table of contents, and a footer on every page naming the licensee,
company, licence tier and order number.
"""

from enquiries.documents import sample_context
from portal.pdf import StaticOnlyFetcher, render_pdf
from reports.selectors import report_for_page

from .models import Order

FULL_REPORT_TEMPLATE = "pdf/report_full.html"


def licence_mark(order: Order, *, edition: int | None = None) -> str:
    """The line printed at the foot of every page of the buyer's copy."""
    return (
        f"Licensed to {order.full_name}, {order.company} – {order.licence_tier_label} "
        f"licence – order {order.number} – edition {edition or order.edition}"
    )


def full_report_context(order: Order, *, edition: int | None = None) -> dict:
    report = report_for_page(code=order.report.code)
    context = sample_context(report)
    sections = list(report.sections.all())
    return {
        **context,
        "order": order,
        "licence_mark": licence_mark(order, edition=edition),
        "edition": edition or order.edition,
        "sections": sections,
        "more_sections": [],
        "faqs": list(report.faqs.all()),
    }


def render_full_report_pdf(
    order: Order, *, edition: int | None = None, fetcher: StaticOnlyFetcher | None = None
) -> bytes:
    """The buyer's copy of the report as it reads now, marked as ``edition`` (default: the
    edition the order bought)."""
    return render_pdf(
        FULL_REPORT_TEMPLATE, full_report_context(order, edition=edition), fetcher=fetcher
    )
