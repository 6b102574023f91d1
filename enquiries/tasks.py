"""Celery tasks: thin wrappers that take a primary key and call one service.

Every task is ``acks_late`` with ``reject_on_worker_lost``: a worker that dies mid-task
leaves the message to be delivered again, and the services' status guards make the repeat
harmless. Renders go to the "pdf" queue (``CELERY_TASK_ROUTES``), e-mails and the sweep to
"default". E-mail tasks retry SMTP and connection errors only, with exponential backoff and
jitter; after the last retry the row is marked failed instead of being re-queued forever.
"""

import logging
import random
import smtplib
import socket
from functools import partial

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction

from . import services

logger = logging.getLogger(__name__)

RETRYABLE_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, socket.gaierror)


class QueuedOnCommit(DjangoTask):
    """``delay_on_commit`` that never turns a broker outage into a failed form.

    The row is already committed when the callback runs; if the broker cannot take the
    message, the failure is logged and ``sweep_pending`` queues the row later. In eager
    mode (tests, development without Redis) the task runs in-process and its errors
    propagate as usual.
    """

    abstract = True
    acks_late = True
    reject_on_worker_lost = True

    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(partial(self._publish, args, kwargs))

    def _publish(self, args: tuple, kwargs: dict) -> None:
        if self.app.conf.task_always_eager:
            self.apply_async(args, kwargs)
            return
        try:
            self.apply_async(args, kwargs)
        except Exception:
            logger.exception("Could not queue %s%r; the sweep will queue it again", self.name, args)


def _permanent(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _retry_or_fail(task, exc: BaseException, on_fail) -> None:
    """Retry ``task`` with backoff, or call ``on_fail(error)`` once retries are exhausted."""
    retries = task.request.retries
    if _permanent(exc) or retries >= task.max_retries:
        on_fail(f"{type(exc).__name__}: {exc} (after {retries} retries)")
        return
    base = settings.ENQUIRY_EMAIL_RETRY_BACKOFF
    countdown = min(base * 2**retries, settings.ENQUIRY_EMAIL_RETRY_BACKOFF_MAX)
    raise task.retry(exc=exc, countdown=countdown + random.uniform(0, base))


@shared_task(
    base=QueuedOnCommit,
    bind=True,
    soft_time_limit=settings.SAMPLE_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.SAMPLE_RENDER_TIME_LIMIT,
)
def render_sample(self, sample_request_id: int) -> None:
    try:
        services.sample_render(sample_request_id=sample_request_id)
    except SoftTimeLimitExceeded:
        services.sample_mark_failed(
            sample_request_id=sample_request_id,
            error=f"Rendering took longer than {settings.SAMPLE_RENDER_SOFT_TIME_LIMIT} s.",
        )
    except Exception as exc:
        services.sample_mark_failed(
            sample_request_id=sample_request_id, error=f"{type(exc).__name__}: {exc}"
        )
        raise


@shared_task(base=QueuedOnCommit, bind=True, max_retries=settings.ENQUIRY_EMAIL_MAX_RETRIES)
def send_sample_email(self, sample_request_id: int) -> None:
    try:
        services.sample_email_send(sample_request_id=sample_request_id)
    except RETRYABLE_ERRORS as exc:
        _retry_or_fail(
            self,
            exc,
            lambda error: services.sample_mark_failed(
                sample_request_id=sample_request_id, error=error
            ),
        )


@shared_task(base=QueuedOnCommit, bind=True, max_retries=settings.ENQUIRY_EMAIL_MAX_RETRIES)
def send_enquiry_emails(self, enquiry_id: int) -> None:
    try:
        services.enquiry_emails_send(enquiry_id=enquiry_id)
    except RETRYABLE_ERRORS as exc:
        _retry_or_fail(
            self,
            exc,
            lambda error: services.enquiry_mark_delivery_failed(enquiry_id=enquiry_id, error=error),
        )


@shared_task(base=QueuedOnCommit)
def sweep_pending() -> None:
    result = services.sweep_pending()
    if result.requeued or result.failed:
        logger.info("Sweep: %d re-queued, %d marked failed", result.requeued, result.failed)


@shared_task(base=QueuedOnCommit)
def anonymise_expired_leads() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from .privacy import lead_anonymise

    lead_anonymise(
        created_before=timezone.now() - timedelta(days=settings.LEAD_RETENTION_DAYS),
        batch_size=settings.LEAD_ANONYMISE_BATCH_SIZE,
    )
