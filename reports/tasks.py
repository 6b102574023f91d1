"""Celery tasks of the catalogue: thin wrappers that call one service."""

from celery import shared_task

from .search.frequent import frequent_lexemes_refresh
from .services import publish_scheduled_reports


@shared_task
def refresh_frequent_lexemes() -> tuple[int, int]:
    """Keep facet counts for the words now frequent in the catalogue, drop the others
    (``reports.search.frequent``). Idempotent: a repeat with the same statistics changes
    nothing."""
    return frequent_lexemes_refresh()


@shared_task
def publish_due_reports() -> tuple[list[int], list[int]]:
    """Publish the drafts whose scheduled time has come (``publish_scheduled_reports``);
    beat runs it every minute. Idempotent: each report is published once."""
    return publish_scheduled_reports()
