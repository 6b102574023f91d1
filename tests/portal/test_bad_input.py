"""NUL characters and unparseable JSON are refused with 400 before any view or query
(``portal.security.bad_input``), and the secrets in addresses are shape-checked by their
path converters (``portal.converters``), so a malformed one is a 404 that runs no query.

On SQLite a NUL reaching a query is merely no match; on PostgreSQL it was a 500
(``ValueError: A string literal cannot contain NUL (0x00) characters``). The tests assert
that no query runs at all, which holds on both."""

import json
import re
import uuid
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse

from enquiries.models import SampleRequest
from orders.models import ORDER_TOKEN_PATTERN, new_order_token
from portal.security.bad_input import BadInputMiddleware
from portal.signed_links import LINK_TOKEN_PATTERN, link_token
from tests.factories import OrderFactory, ReportFactory

NUL_MESSAGE = "Null characters are not allowed."


def passed(request) -> HttpResponse:
    return HttpResponse("passed")


def through(request) -> HttpResponse:
    return BadInputMiddleware(passed)(request)


# --- The addresses from the issue (issue 20, item 5).


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/orders/%00/", "/orders/a%00b/invoice.pdf", "/reports/?q=%00", "/privacy/?%00=1"]
)
def test_a_nul_in_a_page_address_is_a_plain_400_without_a_query(
    client, django_assert_num_queries, path
):
    with django_assert_num_queries(0):
        response = client.get(path)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "NUL character" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_in_an_api_parameter_is_the_apis_400_without_a_query(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/api/v1/segments/?dimension=%00")

    assert response.status_code == 400
    assert response.json() == {"errors": {"dimension": [NUL_MESSAGE]}}


@pytest.mark.django_db
def test_a_nul_in_an_api_path_is_a_400_with_a_detail(client):
    response = client.get("/api/v1/categories/%00/")

    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]


# --- The middleware, request by request.


def test_clean_requests_pass():
    factory = RequestFactory()
    requests = [
        factory.get("/reports/", {"q": "oncology", "segment": "region:europe"}),
        factory.post("/enquiry/request-sample/1", {"full_name": "Zoë Ñúñez"}),
        factory.post(
            "/api/v1/reports/1/enquiries/",
            json.dumps({"full_name": "Zoë", "tags": ["a", {"b": "c"}], "n": 1, "x": None}),
            content_type="application/json",
        ),
        factory.post(
            "/api/v1/reports/1/enquiries/",
            '{"message": "a literal \\\\u0000 is six characters"}',
            content_type="application/json",
        ),
    ]
    for request in requests:
        assert through(request).content == b"passed"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path": "/orders/\x00/"},
        {"path": "/reports/", "data": {"q": "a\x00"}},
        {"path": "/reports/", "data": {"q\x00": "a"}},
        {"path": "/reports/", "data": {"segment": ["region:europe", "\x00"]}},
        {"path": "/reports/", "headers": {"User-Agent": "a\x00"}},
        {"path": "/reports/", "headers": {"Cookie": 'sessionid="\\000abcdefghij"'}},
    ],
)
def test_a_nul_anywhere_in_a_get_is_refused(request_kwargs):
    response = through(RequestFactory().get(**request_kwargs))

    assert response.status_code == 400
    assert response.content.startswith(b"Bad request: ")


@pytest.mark.parametrize(
    "data",
    [
        {"full_name": "Jane\x00"},
        {"full\x00name": "Jane"},
        {"up\x00load": SimpleUploadedFile("a.csv", b"a,b")},
    ],
)
def test_a_nul_in_a_multipart_form_is_refused(data):
    response = through(RequestFactory().post("/purchase/1", data))

    assert response.status_code == 400
    assert b"a form field" in response.content


def test_a_nul_in_a_urlencoded_form_is_refused():
    request = RequestFactory().post(
        "/purchase/1", "full_name=Jane%00", content_type="application/x-www-form-urlencoded"
    )

    assert through(request).status_code == 400


def test_file_contents_are_not_looked_at():
    upload = SimpleUploadedFile("report.pdf", b"%PDF \x00\x01 binary")

    assert through(RequestFactory().post("/purchase/1", {"upload": upload})).content == b"passed"


def test_a_view_still_reads_the_raw_body_of_a_form_the_middleware_looked_at():
    request = RequestFactory().post("/payments/stripe/webhook", {"field": "value"})
    raw = request.body
    request = RequestFactory().post("/payments/stripe/webhook", {"field": "value"})
    seen = {}

    def view(request):
        seen["body"] = request.body
        return HttpResponse("ok")

    BadInputMiddleware(view)(request)

    assert seen["body"] == raw


def test_a_body_larger_than_django_keeps_in_memory_is_left_to_the_view(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    request = RequestFactory().post(
        "/api/v1/staff/reports/",
        json.dumps({"title": "x" * 50 + "\x00"}),
        content_type="application/json",
    )
    seen = {}

    def view(request):
        seen["body"] = request.read()
        return HttpResponse("ok")

    assert BadInputMiddleware(view)(request).content == b"ok"
    assert json.loads(seen["body"])["title"].endswith("\x00")


@pytest.mark.parametrize(
    ("document", "fields"),
    [
        ({"full_name": "Jane\x00"}, ["full_name"]),
        ({"sections": [{"heading": "ok"}, {"heading": "\x00"}]}, ["sections.1.heading"]),
        ({"a\x00": 1, "b": ["\x00", "ok"]}, ["a\x00", "b.0"]),
        ("\x00", ["non_field_errors"]),
    ],
)
def test_a_nul_in_api_json_is_refused_with_the_field_paths(document, fields):
    request = RequestFactory().post(
        "/api/v1/staff/reports/", json.dumps(document), content_type="application/json"
    )

    response = through(request)

    assert response.status_code == 400
    assert json.loads(response.content) == {"errors": {field: [NUL_MESSAGE] for field in fields}}


def test_json_too_deep_to_parse_is_refused():
    request = RequestFactory().post(
        "/api/v1/reports/1/enquiries/", "[" * 100_000, content_type="application/json"
    )

    response = through(request)

    assert response.status_code == 400
    assert json.loads(response.content) == {
        "detail": "Bad request: the JSON body is nested too deeply."
    }


def test_json_that_is_not_json_is_left_to_the_api_parser():
    request = RequestFactory().post(
        "/api/v1/reports/1/enquiries/", "{not json", content_type="application/json"
    )

    assert through(request).content == b"passed"


def test_json_outside_the_api_is_not_read():
    """The payment webhooks take JSON signed by the provider: refusing an event would make
    the provider retry it for days."""
    request = RequestFactory().post(
        "/payments/stripe/webhook", json.dumps({"name": "\x00"}), content_type="application/json"
    )

    assert through(request).content == b"passed"


# --- The API's JSON bodies, end to end.


@pytest.mark.django_db
def test_a_nul_in_a_visitor_post_to_the_api_is_a_400(client, django_assert_num_queries):
    ReportFactory(code=4100001)
    body = {
        "full_name": "Jane\u0000Doe",
        "email": "jane@acme-industries.com",
        "company": "Acme",
        "job_title": "Analyst",
        "country": "GB",
        "consent": True,
    }

    with django_assert_num_queries(0):
        response = client.post(
            "/api/v1/reports/4100001/sample-requests/",
            json.dumps(body),
            content_type="application/json",
        )

    assert response.status_code == 400
    assert response.json() == {"errors": {"full_name": [NUL_MESSAGE]}}
    assert not SampleRequest.objects.exists()


@pytest.mark.django_db
def test_deeply_nested_json_to_the_api_is_a_400_not_a_500(client):
    ReportFactory(code=4100002)

    response = client.post(
        "/api/v1/reports/4100002/sample-requests/", "[" * 100_000, content_type="application/json"
    )

    assert response.status_code == 400


# --- Token shapes, checked by the path converters before any view or query.


def test_every_order_token_has_the_shape_the_urls_accept():
    assert all(re.fullmatch(ORDER_TOKEN_PATTERN, new_order_token()) for _ in range(500))


def test_every_link_token_has_the_shape_the_urls_accept():
    token = link_token(pk=2**63 - 1, key=uuid.uuid4(), salt="portal.tests")

    assert re.fullmatch(LINK_TOKEN_PATTERN, token)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/orders/not-a-token/",
        "/orders/" + "A" * 42 + "./",
        "/orders/" + "A" * 44 + "/invoice.pdf",
        "/orders/" + "Ä" * 43 + "/",
        "/download/report/" + "x" * 257,
        "/download/report/ä",
        "/enquiry/sample/a b",
        "/enquiry/sample/a'b/fresh-link",
        "/api/v1/categories/ä/",
        "/api/v1/companies/a.b/",
    ],
)
def test_a_malformed_secret_or_slug_matches_no_route(client, path):
    """No route matches, so no view runs and nothing queries with the value."""
    with pytest.raises(Resolver404):
        resolve(path)

    assert client.get(quote(path)).status_code == 404


@pytest.mark.django_db
def test_a_well_formed_order_token_still_reaches_the_order(client):
    order = OrderFactory()

    assert client.get(reverse("orders:detail", kwargs={"token": order.token})).status_code == 200
    assert client.get(f"/orders/{new_order_token()}/").status_code == 404
