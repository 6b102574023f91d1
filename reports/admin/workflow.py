"""The report change page's workflow panels and their views: the review (submit, approve,
send back with a comment: ``desk.services.report_review_step``) and the scheduled
publication (``reports.services.report_publish_schedule``). Each panel's buttons post the
change form to its view with ``formaction``; the services check the roles."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from desk.models import ReviewAction
from desk.services import REVIEW_STEPS, ReviewRefused, report_review_step

from ..models import Report, ReportStatus, ReviewState
from ..services import NotPublisher, ReportNotPublishable, report_publish_schedule
from ..versions.services import pending_draft

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
COMMENT_BOX = mark_safe(  # noqa: S308 - a constant of ours
    '<p><label for="id_review_comment">What should change (sent with “Send back”):'
    '</label><br><textarea name="review_comment" id="id_review_comment" rows="3" '
    'cols="60" maxlength="4000"></textarea></p>'
)


def review_steps_allowed(user) -> set[str]:
    """The review steps ``user``'s role allows (the buttons shown; the service checks again)."""
    return {
        action for action, (_, _, permission) in REVIEW_STEPS.items() if user.has_perm(permission)
    }


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
    steps = [
        (action, label)
        for action, label in BUTTONS[ReviewState(report.review_state)]
        if action in getattr(report, "review_steps_allowed", REVIEW_STEPS)
    ]
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
        comment = COMMENT_BOX
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


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": "Choose the date and time to publish at."},
    )


def schedule_panel(report: Report) -> str:
    """When the report will go live by itself, with a box to choose the time (in the
    site's time zone) and buttons to schedule or cancel."""
    if report is None or report.pk is None:
        return "Only a saved report can be scheduled."
    if report.status == ReportStatus.PUBLISHED and not pending_draft(report):
        return "Published. Once you save changes as a draft, the draft can be scheduled."
    url = reverse("admin:reports_report_schedule", args=[report.pk])
    zone = timezone.get_current_timezone_name()
    if not getattr(report, "can_publish", True):
        when = report.publish_scheduled_at
        return (
            f"Goes live on {timezone.localtime(when).strftime('%d %b %Y %H:%M')} ({zone})."
            if when
            else "Not scheduled. A publisher schedules it."
        )
    current = ""
    if report.publish_scheduled_at:
        current = format_html(
            "<p>Goes live on <strong>{}</strong> ({}), scheduled by {}. "
            '<button type="submit" class="button" formnovalidate formaction="{}?cancel=1">'
            "Cancel the schedule</button></p>",
            timezone.localtime(report.publish_scheduled_at).strftime("%d %b %Y %H:%M"),
            zone,
            report.publish_scheduled_by.get_username() if report.publish_scheduled_by else "?",
            url,
        )
    return format_html(
        '{}<p><label for="id_publish_at">Publish at ({}):</label> '
        '<input type="datetime-local" name="publish_at" id="id_publish_at"> '
        '<button type="submit" class="button" formnovalidate formaction="{}">'
        "Schedule publishing</button></p>",
        current,
        zone,
        url,
    )


def schedule_view(model_admin, request: HttpRequest, object_id: str):
    """POST only: schedule the report's publication at ``publish_at``, or cancel it."""
    report = model_admin.get_object(request, object_id)
    if report is None:
        raise Http404("No such report.")
    cancel = "cancel" in request.GET
    form = ScheduleForm({"publish_at": request.POST.get("publish_at", "")})
    if not cancel and not form.is_valid():
        model_admin.message_user(request, form.errors["publish_at"][0], messages.ERROR)
    else:
        at = None if cancel else form.cleaned_data["publish_at"]
        try:
            report_publish_schedule(report=report, at=at, by=request.user)
        except NotPublisher as refusal:
            model_admin.message_user(request, refusal.message, messages.ERROR)
        except ReportNotPublishable as refusal:
            model_admin.message_user(
                request,
                "Not scheduled: these errors block publishing: " + "; ".join(refusal.messages),
                messages.ERROR,
            )
        except ValidationError as refusal:
            model_admin.message_user(request, refusal.messages[0], messages.ERROR)
        else:
            when = timezone.localtime(at).strftime("%d %b %Y %H:%M") if at else ""
            model_admin.message_user(
                request,
                f"{report} goes live on {when}." if at else f"{report} is no longer scheduled.",
                messages.SUCCESS,
            )
    return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))
