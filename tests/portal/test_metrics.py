"""The Prometheus endpoint: closed without the token or an allowed address, and counting
requests, PDFs rendered by kind and e-mails sent by kind (in process memory, or in Redis
where every worker adds to the same numbers)."""

import re

import pytest
from django.core import mail

from enquiries.documents import render_sample_pdf
from enquiries.emails import sample_ready_message
from orders.invoices import render_invoice_pdf
from portal import metrics
from tests.factories import OrderFactory, ReportFactory, SampleRequestFactory

TOKEN = "s3cret-scrape-token-for-tests"


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def get() -> str:
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return response.content.decode()

    return get


def value(text: str, name: str, **labels) -> float:
    """The sample ``name{labels}`` in an exposition, 0 when absent."""
    wanted = ",".join(f'{key}="{val}"' for key, val in labels.items())
    pattern = rf"^{re.escape(name)}\{{{re.escape(wanted)}\}} (\S+)$"
    match = re.search(pattern, text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


@pytest.mark.django_db
def test_the_endpoint_is_closed_without_the_token_or_an_allowed_address(client, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []

    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200

    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403

    settings.METRICS_ALLOWED_IPS = ["10.1.0.0/16", "192.0.2.7"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.4.2").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.8").status_code == 403
    assert (
        client.get("/metrics", REMOTE_ADDR="192.0.2.8", HTTP_X_FORWARDED_FOR="10.1.4.2").status_code
        == 403
    )


@pytest.mark.django_db
def test_requests_are_counted(client, scrape):
    before = value(scrape(), "django_http_requests_total_by_method_total", method="GET")

    client.get("/privacy/")

    after = value(scrape(), "django_http_requests_total_by_method_total", method="GET")
    assert after >= before + 2


@pytest.mark.django_db
def test_pdfs_rendered_are_counted_by_kind(scrape):
    before = scrape()

    render_sample_pdf(report_id=ReportFactory().pk)
    order = OrderFactory()
    order.refresh_from_db()
    render_invoice_pdf(order)

    after = scrape()
    for kind in ("sample", "invoice"):
        assert value(after, "portal_pdfs_rendered_total", kind=kind) == (
            value(before, "portal_pdfs_rendered_total", kind=kind) + 1
        )
    assert value(after, "portal_pdfs_rendered_total", kind="report") == value(
        before, "portal_pdfs_rendered_total", kind="report"
    )


@pytest.mark.django_db
def test_emails_sent_are_counted_by_kind(scrape):
    before = value(scrape(), "portal_emails_sent_total", kind="sample_ready")

    sample_ready_message(SampleRequestFactory()).send()

    assert len(mail.outbox) == 1
    assert value(scrape(), "portal_emails_sent_total", kind="sample_ready") == before + 1


@pytest.mark.django_db
def test_counters_kept_in_redis_add_up_across_processes(scrape, settings, redis_server):
    import redis

    settings.METRICS_REDIS_URL = redis_server.url
    metrics.email_sent("enquiry_ack")
    metrics.email_sent("enquiry_ack")
    redis.Redis.from_url(redis_server.url).hincrby(
        metrics.REDIS_KEY, "portal_emails_sent|enquiry_ack", 3
    )

    assert value(scrape(), "portal_emails_sent_total", kind="enquiry_ack") == 5

    redis_server.stop()
    sample_ready_message(SampleRequestFactory()).send()
    assert len(mail.outbox) == 1, "a Redis outage never stops an e-mail"
    assert "portal_emails_sent_total{" not in scrape(), "the scrape still answers"
