import io

import pytest
from pypdf import PdfReader

from enquiries.documents import render_sample_pdf
from portal.pdf import StaticOnlyFetcher
from reports.models import Section

from .conftest import EXPECTED_CAGR


def pdf_text(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() for page in reader.pages]


@pytest.mark.django_db
def test_sample_pdf_holds_cover_facts_players_segments_and_how_to_buy(sample_report):
    reader, pages = pdf_text(render_sample_pdf(report_id=sample_report.pk))
    text = "\n".join(pages)

    assert "Medical Second Opinion Market" in pages[0]
    assert "1541508" in pages[0]
    assert "Contents of this sample" in text
    assert "Executive summary" in text
    assert EXPECTED_CAGR in text
    assert "2024–2031" in text
    assert "A medical second opinion is a consultation" in text
    assert "Cleveland Clinic" in text and "Best Doctors Inc" in text
    assert "Hospitals" in text and "North America" in text
    assert "How to buy the full report" in pages[-1]
    assert "/purchase/1541508" in pages[-1]
    assert "Competitive landscape" in text


@pytest.mark.django_db
def test_every_page_is_marked_sample_and_numbered(sample_report):
    reader, pages = pdf_text(render_sample_pdf(report_id=sample_report.pk))

    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert "Sample" in text
        assert f"Page {number} of {len(pages)}" in text


@pytest.mark.django_db
def test_hostile_section_html_renders_without_attachments_or_outside_content(sample_report):
    section = sample_report.sections.first()
    Section.objects.filter(pk=section.pk).update(
        body='<p>Hostile</p><img src="file:///etc/passwd">'
        '<link rel="attachment" href="/etc/passwd">'
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>'
        '<style>@import url("https://evil.example/x.css");</style>'
    )
    fetcher = StaticOnlyFetcher()

    reader, pages = pdf_text(render_sample_pdf(report_id=sample_report.pk, fetcher=fetcher))

    assert reader.attachments == {}
    assert "Hostile" in "\n".join(pages)
    assert "root:" not in "\n".join(pages)
    assert not any("passwd" in url or "evil.example" in url for url in fetcher.served)
