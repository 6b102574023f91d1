"""Celery tasks of buyer accounts: thin wrappers around ``accounts.emails``."""

import logging

from celery import shared_task
from django.conf import settings

from portal.tasks import RETRYABLE_ERRORS, QueuedOnCommit, retry_or_fail

logger = logging.getLogger(__name__)


@shared_task(base=QueuedOnCommit, bind=True, max_retries=settings.ENQUIRY_EMAIL_MAX_RETRIES)
def send_sign_in_link(self, email: str) -> None:
    from .emails import sign_in_link_message

    try:
        sign_in_link_message(email=email).send()
    except RETRYABLE_ERRORS as exc:
        retry_or_fail(self, exc, lambda error: logger.error("Sign-in link to %s: %s", email, error))
