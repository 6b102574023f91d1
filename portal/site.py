"""The public site's own address, for links that leave the page: e-mails, PDFs, feeds of
data, the API and the press release (``SITE_URL`` from settings, never the request's
``Host`` header, which a client controls)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
