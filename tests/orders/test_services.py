"""Order transitions, fulfilment, invoice numbering and download links (tasks eager)."""

import io
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from orders import services
from orders.models import DownloadLink, Invoice, Order, OrderEvent, OrderStatus
from tests.factories import OrderFactory


def download_path(message) -> str:
    url = next(line for line in message.body.splitlines() if "/download/report/" in line)
    return url[url.index("/download/report/") :].strip()


def mark_paid_in_admin(staff_client, *orders):
    return staff_client.post(
        "/admin/orders/order/",
        {"action": "mark_paid", "_selected_action": [order.pk for order in orders]},
        follow=True,
    )


def test_transitions_are_enforced_and_recorded(db, staff_user, fake_render):
    order = OrderFactory()

    assert services.order_mark_paid(order=order, actor=staff_user)
    assert not services.order_cancel(order=order, actor_label="visitor")
    assert not services.order_mark_paid(order=order, actor_label="again")
    assert services.order_refund(order=order, actor_label="stripe: evt_1")

    history = list(
        OrderEvent.objects.filter(order=order).values_list(
            "from_status", "to_status", "actor_label"
        )
    )
    assert history == [
        ("pending_payment", "paid", "staff: editor"),
        ("paid", "refunded", "stripe: evt_1"),
    ]
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED


@pytest.mark.smoke
def test_invoice_order_delivered_downloaded_then_refunded(
    client, staff_client, django_capture_on_commit_callbacks, fake_render, orders_storage
):
    order = OrderFactory(full_name="Jane Doe", company="Acme Industries")

    with django_capture_on_commit_callbacks(execute=True):
        response = mark_paid_in_admin(staff_client, order)

    assert "1 order(s) marked paid." in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [order.email]
    (filename, content, mimetype) = message.attachments[0]
    invoice = Invoice.objects.get(order=order)
    assert filename == f"invoice-{invoice.number}.pdf"
    invoice_text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert invoice.number in invoice_text
    assert "Paid on" in invoice_text
    path = download_path(message)
    download = client.get(path)
    assert download.status_code == 200
    page_text = PdfReader(io.BytesIO(download.content)).pages[0].extract_text()
    assert f"Downloaded by {order.full_name} <{order.email}>, {order.company}" in page_text
    assert "Download the full report" in client.get(order.get_absolute_url()).content.decode()

    assert services.order_refund(order=order, actor_label="staff")

    refused = client.get(path)
    assert refused.status_code == 410
    assert "This order was refunded" in refused.content.decode()


def test_a_second_paid_event_or_retried_task_sends_nothing_twice(
    db, django_capture_on_commit_callbacks, fake_render, orders_storage
):
    order = OrderFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.order_mark_paid(order=order, actor_label="first")
        services.order_mark_paid(order=order, actor_label="second")
    services.order_fulfil(order_id=order.pk)
    services.order_fulfil(order_id=order.pk)

    assert len(mail.outbox) == 1
    assert fake_render == [order.pk]
    assert len([path for path in orders_storage.rglob("*") if path.is_file()]) == 1


def test_staff_resend_delivers_again_with_a_fresh_link(
    db, staff_user, django_capture_on_commit_callbacks, fake_render
):
    order = OrderFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_mark_paid(order=order, actor_label="bank")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.order_resend_delivery(order=order, actor=staff_user)

    assert len(mail.outbox) == 2
    assert download_path(mail.outbox[0]) != download_path(mail.outbox[1])
    assert fake_render == [order.pk]


@pytest.fixture
def delivered(db, django_capture_on_commit_callbacks, fake_render):
    order = OrderFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_mark_paid(order=order, actor_label="bank")
    order.refresh_from_db()
    return order, download_path(mail.outbox[0])


def test_tampered_link_is_refused(client, delivered):
    _order, path = delivered

    response = client.get(path[:-3] + ("abc" if not path.endswith("abc") else "xyz"))

    assert response.status_code == 404
    assert "This download link is not valid" in response.content.decode()


def test_expired_link_is_refused_and_the_order_page_issues_a_fresh_one(client, delivered):
    order, path = delivered
    DownloadLink.objects.filter(order=order).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    refused = client.get(path)
    fresh = client.post(f"/orders/{order.token}/fresh-link")
    page = client.get(order.get_absolute_url()).content.decode()

    assert refused.status_code == 410
    assert "This download link has expired" in refused.content.decode()
    assert fresh.status_code == 303
    new_path = page[page.index("/download/report/") :].split('"')[0]
    assert new_path != path
    assert client.get(new_path).status_code == 200


def test_exhausted_link_is_refused(client, delivered, settings):
    order, path = delivered
    limit = DownloadLink.objects.get(order=order).max_downloads

    statuses = [client.get(path).status_code for _ in range(limit + 1)]

    assert statuses == [200] * limit + [410]
    assert "used up" in client.get(path).content.decode()


def test_no_fresh_link_once_the_licence_has_ended(client, delivered):
    order, _path = delivered
    Order.objects.filter(pk=order.pk).update(licence_valid_until=timezone.now() - timedelta(days=1))

    response = client.post(f"/orders/{order.token}/fresh-link")

    assert response.status_code == 409
    assert DownloadLink.objects.filter(order=order).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_take_consecutive_invoice_numbers(fake_render, settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    orders = [OrderFactory() for _ in range(8)]
    barrier = threading.Barrier(len(orders))
    errors = []

    def pay(order):
        try:
            barrier.wait()
            services.order_mark_paid(order=order, actor_label="bank")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    year = timezone.localtime().year
    assert errors == []
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == list(range(1, 9))
    assert sorted(Invoice.objects.values_list("number", flat=True)) == [
        f"INV-{year}-{n:05d}" for n in range(1, 9)
    ]
