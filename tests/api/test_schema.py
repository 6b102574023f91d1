import io
import re

import pytest
from django.core.management import call_command


@pytest.mark.smoke
def test_schema_generates_and_validates_without_warnings():
    out = io.StringIO()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out
    )
    schema = out.getvalue()
    for path in (
        "/api/v1/reports/",
        "/api/v1/reports/{code}/",
        "/api/v1/staff/reports/",
        "/api/v1/reports/{code}/sample-requests/",
        "/api/v1/staff/enquiries/",
    ):
        assert f'"{path}"' in schema


@pytest.mark.django_db
def test_docs_use_vendored_assets_and_no_inline_script_or_style(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert not re.search(r"<script>|<style|style=|https?://", html)
    script = re.search(r'<script src="([^"]+\?[^"]*script[^"]*)"', html).group(1)
    init = client.get(script.replace("&amp;", "&"))
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in init.content.decode()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"):
        assert client.get(f"/static/vendor/swagger-ui/{asset}").status_code == 200
