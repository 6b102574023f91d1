"""What every Celery task of the portal shares: publishing after commit without failing the
visitor's request when the broker is down, and one retry policy for e-mail errors.

Connection and temporary SMTP errors are retried with exponential backoff and jitter; a
permanent one (5xx, a refused recipient) or the last retry calls the task's ``on_fail``
instead, so a row ends in a failed state staff can see rather than being retried forever.
"""

import logging
import random
import smtplib
import socket
from functools import partial

from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db import transaction

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


def retry_or_fail(task, exc: BaseException, on_fail) -> None:
    """Retry ``task`` with backoff, or call ``on_fail(error)`` once retries are exhausted."""
    retries = task.request.retries
    if _permanent(exc) or retries >= task.max_retries:
        on_fail(f"{type(exc).__name__}: {exc} (after {retries} retries)")
        return
    base = settings.ENQUIRY_EMAIL_RETRY_BACKOFF
    countdown = min(base * 2**retries, settings.ENQUIRY_EMAIL_RETRY_BACKOFF_MAX)
    raise task.retry(exc=exc, countdown=countdown + random.uniform(0, base))
