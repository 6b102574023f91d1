"""The signed-in buyer's pages: the library, downloads, seats, profile, data and deletion.

Every page is private (``no-store``, ``noindex``). An order or seat the user may not see is
a 404, the same as one that does not exist. Writes are POSTs answered with a redirect back
to the library (post/redirect/get) and a message saying what happened.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orders import seats as seat_services
from orders import services as order_services
from orders.models import Seat
from portal.http import private_response
from portal.ratelimit import over_limit

from .forms import ProfileForm, SeatInvitationForm
from .selectors import (
    PROFILE_FIELDS,
    library_entries,
    library_entry,
    library_leads,
    pending_invitations,
    profile_of,
    reader_for,
    verified_emails,
)
from .services import account_data_export, account_delete, profile_save


def _back_to_library() -> HttpResponse:
    return HttpResponseRedirect(reverse("accounts:library"), status=303)


@login_required
def library(request: HttpRequest) -> HttpResponse:
    """My library: every report the buyer bought or holds a seat on, with its licence,
    edition and seats, a download button and the order page (invoice); invitations
    waiting; the samples and questions they sent."""
    samples, enquiries = library_leads(user=request.user)
    emails = verified_emails(user=request.user)
    return private_response(
        render(
            request,
            "accounts/library.html",
            {
                "entries": library_entries(user=request.user),
                "invitations": pending_invitations(user=request.user),
                "invite_form": SeatInvitationForm(),
                "samples": samples,
                "enquiries": enquiries,
                "emails": emails,
                "email_list": format_html_join(
                    ", ", "<strong>{}</strong>", ((email,) for email in emails)
                ),
                "profile": profile_of(user=request.user),
            },
        )
    )


def _entry_or_404(request: HttpRequest, number: str):
    entry = library_entry(user=request.user, number=number)
    if entry is None:
        raise Http404("No such report in your library.")
    return entry


@require_POST
@login_required
def download(request: HttpRequest, number: str) -> HttpResponse:
    """Issue a fresh link marked with the signed-in reader's name and company, and follow
    it: each press of the button is one counted download."""
    entry = _entry_or_404(request, number)
    if over_limit(
        scope="library-link",
        key=f"{request.user.pk}:{entry.order.pk}",
        limit=settings.ORDER_LINK_MAX_DOWNLOADS * 2,
        window=settings.ENQUIRY_RATE_LIMIT_WINDOW,
    ):
        messages.error(request, _("Too many downloads in a short time: try again in an hour."))
        return _back_to_library()
    try:
        link = order_services.download_link_issue(
            order=entry.order, reader=reader_for(user=request.user, entry=entry)
        )
    except order_services.OrderError as error:
        messages.error(request, str(error))
        return _back_to_library()
    token = order_services.download_token(link)
    return HttpResponseRedirect(reverse("orders:download", kwargs={"token": token}), status=303)


@require_POST
@login_required
def seat_invite(request: HttpRequest, number: str) -> HttpResponse:
    """The buyer gives a colleague a seat on a multi-user or enterprise licence."""
    entry = _entry_or_404(request, number)
    if not entry.is_buyer:
        raise Http404("Only the buyer gives seats.")
    form = SeatInvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["email"][0])
        return _back_to_library()
    try:
        seat = seat_services.seat_invite(
            order=entry.order, email=form.cleaned_data["email"], by=request.user
        )
    except seat_services.SeatError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(email)s has a seat: we e-mailed them the invitation.") % {"email": seat.email},
        )
    return _back_to_library()


def _seat_or_404(request: HttpRequest, seat_id: int, *, as_buyer: bool) -> Seat:
    emails = verified_emails(user=request.user)
    owner = {"order__email__in": emails} if as_buyer else {"email__in": emails}
    seat = (
        Seat.objects.select_related("order")
        .filter(pk=seat_id, released_at__isnull=True, **owner)
        .first()
    )
    if seat is None:
        raise Http404("No such seat.")
    return seat


@require_POST
@login_required
def seat_release(request: HttpRequest, seat_id: int) -> HttpResponse:
    """The buyer takes a seat back; its holder loses the report at once."""
    seat = _seat_or_404(request, seat_id, as_buyer=True)
    seat_services.seat_release(seat=seat, by_label=f"buyer: {request.user.email}")
    messages.success(request, _("The seat of %(email)s is free again.") % {"email": seat.email})
    return _back_to_library()


@require_POST
@login_required
def seat_accept(request: HttpRequest, seat_id: int) -> HttpResponse:
    """The invited colleague takes the seat offered to one of their proved addresses."""
    seat = _seat_or_404(request, seat_id, as_buyer=False)
    try:
        seat_services.seat_accept(seat=seat, emails=verified_emails(user=request.user))
    except seat_services.SeatError as error:
        messages.info(request, str(error))
    else:
        messages.success(
            request, _("“%(title)s” is in your library.") % {"title": seat.order.report_title}
        )
    return _back_to_library()


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Name, company, country, billing address and VAT number: prefilled at checkout and
    printed on the copies the buyer downloads."""
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            profile_save(user=request.user, details=form.cleaned_data)
            messages.success(request, _("Your details are saved."))
            return _back_to_library()
    else:
        saved = profile_of(user=request.user)
        initial = {name: getattr(saved, name) for name in PROFILE_FIELDS} if saved else {}
        form = ProfileForm(initial=initial)
    return private_response(
        render(
            request,
            "accounts/profile.html",
            {"form": form},
            status=400 if form.is_bound else 200,
        )
    )


@require_GET
@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    """Everything stored about the signed-in buyer, as a JSON file to download."""
    response = HttpResponse(
        json.dumps(account_data_export(user=request.user), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return private_response(response)


@require_http_methods(["GET", "POST"])
@login_required
def delete(request: HttpRequest) -> HttpResponse:
    """GET: what deleting the account does, and the button; POST: delete it."""
    if request.method == "POST":
        account_delete(request=request, user=request.user)
        messages.success(request, _("Your account is deleted."))
        return HttpResponseRedirect(reverse("reports:home"), status=303)
    return private_response(render(request, "accounts/delete.html"))
