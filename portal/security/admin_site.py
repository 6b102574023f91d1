"""The admin site the URLconf mounts at ``ADMIN_URL``.

With ``ADMIN_REQUIRE_2FA`` on, Django's default admin site becomes django-otp's
``OTPAdminSite`` (the switch its documentation gives): signing in then needs a one-time
password from one of the user's confirmed devices, and a session signed in without one
does not reach the admin. Staff enrol a TOTP device under "TOTP devices" in the admin
while the switch is still off (or a superuser enrols it for them), then it is turned on.
"""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_otp.admin import OTPAdminSite


def admin_site() -> AdminSite:
    """``admin.site``, switched to ``OTPAdminSite`` when ``ADMIN_REQUIRE_2FA`` is on."""
    if settings.ADMIN_REQUIRE_2FA and not isinstance(admin.site, OTPAdminSite):
        admin.site.__class__ = OTPAdminSite
    return admin.site


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page django-axes shows instead of the admin once a username and client IP have
    failed ``AXES_FAILURE_LIMIT`` times: what happened and when signing in works again
    (``AXES_LOCKOUT_CALLABLE``; status ``AXES_HTTP_RESPONSE_CODE``, 429)."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
    }
    return render(
        request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
