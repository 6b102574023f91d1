"""Writes of the staff desk: the searches that found nothing, and the review of reports."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from reports.models import Report, ReviewState

from .models import ReviewAction, ReviewEvent, UnansweredSearch

QUERY_LENGTH = UnansweredSearch._meta.get_field("query").max_length


def normalised_query(q: str) -> str:
    """``q`` as searches are counted: case folded, runs of spaces made one, cut to the
    column's length, so "Heat  Pumps" and "heat pumps" are one search."""
    return " ".join(q.casefold().split())[:QUERY_LENGTH].strip()


def unanswered_search_record(*, q: str, day: date | None = None) -> None:
    """Count one search for ``q`` that found nothing today (or on ``day``). Safe under
    concurrent calls: the row is created once, every other call adds one to it."""
    query = normalised_query(q)
    if not query:
        return
    day = day or timezone.localdate()
    rows = UnansweredSearch.objects.filter(query=query, day=day)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            UnansweredSearch.objects.create(query=query, day=day)
    except IntegrityError:
        rows.update(count=F("count") + 1)


class ReviewRefused(ValidationError):
    """A review step that does not apply to the report as it stands, or lacks its comment."""


REVIEW_STEPS = {
    ReviewAction.SUBMITTED: (
        {ReviewState.WRITING, ReviewState.CHANGES_REQUESTED},
        ReviewState.SUBMITTED,
        "reports.change_report",
    ),
    ReviewAction.SENT_BACK: (
        {ReviewState.SUBMITTED, ReviewState.APPROVED},
        ReviewState.CHANGES_REQUESTED,
        "reports.review_report",
    ),
    ReviewAction.APPROVED: ({ReviewState.SUBMITTED}, ReviewState.APPROVED, "reports.review_report"),
}
"""action → (the states it applies to, the state it leads to, the permission it needs)."""


@transaction.atomic
def report_review_step(*, report: Report, action: str, by, comment: str = "") -> ReviewEvent:
    """Submit ``report`` for review, send it back (``comment`` required: what should
    change) or approve it, as ``by``, and record the step.

    Raises ``PermissionDenied`` when ``by`` lacks the step's permission (an author may
    submit, only an editor or publisher approve or send back) and ``ReviewRefused`` when
    the step does not apply to the report's state (someone else may have moved it since
    the page was loaded)."""
    applies_to, leads_to, permission = REVIEW_STEPS[action]
    if not by.has_perm(permission):
        raise PermissionDenied(
            f"{by.get_username()} may not do this: it needs the "
            f"{'Editor or Publisher' if permission.endswith('review_report') else 'Author'} role."
        )
    comment = comment.strip()
    if action == ReviewAction.SENT_BACK and not comment:
        raise ReviewRefused("Say what should change before sending the report back.")
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.review_state not in applies_to:
        raise ReviewRefused(
            f"The report is “{locked.get_review_state_display()}” now, so it cannot be "
            f"{ReviewAction(action).label.lower()}: reload the page to see its current state."
        )
    Report.objects.filter(pk=report.pk).update(review_state=leads_to)
    report.review_state = leads_to
    return ReviewEvent.objects.create(report=report, action=action, comment=comment, by=by)
