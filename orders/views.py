"""Buying a report: the checkout page, the order page, invoices, downloads and webhooks.

The order page is reached through an unguessable token (no account); it is never cached
and kept out of search engines. A POST that places an order redirects with 303 to the
provider's payment page or to the order page (post/redirect/get).

Chromium applies the CSP ``form-action`` directive to the redirects that follow a form
submission, so the two views whose POST may redirect to Stripe Checkout add its origin to
``form-action`` for their own responses only.
"""

import logging

from csp.decorators import csp_update
from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.http import private_response
from portal.ratelimit import client_ip, over_limit, rate_limited_response
from portal.signed_links import link_days
from reports import jsonld
from reports.selectors import category_chain, published_report_by_code

from . import selectors, services
from .forms import CheckoutForm
from .invoices import invoice_filename, render_invoice_pdf
from .models import OrderStatus
from .payments import ProviderError, SignatureError, get_provider
from .payments.base import UnsupportedEvent
from .watermark import stamp

logger = logging.getLogger(__name__)

STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"
PAYMENT_REDIRECT_CSP = {"form-action": [STRIPE_CHECKOUT_ORIGIN]}


def _after_start(order, start) -> HttpResponse:
    if start.redirect_url:
        return HttpResponseRedirect(start.redirect_url, status=303)
    return HttpResponseRedirect(order.get_absolute_url(), status=303)


@never_cache
@csp_update(PAYMENT_REDIRECT_CSP)
@require_http_methods(["GET", "HEAD", "POST"])
def purchase(request: HttpRequest, code: int) -> HttpResponse:
    """The report, its licence tiers and the checkout form; a valid POST places the order."""
    report = published_report_by_code(code=code)
    if report is None:
        raise Http404("No such report.")
    licences = list(selectors.licences_for_sale(report))
    upgrade_of, offer = _upgrade(request, report)
    if offer is not None:
        licences = [offer.licence]
    if request.method == "POST":
        ip = client_ip(request)
        if over_limit(
            scope="order",
            key=ip,
            limit=settings.ORDER_RATE_LIMIT_PER_IP,
            window=settings.ENQUIRY_RATE_LIMIT_WINDOW,
        ):
            return rate_limited_response(request, report)
        form = CheckoutForm(request.POST, report=report, upgrade=offer)
        if form.is_valid():
            try:
                order = services.order_create(
                    report=report,
                    licence=form.cleaned_data["licence"],
                    buyer=form.buyer(),
                    provider=form.cleaned_data["payment_method"],
                    ip_address=ip or None,
                    upgrade_of=upgrade_of,
                )
            except services.OrderError as error:
                form.add_error(None, str(error))
            else:
                try:
                    start = services.order_start_payment(order=order)
                except ProviderError:
                    return HttpResponseRedirect(
                        f"{order.get_absolute_url()}?payment=unavailable", status=303
                    )
                return _after_start(order, start)
    else:
        initial = {"licence": licences[0] if licences else None}
        if request.user.is_authenticated:
            from accounts.selectors import checkout_details

            initial.update(checkout_details(user=request.user))
        form = CheckoutForm(report=report, initial=initial, upgrade=offer)
    category_path = category_chain(report.category)
    response = render(
        request,
        "orders/purchase.html",
        {
            "report": report,
            "licences": licences,
            "form": form,
            "providers": form.providers,
            "upgrade_of": upgrade_of,
            "upgrade": offer,
            "jsonld_blocks": [jsonld.product(report, category_path=category_path)],
            "meta_description": _("Buy %(title)s: licences, prices and checkout.")
            % {"title": report.title},
            "canonical_path": request.path,
        },
        status=400 if form.is_bound else 200,
    )
    if form.is_bound or request.user.is_authenticated or "upgrade" in request.GET:
        response["Cache-Control"] = "private, no-store"
    return response


def _upgrade(request: HttpRequest, report):
    """(the signed-in buyer's earlier order, the upgrade offered on it) named by the
    ``upgrade`` parameter, or (None, None): for a guest, another buyer's order or an order
    with nothing to upgrade the parameter is ignored and the page sells at full price."""
    number = request.POST.get("upgrade") or request.GET.get("upgrade") or ""
    if not number or not request.user.is_authenticated:
        return None, None
    from accounts.selectors import library_orders

    from .editions import upgrade_offer

    order = (
        library_orders(user=request.user)
        .select_related("report", "licence")
        .filter(number=number[:16], report=report)
        .first()
    )
    offer = upgrade_offer(order) if order is not None else None
    return (order, offer) if offer is not None else (None, None)


def _order_or_404(token: str):
    order = selectors.order_by_token(token=token)
    if order is None:
        raise Http404("No such order.")
    return order


@never_cache
@require_http_methods(["GET", "HEAD"])
def order_detail(request: HttpRequest, token: str) -> HttpResponse:
    order = _order_or_404(token)
    provider = get_provider(order.provider, enabled_only=False)
    link = selectors.current_link(order) if order.status == OrderStatus.FULFILLED else None
    download_url = None
    if link is not None and link.download_count < link.max_downloads:
        download_url = reverse("orders:download", kwargs={"token": services.download_token(link)})
    return private_response(
        render(
            request,
            "orders/order_detail.html",
            {
                "order": order,
                "provider": provider,
                "invoice": getattr(order, "invoice", None),
                "bank": settings.ORDER_BANK_DETAILS,
                "payment_terms_days": settings.ORDER_PAYMENT_TERMS_DAYS,
                "link": link if download_url else None,
                "download_url": download_url,
                "licence_valid": services.licence_valid(order),
                "payment_note": request.GET.get("payment", ""),
                "canonical_path": request.path,
            },
        )
    )


@csp_update(PAYMENT_REDIRECT_CSP)
@require_POST
def order_pay(request: HttpRequest, token: str) -> HttpResponse:
    """Open the provider's payment page again for a pending order (card payment retried)."""
    order = _order_or_404(token)
    try:
        start = services.order_start_payment(order=order)
    except services.OrderError:
        return redirect(order.get_absolute_url())
    except ProviderError:
        return HttpResponseRedirect(f"{order.get_absolute_url()}?payment=unavailable", status=303)
    return _after_start(order, start)


@require_POST
def order_fresh_link(request: HttpRequest, token: str) -> HttpResponse:
    """Issue a new download link (shown on the order page) while the licence is valid."""
    order = _order_or_404(token)
    if over_limit(
        scope="order-link",
        key=str(order.pk),
        limit=settings.ORDER_LINK_MAX_DOWNLOADS * 2,
        window=settings.ENQUIRY_RATE_LIMIT_WINDOW,
    ):
        return rate_limited_response(request, order.report)
    try:
        services.download_link_issue(order=order)
    except services.OrderError as error:
        return private_response(
            render(
                request,
                "orders/download_problem.html",
                {"reason": "licence_expired", "order": order, "message": str(error)},
                status=409,
            )
        )
    return HttpResponseRedirect(order.get_absolute_url(), status=303)


@require_GET
def order_invoice(request: HttpRequest, token: str) -> HttpResponse:
    """The invoice PDF (paid orders) or pro-forma invoice (pending orders)."""
    order = _order_or_404(token)
    if order.status == OrderStatus.CANCELLED:
        raise Http404("No invoice for a cancelled order.")
    response = HttpResponse(render_invoice_pdf(order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice_filename(order)}"'
    return private_response(response)


LINK_STATUS = {
    "invalid": 404,
    "expired": 410,
    "exhausted": 410,
    "revoked": 410,
    "licence_expired": 410,
    "not_ready": 409,
}


@never_cache
@require_http_methods(["GET", "HEAD"])
def download(request: HttpRequest, token: str) -> HttpResponse:
    """The buyer's copy of the full report, if the link passes every check now."""
    handle = None
    try:
        link = services.link_for_download(token=token)
        handle = services.orders_storage().open(services.link_file_name(link), "rb")
        if request.method == "GET":
            services.download_count(link=link)
    except services.LinkRefused as refused:
        if handle is not None:
            handle.close()
        return private_response(
            render(
                request,
                "orders/download_problem.html",
                {"reason": refused.reason, "order": refused.order},
                status=LINK_STATUS[refused.reason],
            )
        )
    except FileNotFoundError:
        return private_response(
            render(
                request,
                "orders/download_problem.html",
                {"reason": "not_ready", "order": link.order},
                status=409,
            )
        )
    order = link.order
    edition = link.edition_copy.edition if link.edition_copy_id else order.edition
    filename = f"{order.report.slug}-{order.number}-edition-{edition}.pdf"
    if link.watermark and request.method == "GET":
        with handle:
            pdf = stamp(handle.read(), text=link.watermark)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return private_response(response)
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    return private_response(response)


@csrf_exempt
@require_POST
def provider_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    """A payment provider's event. 400 for a body that is not authentic or not an event
    (the provider retries, nothing is read from it); 200 once handled or recognised as a
    duplicate, so the provider stops retrying."""
    handler = get_provider(provider)
    if handler is None:
        raise Http404("No such payment provider.")
    try:
        result = handler.handle_event(payload=request.body, headers=request.headers)
    except UnsupportedEvent:
        raise Http404("This provider takes no events.") from None
    except SignatureError as error:
        logger.warning("Rejected %s webhook: %s", provider, error)
        return HttpResponseBadRequest("Invalid signature.", content_type="text/plain")
    except ValueError:
        return HttpResponseBadRequest("Not an event.", content_type="text/plain")
    return HttpResponse(
        "duplicate" if result.duplicate else result.outcome, content_type="text/plain"
    )


def terms(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "orders/terms.html",
        {
            "seller": settings.ORDER_SELLER,
            "link_days": link_days(settings.ORDER_LINK_MAX_AGE),
            "link_downloads": settings.ORDER_LINK_MAX_DOWNLOADS,
            "licence_days": settings.ORDER_LICENCE_DAYS,
            "canonical_path": request.path,
            "meta_description": _("Terms of sale of %(site)s reports and licences.")
            % {"site": settings.SITE_NAME},
        },
    )
