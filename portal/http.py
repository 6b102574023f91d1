"""Response headers shared by the pages and files that belong to one visitor."""

from django.http import HttpResponseBase


def private_response(response: HttpResponseBase) -> HttpResponseBase:
    """Mark ``response`` as one visitor's own (an order page, a purchased report, a sample
    PDF): no shared cache may keep it, search engines must not index it, and its address
    (which carries a secret token) must not leak to other sites as a referrer.

    ``same-origin`` rather than ``no-referrer``: under ``no-referrer`` Chromium sends
    ``Origin: null`` with the page's own form posts (a fresh download link, a seat), which
    Django's CSRF check rightly refuses."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response
