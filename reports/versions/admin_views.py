"""The report admin's pages on versions: the change page working on a draft, restoring a
version, the history with its compare form, the compare page, and the draft's buttons.

How a published report is edited without touching its live page: the stock change view
runs inside a savepoint, on the pending draft's content applied there
(``services.content_apply``); a valid save is recorded by django-reversion as usual, the
revision is read back, the savepoint is rolled back, and the revision is stored as the new
pending draft (``services.draft_store``). django-reversion shows old versions the same way
(its revision view renders inside a rolled-back transaction); doing it for drafts keeps
one change form, one set of validations and one revision format for drafts, saves and
restores, where a copy of every row (report, sections, figures …) would need its own."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion import create_revision, set_comment, set_user
from reversion.models import Version

from ..models import Report
from ..services import NotPublisher, ReportNotPublishable
from .compare import versions_compare
from .services import (
    DraftChangedMeanwhile,
    NoPendingDraft,
    VersionRefersToDeleted,
    content_apply,
    draft_discard,
    draft_publish,
    draft_store,
    drafts_apply_to,
    live_revision,
    missing_references,
    pending_draft,
    references_check,
    report_versions,
    review_restart,
)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y %H:%M")


def _restored_comment(restore: Version) -> str:
    user = restore.revision.user
    return (
        f"Restored the version of {_when(restore.revision.date_created)}"
        + (f" by {user.get_username()}" if user else "")
        + "."
    )


def change_url(report_pk) -> str:
    return reverse("admin:reports_report_change", args=[report_pk])


def edit_view(
    model_admin,
    request: HttpRequest,
    object_id: str,
    form_url="",
    extra_context=None,
    *,
    restore: Version | None = None,
):
    """The change page of a report, or (``restore``) the form of one of its versions.

    GET shows the pending draft of a published report (or the version restored) and
    changes nothing. A valid POST saves: in place for an unpublished report, as the new
    pending draft for a published one, whose live page is left as it is."""
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    as_draft = drafts_apply_to(report)
    draft = pending_draft(report) if as_draft else None
    base = restore.revision if restore is not None else (draft.revision if draft else None)
    if restore is not None:
        try:
            references_check(base)
        except VersionRefersToDeleted as refusal:
            messages.error(request, refusal.messages[0])
            return HttpResponseRedirect(reverse("admin:reports_report_history", args=[report.pk]))
    elif base is not None and (missing := missing_references(base)):
        messages.warning(
            request,
            "The pending draft names "
            + "; ".join(missing)
            + ", deleted since, so the form shows the live page: saving replaces the draft.",
        )
        base = None
    request.report_shown_revision_id = base.pk if base is not None else None
    request.report_saving_draft = as_draft
    extra_context = {**(extra_context or {}), "restoring": restore, "pending_draft": draft}
    captured = None
    with transaction.atomic():
        if base is not None:
            content_apply(revision=base, report=report)
        with create_revision():
            set_user(request.user)
            response = model_admin.changeform_view(request, object_id, form_url, extra_context)
            saved = request.method == "POST" and response.status_code == 302
            if saved and restore is not None:
                set_comment(_restored_comment(restore))
        if saved and not as_draft:
            if review_restart(report=report):
                messages.warning(request, _REVIEW_RESTARTED)
            return response
        if saved:
            revision = report_versions(report).first().revision
            captured = (revision, list(revision.version_set.all()))
        elif hasattr(response, "render"):
            response.render()
        transaction.set_rollback(True)
    if captured is not None:
        revision, versions = captured
        try:
            stored = draft_store(
                report=report,
                revision=revision,
                versions=versions,
                languages=getattr(request, "report_languages_edited", ()),
                by=request.user,
                built_on=draft.pk if draft else None,
            )
        except DraftChangedMeanwhile as refusal:
            messages.error(request, refusal.messages[0])
            return HttpResponseRedirect(change_url(report.pk))
        model_admin.log_change(request, report, "Saved a draft (not yet live).")
        messages.success(request, DRAFT_SAVED)
        if stored.review_restarted:
            messages.warning(request, _REVIEW_RESTARTED)
    return response


_REVIEW_RESTARTED = (
    "The review was for an earlier version, so the report is back to “Writing”: submit it "
    "for review again."
)
DRAFT_SAVED = (
    "Your changes are saved as a draft: visitors still see the published page until a "
    "publisher publishes the draft."
)


def revision_view(
    model_admin, request: HttpRequest, object_id: str, version_id: str, extra_context=None
):
    """One version of the report in its change form: saving restores it (as a new draft
    for a published report)."""
    version = get_object_or_404(
        Version.objects.get_for_model(Report).select_related("revision__user"),
        pk=version_id,
        object_id=unquote(object_id),
    )
    return edit_view(model_admin, request, object_id, request.path, extra_context, restore=version)


def history_view(model_admin, request: HttpRequest, object_id: str, extra_context=None):
    """Every saved version of the report, newest first, marked live, draft (pending,
    replaced, discarded or published) or saved, with a form to compare two of them."""
    report = model_admin.get_object(request, unquote(object_id))
    if report is None or not model_admin.has_view_or_change_permission(request, report):
        raise Http404("No such report.")
    live = live_revision(report)
    rows = []
    for version in report_versions(report):
        revision = version.revision
        draft = getattr(revision, "report_draft", None)
        if draft is not None:
            kind = f"Draft: {draft.get_state_display().lower()}"
        else:
            kind = "Saved"
        if live is not None and revision.pk == live.pk:
            kind += " (live now)" if report.is_public else " (current)"
        rows.append({"version": version, "revision": revision, "kind": kind})
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": report,
        "object": report,
        "title": f"History of {report}",
        "rows": rows,
        "change_url": change_url(report.pk),
    }
    return TemplateResponse(request, "admin/reports/report/object_history.html", context)


def compare_view(model_admin, request: HttpRequest, object_id: str):
    """Two versions side by side, field by field (``?a=<version>&b=<version>``): only the
    fields and rows that differ, the older version first."""
    report = model_admin.get_object(request, unquote(object_id))
    if report is None or not model_admin.has_view_or_change_permission(request, report):
        raise Http404("No such report.")
    versions = report_versions(report)
    try:
        chosen = [versions.get(pk=int(request.GET.get(key, ""))) for key in ("a", "b")]
    except (ValueError, Version.DoesNotExist):
        messages.error(request, "Choose two versions of this report to compare.")
        return HttpResponseRedirect(reverse("admin:reports_report_history", args=[report.pk]))
    older, newer = sorted(chosen, key=lambda version: (version.revision.date_created, version.pk))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": report,
        "title": f"Compare versions of {report}",
        "older": older,
        "newer": newer,
        "changes": versions_compare(older.revision, newer.revision),
        "history_url": reverse("admin:reports_report_history", args=[report.pk]),
    }
    return TemplateResponse(request, "admin/reports/report/compare.html", context)


def draft_action_view(model_admin, request: HttpRequest, object_id: str, action: str):
    """POST only: publish the pending draft (Publisher role) or discard it."""
    report = model_admin.get_object(request, unquote(object_id))
    if report is None:
        raise Http404("No such report.")
    if action not in ("publish", "discard"):
        raise Http404("No such draft action.")
    if not model_admin.has_change_permission(request, report):
        raise PermissionDenied
    try:
        if action == "publish":
            draft_publish(report=report, by=request.user)
        else:
            draft_discard(report=report, by=request.user)
    except NotPublisher as refusal:
        messages.error(request, refusal.message)
    except ReportNotPublishable as refusal:
        messages.error(request, "The draft was not published: " + "; ".join(refusal.messages))
    except (NoPendingDraft, VersionRefersToDeleted) as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(
            request,
            f"The draft of {report} is live."
            if action == "publish"
            else f"The draft of {report} is discarded; the live page is unchanged.",
        )
    return HttpResponseRedirect(change_url(report.pk))


def draft_panel(report: Report, *, can_publish: bool) -> str:
    """For the publication group: whether a draft is pending, by whom and when, with the
    compare link and its buttons (publish for publishers, discard)."""
    if report is None or report.pk is None or not drafts_apply_to(report):
        return "An unpublished report is saved as it is; once published, changes are drafts."
    draft = pending_draft(report)
    if draft is None:
        return "No draft: the form shows the live page. Saving makes a draft."
    live = live_revision(report)
    compare = ""
    if live is not None:
        newer = draft.revision.version_set.filter(object_id=str(report.pk)).first()
        older = live.version_set.filter(object_id=str(report.pk)).first()
        if newer and older:
            compare = format_html(
                ' <a href="{}?a={}&amp;b={}">Compare the draft with the live page</a>.',
                reverse("admin:reports_report_compare", args=[report.pk]),
                older.pk,
                newer.pk,
            )
    buttons = format_html(
        '<button type="submit" class="button" formnovalidate formaction="{}">Discard the draft'
        "</button>",
        reverse("admin:reports_report_draft", args=[report.pk, "discard"]),
    )
    if can_publish:
        buttons = format_html(
            '<button type="submit" class="button default" formnovalidate formaction="{}">'
            "Publish the draft</button> {}",
            reverse("admin:reports_report_draft", args=[report.pk, "publish"]),
            buttons,
        )
    user = draft.revision.user
    return format_html(
        '<div class="draft-panel"><p><strong>A draft is pending</strong>, saved by {} on {}: '
        "the form shows the draft, visitors still see the published page.{}</p><p>{}</p></div>",
        user.get_username() if user else "someone since removed",
        _when(draft.revision.date_created),
        compare,
        buttons,
    )


def conflict_message(report: Report) -> str:
    """What a stale form is told: who changed the report since it was opened."""
    last = report_versions(report).first()
    who = ""
    if last is not None:
        user = last.revision.user
        who = (
            f" ({user.get_username() if user else 'someone'} saved it on "
            f"{_when(last.revision.date_created)})"
        )
    return (
        f"This report changed after you opened it{who}, or it was published, unpublished or "
        "its draft published or discarded. Nothing was saved, so no one's work is "
        "overwritten: copy your changes, open the report again and make them there."
    )
