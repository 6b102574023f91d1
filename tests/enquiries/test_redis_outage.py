"""Redis, the cache and the broker, stopped while visitors use the site.

Pages are served (the cache is a miss), and a sample request, an enquiry and a checkout
sent meanwhile are accepted and stored (the rate limits are skipped, logged and counted).
Once Redis is back, beat's sweeps queue what could not be queued, and a real worker
delivers each exactly once. A real Redis server of our own is stopped and started; the
site is the live server of this process with a django-redis cache configured as
production configures it.
"""

import os
import signal
from collections import Counter
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from prometheus_client import REGISTRY

from enquiries import services as enquiry_services
from enquiries.models import DeliveryStatus, Enquiry, SampleRequest, SampleStatus
from orders import services as order_services
from orders.models import Order
from tests.orders.conftest import CHECKOUT_FORM
from tests.support.worker import use_broker, wait_until

from .conftest import FORM

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SAMPLE_BUYER = "sample.reader@acme-industries.com"
ENQUIRER = "enquirer@acme-industries.com"
PURCHASER = "purchaser@acme-industries.com"
SALES = "sales@publisher.example"


def counted(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def redis_cache(own_redis, settings):
    """The site's cache on our own Redis, with production's options (portal.settings.base)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": own_redis.url.replace("/0", "/1"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
    }
    yield cache
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_with_redis_down_pages_work_and_every_request_is_kept_then_delivered_once(
    sample_report, redis_cache, own_redis, start_worker, visitor, smtp_server, settings
):
    use_broker(own_redis.url)
    report_page = "/medical-second-opinion-r1541508"
    assert visitor.get(report_page)[0] == 200
    cache_errors = counted("portal_cache_errors_total")
    unchecked = {
        scope: counted("portal_rate_limits_unchecked_total", scope=scope)
        for scope in ("ip", "email", "order")
    }

    own_redis.stop()

    pages = {path: visitor.get(path)[0] for path in [report_page, "/reports/?q=medical", "/"]}
    sample = visitor.post_form(
        "/enquiry/request-sample/1541508", {**FORM, "email": SAMPLE_BUYER, "message": ""}
    )
    enquiry = visitor.post_form(
        "/enquiry/pre-order-enquiry/1541508",
        {**FORM, "email": ENQUIRER, "message": "Is Brazil covered?"},
    )
    checkout = visitor.post_form(
        "/purchase/1541508",
        {
            **CHECKOUT_FORM,
            "email": PURCHASER,
            "licence": str(sample_report.licences.get(tier="single").pk),
        },
    )

    assert pages == {report_page: 200, "/reports/?q=medical": 200, "/": 200}
    assert sample[0] == 200 and "your sample is on its way" in sample[1]
    assert enquiry[0] == 200 and "we received your question" in enquiry[1]
    assert checkout[0] == 200 and Order.objects.get().number in checkout[1]
    assert SampleRequest.objects.get().status == SampleStatus.RECEIVED
    assert Enquiry.objects.get().delivery == DeliveryStatus.PENDING
    assert Order.objects.get().confirmation_sent_at is None
    assert counted("portal_cache_errors_total") > cache_errors
    assert {
        scope: counted("portal_rate_limits_unchecked_total", scope=scope) - before
        for scope, before in unchecked.items()
    } == {"ip": 2, "email": 2, "order": 1}

    own_redis.start()
    start_worker(broker=own_redis.url, SALES_EMAIL=SALES)
    later = timezone.now() + timedelta(
        seconds=max(settings.ENQUIRY_SWEEP_AFTER, settings.ORDER_SWEEP_AFTER) + 1
    )
    enquiry_services.sweep_pending(now=later)
    order_services.sweep_undelivered(now=later)

    smtp_server.wait_for(4, timeout=90)
    smtp_server.wait_for(5, timeout=3)
    received = Counter(message["To"] for message in smtp_server.messages)
    assert received == Counter([SAMPLE_BUYER, ENQUIRER, SALES, PURCHASER])
    assert wait_until(
        lambda: SampleRequest.objects.filter(status=SampleStatus.SENT).exists(), timeout=10
    )


def test_with_redis_frozen_a_sample_request_still_returns_stored_then_is_delivered_once(
    sample_report, redis_cache, own_redis, start_worker, visitor, smtp_server, settings
):
    """A Redis that accepts connections but never answers (SIGSTOP: a hung server or a
    partition) costs the visitor socket timeouts, not the request."""
    use_broker(own_redis.url)
    assert visitor.get("/medical-second-opinion-r1541508")[0] == 200
    os.kill(own_redis.process.pid, signal.SIGSTOP)
    try:
        status, page = visitor.post_form(
            "/enquiry/request-sample/1541508", {**FORM, "email": SAMPLE_BUYER, "message": ""}
        )
    finally:
        os.kill(own_redis.process.pid, signal.SIGCONT)

    assert status == 200 and "your sample is on its way" in page
    assert SampleRequest.objects.get().status == SampleStatus.RECEIVED
    start_worker(broker=own_redis.url)
    enquiry_services.sweep_pending(
        now=timezone.now() + timedelta(seconds=settings.ENQUIRY_SWEEP_AFTER + 1)
    )
    smtp_server.wait_for(1, timeout=90)
    smtp_server.wait_for(2, timeout=3)
    assert [message["To"] for message in smtp_server.messages] == [SAMPLE_BUYER]
