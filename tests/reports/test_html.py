import pytest

from reports.html import sanitize_html
from tests.factories import FaqFactory, SectionFactory

HOSTILE = (
    '<p>Growth<script>alert("x")</script></p>'
    '<img src="chart.png" onerror="alert(1)">'
    '<a href="javascript:alert(2)">click</a>'
    '<a href="https://example.com/report">source</a>'
    '<iframe src="https://evil.example"></iframe>'
    '<p style="background:url(javascript:alert(3))">styled</p>'
)


def test_sanitizer_removes_scripts_handlers_and_javascript_urls():
    cleaned = sanitize_html(HOSTILE)

    assert "<script" not in cleaned
    assert "alert" not in cleaned
    assert "onerror" not in cleaned
    assert "javascript:" not in cleaned
    assert "<iframe" not in cleaned
    assert "style=" not in cleaned
    assert '<a href="https://example.com/report" rel="noopener noreferrer">source</a>' in cleaned
    assert "<p>Growth</p>" in cleaned


def test_sanitizer_is_idempotent():
    once = sanitize_html(HOSTILE)
    assert sanitize_html(once) == once


@pytest.mark.django_db
@pytest.mark.smoke
def test_section_and_faq_bodies_are_sanitised_on_save():
    section = SectionFactory(body=HOSTILE)
    faq = FaqFactory(answer='<p>Yes<img src=x onerror="alert(1)"></p>')

    section.refresh_from_db()
    faq.refresh_from_db()
    assert "<script" not in section.body and "javascript:" not in section.body
    assert "onerror" not in faq.answer
    assert "Yes" in faq.answer
