"""Every route outside the admin, the HTML pages as well as the API, with hostile path
segments, query strings, headers, cookies and form bodies: no answer may be a server error.

The routes are read from the URL resolver, includes and all, so a new route is fuzzed
without being listed here; only the values that reach its view (a report's code and slug,
an order's token …) are looked up by parameter name in ``valid_values``, and a parameter
name it does not know fails the test until it is added. The catalogue is the demo one
(``manage.py load_demo``), plus orders, download links and a sample request.

Each route is requested with every valid combination of its parameters; then each
parameter in turn gets each hostile value, the others kept at the first combination that
answers (2xx/3xx), so the hostile value is what the view meets; then that address gets
hostile query strings, headers and cookies, and hostile POST bodies (multipart,
form-encoded, and JSON under ``/api/``). Nothing is random: a failure names the same
request on every run. On PostgreSQL this is where a NUL (or any other value the database
refuses) reaching a query shows up as a 500.

The API is also fuzzed against its schema (``tests/api/test_schemathesis.py``); this test
adds the routes no schema describes and the values schemathesis does not try.
"""

import io
import itertools
import json
import logging
import re
from datetime import timedelta
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import timezone
from django.utils.regex_helper import normalize

import orders.views
from enquiries.emails import sample_download_token
from enquiries.forms import HONEYPOT_FIELD, EnquiryForm, SampleRequestForm
from orders.forms import CheckoutForm
from orders.models import DownloadLink, Order, OrderStatus, Seat
from orders.services import download_token
from reports.models import Category, Company, Report
from reports.sitemaps import SITEMAPS
from segments.models import Segment
from tests.factories import OrderFactory, SampleRequestFactory

ROUTE_PARAMETER = re.compile(r"<(?:[^>:]+:)?([^>]+)>")

HOSTILE_SEGMENTS = [
    "\x00",
    "a\x00b",
    "",
    "x" * 2048,
    "ünïcødé-Ωμέγα-🙂",
    "../../../../etc/passwd",
    "..",
    "-1",
    "99999999999999999999999999",
    "<script>'\";--",
    "a/b",
    "%00",
    "\r\n",
]
"""Path segment values, percent-encoded into the address as a browser would send them."""

RAW_SEGMENTS = ["%FF", "%ED%A0%80", "%zz", "%"]
"""Path segment values put into the address as they are: broken escapes, invalid UTF-8."""

FILTER_NAMES = [
    "q",
    "sort",
    "year",
    "price",
    "licence",
    "segment",
    "category",
    "company",
    "featured",
    "forecast_end_year",
    "dimension",
    "payment",
]
"""Every query parameter a view or a filter set reads."""

PAGE_NAMES = ["page", "page_size", "p", "format"]
"""Page numbers and sizes and DRF's format override, sent apart from ``FILTER_NAMES``: a
bad one is a 404 before any filter is read, which would hide what the filters do with the
same value."""

UNAVAILABLE_ALLOWED = {"/readyz"}
"""Paths whose 503 is their answer, not an error: readiness without a Celery worker."""

HOSTILE_FILTER_VALUES = [
    "\x00",
    "ü🙂" * 700,
    "-1",
    "99999999999999999999999999",
    "../'\";--%00:a:b",
]
"""Each is given to all ``FILTER_NAMES`` at once (one request per value)."""

HOSTILE_PAGE_VALUES = ["\x00", "-1", "99999999999999999999999999", "ü:1"]
"""Each is given to all ``PAGE_NAMES`` at once."""

RAW_QUERY_STRINGS = [
    "%zz=%ff&q=%ED%A0%80&page=%&&&=&==&sort&segment=:&segment=" + "a:b&segment=" * 20,
    "%00=%00",
    urlencode({"x" * 1024: "1", "ü": "1"}),
]

HOSTILE_HEADERS = [
    {
        "Cookie": 'sessionid="\\000abcdefghij"; csrftoken="\\000"; messages="\\000"',
        "Authorization": "Token a\x00b",
        "X-Request-ID": "\x00",
        "X-Forwarded-For": "\x00",
        "User-Agent": "\x00",
    },
    {
        "Cookie": f"sessionid={'x' * 40}; csrftoken={'ü' * 64}; messages=[[",
        "Authorization": "Token " + "x" * 5000,
        "X-Forwarded-For": "999.999.999.999, ::zz",
        "Accept": "*/*;q=ü, application/json;version=-1",
    },
]
"""Cookies as browsers send them (``\\000`` is an octal escape in a quoted cookie value,
which Django decodes to NUL) and headers a proxy might let through."""

HOSTILE_FORM_VALUES = ["\x00", "ü🙂" * 2500, "99999999999999999999999999", "-1"]
FORM_FIELDS = sorted(
    {
        *CheckoutForm.base_fields,
        *SampleRequestForm.base_fields,
        *EnquiryForm.base_fields,
        "csrfmiddlewaretoken",
        "action",
    }
)


def route_templates() -> list[tuple[str, tuple[str, ...]]]:
    """``("/orders/{token}/", ("token",))`` for every route but the admin's."""
    found: set[tuple[str, tuple[str, ...]]] = set()

    def walk(entries, prefix: str, prefix_params: list[str]) -> None:
        for entry in entries:
            if isinstance(entry, URLResolver) and str(entry.pattern) == django_settings.ADMIN_URL:
                continue
            for template, params in pattern_templates(entry.pattern):
                if isinstance(entry, URLResolver):
                    walk(entry.url_patterns, prefix + template, prefix_params + params)
                elif isinstance(entry, URLPattern):
                    found.add(("/" + prefix + template, tuple(prefix_params + params)))

    walk(get_resolver().url_patterns, "", [])
    return sorted(found)


def pattern_templates(pattern) -> list[tuple[str, list[str]]]:
    if isinstance(pattern, LocalePrefixPattern):
        return [("", []), ("ja/", [])]
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        return [(ROUTE_PARAMETER.sub(r"{\1}", route), ROUTE_PARAMETER.findall(route))]
    assert isinstance(pattern, RegexPattern), pattern
    return [
        (template % {name: "{" + name + "}" for name in params}, list(params))
        for template, params in normalize(str(pattern))
    ]


def valid_values() -> dict[str, list[str]]:
    """Values that reach the views, by the name of the path parameter they fill."""
    report = Report.objects.get(code=1541508)
    order = OrderFactory(report=report, licence=report.licences.first())
    link = DownloadLink.objects.create(
        order=order, expires_at=timezone.now() + timedelta(days=1), max_downloads=5
    )
    paid = OrderFactory(report=report, licence=report.licences.first())
    paid_link = DownloadLink.objects.create(
        order=paid, expires_at=timezone.now() + timedelta(days=1), max_downloads=5
    )
    Order.objects.filter(pk=paid.pk).update(
        status=OrderStatus.FULFILLED, pdf_name="missing.pdf", paid_at=timezone.now()
    )
    sample = SampleRequestFactory(report=report, pdf_name="missing.pdf")
    seat = Seat.objects.create(order=paid, slot=2, seat_limit=0, email="seat@example.com")
    region = Segment.objects.filter(dimension__slug="region").first()
    other = Segment.objects.exclude(dimension__slug="region").first()
    return {
        "code": [str(report.code)],
        "slug": [
            report.slug,
            Category.objects.first().slug,
            Company.objects.first().slug,
            region.slug,
            other.slug,
        ],
        "dimension": [other.dimension.slug, "region"],
        "section": list(SITEMAPS),
        "provider": ["stripe", "bank_transfer"],
        "token": [
            order.token,
            download_token(link),
            download_token(paid_link),
            sample_download_token(sample),
        ],
        "pk": [str(sample.pk)],
        "uidb36": ["1", "zz"],
        "number": [order.number, paid.number],
        "seat_id": [str(seat.pk), "999999"],
        "key": ["set-password", "4x-0123456789abcdef"],
    }


def fill(template: str, values: dict[str, str], *, raw: frozenset = frozenset()) -> str:
    return template.format(
        **{name: value if name in raw else quote(value, safe="") for name, value in values.items()}
    )


def form(value) -> dict:
    """Every form field set to ``value``, but the honeypot, which would end the request
    before any other field is looked at."""
    return {**dict.fromkeys(FORM_FIELDS, value), HONEYPOT_FIELD: ""}


class Fuzzer:
    """Sends the requests, keeping the ones answered with a server error."""

    def __init__(self, client):
        self.client = client
        self.failures: list[str] = []
        self.requests = 0

    def get(self, path: str, headers: dict | None = None) -> int:
        return self.send("get", path, headers=headers)

    def post(self, path: str, data, content_type: str | None = None) -> int:
        extra = {"content_type": content_type} if content_type else {}
        return self.send("post", path, data=data, **extra)

    def send(self, method: str, path: str, **kwargs) -> int:
        self.requests += 1
        response = getattr(self.client, method)(path, **kwargs)
        if response.status_code >= 500 and path.split("?")[0] not in UNAVAILABLE_ALLOWED:
            error = response.exc_info[1] if response.exc_info else None
            self.failures.append(
                f"{method.upper()} {path[:160]!r} {kwargs.get('content_type', '')}"
                f" -> {response.status_code} {error!r}"
            )
        return response.status_code


@pytest.fixture
def fuzz_settings(settings, caplog, monkeypatch):
    """No rate limit in the way, the expected 4xx log lines silenced, and the invoice PDF
    stubbed: rendering it takes WeasyPrint a third of a second, and nothing from the
    request reaches it but the order its token names."""
    monkeypatch.setattr(orders.views, "render_invoice_pdf", lambda order: b"%PDF-1.7 stub")
    settings.API_THROTTLE_RATES = {"anon": "1000000/min", "user": "1000000/min"}
    settings.ENQUIRY_RATE_LIMIT_PER_IP = 1000000
    settings.ENQUIRY_RATE_LIMIT_PER_EMAIL = 1000000
    settings.ORDER_RATE_LIMIT_PER_IP = 1000000
    settings.CSP_REPORT_RATE_LIMIT = 1000000
    for name in ("django.request", "portal.access", "django.security.csrf"):
        caplog.set_level(logging.CRITICAL, logger=name)
    cache.clear()
    yield settings
    cache.clear()


@pytest.mark.django_db
def test_no_route_answers_hostile_input_with_a_server_error(client, fuzz_settings):
    call_command("load_demo", stdout=io.StringIO())
    pools = valid_values()
    client.raise_request_exception = False
    fuzz = Fuzzer(client)
    routes = route_templates()
    unknown = {name for _, params in routes for name in params} - pools.keys()
    assert not unknown, f"add valid values for the path parameters {sorted(unknown)}"

    for template, params in routes:
        combinations = [
            dict(zip(params, values, strict=True))
            for values in itertools.product(*(pools[name] for name in params))
        ]
        live = [values for values in combinations if fuzz.get(fill(template, values)) < 400]
        valid = live[0] if live else combinations[0]
        for name in params:
            for value in HOSTILE_SEGMENTS:
                fuzz.get(fill(template, {**valid, name: value}))
            for value in RAW_SEGMENTS:
                fuzz.get(fill(template, {**valid, name: value}, raw=frozenset({name})))

        path = fill(template, valid)
        for names, values in [
            (FILTER_NAMES, HOSTILE_FILTER_VALUES),
            (PAGE_NAMES, HOSTILE_PAGE_VALUES),
        ]:
            for value in values:
                fuzz.get(f"{path}?{urlencode(dict.fromkeys(names, value))}")
        for query in RAW_QUERY_STRINGS:
            fuzz.get(f"{path}?{query}")
        for headers in HOSTILE_HEADERS:
            fuzz.get(path, headers=headers)
        for value in HOSTILE_FORM_VALUES:
            fuzz.post(path, form(value))
        fuzz.post(path, urlencode(form("ü" * 300)), "application/x-www-form-urlencoded")
        if path.startswith("/api/"):
            for value in ("\x00", "ü🙂" * 2500, ["\x00"], {"\x00": 1}):
                fuzz.post(path, json.dumps(form(value)), "application/json")

    assert len(routes) > 30 and fuzz.requests > 1000, (len(routes), fuzz.requests)
    assert not fuzz.failures, "\n".join(fuzz.failures)
