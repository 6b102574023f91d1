"""Prometheus metrics: requests (django-prometheus), PDFs rendered and e-mails sent.

Where the numbers live, and why:

- Request counters come from django-prometheus's middleware and live in the web process.
  Under gunicorn with several workers, set ``PROMETHEUS_MULTIPROC_DIR`` (an empty folder
  per web container, wiped at start): prometheus_client then keeps each worker's values
  in files there and ``/metrics`` adds them up, whichever worker answers the scrape.
- PDFs and e-mails are mostly produced by Celery workers, in other containers that no
  scrape reaches, so their counters are kept in Redis (``METRICS_REDIS_URL``, by default
  the broker): one ``HINCRBY`` per event from any process on any machine, read back at
  scrape time. Without Redis (the embedded development default, where tasks run in the
  web process) they are kept in this process's memory. A Redis outage never fails a
  render or a send: the increment is dropped and logged.

``/metrics`` answers a request bearing ``Authorization: Bearer <METRICS_TOKEN>`` or coming
from an address in ``METRICS_ALLOWED_IPS`` (addresses or networks, matched against
``REMOTE_ADDR`` only, never a forwarded header); anything else gets 403. Both are empty by
default, so the endpoint is closed until one is set. Behind a reverse proxy on the same
host every visitor arrives from the proxy's address: use the token there.
"""

import hmac
import ipaddress
import logging
import os
import threading
from collections import Counter

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client import Counter as ProcessCounter
from prometheus_client.core import CounterMetricFamily

logger = logging.getLogger(__name__)

REDIS_KEY = "portal:metrics:counters"
COUNTERS = {
    "portal_pdfs_rendered": ("PDF documents rendered, by kind.", "kind"),
    "portal_emails_sent": ("E-mails handed to the mail server, by kind.", "kind"),
}
PDF_KINDS = {
    "pdf/sample.html": "sample",
    "pdf/report_full.html": "report",
    "pdf/invoice.html": "invoice",
    "pdf/download_mark.html": "download_mark",
}

_local = Counter()

CACHE_ERRORS = ProcessCounter(
    "portal_cache_errors",
    "Cache operations that failed (cache unreachable) and were treated as a miss.",
)
RATE_LIMITS_UNCHECKED = ProcessCounter(
    "portal_rate_limits_unchecked",
    "Submissions let through without a rate-limit check: the counters could not be reached.",
    ["scope"],
)
_local_lock = threading.Lock()


_clients: dict = {}


def _redis():
    """A client for ``METRICS_REDIS_URL`` (one per URL and process), or None when unset."""
    import redis

    url = getattr(settings, "METRICS_REDIS_URL", "")
    if not url:
        return None
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
    return _clients[url]


def increment(name: str, label: str, amount: int = 1) -> None:
    """Add ``amount`` to counter ``name`` with label value ``label``; never raises."""
    field = f"{name}|{label}"
    try:
        client = _redis()
        if client is not None:
            client.hincrby(REDIS_KEY, field, amount)
            return
    except Exception:
        logger.warning("Metrics: could not count %s in Redis", field, exc_info=True)
        return
    with _local_lock:
        _local[field] += amount


class CacheOutageFilter(logging.Filter):
    """For the ``portal.cache`` logger, where django-redis reports each cache operation it
    failed and treated as a miss (``IGNORE_EXCEPTIONS``): counts it in
    ``portal_cache_errors_total`` and makes it one WARNING line naming the error.

    Why: during an outage every request meets the error several times; a traceback each
    time at ERROR would bury the log and page whoever watches errors, while the site works.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        CACHE_ERRORS.inc()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            cause = error.__cause__ or error
            record.msg = "Cache unreachable, treated as a miss: %s: %s"
            record.args = (type(cause).__name__, cause)
            record.exc_info = None
            record.exc_text = None
        record.levelno = logging.WARNING
        record.levelname = "WARNING"
        return True


def pdf_rendered(template_name: str | None) -> None:
    increment("portal_pdfs_rendered", PDF_KINDS.get(template_name or "", "other"))


def email_sent(kind: str) -> None:
    increment("portal_emails_sent", kind)


def counter_values() -> dict[str, int]:
    """``{"name|label": value}`` from wherever the counters live."""
    client = _redis()
    if client is None:
        with _local_lock:
            return dict(_local)
    raw = client.hgetall(REDIS_KEY)
    return {key.decode(): int(value) for key, value in raw.items()}


class PortalCounters:
    """A prometheus_client collector reading the counters at scrape time."""

    def collect(self):
        try:
            values = counter_values()
        except Exception:
            logger.warning("Metrics: could not read counters", exc_info=True)
            values = {}
        for name, (documentation, label_name) in COUNTERS.items():
            family = CounterMetricFamily(name, documentation, labels=[label_name])
            for key, value in sorted(values.items()):
                metric, _, label = key.partition("|")
                if metric == name:
                    family.add_metric([label], value)
            yield family


class CountedEmail(EmailMultiAlternatives):
    """An e-mail that counts itself in ``portal_emails_sent{kind=...}`` once sent."""

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def send(self, fail_silently: bool = False) -> int:
        sent = super().send(fail_silently=fail_silently)
        if sent:
            email_sent(self.kind)
        return sent


def allowed(request: HttpRequest) -> bool:
    """Whether ``request`` may read operational detail (the token or an allowed address)."""
    token = getattr(settings, "METRICS_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        if hmac.compare_digest(header[7:].strip().encode(), token.encode()):
            return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    for allowed in getattr(settings, "METRICS_ALLOWED_IPS", []):
        try:
            if address in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            logger.warning("METRICS_ALLOWED_IPS: %r is not an address or network", allowed)
    return False


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(PortalCounters())
        return registry
    return REGISTRY


REGISTRY.register(PortalCounters())


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """The Prometheus text exposition, for a bearer of the token or an allowed address."""
    if not allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
