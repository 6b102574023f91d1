"""Celery tasks for orders: thin wrappers around ``orders.services``.

``fulfil_order`` runs on the "pdf" queue with the portal's ``QueuedOnCommit`` base
(published after commit, ``acks_late``, a broker outage logged rather than failing the
payment). E-mail errors follow the portal's policy (``portal.tasks.retry_or_fail``): connection and
temporary SMTP errors are retried with backoff, a permanent one (5xx, refused recipient) or
the last retry records the error on the order for staff. The services' stamps make every
repeat harmless. ``sweep_undelivered`` re-queues orders whose task was lost, a bounded
number of times.
"""

import logging

from celery import shared_task
from django.conf import settings

from portal.tasks import RETRYABLE_ERRORS, QueuedOnCommit, retry_or_fail

from . import editions, services

logger = logging.getLogger(__name__)


@shared_task(
    base=QueuedOnCommit,
    bind=True,
    max_retries=settings.ENQUIRY_EMAIL_MAX_RETRIES,
    soft_time_limit=settings.ORDER_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.ORDER_RENDER_TIME_LIMIT,
)
def fulfil_order(self, order_id: int) -> None:
    try:
        services.order_fulfil(order_id=order_id)
    except RETRYABLE_ERRORS as exc:
        retry_or_fail(self, exc, _record_failure(order_id))
    except Exception as exc:
        services.order_mark_failed(order_id=order_id, error=f"{type(exc).__name__}: {exc}")
        raise


@shared_task(base=QueuedOnCommit, bind=True, max_retries=settings.ENQUIRY_EMAIL_MAX_RETRIES)
def send_order_confirmation(self, order_id: int) -> None:
    try:
        services.order_confirmation_send(order_id=order_id)
    except RETRYABLE_ERRORS as exc:
        retry_or_fail(self, exc, _record_failure(order_id))


def _record_failure(order_id: int):
    return lambda error: services.order_mark_failed(order_id=order_id, error=error)


@shared_task(base=QueuedOnCommit)
def sweep_undelivered() -> None:
    count = services.sweep_undelivered()
    if count:
        logger.info("Orders sweep: %d paid order(s) queued for delivery again", count)


@shared_task(base=QueuedOnCommit, bind=True, max_retries=settings.ENQUIRY_EMAIL_MAX_RETRIES)
def send_seat_invitation(self, seat_id: int) -> None:
    from .seats import seat_invitation_send

    try:
        seat_invitation_send(seat_id=seat_id)
    except RETRYABLE_ERRORS as exc:
        retry_or_fail(
            self, exc, lambda error: logger.error("Seat %s invitation: %s", seat_id, error)
        )


@shared_task(base=QueuedOnCommit)
def create_edition_copies(edition_id: int) -> None:
    editions.edition_copies_create(edition_id=edition_id)


@shared_task(
    base=QueuedOnCommit,
    bind=True,
    max_retries=settings.ENQUIRY_EMAIL_MAX_RETRIES,
    soft_time_limit=settings.ORDER_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.ORDER_RENDER_TIME_LIMIT,
)
def deliver_edition_copy(self, copy_id: int) -> None:
    def record(error: str) -> None:
        editions.edition_copy_mark_failed(copy_id=copy_id, error=error)

    try:
        editions.edition_copy_deliver(copy_id=copy_id)
    except RETRYABLE_ERRORS as exc:
        retry_or_fail(self, exc, record)
    except Exception as exc:
        record(f"{type(exc).__name__}: {exc}")
        raise
