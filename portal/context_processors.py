from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """The publisher's name and absolute base URL, for page chrome and canonical links."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
