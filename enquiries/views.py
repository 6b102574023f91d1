"""The sample-request and pre-order enquiry forms, their thank-you pages, the signed sample
download, and the purchase placeholder (a later issue builds purchasing).

A valid POST records the request and redirects to the thank-you page (post/redirect/get),
so a reload does not post again; a duplicate within the window, or a bot that filled the
honeypot, lands on the same page. Submissions over the per-IP or per-e-mail limit get a
429 page.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.http import private_response
from portal.ratelimit import client_ip, over_limit, rate_limited_response
from portal.signed_links import link_days
from reports.selectors import published_report_by_code

from . import services
from .forms import LeadForm
from .intake import LEAD_FORMS, LeadKind, LeadOutcome, lead_submit
from .models import SampleStatus

THANKS_SESSION_KEY = "enquiries_thanks"

PAGES = {
    LeadKind.SAMPLE: {
        "heading": _("Request a free sample"),
        "intro": _(
            "Tell us where to send it: the sample PDF (cover, contents, executive "
            "summary, key facts, segmentation and charts) arrives by e-mail within a few minutes."
        ),
        "submit": _("Send me the sample"),
        "thanks_url": "enquiries:sample_thanks",
    },
    LeadKind.ENQUIRY: {
        "heading": _("Ask a question before buying"),
        "intro": _(
            "Ask our analysts about the report's scope, segments, regions or licences, "
            "or request a customisation. We reply within one working day."
        ),
        "submit": _("Send my question"),
        "thanks_url": "enquiries:enquiry_thanks",
    },
}


def _report_or_404(code: int):
    report = published_report_by_code(code=code)
    if report is None:
        raise Http404("No such report.")
    return report


def _form_view(request: HttpRequest, code: int, kind: LeadKind) -> HttpResponse:
    config = PAGES[kind]
    report = _report_or_404(code)
    form: LeadForm
    if request.method == "POST":
        submitted = lead_submit(kind=kind, report=report, data=request.POST, ip=client_ip(request))
        if submitted.outcome is LeadOutcome.LIMITED:
            return rate_limited_response(request, report)
        if submitted.outcome in (LeadOutcome.IGNORED, LeadOutcome.ACCEPTED):
            thanks = {"code": report.code, "kind": str(kind)}
            if submitted.email:
                thanks["email"] = submitted.email
            request.session[THANKS_SESSION_KEY] = thanks
            return redirect(config["thanks_url"], code=report.code)
        form = submitted.form
    else:
        form = LEAD_FORMS[kind][0]()
    return render(
        request,
        "enquiries/form.html",
        {
            "report": report,
            "form": form,
            "kind": kind,
            "heading": config["heading"],
            "intro": config["intro"],
            "submit_label": config["submit"],
            "meta_description": f"{config['heading']}: {report.title}.",
            "canonical_path": request.path,
        },
        status=400 if form.is_bound else 200,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_sample(request: HttpRequest, code: int) -> HttpResponse:
    return _form_view(request, code, LeadKind.SAMPLE)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def pre_order_enquiry(request: HttpRequest, code: int) -> HttpResponse:
    return _form_view(request, code, LeadKind.ENQUIRY)


def _thanks(request: HttpRequest, code: int, kind: str) -> HttpResponse:
    report = _report_or_404(code)
    stored = request.session.get(THANKS_SESSION_KEY) or {}
    email = (
        stored.get("email") if stored.get("code") == code and stored.get("kind") == kind else None
    )
    return render(
        request,
        f"enquiries/thanks_{kind}.html",
        {
            "report": report,
            "email": email,
            "link_days": link_days(settings.SAMPLE_LINK_MAX_AGE),
            "canonical_path": request.path,
        },
    )


@never_cache
def sample_thanks(request: HttpRequest, code: int) -> HttpResponse:
    return _thanks(request, code, "sample")


@never_cache
def enquiry_thanks(request: HttpRequest, code: int) -> HttpResponse:
    return _thanks(request, code, "enquiry")


def _link_problem(request: HttpRequest, *, sample_request, token: str, expired: bool):
    return render(
        request,
        "enquiries/download_problem.html",
        {
            "expired": expired,
            "sample_request": sample_request,
            "report": sample_request.report if sample_request else None,
            "token": token,
        },
        status=410 if expired else 404,
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def sample_download(request: HttpRequest, token: str) -> HttpResponse:
    """The sample PDF, for a valid unexpired link; otherwise a page that explains and
    offers a fresh link (expired) or a new request (invalid)."""
    try:
        sample_request = services.sample_for_download(token=token)
    except services.DownloadLinkExpired as problem:
        return _link_problem(
            request, sample_request=problem.sample_request, token=token, expired=True
        )
    except services.DownloadLinkInvalid:
        return _link_problem(request, sample_request=None, token=token, expired=False)
    handle = services.samples_storage().open(sample_request.pdf_name, "rb")
    services.sample_download_counted(sample_request=sample_request)
    return private_response(
        FileResponse(
            handle,
            as_attachment=True,
            filename=f"{sample_request.report.slug}-sample.pdf",
            content_type="application/pdf",
        )
    )


@require_POST
def sample_fresh_link(request: HttpRequest, token: str) -> HttpResponse:
    """Send a new link for an expired one. Only an authentic (signed) expired token may ask,
    at most ``ENQUIRY_RATE_LIMIT_PER_EMAIL`` times per window per request."""
    try:
        services.sample_for_download(token=token)
    except services.DownloadLinkExpired as problem:
        sample_request = problem.sample_request
    except services.DownloadLinkInvalid:
        sample_request = None
    else:
        return redirect("enquiries:sample_download", token=token)
    if sample_request is None:
        return _link_problem(request, sample_request=None, token=token, expired=False)
    if over_limit(
        scope="fresh-link",
        key=str(sample_request.pk),
        limit=settings.ENQUIRY_RATE_LIMIT_PER_EMAIL,
        window=settings.ENQUIRY_RATE_LIMIT_WINDOW,
    ):
        return rate_limited_response(request, sample_request.report)
    if sample_request.status != SampleStatus.FAILED:
        services.sample_resend(sample_request=sample_request, rerender=False)
    request.session[THANKS_SESSION_KEY] = {
        "code": sample_request.report.code,
        "kind": "sample",
        "email": sample_request.email,
    }
    return redirect("enquiries:sample_thanks", code=sample_request.report.code)
