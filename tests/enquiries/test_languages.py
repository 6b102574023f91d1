"""A visitor who asks in another language gets the sample, its e-mail and its links in that
language, the PDF's Japanese set in a real CJK font (no missing-glyph boxes)."""

import io
import re

import pytest
from django.core import mail
from django.utils.translation import gettext, override
from pypdf import PdfReader

from enquiries.models import Enquiry, SampleRequest, SampleStatus
from tests.support.pdf import pdf_fonts

from .test_views import VALID

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_a_sample_asked_for_in_japanese_comes_in_japanese(
    sample_report, post_form, _samples_storage
):
    post_form(f"/ja/enquiry/request-sample/{sample_report.code}")

    sample = SampleRequest.objects.get()
    assert (sample.language, sample.status) == ("ja", SampleStatus.SENT)
    [message] = mail.outbox
    assert CJK.search(message.subject) and CJK.search(message.body)
    assert "/ja/enquiry/sample/" in message.body
    pdf = (_samples_storage / sample.pdf_name).read_bytes()
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    with override("ja"):
        assert gettext("Sample date") in text and gettext("Sample date") != "Sample date"
    assert any("CJK" in font for font in pdf_fonts(pdf)), pdf_fonts(pdf)


def test_an_enquiry_in_german_is_acknowledged_in_german_and_sales_read_english(
    sample_report, post_form, settings
):
    settings.SALES_EMAIL = "sales@publisher.example"
    post_form(
        f"/de/enquiry/pre-order-enquiry/{sample_report.code}", {**VALID, "message": "Brasilien?"}
    )

    assert Enquiry.objects.get().language == "de"
    [ack] = [m for m in mail.outbox if m.to == [VALID["email"]]]
    [notification] = [m for m in mail.outbox if m.to == ["sales@publisher.example"]]
    with override("de"):
        german = gettext("We received your question about %(title)s") % {
            "title": sample_report.title
        }
    assert german != f"We received your question about {sample_report.title}"
    assert german in ack.subject
    assert f'A visitor asked about "{sample_report.title}"' in notification.body
