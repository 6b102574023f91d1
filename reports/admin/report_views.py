"""The report admin's own views: the preview, publishing, a language's publication and
a new edition. Each takes the ``ReportAdmin`` first; the services check the roles."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from ..languages import (
    TranslationIncomplete,
    report_language_publish,
    report_language_unpublish,
    translation_languages,
)
from ..models import Report, ReportEdition, ReportStatus
from ..services import NotPublisher, ReportNotPublishable, report_publish


def report_or_404(model_admin, request: HttpRequest, object_id: str) -> Report:
    report = model_admin.get_object(request, object_id)
    if report is None:
        raise Http404("No such report.")
    return report


def preview_view(model_admin, request: HttpRequest, object_id: str):
    """The public page of the report as it would look, whatever its status; for a published
    report with a pending draft, as it will look once the draft is published (the draft
    applied in a savepoint rolled back after rendering; its charts cached apart)."""
    from ..selectors import report_for_page
    from ..versions.services import content_apply, missing_references, pending_draft
    from ..views import render_report_page

    report = report_or_404(model_admin, request, object_id)
    if not model_admin.has_view_permission(request, report):
        raise PermissionDenied
    draft = pending_draft(report) if report.status == ReportStatus.PUBLISHED else None
    if draft is None or missing_references(draft.revision):
        return render_report_page(request, report_for_page(code=report.code), preview=True)
    with transaction.atomic():
        content_apply(revision=draft.revision, report=report)
        shown = report_for_page(code=report.code)
        shown.shown_revision_id = draft.revision_id
        response = render_report_page(request, shown, preview=True)
        transaction.set_rollback(True)
    return response


def publish_view(model_admin, request: HttpRequest, object_id: str):
    report = report_or_404(model_admin, request, object_id)
    if not model_admin.has_change_permission(request, report):
        raise PermissionDenied
    try:
        report_publish(report=report, by=request.user)
    except NotPublisher as refusal:
        model_admin.message_user(request, refusal.message, messages.ERROR)
    except ReportNotPublishable as refusal:
        model_admin.message_user(request, refusal_message(report, refusal), messages.ERROR)
    else:
        model_admin.message_user(request, f"{report} is published.", messages.SUCCESS)
    return HttpResponseRedirect(
        reverse(
            f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_change",
            args=[report.pk],
        )
    )


def language_publish_view(model_admin, request: HttpRequest, object_id: str, language: str):
    """Publish one language of the report; refused, with what is missing, until every
    text with English is translated."""
    return _language_view(model_admin, request, object_id, language, publish=True)


def language_unpublish_view(model_admin, request: HttpRequest, object_id: str, language: str):
    """Show the report in English again to that language's visitors (text kept)."""
    return _language_view(model_admin, request, object_id, language, publish=False)


def _language_view(model_admin, request: HttpRequest, object_id: str, language: str, *, publish):
    report = report_or_404(model_admin, request, object_id)
    if not model_admin.has_change_permission(request, report):
        raise PermissionDenied
    name = dict(translation_languages()).get(language)
    if name is None:
        raise Http404("No such language.")
    if not model_admin.has_publish_permission(request):
        model_admin.message_user(request, NotPublisher(request.user).message, messages.ERROR)
    elif not publish:
        report_language_unpublish(report=report, language=language, by=request.user)
        model_admin.message_user(
            request, f"{report} is shown in English to visitors in {name}.", messages.SUCCESS
        )
    else:
        try:
            report_language_publish(report=report, language=language, by=request.user)
        except TranslationIncomplete as refusal:
            model_admin.message_user(request, refusal.messages[0], messages.ERROR)
        else:
            model_admin.message_user(request, f"{report} is published in {name}.", messages.SUCCESS)
    return HttpResponseRedirect(change_url(report))


def change_url(report: Report) -> str:
    return reverse("admin:reports_report_change", args=[report.pk])


def new_edition_view(model_admin, request: HttpRequest, object_id: str):
    """GET: what a new edition does, with a box for the notes buyers read; POST: publish
    it (``orders.editions.edition_publish``), which e-mails the buyers with updates."""
    from orders.editions import EditionError, edition_publish, entitled_orders

    report = report_or_404(model_admin, request, object_id)
    if not model_admin.has_change_permission(request, report):
        raise PermissionDenied
    if not model_admin.has_publish_permission(request):
        model_admin.message_user(request, NotPublisher(request.user).message, messages.ERROR)
        return HttpResponseRedirect(change_url(report))
    if request.method == "POST":
        try:
            edition = edition_publish(
                report=report, by=request.user, notes=request.POST.get("notes", "")[:4000]
            )
        except EditionError as refusal:
            model_admin.message_user(request, str(refusal), messages.ERROR)
        else:
            model_admin.message_user(
                request,
                f"Edition {edition.number} of {report} is published; buyers with updates "
                "receive it by e-mail.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(change_url(report))
    upcoming = ReportEdition(report=report, number=report.edition + 1)
    upcoming.created_at = timezone.now()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": report,
        "title": f"New edition of {report.title}",
        "next_edition": report.edition + 1,
        "entitled": entitled_orders(upcoming).count(),
        "change_url": change_url(report),
    }
    return TemplateResponse(request, "admin/reports/report/new_edition.html", context)


def refusal_message(report: Report, refusal: ReportNotPublishable) -> str:
    return f"{report} was not published: " + "; ".join(refusal.messages)
