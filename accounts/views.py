import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from portal.http import private_response

from .selectors import library_leads, library_orders, verified_emails
from .services import account_data_export, account_delete


@login_required
def library(request: HttpRequest) -> HttpResponse:
    """My library: every order placed with the buyer's proved addresses, each with its order
    page (fresh download links, invoice), and the samples and questions they sent."""
    samples, enquiries = library_leads(user=request.user)
    return private_response(
        render(
            request,
            "accounts/library.html",
            {
                "orders": list(library_orders(user=request.user)),
                "samples": samples,
                "enquiries": enquiries,
                "emails": verified_emails(user=request.user),
            },
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
        messages.success(request, "Your account is deleted.")
        return HttpResponseRedirect(reverse("reports:home"), status=303)
    return private_response(render(request, "accounts/delete.html"))
