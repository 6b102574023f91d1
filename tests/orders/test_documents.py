"""The buyer's copy of the full report: everything in it, and the licence on every page."""

import io

from pypdf import PdfReader

from orders.documents import render_full_report_pdf
from tests.factories import FaqFactory, OrderFactory


def test_full_report_has_every_section_and_the_licence_on_every_page(sample_report):
    FaqFactory(report=sample_report, question="Which regions are covered?")
    order = OrderFactory(
        report=sample_report,
        licence=sample_report.licences.get(tier="enterprise"),
        full_name="Jane Doe",
        company="Acme Industries",
    )

    reader = PdfReader(io.BytesIO(render_full_report_pdf(order)))

    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    mark = f"Licensed to Jane Doe, Acme Industries – Enterprise licence – order {order.number}"
    assert len(pages) > 3
    assert [number for number, text in enumerate(pages, 1) if mark not in text] == []
    document = " ".join(pages)
    for heading in [
        "Market overview and trends",
        "Drivers",
        "Opportunities",
        "Competitive landscape",
    ]:
        assert heading in document
    assert "Which regions are covered?" in document
    assert "Cleveland Clinic" in document
    assert "Hospitals" in document
