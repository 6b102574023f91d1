"""The checkout page, placing orders, the order page and the invoice PDF; for a card
order, what the real Stripe SDK sends the stand-in Stripe API and what the buyer sees when
Stripe fails."""

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import Order, OrderStatus
from orders.services import Buyer, order_confirmation_send, order_create, sweep_undelivered
from portal.site import absolute_url
from reports.models import LicenceTier
from tests.factories import LicenceFactory, ReportFactory
from tests.support.text import pdf_pages, text_of
from tests.support.worker import free_port

from .conftest import CHECKOUT_FORM


def _bank_transfer_order(report, *, email: str) -> Order:
    """A single-user order paid by bank transfer, placed through the service."""
    return order_create(
        report=report,
        licence=report.licences.get(tier="single"),
        buyer=Buyer(
            full_name="Jane Doe",
            email=email,
            company="Acme",
            country="DE",
            billing_address="Hauptstraße 1",
        ),
        provider="bank_transfer",
    )


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def checkout(report, **changes) -> dict:
    data = {**CHECKOUT_FORM, "licence": str(report.licences.get(tier="single").pk)}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.smoke
def test_purchase_page_lists_licences_with_prices_and_the_terms(client, sample_report):
    LicenceFactory(
        report=sample_report,
        tier=LicenceTier.MULTI,
        price=Decimal("5250"),
        seats=5,
        description="Up to five named readers in the same company and site.",
    )

    response = client.get("/purchase/1541508")

    text = text_of(response)
    assert response.status_code == 200
    assert "Buy this report" in text
    assert "Single user 1 reader" in text
    assert (
        "Multi user Up to 5 readers Up to five named readers in the same company and site." in text
    )
    assert "Enterprise Unlimited readers in your company" in text
    assert "USD 5,250" in text
    assert 'href="/terms-of-sale/"' in response.content.decode()
    offers = {
        offer["name"]: offer["price"]
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
        )
        for offer in json.loads(block).get("offers", [])
    }
    assert offers == {"Single user": "3500.00", "Multi user": "5250.00", "Enterprise": "7000.00"}


@pytest.mark.smoke
def test_terms_of_sale_page(client, db):
    response = client.get("/terms-of-sale/")

    assert response.status_code == 200
    assert "Terms of sale" in text_of(response)


@pytest.mark.parametrize("code", ["2000001", "42", "99999999999999999999"])
def test_unknown_or_unpublished_report_is_a_404_with_search(client, db, code):
    ReportFactory(code=2000001, draft=True)

    response = client.get(f"/purchase/{code}")

    assert response.status_code == 404
    assert 'role="search"' in response.content.decode()


@pytest.mark.smoke
def test_checkout_errors_are_shown_beside_their_fields(client, sample_report):
    response = client.post(
        "/purchase/1541508",
        checkout(
            sample_report, full_name="", email="not-an-email", vat_number="123", accept_terms=None
        ),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert Order.objects.count() == 0
    assert 'id="id_full_name_error">Enter your full name.' in html
    assert 'aria-describedby="id_full_name_error"' in html
    assert "Enter an e-mail address such as jane.doe@company.com." in html
    assert "Enter a VAT number with its two-letter country prefix" in html
    assert 'id="id_accept_terms_error">Accept the terms of sale to place the order.' in html


def test_a_licence_of_another_report_or_a_disabled_provider_is_refused(client, sample_report):
    other = LicenceFactory(report=ReportFactory(), price=Decimal("1"))

    wrong_licence = client.post("/purchase/1541508", checkout(sample_report, licence=other.pk))
    stripe_off = client.post("/purchase/1541508", checkout(sample_report, payment_method="stripe"))

    assert wrong_licence.status_code == 400
    assert "Choose one of the licences listed." in text_of(wrong_licence)
    assert stripe_off.status_code == 400
    assert "Choose one of the payment methods listed." in text_of(stripe_off)
    assert Order.objects.count() == 0


@pytest.mark.smoke
def test_bank_transfer_order_shows_bank_details_and_a_pro_forma(client, sample_report, settings):
    settings.ORDER_BANK_DETAILS = {"IBAN": "GB33BUKB20201555555555"}

    response = client.post("/purchase/1541508", checkout(sample_report))

    order = Order.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/orders/{order.token}/"
    assert (order.email, order.vat_number, order.status) == (
        "jane.doe@acme-industries.com",
        "DE123456789",
        OrderStatus.PENDING_PAYMENT,
    )
    page = client.get(response["Location"])
    text = text_of(page)
    assert f"Order {order.number}" in text
    assert "Pending payment" in text
    assert "GB33BUKB20201555555555" in text
    assert f"quoting {order.number} as the payment reference" in text
    assert "no-store" in page["Cache-Control"]
    invoice = client.get(f"/orders/{order.token}/invoice.pdf")
    assert invoice["Content-Type"] == "application/pdf"
    assert "Pro-forma invoice" in pdf_text(invoice.content)
    assert "DE123456789" in pdf_text(invoice.content)


def test_placing_an_order_e_mails_its_private_address_and_how_to_pay_once(
    client, sample_report, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ORDER_BANK_DETAILS = {"IBAN": "GB33BUKB20201555555555"}

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/purchase/1541508", checkout(sample_report))

    order = Order.objects.get()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["jane.doe@acme-industries.com"]
    assert message.subject == f"Order {order.number} received: Medical Second Opinion Market"
    assert f"{settings.SITE_URL}/orders/{order.token}/" in message.body
    assert "IBAN: GB33BUKB20201555555555" in message.body
    assert f"quoting {order.number} as the payment reference" in message.body
    assert f"{settings.SITE_URL}/orders/{order.token}/invoice.pdf" in message.body
    assert order.confirmation_sent_at is not None

    assert order_confirmation_send(order_id=order.pk) is False
    assert sweep_undelivered() == 0
    assert len(mailoutbox) == 1


def test_an_order_whose_e_mail_was_lost_is_e_mailed_by_the_sweep(
    sample_report, settings, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        order = _bank_transfer_order(sample_report, email="jane@acme.example")
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_undelivered() == 0
        assert sweep_undelivered(now=timezone.now() + timedelta(hours=1)) == 1

    assert [m.subject for m in mailoutbox] == [
        f"Order {order.number} received: Medical Second Opinion Market"
    ]


def test_order_snapshots_the_price_it_was_sold_at(client, sample_report):
    client.post("/purchase/1541508", checkout(sample_report))
    licence = sample_report.licences.get(tier="single")
    licence.price = Decimal("9999")
    licence.save()

    order = Order.objects.get()
    page = text_of(client.get(order.get_absolute_url()))
    assert (order.net_amount, order.total_amount, order.currency) == (
        Decimal("3500.00"),
        Decimal("3500.00"),
        "USD",
    )
    assert "USD 3,500" in page
    assert "9,999" not in page
    assert "USD 9,999" in text_of(client.get("/purchase/1541508"))


def test_unknown_order_token_is_not_found(client, db):
    assert client.get("/orders/not-a-real-token/").status_code == 404


def test_card_order_sends_stripe_the_order_and_redirects_to_its_checkout_page(
    client, sample_report, stripe_api
):
    response = client.post("/purchase/1541508", checkout(sample_report, payment_method="stripe"))

    order = Order.objects.get()
    [sent] = stripe_api.received("POST", "/v1/checkout/sessions")
    session = stripe_api.sessions[order.provider_reference]
    order_page = absolute_url(order.get_absolute_url())
    metadata = {"order_id": str(order.pk), "order_number": order.number}
    assert response.status_code == 303
    assert response["Location"] == session["url"]
    assert "https://checkout.stripe.com" in response["Content-Security-Policy"]
    assert sent.form == {
        "mode": "payment",
        "client_reference_id": order.number,
        "customer_email": "jane.doe@acme-industries.com",
        "line_items": [
            {
                "quantity": "1",
                "price_data": {
                    "currency": "usd",
                    "unit_amount": "350000",
                    "product_data": {
                        "name": "Medical Second Opinion Market – Single user licence",
                        "description": f"Report 1541508, order {order.number}",
                    },
                },
            }
        ],
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
        "success_url": f"{order_page}?payment=done",
        "cancel_url": f"{order_page}?payment=cancelled",
    }
    assert sent.header("Authorization") == "Bearer sk_test_not_a_real_key"
    assert sent.header("Idempotency-Key").startswith(f"order-{order.pk}-{order.number}-")
    assert sent.header("Stripe-Version")
    assert (session["amount_total"], session["currency"]) == (350000, "usd")
    assert order.status == OrderStatus.PENDING_PAYMENT


def _stripe_fails(stripe_api, settings, failure: str) -> None:
    if failure == "unreachable":
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    elif failure == "server error":
        stripe_api.fail_next(500)
    else:
        stripe_api.fail_next(
            402, error_type="card_error", code="card_declined", message="Your card was declined."
        )


@pytest.mark.parametrize(
    ("failure", "statuses", "level"),
    [
        ("unreachable", [200], "WARNING"),
        ("server error", [500, 200], "WARNING"),
        ("card declined", [402, 200], "ERROR"),
    ],
)
def test_when_stripe_fails_the_buyer_keeps_the_order_and_a_retry_reaches_checkout(
    client, sample_report, stripe_api, settings, caplog, failure, statuses, level
):
    _stripe_fails(stripe_api, settings, failure)

    response = client.post("/purchase/1541508", checkout(sample_report, payment_method="stripe"))
    page = client.get(response["Location"])

    order = Order.objects.get()
    [logged] = [r for r in caplog.records if r.name == "orders.payments.stripe_checkout"]
    assert response.status_code == 303
    assert response["Location"] == f"{order.get_absolute_url()}?payment=unavailable"
    assert page.status_code == 200
    assert "The card payment page could not be opened just now. Your order is saved" in (
        text_of(page)
    )
    assert "Go to the card payment page" in text_of(page)
    assert (order.status, order.provider_reference) == (OrderStatus.PENDING_PAYMENT, "")
    assert logged.levelname == level
    assert order.number in logged.getMessage()

    settings.STRIPE_API_BASE = stripe_api.url
    retry = client.post(reverse("orders:pay", kwargs={"token": order.token}))

    order.refresh_from_db()
    attempts = stripe_api.received("POST", "/v1/checkout/sessions")
    keys = [attempt.header("Idempotency-Key") for attempt in attempts]
    assert retry.status_code == 303
    assert retry["Location"] == stripe_api.sessions[order.provider_reference]["url"]
    assert [attempt.status for attempt in attempts] == statuses
    assert len(set(keys)) == len(keys)


def test_an_address_that_refuses_mail_is_recorded_and_not_retried_forever(
    sample_report, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.host, smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.ENQUIRY_MAX_REQUEUES = 2

    with django_capture_on_commit_callbacks(execute=True):
        order = _bank_transfer_order(sample_report, email="jane@refused.example")

    order.refresh_from_db()
    assert order.confirmation_sent_at is None
    assert "SMTPRecipientsRefused" in order.last_error
    assert smtp_server.messages == []

    later = timezone.now()
    queued = []
    for _round in range(4):
        later += timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            queued.append(sweep_undelivered(now=later))
    order.refresh_from_db()
    assert queued == [1, 1, 0, 0]
    assert order.requeue_count == 2
    assert smtp_server.messages == []
