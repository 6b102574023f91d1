"""Response headers shared by the pages and files that belong to one visitor."""

from django.http import HttpResponseBase


def private_response(response: HttpResponseBase) -> HttpResponseBase:
    """Mark ``response`` as one visitor's own (an order page, a purchased report, a sample
    PDF): no shared cache may keep it, search engines must not index it, and its address
    (which carries a secret token) must not leak to other sites as a referrer."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
