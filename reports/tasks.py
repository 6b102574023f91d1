"""Celery tasks of the catalogue: thin wrappers that call one service."""

from celery import shared_task

from .search.frequent import frequent_lexemes_refresh
from .services import publish_scheduled_reports, report_findings_count


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


@shared_task
def count_findings(report_ids: list[int]) -> int:
    """Keep each report's numbers of integrity errors and warnings (``report_findings_count``),
    queued after a change commits; returns how many were counted. Idempotent: it counts what
    each report holds when it runs."""
    return sum(report_findings_count(report_id=pk) is not None for pk in report_ids)
