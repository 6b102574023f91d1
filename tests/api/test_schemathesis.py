"""Property-based run of the API against its own OpenAPI schema: the GET endpoints and the
visitor POSTs, a bounded number of examples each, must never answer with a server error.

Requests go through Django's test client (inside the test's transaction) rather than
schemathesis' WSGI transport, whose request-finished signal would close the test database
connection.
"""

import json
from urllib.parse import urlencode

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.core import NOT_SET

from tests.factories import ReportFactory, ReportSegmentFactory

schema = (
    schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    .exclude(method=["PUT", "PATCH", "DELETE"])
    .exclude(path="/api/v1/staff/reports/", method="POST")
)


@pytest.fixture
def published(settings):
    settings.API_THROTTLE_RATES = {
        "anon": "100000/min",
        "user": "100000/min",
    }
    settings.ENQUIRY_RATE_LIMIT_PER_IP = 100000
    settings.ENQUIRY_RATE_LIMIT_PER_EMAIL = 100000
    report = ReportFactory(code=1)
    ReportSegmentFactory(report=report)
    return report


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_answers_with_a_server_error(case, published, client):
    kwargs = {}
    if case.body is not NOT_SET:
        kwargs = {"data": json.dumps(case.body, default=str), "content_type": "application/json"}
    query = urlencode(case.query or {}, doseq=True)
    path = case.formatted_path + (f"?{query}" if query else "")
    response = client.generic(case.method, path, **kwargs)
    assert response.status_code < 500, (case.method, path, response.content[:500])
