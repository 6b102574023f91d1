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
"""

import logging
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun
from django_guid import clear_guid, get_guid, set_guid

HEADER = "request_id"

access_logger = logging.getLogger("portal.access")
QUIET_PATHS = {"/healthz", "/readyz", "/metrics"}


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
        access_logger.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
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


def init_sentry(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> bool:
    """Start Sentry with the Django and Celery integrations when ``dsn`` is set; without
    it nothing is imported or started. Personal data is not sent (``send_default_pii``
    off): leads' e-mail addresses stay out of error reports."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )
    return True
