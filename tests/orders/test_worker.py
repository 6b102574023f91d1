"""The invoice and new-edition paths end to end with a real Celery worker, Redis and SMTP
server."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from orders.editions import edition_publish
from orders.models import EditionCopy, Order, OrderStatus
from tests.factories import OrderFactory
from tests.support.render_gate import RenderGate
from tests.support.worker import wait_until


@pytest.mark.django_db(transaction=True)
def test_marked_paid_in_admin_worker_delivers_watermarked_report_then_refund_revokes(
    sample_report, staff_client, start_worker, smtp_server, orders_storage, visitor
):
    worker = start_worker(concurrency=1, ORDERS_STORAGE_ROOT=orders_storage)
    order = OrderFactory(
        report=sample_report,
        licence=sample_report.licences.get(tier="single"),
        full_name="Jane Doe",
        company="Acme Industries",
    )

    staff_client.post(
        "/admin/orders/order/", {"action": "mark_paid", "_selected_action": [order.pk]}
    )

    messages = smtp_server.wait_for(1, timeout=90)
    assert len(messages) == 1, worker.output()
    message = messages[0]
    assert message["To"] == order.email
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    invoice_number = Order.objects.get(pk=order.pk).invoice.number
    assert f"invoice-{invoice_number}.pdf" in attachments
    body = message.get_body(preferencelist=("plain",)).get_content()
    url = next(word for word in body.split() if "/download/report/" in word)
    assert wait_until(
        lambda: Order.objects.get(pk=order.pk).status == OrderStatus.FULFILLED, timeout=10
    )

    status, pdf, headers = visitor.get(url)

    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    mark = f"Licensed to Jane Doe, Acme Industries – Single user licence – order {order.number}"
    assert [number for number, text in enumerate(pages, 1) if mark not in text] == []

    staff_client.post("/admin/orders/order/", {"action": "refund", "_selected_action": [order.pk]})

    status, page, _headers = visitor.get(url)
    assert status == 410
    assert b"This order was refunded" in page
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_rendering_a_new_edition_still_sends_one_email(
    sample_report, start_worker, smtp_server, orders_storage, tmp_path
):
    gate = RenderGate(tmp_path)
    worker = start_worker(concurrency=1, ORDERS_STORAGE_ROOT=orders_storage, **gate.settings)
    now = timezone.now()
    order = OrderFactory(
        report=sample_report,
        licence=sample_report.licences.get(tier="single"),
        status=OrderStatus.FULFILLED,
        paid_at=now,
        confirmation_sent_at=now,
        delivery_sent_at=now,
        updates_until=now + timedelta(days=360),
    )

    edition_publish(report=sample_report, by=None, notes="Adds 2025 actuals.")
    assert wait_until(lambda: gate.started() == 1, timeout=60), worker.output()
    assert worker.kill_children()
    assert wait_until(lambda: gate.started() == 2, timeout=60), worker.output()
    gate.open()

    messages = smtp_server.wait_for(1, timeout=120)
    assert [m["To"] for m in messages] == [order.email], worker.output()
    assert "Adds 2025 actuals." in messages[0].get_body(preferencelist=("plain",)).get_content()
    smtp_server.wait_for(2, timeout=3)
    assert len(smtp_server.messages) == 1
    copy = EditionCopy.objects.get(order=order)
    assert (copy.edition, copy.render_attempts) == (2, 2)
    assert copy.sent_at is not None
    pages = PdfReader(io.BytesIO((orders_storage / copy.pdf_name).read_bytes())).pages
    assert f"order {order.number} – edition 2" in " ".join(pages[0].extract_text().split())
