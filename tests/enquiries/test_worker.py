"""The queue end to end: real HTTP, a real ``celery worker`` process, Redis, a real SMTP
server. PostgreSQL only (the worker process must share the test database), so these skip
on SQLite; they also skip when no Redis answers."""

import io
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from enquiries import services, tasks
from enquiries.models import DeliveryStatus, Enquiry, SampleRequest, SampleStatus
from tests.support.render_gate import RenderGate
from tests.support.text import text_body
from tests.support.worker import free_port, use_broker, wait_until

from .conftest import EXPECTED_CAGR, FORM

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/enquiry/sample/\S+")


def sample_path(report) -> str:
    return f"/enquiry/request-sample/{report.code}"


def links_to(messages, email: str) -> list[str]:
    return [LINK.search(text_body(m)).group(0) for m in messages if m["To"] == email]


def test_form_to_pdf_in_the_inbox(sample_report, start_worker, visitor, smtp_server):
    start_worker()

    status, page = visitor.post_form(sample_path(sample_report), FORM)

    assert status == 200 and "Thank you – your sample is on its way" in page
    messages = smtp_server.wait_for(1, timeout=60)
    assert len(messages) == 1, SampleRequest.objects.values("status", "last_error").first()
    message = messages[0]
    assert message["To"] == "jane.doe@acme-industries.com"
    assert message.get_body(preferencelist=("html",)) is not None
    [link] = links_to(messages, "jane.doe@acme-industries.com")
    status, pdf, headers = visitor.get(link)
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Medical Second Opinion Market" in text
    assert EXPECTED_CAGR in text
    assert "Sample" in text
    assert wait_until(
        lambda: SampleRequest.objects.filter(download_count=1, status="sent").exists(), timeout=10
    )


def test_enquiry_acknowledged_and_notified_through_the_worker(
    sample_report, start_worker, visitor, smtp_server, settings
):
    start_worker(SALES_EMAIL="sales@publisher.example")

    status, page = visitor.post_form(
        f"/enquiry/pre-order-enquiry/{sample_report.code}", {**FORM, "message": "Brazil?"}
    )

    assert status == 200 and "we received your question" in page
    messages = smtp_server.wait_for(2, timeout=60)
    assert sorted(m["To"] for m in messages) == [
        "jane.doe@acme-industries.com",
        "sales@publisher.example",
    ]
    assert wait_until(
        lambda: Enquiry.objects.filter(delivery=DeliveryStatus.SENT).exists(), timeout=10
    )


def test_pool_process_killed_mid_render_still_delivers_exactly_once(
    sample_report, start_worker, visitor, smtp_server, tmp_path
):
    gate = RenderGate(tmp_path)
    worker = start_worker(concurrency=1, **gate.settings)

    visitor.post_form(sample_path(sample_report), FORM)
    assert wait_until(lambda: gate.started() == 1, timeout=60), worker.output()
    assert SampleRequest.objects.get().status == SampleStatus.RENDERING
    killed = worker.kill_children()
    assert killed
    assert wait_until(lambda: gate.started() == 2, timeout=60), worker.output()
    gate.open()

    messages = smtp_server.wait_for(1, timeout=120)
    assert len(links_to(messages, FORM["email"])) == 1, worker.output()
    smtp_server.wait_for(2, timeout=3)
    assert len(smtp_server.messages) == 1
    assert wait_until(
        lambda: SampleRequest.objects.filter(status=SampleStatus.SENT, render_attempts=2).exists(),
        timeout=10,
    )


def test_whole_worker_killed_mid_render_is_delivered_once_after_the_sweep(
    sample_report, start_worker, visitor, smtp_server, settings, tmp_path
):
    gate = RenderGate(tmp_path)
    first = start_worker(concurrency=1, **gate.settings)
    visitor.post_form(sample_path(sample_report), FORM)
    assert wait_until(lambda: gate.started() == 1, timeout=60), first.output()
    assert SampleRequest.objects.get().status == SampleStatus.RENDERING

    first.kill()
    start_worker()
    settings.ENQUIRY_SWEEP_AFTER = 0
    result = services.sweep_pending(now=timezone.now() + timedelta(seconds=1))

    assert result.requeued == 1
    messages = smtp_server.wait_for(1, timeout=120)
    assert len(links_to(messages, FORM["email"])) == 1
    smtp_server.wait_for(2, timeout=3)
    assert len(smtp_server.messages) == 1
    assert wait_until(
        lambda: SampleRequest.objects.filter(status=SampleStatus.SENT).count() == 1, timeout=10
    )


def test_broker_down_when_posting_still_thanks_and_the_sweep_delivers(
    sample_report, start_worker, visitor, smtp_server, broker_url, settings
):
    use_broker(f"redis://127.0.0.1:{free_port()}/0")

    status, page = visitor.post_form(sample_path(sample_report), FORM)

    assert status == 200 and "Thank you" in page
    assert SampleRequest.objects.get().status == SampleStatus.RECEIVED
    use_broker(broker_url)
    start_worker()
    settings.ENQUIRY_SWEEP_AFTER = 0
    services.sweep_pending(now=timezone.now() + timedelta(seconds=1))
    messages = smtp_server.wait_for(1, timeout=60)
    assert len(links_to(messages, FORM["email"])) == 1
    assert wait_until(
        lambda: SampleRequest.objects.filter(status=SampleStatus.SENT).count() == 1, timeout=10
    )


def redis_queue_length(url: str, queue: str) -> int:
    import redis

    return redis.Redis.from_url(url).llen(queue)


def test_redis_restart_with_requests_queued_delivers_them_all(
    sample_report, start_worker, visitor, smtp_server, own_redis
):
    use_broker(own_redis.url)
    emails = [f"buyer{n}@acme-industries.com" for n in range(3)]
    for email in emails:
        status, _page = visitor.post_form(sample_path(sample_report), {**FORM, "email": email})
        assert status == 200

    assert redis_queue_length(own_redis.url, "pdf") == 3
    own_redis.restart()
    assert redis_queue_length(own_redis.url, "pdf") == 3
    start_worker(broker=own_redis.url)

    messages = smtp_server.wait_for(3, timeout=90)
    assert sorted(m["To"] for m in messages) == sorted(emails)
    smtp_server.wait_for(4, timeout=3)
    assert len(smtp_server.messages) == 3


def test_the_same_worker_survives_redis_restarts_while_acknowledging_and_delivers_later_requests(
    sample_report, start_worker, visitor, smtp_server, own_redis, settings
):
    settings.ENQUIRY_RATE_LIMIT_PER_IP = 100
    use_broker(own_redis.url)
    worker = start_worker(broker=own_redis.url, concurrency=2)
    pid = worker.process.pid
    emails = []
    for restart in range(3):
        batch = [f"buyer{restart}-{n}@acme-industries.com" for n in range(4)]
        for email in batch:
            status, _page = visitor.post_form(sample_path(sample_report), {**FORM, "email": email})
            assert status == 200
        emails += batch
        smtp_server.wait_for(len(emails) - 3, timeout=60)
        own_redis.restart()

    assert not worker.exited, worker.output()
    late = [f"late{n}@acme-industries.com" for n in range(3)]
    for email in late:
        status, _page = visitor.post_form(sample_path(sample_report), {**FORM, "email": email})
        assert status == 200
    settings.ENQUIRY_SWEEP_AFTER = 30
    smtp_server.wait_for(len(emails) + len(late), timeout=60)
    services.sweep_pending(now=timezone.now() + timedelta(seconds=31))

    smtp_server.wait_for(len(emails) + len(late), timeout=90)
    smtp_server.wait_for(len(emails) + len(late) + 1, timeout=3)
    received = Counter(m["To"] for m in smtp_server.messages)
    assert received == Counter(emails + late), (received, worker.output())
    assert not worker.exited and worker.process.pid == pid, worker.output()


def test_a_render_past_the_soft_limit_fails_the_request_and_the_worker_survives(
    sample_report, start_worker, visitor, smtp_server, monkeypatch, tmp_path
):
    """The render waits at a gate the test keeps closed, so the 4 s limit always fires in
    the middle of it, on a fast machine as on a slow one."""
    gate = RenderGate(tmp_path)
    monkeypatch.setattr(tasks.render_sample, "soft_time_limit", 4)
    monkeypatch.setattr(tasks.render_sample, "time_limit", 30)
    monkeypatch.setattr(tasks.render_sample, "_exec_options", None)
    worker = start_worker(
        concurrency=1, SAMPLE_RENDER_SOFT_TIME_LIMIT=4, SAMPLE_RENDER_TIME_LIMIT=30,
        **gate.settings,
    )  # fmt: skip

    visitor.post_form(sample_path(sample_report), FORM)
    failed = wait_until(
        lambda: SampleRequest.objects.filter(status=SampleStatus.FAILED).first(), timeout=90
    )

    assert failed, worker.output()
    assert gate.started() >= 1
    assert "longer than 4 s" in failed.last_error
    assert not worker.exited
    gate.open()
    visitor.post_form(sample_path(sample_report), {**FORM, "email": "second@acme-industries.com"})
    messages = smtp_server.wait_for(1, timeout=60)
    assert [m["To"] for m in messages] == ["second@acme-industries.com"]
