"""Security headers on every page type, the CSP violation endpoint, the admin's sign-in
lockout, its configurable URL and its optional two-factor sign-in."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import Client
from django_otp.admin import OTPAdminSite
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import ratelimit
from tests.enquiries.conftest import _clear_cache, sample_report  # noqa: F401
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CODE = 1541508
ADMIN_LOGIN = "/admin/login/"


def policy(response) -> dict[str, list[str]]:
    """The enforced Content-Security-Policy as ``{directive: [sources]}``."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def public_pages(report) -> dict[str, str]:
    order = OrderFactory(report=report, licence=report.licences.get(tier="single"))
    return {
        "home": "/",
        "report": f"/medical-second-opinion-r{CODE}",
        "category": f"/categories/{report.category.slug}/",
        "search": "/reports/?q=medical",
        "sample form": f"/enquiry/request-sample/{CODE}",
        "enquiry form": f"/enquiry/pre-order-enquiry/{CODE}",
        "purchase": f"/purchase/{CODE}",
        "order": f"/orders/{order.token}/",
        "thank-you": f"/enquiry/request-sample/{CODE}/thanks",
        "404": "/no-such-page/",
        "API JSON": "/api/v1/reports/",
        "API docs": "/api/docs/",
    }


def assert_common_headers(response) -> None:
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"][0] == "'self'"
    assert csp["report-uri"] == ["/csp-report/"]
    assert csp["report-to"] == ["csp-endpoint"]
    assert response["Reporting-Endpoints"] == 'csp-endpoint="/csp-report/"'
    assert "Content-Security-Policy-Report-Only" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"strict-origin-when-cross-origin", "same-origin"}
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert features[feature] == "()"


@pytest.mark.smoke
def test_every_public_page_type_enforces_the_strict_policy(client, sample_report):  # noqa: F811
    for name, path in public_pages(sample_report).items():
        response = client.get(path)
        assert response.status_code == (404 if name == "404" else 200), name
        assert_common_headers(response)
        csp = policy(response)
        assert csp["style-src"] == ["'self'"], name
        assert not any("unsafe" in source for sources in csp.values() for source in sources), name
        expected_form_action = (
            ["'self'", "https://checkout.stripe.com"] if name == "purchase" else ["'self'"]
        )
        assert csp["form-action"] == expected_form_action, name


def test_admin_allows_inline_styles_but_keeps_scripts_strict(client, staff_client):
    login = Client().get(ADMIN_LOGIN)
    changelist = staff_client.get("/admin/reports/report/")

    for response in [login, changelist]:
        assert response.status_code == 200
        assert_common_headers(response)
        csp = policy(response)
        assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
        assert csp["script-src"] == ["'self'"]


# --- The CSP violation endpoint. ----------------------------------------------------------

CSP_REPORT = {
    "csp-report": {
        "document-uri": "https://reports.example.com/medical-second-opinion-r1541508",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'; script-src 'self'",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "line-number": 12,
        "source-file": "https://reports.example.com/medical-second-opinion-r1541508",
        "status-code": 200,
        "script-sample": "window.__pwned = true",
    }
}
REPORTING_API_BATCH = [
    {
        "type": "csp-violation",
        "age": 10,
        "url": "https://reports.example.com/reports/",
        "user_agent": "Chromium",
        "body": {
            "documentURL": "https://reports.example.com/reports/",
            "blockedURL": "https://evil.example.net/x.js",
            "effectiveDirective": "script-src-elem",
            "originalPolicy": "default-src 'self'",
            "disposition": "enforce",
            "statusCode": 200,
            "lineNumber": 3,
        },
    },
    {"type": "deprecation", "age": 5, "url": "https://reports.example.com/", "body": {}},
]


def csp_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "portal.csp"]


@pytest.mark.smoke
def test_a_csp_report_is_logged_as_a_structured_warning(caplog):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/csp-report/",
        json.dumps(CSP_REPORT),
        content_type="application/csp-report",
        HTTP_USER_AGENT="Mozilla/5.0 Test",
    )

    assert response.status_code == 204
    [record] = csp_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        "CSP violation: script-src-elem blocked inline on "
        "https://reports.example.com/medical-second-opinion-r1541508"
    )
    assert record.csp == {
        "document_uri": "https://reports.example.com/medical-second-opinion-r1541508",
        "referrer": "",
        "blocked_uri": "inline",
        "violated_directive": "script-src-elem",
        "effective_directive": "script-src-elem",
        "disposition": "enforce",
        "source_file": "https://reports.example.com/medical-second-opinion-r1541508",
        "line_number": 12,
        "status_code": 200,
        "sample": "window.__pwned = true",
        "user_agent": "Mozilla/5.0 Test",
    }


def test_a_reporting_api_batch_logs_each_csp_violation_and_skips_other_reports(client, caplog):
    response = client.post(
        "/csp-report/", json.dumps(REPORTING_API_BATCH), content_type="application/reports+json"
    )

    assert response.status_code == 204
    [record] = csp_records(caplog)
    assert record.csp["blocked_uri"] == "https://evil.example.net/x.js"
    assert record.csp["document_uri"] == "https://reports.example.com/reports/"
    assert record.csp["effective_directive"] == "script-src-elem"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/csp-report", "this is not json"),
        ("application/csp-report", "\udcff"),
        ("application/csp-report", "[1, 2]"),
        ("application/csp-report", '{"csp-report": "nope"}'),
        ("application/csp-report", '{"csp-report": {"document-uri": "https://x.example"}}'),
        ("application/json", '{"something": "else"}'),
        ("application/reports+json", "[]"),
        ("application/reports+json", '{"type": "csp-violation"}'),
        ("application/reports+json", '[{"type": "csp-violation", "body": "x"}]'),
        ("application/reports+json", '["string"]'),
        ("application/reports+json", "[" * 8000 + "]" * 8000),
        ("application/csp-report", "null"),
    ],
)
def test_junk_is_refused_with_400_and_not_logged(client, caplog, content_type, body):
    response = client.post(
        "/csp-report/", body.encode("utf-8", "surrogateescape"), content_type=content_type
    )

    assert response.status_code == 400
    assert "Not a CSP violation report" in response.content.decode()
    assert csp_records(caplog) == []


def test_the_report_endpoint_refuses_other_methods_types_and_oversized_bodies(
    client, settings, caplog
):
    settings.CSP_REPORT_MAX_BYTES = 1024
    padded = {"csp-report": {**CSP_REPORT["csp-report"], "script-sample": "x" * 2000}}

    assert client.get("/csp-report/").status_code == 405
    assert client.post("/csp-report/", {"a": "b"}).status_code == 415
    too_large = client.post(
        "/csp-report/", json.dumps(padded), content_type="application/csp-report"
    )
    assert too_large.status_code == 413
    assert csp_records(caplog) == []


def test_one_client_flooding_reports_is_slowed_down(client, settings, monkeypatch):
    """Within one window of the limiter: on the real clock the four posts could straddle
    two one-minute windows and all pass."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))
    settings.CSP_REPORT_RATE_LIMIT = 3
    statuses = [
        client.post(
            "/csp-report/", json.dumps(CSP_REPORT), content_type="application/csp-report"
        ).status_code
        for _ in range(4)
    ]

    assert statuses == [204, 204, 204, 429]


# --- Admin sign-in: lockout after repeated failures. -------------------------------------


def sign_in(client: Client, password: str, **headers):
    return client.post(
        ADMIN_LOGIN,
        {"username": "editor", "password": password, "next": "/admin/"},
        **headers,
    )


@pytest.mark.smoke
def test_after_the_failure_limit_even_the_right_password_is_refused(settings, staff_user):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()

    failures = [sign_in(client, "wrong-password").status_code for _ in range(2)]
    assert failures == [200, 200]
    assert sign_in(client, "wrong-password").status_code == 429
    locked = sign_in(client, "a-long-test-password")

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Sign-in locked" in page
    assert "Too many failed sign-in attempts for “editor” from your network address" in page
    assert "after 3 failures" in page
    assert "You can try again 30 minutes after your last attempt." in page
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert "unsafe-inline" not in policy(locked)["script-src"]


def test_the_lockout_is_per_username_and_client_ip_behind_our_proxy(settings, staff_user):
    settings.AXES_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    colleague = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    forged = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.7"}

    for _ in range(2):
        sign_in(Client(), "wrong-password", **attacker)

    assert sign_in(Client(), "a-long-test-password", **attacker).status_code == 429
    assert sign_in(Client(), "a-long-test-password", **forged).status_code == 429
    signed_in = sign_in(Client(), "a-long-test-password", **colleague)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/admin/"


def test_a_successful_sign_in_clears_earlier_failures(settings, staff_user):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    sign_in(client, "wrong-password")
    sign_in(client, "wrong-password")
    assert sign_in(client, "a-long-test-password").status_code == 302
    client.logout()

    sign_in(client, "wrong-password")
    sign_in(client, "wrong-password")
    assert sign_in(client, "a-long-test-password").status_code == 302


def test_staff_passwords_must_be_strong():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["short1", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct-horse-battery-staple")


# --- ADMIN_URL and two-factor sign-in. -----------------------------------------------------

URLCONF_PROBE = """
from django.contrib import admin
from django.urls import Resolver404, resolve, reverse
import django
django.setup()
import portal.urls  # noqa
try:
    resolve("/admin/")
    old = "resolves"
except Resolver404:
    old = "404"
print(reverse("admin:index"), old, type(admin.site._wrapped).__name__)
"""


def probe_urlconf(**env) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", URLCONF_PROBE],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_admin_moves_to_admin_url():
    assert probe_urlconf(ADMIN_URL="staff-7f3a") == ["/staff-7f3a/", "404", "AdminSite"]
    assert probe_urlconf(ADMIN_URL="/back-office/") == ["/back-office/", "404", "AdminSite"]
    assert probe_urlconf() == ["/admin/", "resolves", "AdminSite"]


def test_admin_require_2fa_switches_to_the_otp_admin_site():
    assert probe_urlconf(ADMIN_REQUIRE_2FA="1") == ["/admin/", "resolves", "OTPAdminSite"]


@pytest.fixture
def otp_admin(monkeypatch):
    """The admin as ``ADMIN_REQUIRE_2FA`` makes it, for this test only."""
    monkeypatch.setattr(admin.site._wrapped, "__class__", OTPAdminSite)


def test_with_2fa_staff_need_a_one_time_password_from_their_device(otp_admin, staff_user):
    device = TOTPDevice.objects.create(user=staff_user, name="Phone", confirmed=True)
    client = Client()
    credentials = {"username": "editor", "password": "a-long-test-password", "next": "/admin/"}

    form = client.get(ADMIN_LOGIN).content.decode()
    assert 'name="otp_token"' in form
    without_token = client.post(ADMIN_LOGIN, credentials)
    assert without_token.status_code == 200
    assert client.get("/admin/").status_code == 302

    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    with_token = client.post(
        ADMIN_LOGIN,
        {**credentials, "otp_device": device.persistent_id, "otp_token": f"{token:06d}"},
    )

    assert with_token.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_with_2fa_a_password_only_session_does_not_reach_the_admin(otp_admin, staff_client):
    assert staff_client.get("/admin/").status_code == 302
