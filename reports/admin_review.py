"""The review panel of the report change page and its view: submit for review, approve,
send back with a comment (``desk.services.report_review_step``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from desk.models import ReviewAction
from desk.services import ReviewRefused, report_review_step

from .models import Report, ReviewState

BUTTONS = {
    ReviewState.WRITING: [(ReviewAction.SUBMITTED, "Submit for review")],
    ReviewState.CHANGES_REQUESTED: [(ReviewAction.SUBMITTED, "Submit for review again")],
    ReviewState.SUBMITTED: [
        (ReviewAction.APPROVED, "Approve"),
        (ReviewAction.SENT_BACK, "Send back with the comment"),
    ],
    ReviewState.APPROVED: [(ReviewAction.SENT_BACK, "Send back with the comment")],
}
HISTORY = 10


def review_panel(report: Report) -> str:
    """The report's review state, its last steps with their comments, and the buttons for
    the next steps (each posts the change form to the review view; the server checks the
    role)."""
    if report is None or report.pk is None:
        return "Reviewed once the report is saved."
    events = list(report.review_events.select_related("by")[:HISTORY])
    history = format_html_join(
        "",
        "<li><strong>{}</strong> by {} on {}{}</li>",
        (
            (
                event.get_action_display(),
                event.by.get_username() if event.by else "someone since removed",
                event.created_at.strftime("%d %b %Y %H:%M"),
                format_html(": “{}”", event.comment) if event.comment else "",
            )
            for event in events
        ),
    )
    steps = BUTTONS[ReviewState(report.review_state)]
    buttons = format_html_join(
        " ",
        '<button type="submit" class="button" formnovalidate formaction="{}">{}</button>',
        (
            (reverse("admin:reports_report_review", args=[report.pk, action]), label)
            for action, label in steps
        ),
    )
    comment = ""
    if any(action == ReviewAction.SENT_BACK for action, _ in steps):
        comment = format_html(
            '<p><label for="id_review_comment">What should change (sent with “Send back”):'
            '</label><br><textarea name="review_comment" id="id_review_comment" rows="3" '
            'cols="60" maxlength="4000"></textarea></p>'
        )
    return format_html(
        '<div class="review-panel"><p>State: <strong>{}</strong></p>{}<p>{}</p>{}</div>',
        report.get_review_state_display(),
        comment,
        buttons,
        format_html("<ul>{}</ul>", history) if events else "",
    )


def review_view(model_admin, request: HttpRequest, object_id: str, action: str):
    """POST only: take one review step and go back to the change page with its outcome."""
    report = model_admin.get_object(request, object_id)
    if report is None:
        raise Http404("No such report.")
    if action not in ReviewAction.values:
        raise Http404("No such review step.")
    if not model_admin.has_view_permission(request, report):
        raise PermissionDenied
    try:
        report_review_step(
            report=report,
            action=action,
            by=request.user,
            comment=request.POST.get("review_comment", "")[:4000],
        )
    except (PermissionDenied, ReviewRefused) as refusal:
        text = refusal.messages[0] if isinstance(refusal, ReviewRefused) else str(refusal)
        model_admin.message_user(request, text, messages.ERROR)
    else:
        model_admin.message_user(
            request, f"{report}: {ReviewAction(action).label.lower()}.", messages.SUCCESS
        )
    return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))
