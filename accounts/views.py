from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.http import private_response

from .selectors import library_leads, library_orders, verified_emails


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
