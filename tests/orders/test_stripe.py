"""The Stripe webhook: signatures, replays, duplicates, concurrency and refunds; and a
Checkout Session made by the real SDK through the stand-in Stripe API, paid by its event.
(What the checkout sends Stripe, and Stripe failing, are in ``test_views``.)"""

import json
import threading
import time

import pytest
import stripe
from django.core import mail
from django.db import connection
from django.test import Client

from orders import invoices
from orders.models import Order, OrderStatus, ProviderEvent
from orders.payments.stripe_checkout import verify_signature
from orders.services import order_start_payment
from tests.factories import OrderFactory

from .conftest import (
    WEBHOOK_SECRET,
    charge_refunded,
    session_completed,
    sign,
    stripe_event,
)

WEBHOOK = "/payments/stripe/webhook"


@pytest.fixture
def card_order(db, stripe_enabled):
    return OrderFactory(provider="stripe")


def deliver(client, payload: bytes, signature: str | None):
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature is not None else {}
    return client.post(WEBHOOK, data=payload, content_type="application/json", **headers)


def status_of(order) -> str:
    order.refresh_from_db()
    return order.status


def test_signed_payment_event_pays_and_delivers_once(
    client, card_order, fake_render, django_capture_on_commit_callbacks
):
    payload = session_completed(card_order)

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, payload, sign(payload))

    assert response.status_code == 200
    assert status_of(card_order) == OrderStatus.FULFILLED
    assert card_order.provider_payment_id == "pi_test_1"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("case", "make_header"),
    [
        ("missing", lambda payload: None),
        ("bad", lambda payload: sign(payload, secret="whsec_someone_else")),
        ("old", lambda payload: sign(payload, timestamp=int(time.time()) - 301)),
        ("garbled", lambda payload: "t=abc,v1=zz"),
    ],
)
def test_unauthentic_events_are_refused(client, card_order, fake_render, case, make_header):
    payload = session_completed(card_order)

    response = deliver(client, payload, make_header(payload))

    assert response.status_code == 400
    assert status_of(card_order) == OrderStatus.PENDING_PAYMENT
    assert ProviderEvent.objects.count() == 0


def test_a_reserialised_body_does_not_match_its_signature(client, card_order, fake_render):
    payload = session_completed(card_order)
    header = sign(payload)
    reserialised = json.dumps(json.loads(payload), indent=2).encode()

    response = deliver(client, reserialised, header)

    assert response.status_code == 400
    assert status_of(card_order) == OrderStatus.PENDING_PAYMENT


def test_the_tests_sign_as_stripe_does():
    payload = stripe_event("evt_sdk", "checkout.session.completed", {"id": "cs_test_1"})

    event = stripe.Webhook.construct_event(payload, sign(payload), WEBHOOK_SECRET)

    assert (event["id"], event["type"]) == ("evt_sdk", "checkout.session.completed")
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, sign(payload, secret="whsec_other"), WEBHOOK_SECRET)


def test_any_v1_signature_from_any_configured_secret_passes_during_rotation():
    payload = b'{"id": "evt_1"}\xff not utf-8'
    now = time.time()
    old = sign(payload, secret="whsec_old", timestamp=int(now))
    new = sign(payload, secret="whsec_new", timestamp=int(now))
    header = f"{new},v1={old.split('v1=')[1]},v0=ignored"

    assert verify_signature(
        payload=payload, header=header, secrets=["whsec_old"], tolerance=300, now=now
    )
    assert verify_signature(
        payload=payload, header=header, secrets=["whsec_other", "whsec_new"], tolerance=300, now=now
    )


def test_the_session_stripe_made_from_our_request_pays_the_order_when_completed(
    client, card_order, stripe_api, fake_render, django_capture_on_commit_callbacks
):
    start = order_start_payment(order=card_order)
    session = {
        **stripe_api.sessions[start.reference],
        "payment_status": "paid",
        "status": "complete",
        "payment_intent": "pi_test_from_session",
    }
    payload = stripe_event("evt_session_paid", "checkout.session.completed", session)

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, payload, sign(payload))

    assert response.content == b"paid"
    assert status_of(card_order) == OrderStatus.FULFILLED
    assert card_order.provider_reference == session["id"]
    assert card_order.provider_payment_id == "pi_test_from_session"
    assert len(mail.outbox) == 1


def test_duplicate_event_is_acknowledged_and_ignored(
    client, card_order, fake_render, django_capture_on_commit_callbacks
):
    payload = session_completed(card_order)
    with django_capture_on_commit_callbacks(execute=True):
        first = deliver(client, payload, sign(payload))
        second = deliver(client, payload, sign(payload))

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == b"duplicate"
    assert len(mail.outbox) == 1
    assert ProviderEvent.objects.count() == 1


def test_a_late_payment_event_for_another_id_does_not_pay_twice(
    client, card_order, fake_render, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for event_id in ["evt_a", "evt_b"]:
            payload = session_completed(card_order, event_id=event_id)
            deliver(client, payload, sign(payload))

    assert len(mail.outbox) == 1
    assert card_order.events.filter(to_status=OrderStatus.PAID).count() == 1


def test_wrong_amount_does_not_pay(client, card_order, fake_render):
    payload = session_completed(card_order, amount=100)

    response = deliver(client, payload, sign(payload))

    assert response.status_code == 200
    assert status_of(card_order) == OrderStatus.PENDING_PAYMENT
    assert ProviderEvent.objects.get().outcome.startswith("amount mismatch")


def test_refund_event_revokes_access(
    client, card_order, fake_render, django_capture_on_commit_callbacks
):
    paid = session_completed(card_order)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, paid, sign(paid))
    body = mail.outbox[0].body
    path = body[body.index("/download/report/") :].split()[0]
    assert client.get(path).status_code == 200

    refund = charge_refunded(card_order)
    response = deliver(client, refund, sign(refund))

    assert response.status_code == 200
    assert status_of(card_order) == OrderStatus.REFUNDED
    assert client.get(path).status_code == 410


def test_refund_before_payment_event_keeps_the_late_payment_from_paying(
    client, card_order, fake_render
):
    refund, paid = charge_refunded(card_order), session_completed(card_order)

    deliver(client, refund, sign(refund))
    deliver(client, paid, sign(paid))

    assert status_of(card_order) == OrderStatus.REFUNDED
    assert len(mail.outbox) == 0


def _build_the_middleware_before_threads_do() -> None:
    """django-prometheus creates its metrics on the first request without a lock, so two
    threads making a process's first requests at once register them twice
    (``DuplicateTimeseries``); one request first, from here, avoids that race."""
    Client().get("/healthz")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_deliveries_of_one_event_fulfil_once(stripe_enabled, fake_render):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    _build_the_middleware_before_threads_do()
    order = OrderFactory(provider="stripe")
    payload = session_completed(order)
    header = sign(payload)
    barrier = threading.Barrier(2)
    statuses = []

    def post():
        try:
            barrier.wait()
            statuses.append(deliver(Client(), payload, header).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    order.refresh_from_db()
    assert statuses == [200, 200]
    assert order.status == OrderStatus.FULFILLED
    assert len(mail.outbox) == 1
    assert fake_render == [order.pk]
    assert ProviderEvent.objects.count() == 1
    assert Order.objects.get(pk=order.pk).events.filter(to_status="paid").count() == 1


def _wait_until_another_session_waits_for_a_lock(timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT pg_stat_clear_snapshot(); SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_payment_event_that_waited_for_another_records_the_status_it_found(
    stripe_enabled, fake_render, monkeypatch
):
    """Stripe's ``completed`` and ``async_payment_succeeded`` events of one order arrive
    together. The first pays it and, still in its transaction, holds the row until the
    second waits for it; the second then finds the order paid and says so."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    order = OrderFactory(provider="stripe")
    completed = session_completed(order, event_id="evt_completed")
    succeeded = session_completed(
        order, event_id="evt_succeeded", event_type="checkout.session.async_payment_succeeded"
    )
    assign = invoices.invoice_assign
    first_paid = threading.Event()
    second_waited = []

    def assign_and_hold_the_row(*, order):
        assign(order=order)
        first_paid.set()
        second_waited.append(_wait_until_another_session_waits_for_a_lock())

    monkeypatch.setattr(invoices, "invoice_assign", assign_and_hold_the_row)
    statuses = []

    def post(payload: bytes, after: threading.Event | None):
        try:
            if after is not None:
                after.wait(timeout=10)
            statuses.append(deliver(Client(), payload, sign(payload)).status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=(completed, None)),
        threading.Thread(target=post, args=(succeeded, first_paid)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    outcomes = dict(ProviderEvent.objects.values_list("event_id", "outcome"))
    assert second_waited == [True]
    assert statuses == [200, 200]
    assert outcomes == {"evt_completed": "paid", "evt_succeeded": "not paid: order was paid"}
    assert Order.objects.get(pk=order.pk).status == OrderStatus.FULFILLED
    assert order.events.filter(to_status=OrderStatus.PAID).count() == 1
    assert fake_render == [order.pk]
    assert len(mail.outbox) == 1


def test_webhook_of_a_disabled_provider_is_not_found(client, db):
    payload = b"{}"
    assert deliver(client, payload, sign(payload, secret=WEBHOOK_SECRET)).status_code == 404
