"""The secret part of e-mailed links (order pages, invoices, report and sample downloads)
stays out of the log lines and out of Sentry (``portal.observability``)."""

import copy
import inspect
import io
import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from enquiries.emails import sample_download_token
from portal import observability
from portal.observability import (
    REDACTED,
    RequestIdFilter,
    redact_link_tokens,
    sentry_before_breadcrumb,
    sentry_before_send,
    sentry_before_send_span,
)
from tests.factories import OrderFactory, SampleRequestFactory

TOKEN = "Wzk5LCJhYjEyIl0:1uQ3xY:Vn2b8kq-Xz_0pL4sE7tR9wYcF1hJ6mN3"
ORDER_TOKEN = "kq-Xz_0pL4sE7tR9wYcF1hJ6mN3Vn2b8aB5cD7eF9gH"


def configured_handler(name: str) -> tuple[logging.Handler, io.StringIO]:
    """A handler writing with the formatter ``settings.LOGGING`` configures as ``name``."""
    config = copy.deepcopy(settings.LOGGING)
    formatter = logging.config.DictConfigurator(config).configure_formatter(
        config["formatters"][name]
    )
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    return handler, stream


@pytest.fixture(params=["json", "plain"])
def log_text(request):
    """What the configured formatter (JSON, then plain) writes while the test runs."""
    handler, stream = configured_handler(request.param)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream.getvalue
    root.removeHandler(handler)
    root.setLevel(previous)


@pytest.fixture
def json_lines():
    handler, stream = configured_handler("json")
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line]
    root.removeHandler(handler)
    root.setLevel(previous)


def by_logger(lines: list[dict], name: str) -> list[dict]:
    return [line for line in lines if line["logger"] == name]


def token_url_names(patterns=None, namespace: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from token_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and "token" in pattern.pattern.regex.groupindex:
            yield f"{namespace}{pattern.name}"


def test_every_url_with_a_token_argument_is_redacted():
    names = sorted(token_url_names())
    assert {"orders:detail", "orders:invoice", "orders:download", "enquiries:sample_download"} <= (
        set(names)
    )
    for name in names:
        token, path = reversed_with_a_token(name)
        for text in (path, f"https://reports.example{path}?payment=done", f"Not Found: {path}"):
            redacted = redact_link_tokens(text)
            assert token not in redacted and REDACTED in redacted, (name, redacted)


def reversed_with_a_token(name: str) -> tuple[str, str]:
    """A token of a shape the route accepts (an order's or a signed link's) and its path."""
    for token in (ORDER_TOKEN, TOKEN):
        try:
            return token, reverse(name, kwargs={"token": token})
        except NoReverseMatch:
            continue
    raise AssertionError(f"{name} accepts neither an order token nor a signed token")


@pytest.mark.parametrize(
    "text",
    [
        "/admin/orders/order/5/change/",
        "/terms-of-sale/",
        "/orders/",
        "/medical-second-opinion-r1541508/data.csv",
        "https://reports.example/static/orders/icon.svg",
    ],
)
def test_other_paths_are_left_alone(text):
    assert redact_link_tokens(text) == text


@pytest.mark.django_db
def test_order_page_and_invoice_are_logged_without_their_token(client, json_lines):
    order = OrderFactory()

    page = client.get(f"/orders/{order.token}/")
    invoice = client.get(f"/orders/{order.token}/invoice.pdf")

    assert (page.status_code, invoice.status_code) == (200, 200)
    lines = json_lines()
    assert [line["path"] for line in by_logger(lines, "portal.access")] == [
        "/orders/[redacted]/",
        "/orders/[redacted]/invoice.pdf",
    ]
    assert by_logger(lines, "portal.access")[1]["message"] == (
        "GET /orders/[redacted]/invoice.pdf 200"
    )
    assert order.token not in json.dumps(lines)


@pytest.mark.django_db
def test_sample_download_and_a_dead_link_are_logged_without_their_token(
    client, json_lines, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "samples": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    (tmp_path / "sample.pdf").write_bytes(b"%PDF-1.7 sample")
    sent = SampleRequestFactory(pdf_name="sample.pdf", rendered_at=timezone.now())
    gone = SampleRequestFactory(pdf_name="removed.pdf", rendered_at=timezone.now())
    tokens = [sample_download_token(sent), sample_download_token(gone)]

    responses = [client.get(f"/enquiry/sample/{token}") for token in tokens]

    assert [response.status_code for response in responses] == [200, 410]
    lines = json_lines()
    assert [line["path"] for line in by_logger(lines, "portal.access")] == [
        "/enquiry/sample/[redacted]",
        "/enquiry/sample/[redacted]",
    ]
    [warning] = by_logger(lines, "django.request")
    assert warning["message"] == "Gone: /enquiry/sample/[redacted]"
    assert warning["request"] == "<WSGIRequest: GET '/enquiry/sample/[redacted]'>"
    assert not [token for token in tokens if token in json.dumps(lines)]


@pytest.mark.django_db
def test_djangos_not_found_warning_for_an_order_link_is_redacted(client, log_text):
    response = client.get(f"/orders/{ORDER_TOKEN}/")

    assert response.status_code == 404
    text = log_text()
    assert "Not Found: /orders/[redacted]/" in text
    assert ORDER_TOKEN not in text


def django_event(url_path: str) -> dict:
    """An error event as sentry-sdk's Django integration fills it for a 404 under a link
    prefix: no route matched, so the transaction is the raw path."""
    return {
        "level": "error",
        "transaction": url_path,
        "transaction_info": {"source": "url"},
        "logentry": {"message": "Internal Server Error: %s", "params": [url_path]},
        "request": {
            "url": f"https://reports.example{url_path}",
            "method": "GET",
            "query_string": "payment=done&X-Amz-Signature=0f3a9c",
            "headers": {
                "Host": "reports.example",
                "Referer": f"https://reports.example/orders/{TOKEN}/",
            },
            "env": {"SERVER_NAME": "web", "SERVER_PORT": "8000"},
        },
        "breadcrumbs": {
            "values": [
                {
                    "category": "portal.access",
                    "message": f"GET {url_path} 500",
                    "data": {"method": "GET", "path": url_path, "status": 500},
                }
            ]
        },
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "boom",
                    "stacktrace": {
                        "frames": [
                            {
                                "function": "order_invoice",
                                "vars": {
                                    "request": f"<WSGIRequest: GET '{url_path}'>",
                                    "token": f"'{TOKEN}'",
                                },
                            }
                        ]
                    },
                }
            ]
        },
    }


def test_sentry_before_send_redacts_the_token_everywhere_in_the_event():
    path = f"/orders/{TOKEN}/invoice.pdf"

    event = sentry_before_send(django_event(path), {})

    assert event["request"]["url"] == "https://reports.example/orders/[redacted]/invoice.pdf"
    assert event["request"]["query_string"] == "payment=done&X-Amz-Signature=[redacted]"
    assert event["request"]["headers"]["Referer"] == "https://reports.example/orders/[redacted]/"
    assert event["transaction"] == "/orders/[redacted]/invoice.pdf"
    assert event["logentry"]["params"] == ["/orders/[redacted]/invoice.pdf"]
    assert event["breadcrumbs"]["values"][0]["data"]["path"] == "/orders/[redacted]/invoice.pdf"
    assert event["exception"]["values"][0]["stacktrace"]["frames"][0]["vars"]["token"] == REDACTED
    assert TOKEN not in json.dumps(event) and "0f3a9c" not in json.dumps(event)
    assert event["request"]["headers"]["Host"] == "reports.example"


def test_sentry_breadcrumbs_and_spans_are_redacted():
    crumb = sentry_before_breadcrumb(
        {
            "category": "django.request",
            "message": f"Not Found: /download/report/{TOKEN}",
            "data": {"request": f"<WSGIRequest: GET '/download/report/{TOKEN}'>"},
        },
        {},
    )
    span = sentry_before_send_span(
        {
            "name": f"/enquiry/sample/{TOKEN}",
            "attributes": {
                "url.full": f"https://reports.example/enquiry/sample/{TOKEN}",
                "url.path": f"/enquiry/sample/{TOKEN}",
                "http.request.header.referer": [f"https://reports.example/orders/{TOKEN}/"],
                "http.response.status_code": 404,
            },
        },
        {},
    )

    assert crumb["message"] == "Not Found: /download/report/[redacted]"
    assert span["name"] == "/enquiry/sample/[redacted]"
    assert span["attributes"]["url.full"] == "https://reports.example/enquiry/sample/[redacted]"
    assert span["attributes"]["http.response.status_code"] == 404
    assert TOKEN not in json.dumps([crumb, span])


def test_init_sentry_installs_the_redacting_hooks(monkeypatch):
    import sentry_sdk
    from sentry_sdk.consts import ClientConstructor

    given = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: given.update(options))

    assert observability.init_sentry(
        dsn="http://public@127.0.0.1:9/1", environment="", release="", traces_sample_rate=0.0
    )

    assert given["before_send"] is sentry_before_send
    assert given["before_breadcrumb"] is sentry_before_breadcrumb
    assert given["before_send_transaction"] is sentry_before_send
    if "before_send_span" in inspect.signature(ClientConstructor.__init__).parameters:
        assert given["before_send_span"] is sentry_before_send_span
