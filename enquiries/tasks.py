"""Celery tasks: thin wrappers that take a primary key and call one service.

Every task is ``acks_late`` with ``reject_on_worker_lost``: a worker that dies mid-task
leaves the message to be delivered again, and the services' status guards make the repeat
harmless. Renders go to the "pdf" queue (``CELERY_TASK_ROUTES``), e-mails and the sweep to
"default". E-mail tasks retry SMTP and connection errors only, with exponential backoff and
jitter; after the last retry the row is marked failed instead of being re-queued forever.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from portal.tasks import RETRYABLE_ERRORS, QueuedOnCommit, retry_or_fail

from . import services

logger = logging.getLogger(__name__)


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
        retry_or_fail(
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
        retry_or_fail(
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
