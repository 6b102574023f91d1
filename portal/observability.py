"""Request ids through web and tasks, one access-log line per request, and Sentry.

- The request id is django-guid's correlation id: taken from an incoming ``X-Request-ID``
  header when it is a valid UUID, generated otherwise, returned as ``X-Request-ID``, and
  put on every log record as ``request_id`` by ``RequestIdFilter``.
- Tasks carry it in their message headers (``before_task_publish``) and the worker sets it
  while the task runs. A task run in-process (eager mode: tests, development without a
  broker) keeps the id of the request that queued it and leaves it in place afterwards.
  A task queued by beat gets a fresh id. django-guid's own Celery integration is not
  used because it replaces and then clears the id around eager tasks, which would cut
  the rest of the request off from its id.
- Logs are JSON lines (python-json-logger) or plain text, chosen by ``LOG_FORMAT``.
- The secret part of a link sent by e-mail (an order page, an invoice, a report or sample
  download) never reaches a log line or Sentry: ``redact_link_tokens`` replaces it with
  ``[redacted]`` in the access log's path, in every line our formatters write (Django's
  own "Not Found: /orders/…" warnings and the request they carry, tracebacks, CSP
  reports), and in every string of a Sentry event, breadcrumb or span.
"""

import logging
import re
import time
import uuid
from typing import Any

from celery.signals import before_task_publish, task_postrun, task_prerun
from django_guid import clear_guid, get_guid, set_guid
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

HEADER = "request_id"

access_logger = logging.getLogger("portal.access")
QUIET_PATHS = {"/healthz", "/readyz", "/metrics"}

REDACTED = "[redacted]"
SIGNED_LINK_PREFIXES = ("orders/", "download/report/", "enquiry/sample/")
"""The URL prefixes followed by a link's secret token (``orders.urls``, ``enquiries.urls``).
A fixed list matched as text rather than a resolver lookup: the token must also go from
paths that resolve to nothing (a mangled link, a 404 under the prefix), from free text
(log messages, tracebacks, reprs of requests) and from absolute URLs (Sentry's request URL,
a Referer), and a log formatter must not import the URLconf. A test reverses every URL
with a ``token`` argument and checks that it is covered, so a new route cannot slip by."""

_PATH_CHARS = r"\w.~%!$*+;:@/-"
_LINK_PREFIX = "(?:" + "|".join(re.escape(p) for p in SIGNED_LINK_PREFIXES) + ")"
_LINK_TOKEN = re.compile(
    rf"(?P<keep>(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/\s'\"<>?#\\]+/{_LINK_PREFIX}"
    rf"|(?<![{_PATH_CHARS}])/{_LINK_PREFIX}"
    rf"|(?<=['\"]){_LINK_PREFIX})"
    r"[^/?#&\s'\"<>\\]+"
)
"""A token path segment where a path starts: at the start of the text or after a
character that cannot be part of a path (so ``/admin/orders/order/`` is left alone), after
a URL's host, or quoted without its leading slash as Django's resolver reports it."""
_SECRET_PARAMETER = re.compile(
    r"(?P<keep>(?:^|(?<=[?&;\s'\"]))[\w.-]*(?:token|signature|credential)=)[^&#\s'\"<>]*",
    re.IGNORECASE,
)
"""A query parameter carrying a secret (``?token=``, S3's ``X-Amz-Signature=``)."""
_SECRET_KEY = re.compile(r"token|signature", re.IGNORECASE)


def redact_link_tokens(text: str) -> str:
    """``text`` with the token of every signed-link path and every secret query
    parameter replaced by ``[redacted]``: ``/orders/[redacted]/invoice.pdf``."""
    text = _LINK_TOKEN.sub(rf"\g<keep>{REDACTED}", text)
    return _SECRET_PARAMETER.sub(rf"\g<keep>{REDACTED}", text)


class JsonFormatter(BaseJsonFormatter):
    """python-json-logger's JSON lines, with link tokens redacted in the finished line.

    Redacting the text written, rather than the record in a filter, reaches every field
    (the message, extras such as the ``request`` Django's 404 warnings carry, tracebacks)
    and leaves the record as it is for the handlers after ours: Sentry's logging
    integration reads it after the console handler and keeps its exception."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_link_tokens(super().format(record))


class PlainFormatter(logging.Formatter):
    """Plain text lines (``LOG_FORMAT=plain``), redacted like ``JsonFormatter``'s."""

    def format(self, record: logging.LogRecord) -> str:
        return redact_link_tokens(super().format(record))


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or "-" outside requests and tasks) on every record,
    with the running task's name and id when there is one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = get_guid() or "-"
        if not hasattr(record, "task_name"):
            from celery import current_task

            task = current_task._get_current_object() if current_task else None
            if task is not None and task.request.id:
                record.task_name = task.name
                record.task_id = task.request.id
        return True


class AccessLogMiddleware:
    """One log line per request: method, path, status, duration. Health probes and
    scrapes are logged at DEBUG so they do not drown the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        level = logging.DEBUG if request.path_info in QUIET_PATHS else logging.INFO
        path = redact_link_tokens(request.path)
        access_logger.log(
            level,
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


@before_task_publish.connect
def _publish_request_id(headers: dict | None = None, **kwargs) -> None:
    request_id = get_guid()
    if request_id and headers is not None:
        headers[HEADER] = request_id


@task_prerun.connect
def _set_task_request_id(task=None, **kwargs) -> None:
    if task is None:
        return
    if task.request.is_eager:
        if get_guid() is None:
            set_guid(uuid.uuid4().hex)
            task.request._portal_generated_id = True
        return
    set_guid(task.request.get(HEADER) or uuid.uuid4().hex)


@task_postrun.connect
def _clear_task_request_id(task=None, **kwargs) -> None:
    if task is None:
        return
    if not task.request.is_eager or getattr(task.request, "_portal_generated_id", False):
        clear_guid()


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact_link_tokens(value)
    if isinstance(value, dict):
        return {
            key: REDACTED
            if isinstance(item, str) and isinstance(key, str) and _SECRET_KEY.search(key)
            else _redacted(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(_redacted(item) for item in value)
    return value


def sentry_before_send(event: dict, hint: dict) -> dict:
    """Sentry's ``before_send`` (and ``before_send_transaction``): every string of the
    event redacted with ``redact_link_tokens`` (the request's URL, query string and
    headers, the transaction, which is the raw path when no route matched, log messages
    and their parameters, breadcrumbs, exception values, stack-frame variables), and any
    string under a key naming a token or signature replaced whole (a view's ``token``
    argument)."""
    for key, value in event.items():
        event[key] = _redacted(value)
    return event


def sentry_before_breadcrumb(crumb: dict, hint: dict) -> dict:
    """Sentry's ``before_breadcrumb``: the breadcrumb redacted like an event (a log line's
    message and extras, an HTTP call's URL)."""
    return sentry_before_send(crumb, hint)


def sentry_before_send_span(span: dict, hint: dict) -> dict:
    """Sentry's ``before_send_span`` (streamed spans, sentry-sdk 3): the span's name and
    attributes (``url.full``, ``url.path``, request headers) redacted like an event."""
    span["name"] = redact_link_tokens(span.get("name") or "")
    if span.get("attributes"):
        span["attributes"] = _redacted(span["attributes"])
    return span


def init_sentry(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> bool:
    """Start Sentry with the Django and Celery integrations when ``dsn`` is set; without
    it nothing is imported or started. Personal data is not sent (``send_default_pii``
    off): leads' e-mail addresses stay out of error reports. Link tokens are redacted from
    events, transactions, breadcrumbs and, where the installed sentry-sdk streams them (3.x,
    ``before_send_span``), spans."""
    if not dsn:
        return False
    import inspect

    import sentry_sdk
    from sentry_sdk.consts import ClientConstructor
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    span_hook = (
        {"before_send_span": sentry_before_send_span}
        if "before_send_span" in inspect.signature(ClientConstructor.__init__).parameters
        else {}
    )
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=sentry_before_send,
        before_send_transaction=sentry_before_send,
        before_breadcrumb=sentry_before_breadcrumb,
        **span_hook,
    )
    return True
