import re
import time

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from enquiries.emails import DOWNLOAD_SALT, sample_download_token
from enquiries.models import Enquiry, SampleRequest, SampleStatus
from enquiries.services import sample_email_send, sample_render
from tests.factories import ReportFactory, SampleRequestFactory

VALID = {
    "full_name": "Jane Doe",
    "email": "jane.doe@acme-industries.com",
    "company": "Acme Industries",
    "job_title": "Head of Strategy",
    "country": "GB",
    "phone": "+44 20 7946 0958",
    "message": "Please include Brazil.",
    "consent": "on",
    "website": "",
}


def sample_url(report) -> str:
    return reverse("enquiries:request_sample", kwargs={"code": report.code})


def enquiry_url(report) -> str:
    return reverse("enquiries:pre_order_enquiry", kwargs={"code": report.code})


@pytest.mark.django_db
def test_form_page_shows_every_field_and_links_the_privacy_notice(client):
    report = ReportFactory(title="Medical Second Opinion Market")

    page = client.get(sample_url(report)).content.decode()

    for label in [
        "Full name",
        "Business e-mail",
        "Company",
        "Job title",
        "Country",
        "Phone (optional)",
        "Message (optional)",
        "I agree to be contacted",
    ]:
        assert label in page
    assert 'href="/privacy/"' in page
    assert "Medical Second Opinion Market" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'value="GB"' in page


@pytest.mark.django_db
def test_errors_are_shown_beside_their_fields_and_announced(client):
    report = ReportFactory()

    response = client.post(sample_url(report), {**VALID, "email": "nope", "consent": ""})

    page = response.content.decode()
    assert response.status_code == 400
    email_input = re.search(r"<input[^>]*name=\"email\"[^>]*>", page).group(0)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="id_email_error"' in email_input
    assert '<p class="field-error" id="id_email_error">Enter an e-mail address such as' in page
    assert 'id="id_consent_error">Tick the box to agree' in page
    assert "Please correct 2 fields" in page
    assert SampleRequest.objects.count() == 0


@pytest.mark.django_db
def test_valid_sample_request_lands_on_thank_you_and_sends_the_sample(sample_report, post_form):
    response = post_form(sample_url(sample_report))

    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(
        f"/enquiry/request-sample/{sample_report.code}/thanks"
    )
    assert "Thank you – your sample is on its way" in page
    assert "What happens next" in page
    assert "jane.doe@acme-industries.com" in page
    sample_request = SampleRequest.objects.get()
    assert sample_request.status == SampleStatus.SENT
    assert sample_request.phone == "+442079460958"
    assert sample_request.ip_address == "127.0.0.1"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_valid_enquiry_lands_on_thank_you_and_notifies(sample_report, post_form, settings):
    settings.SALES_EMAIL = "sales@publisher.example"

    response = post_form(enquiry_url(sample_report))

    assert "Thank you – we received your question" in response.content.decode()
    assert Enquiry.objects.get().message == "Please include Brazil."
    assert sorted(m.to[0] for m in mail.outbox) == [
        "jane.doe@acme-industries.com",
        "sales@publisher.example",
    ]


@pytest.mark.django_db
def test_double_submission_creates_one_request_and_one_email(sample_report, post_form):
    first = post_form(sample_url(sample_report))
    second = post_form(sample_url(sample_report))

    assert "Thank you" in first.content.decode()
    assert "Thank you" in second.content.decode()
    assert SampleRequest.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_filled_honeypot_gets_thank_you_page_and_nothing_is_recorded(post_form):
    report = ReportFactory()

    response = post_form(sample_url(report), {**VALID, "website": "http://spam.example"})

    assert "Thank you" in response.content.decode()
    assert SampleRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_too_many_submissions_from_one_ip_get_429(client, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_IP = 3
    report = ReportFactory()

    codes = [
        client.post(sample_url(report), {**VALID, "email": f"user{n}@acme.com"}).status_code
        for n in range(4)
    ]

    assert codes == [302, 302, 302, 429]
    response = client.post(sample_url(report), VALID)
    assert "Too many requests" in response.content.decode()
    assert response["Retry-After"] == str(settings.ENQUIRY_RATE_LIMIT_WINDOW)
    assert SampleRequest.objects.count() == 3


@pytest.mark.django_db
def test_too_many_submissions_for_one_email_get_429(settings):
    settings.ENQUIRY_RATE_LIMIT_PER_EMAIL = 2
    reports = ReportFactory.create_batch(3)

    codes = [
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(sample_url(report), VALID).status_code
        for n, report in enumerate(reports)
    ]

    assert codes == [302, 302, 429]


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_reset_the_count_behind_a_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ENQUIRY_RATE_LIMIT_PER_IP = 2
    report = ReportFactory()
    proxy = Client(REMOTE_ADDR="10.0.0.2")

    codes = [
        proxy.post(
            sample_url(report),
            {**VALID, "email": f"user{n}@acme.com"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9",
        ).status_code
        for n in range(3)
    ]
    other_visitor = proxy.post(
        sample_url(report),
        {**VALID, "email": "other@acme.com"},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    ).status_code

    assert codes == [302, 302, 429]
    assert other_visitor == 302
    assert sorted(SampleRequest.objects.values_list("ip_address", flat=True)) == [
        "203.0.113.10",
        "203.0.113.9",
        "203.0.113.9",
    ]


@pytest.mark.django_db
def test_header_injection_in_name_is_refused_by_the_form(client):
    report = ReportFactory()

    response = client.post(
        sample_url(report), {**VALID, "full_name": "Jane\r\nBcc: everyone@example.com"}
    )

    assert response.status_code == 400
    assert "Use a single line, without line breaks." in response.content.decode()
    assert SampleRequest.objects.count() == 0


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused():
    report = ReportFactory()

    response = Client(enforce_csrf_checks=True).post(sample_url(report), VALID)

    assert response.status_code == 403
    assert SampleRequest.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["enquiries:request_sample", "enquiries:pre_order_enquiry"])
def test_unknown_or_unpublished_code_gives_404_with_search(client, url_name):
    draft = ReportFactory(draft=True)

    for code in [9999999, draft.code]:
        response = client.get(reverse(url_name, kwargs={"code": code}))
        assert response.status_code == 404
        assert 'role="search"' in response.content.decode()


# --- Signed download links.


@pytest.fixture
def sent_sample(sample_report):
    sample_request = SampleRequestFactory(report=sample_report)
    sample_render(sample_request_id=sample_request.pk)
    sample_email_send(sample_request_id=sample_request.pk)
    sample_request.refresh_from_db()
    return sample_request


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/enquiry/sample/\S+)", message.body).group(1)


@pytest.mark.django_db
def test_emailed_link_downloads_the_pdf_and_counts(client, sent_sample):
    path = link_in(mail.outbox[0])

    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    assert response["Referrer-Policy"] == "same-origin"
    sent_sample.refresh_from_db()
    assert sent_sample.download_count == 1


@pytest.mark.django_db
def test_expired_link_offers_a_fresh_one_which_works(
    client, sent_sample, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SAMPLE_LINK_MAX_AGE = 3600
    old = signing.b62_encode(int(time.time()) - 7200)
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: old)
    stale = reverse(
        "enquiries:sample_download", kwargs={"token": sample_download_token(sent_sample)}
    )
    monkeypatch.undo()

    response = client.get(stale)

    assert response.status_code == 410
    assert "This download link has expired" in response.content.decode()
    assert "Send me a fresh link" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        fresh = client.post(f"{stale}/fresh-link", follow=True)
    assert "Thank you" in fresh.content.decode()
    assert len(mail.outbox) == 2
    assert client.get(link_in(mail.outbox[1])).status_code == 200


@pytest.mark.django_db
def test_tampered_link_shows_a_clear_page_and_no_file(client, sent_sample):
    path = link_in(mail.outbox[0])
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")

    response = client.get(tampered)

    assert response.status_code == 404
    assert "This download link is not valid" in response.content.decode()
    assert not response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_link_cannot_be_turned_into_another_requests_file(client, sent_sample, sample_report):
    other = SampleRequestFactory(report=sample_report)
    sample_render(sample_request_id=other.pk)
    forged_pk = signing.dumps([other.pk, sent_sample.download_key.hex], salt=DOWNLOAD_SALT)
    wrong_salt = signing.dumps([other.pk, other.download_key.hex], salt="something-else")

    for token in [forged_pk, wrong_salt]:
        response = client.get(reverse("enquiries:sample_download", kwargs={"token": token}))
        assert response.status_code == 404
        assert "This download link is not valid" in response.content.decode()
    other.refresh_from_db()
    assert other.download_count == 0
