"""Fixtures for the orders tests. The populated report comes from the enquiries tests'
fixtures, the SMTP server and the real Celery worker from ``tests.support.worker``; orders
add private storage for delivered reports, Stripe test credentials, a stand-in Stripe API
server that the real ``stripe`` SDK talks to (``tests.support.stripe_api``), a signer for
webhook payloads, and a stand-in for the full-report renderer where the PDF itself is not
under test."""

import hashlib
import hmac
import io
import json
import time

import pytest
from pypdf import PdfWriter

from tests.enquiries.conftest import _clear_cache, sample_report  # noqa: F401
from tests.support.stripe_api import start_stripe_api
from tests.support.worker import (  # noqa: F401
    _samples_storage,
    broker_url,
    free_port,
    smtp_server,
    start_worker,
    visitor,
)

WEBHOOK_SECRET = "whsec_test_orders_secret"
CHECKOUT_FORM = {
    "full_name": "Jane Doe",
    "email": "Jane.Doe@Acme-Industries.com",
    "company": "Acme Industries",
    "country": "DE",
    "billing_address": "Hauptstraße 1\n10115 Berlin",
    "vat_number": "DE 123 456 789",
    "payment_method": "bank_transfer",
    "accept_terms": "on",
}


@pytest.fixture(autouse=True)
def orders_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "orders": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "orders"), "base_url": None},
        },
    }
    return tmp_path / "orders"


@pytest.fixture
def stripe_enabled(settings):
    """Stripe test credentials; the SDK's API address is a local port nothing listens on,
    so no test reaches Stripe's servers (``stripe_api`` puts the stand-in there)."""
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    settings.STRIPE_WEBHOOK_SECRETS = [WEBHOOK_SECRET]
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    return settings


@pytest.fixture
def stripe_api(stripe_enabled):
    """The stand-in Stripe API on a free local port, ``STRIPE_API_BASE`` pointing at it."""
    with start_stripe_api(api_key=stripe_enabled.STRIPE_SECRET_KEY) as api:
        stripe_enabled.STRIPE_API_BASE = api.url
        yield api


@pytest.fixture
def fake_render(monkeypatch):
    """Replace the full-report render with a tiny PDF; returns the list of orders rendered."""
    rendered = []

    def render(order, **_kwargs):
        rendered.append(order.pk)
        return blank_pdf(title=f"stand-in for {order.number}")

    monkeypatch.setattr("orders.documents.render_full_report_pdf", render)
    return rendered


def blank_pdf(*, title: str) -> bytes:
    """A real one-page A4 PDF (pypdf), so a download can be stamped like a rendered copy."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign(payload: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature`` header for ``payload`` as Stripe computes it (the SDK's own
    verifier accepts it: ``test_stripe.test_the_tests_sign_as_stripe_does``). Written out
    rather than taken from ``stripe.WebhookSignature.generate_signature_header``, which
    first appears in stripe 15.5 (the floor is 12.5) and signs text only, not any bytes."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), str(timestamp).encode() + b"." + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def stripe_event(event_id: str, event_type: str, obj: dict) -> bytes:
    return json.dumps(
        {"id": event_id, "object": "event", "type": event_type, "data": {"object": obj}}
    ).encode()


def session_completed(
    order,
    *,
    event_id: str = "evt_paid_1",
    amount: int | None = None,
    event_type: str = "checkout.session.completed",
) -> bytes:
    return stripe_event(
        event_id,
        event_type,
        {
            "id": "cs_test_1",
            "object": "checkout.session",
            "client_reference_id": order.number,
            "metadata": {"order_id": str(order.pk), "order_number": order.number},
            "payment_status": "paid",
            "amount_total": amount if amount is not None else int(order.total_amount * 100),
            "currency": order.currency.lower(),
            "payment_intent": "pi_test_1",
        },
    )


def charge_refunded(order, *, event_id: str = "evt_refund_1", full: bool = True) -> bytes:
    return stripe_event(
        event_id,
        "charge.refunded",
        {
            "id": "ch_test_1",
            "object": "charge",
            "payment_intent": "pi_test_1",
            "metadata": {"order_id": str(order.pk), "order_number": order.number},
            "refunded": full,
        },
    )
