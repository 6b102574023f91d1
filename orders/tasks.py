"""Celery tasks for orders: thin wrappers around ``orders.services``.

``fulfil_order`` runs on the "pdf" queue with the enquiries' ``QueuedOnCommit`` base
(published after commit, ``acks_late``, a broker outage logged rather than failing the
payment); SMTP and connection errors are retried with backoff, and the services' stamps make
every repeat harmless. ``sweep_undelivered`` re-queues paid orders whose task was lost.
"""

import logging

from celery import shared_task
from django.conf import settings

from enquiries.tasks import RETRYABLE_ERRORS, QueuedOnCommit

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    base=QueuedOnCommit,
    bind=True,
    autoretry_for=RETRYABLE_ERRORS,
    max_retries=settings.ENQUIRY_EMAIL_MAX_RETRIES,
    retry_backoff=settings.ENQUIRY_EMAIL_RETRY_BACKOFF,
    retry_backoff_max=settings.ENQUIRY_EMAIL_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    soft_time_limit=settings.ORDER_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.ORDER_RENDER_TIME_LIMIT,
)
def fulfil_order(self, order_id: int) -> None:
    try:
        services.order_fulfil(order_id=order_id)
    except RETRYABLE_ERRORS:
        raise
    except Exception as exc:
        services.order_mark_failed(order_id=order_id, error=f"{type(exc).__name__}: {exc}")
        raise


@shared_task(
    base=QueuedOnCommit,
    autoretry_for=RETRYABLE_ERRORS,
    max_retries=settings.ENQUIRY_EMAIL_MAX_RETRIES,
    retry_backoff=settings.ENQUIRY_EMAIL_RETRY_BACKOFF,
    retry_backoff_max=settings.ENQUIRY_EMAIL_RETRY_BACKOFF_MAX,
    retry_jitter=True,
)
def send_order_confirmation(order_id: int) -> None:
    services.order_confirmation_send(order_id=order_id)


@shared_task(base=QueuedOnCommit)
def sweep_undelivered() -> None:
    count = services.sweep_undelivered()
    if count:
        logger.info("Orders sweep: %d paid order(s) queued for delivery again", count)
