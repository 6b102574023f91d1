import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token

from enquiries.models import Enquiry, SampleRequest
from reports.models import Report, ReportStatus
from tests.factories import CategoryFactory, EnquiryFactory, ReportFactory


def _document(**changes) -> dict:
    document = {
        "code": 3100001,
        "title": "Heat Pump Market",
        "status": "published",
        "category": {"slug": "energy", "name": "Energy"},
        "periods": {
            "historic_start_year": 2019,
            "base_year": 2023,
            "forecast_start_year": 2024,
            "forecast_end_year": 2030,
        },
        "sections": [
            {"kind": "overview", "heading": "Overview", "body": "<p>A CAGR of 12.2%.</p>"}
        ],
        "figures": [{"year": 2024, "value": "10"}, {"year": 2030, "value": "20"}],
        "players": [{"company": {"name": "Daikin", "headquarters": "JP"}, "blurb": "Leader."}],
        "segments": [
            {
                "dimension": {"slug": "region", "name": "Region"},
                "slug": "europe",
                "name": "Europe",
                "share_percent": "60",
            },
            {
                "dimension": {"slug": "region"},
                "name": "Germany",
                "country": "DE",
                "parent": "europe",
                "share_percent": "50",
                "share_of": {"dimension": "region", "slug": "europe"},
            },
        ],
        "licences": [{"tier": "single", "price": "2999.00"}],
    }
    document.update(changes)
    return document


@pytest.fixture
def token_header(staff_user):
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=staff_user).key}"}


@pytest.mark.smoke
@pytest.mark.django_db
def test_staff_create_a_report_with_its_nested_rows_in_one_request(client, token_header):
    response = client.post(
        "/api/v1/staff/reports/", _document(), content_type="application/json", **token_header
    )
    assert response.status_code == 201, response.json()
    report = Report.objects.get(code=3100001)
    assert report.status == ReportStatus.PUBLISHED
    assert report.slug == "heat-pump-market"
    assert [link.segment.name for link in report.segment_links.all()] == ["Europe", "Germany"]
    assert report.company_links.get().company.headquarters == "JP"
    assert [(lic.tier, str(lic.price)) for lic in report.licences.all()] == [("single", "2999.00")]
    assert response.json()["cagr"]["percent"] == "12.2"
    assert response.json()["findings"] == []
    assert client.get("/api/v1/reports/3100001/").status_code == 200


@pytest.mark.django_db
def test_staff_update_replaces_the_nested_rows(staff_client):
    staff_client.post("/api/v1/staff/reports/", _document(), content_type="application/json")
    changed = _document(title="Heat Pump Market Outlook", segments=[], players=[])
    changed["sections"].append({"heading": "Drivers", "body": "<p>Gas prices.</p>"})
    response = staff_client.put(
        "/api/v1/staff/reports/3100001/", changed, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    report = Report.objects.get(code=3100001)
    assert report.title == "Heat Pump Market Outlook"
    assert [s.heading for s in report.sections.all()] == ["Overview", "Drivers"]
    assert not report.segment_links.exists()
    assert response.json()["findings"] == []


@pytest.mark.smoke
@pytest.mark.django_db
def test_publishing_with_integrity_errors_is_refused_with_the_errors(staff_client):
    bad = _document(sections=[{"heading": "Overview", "body": "<p>Worth USD XX million.</p>"}])
    bad["segments"][1]["share_percent"] = "70"
    bad["segments"].append(
        {
            "dimension": {"slug": "region"},
            "name": "France",
            "country": "FR",
            "parent": "europe",
            "share_percent": "40",
            "share_of": {"dimension": "region", "slug": "europe"},
        }
    )
    response = staff_client.post("/api/v1/staff/reports/", bad, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]["non_field_errors"]
    assert any('placeholder text "USD XX million"' in e for e in errors)
    assert any("add up to 110%, over 100%" in e for e in errors)
    assert not Report.objects.filter(code=3100001).exists()
    draft = staff_client.post(
        "/api/v1/staff/reports/", {**bad, "status": "draft"}, content_type="application/json"
    )
    assert draft.status_code == 201
    assert {f["code"] for f in draft.json()["findings"]} >= {"placeholder", "shares_over_100"}


@pytest.mark.django_db
def test_invalid_fields_get_one_message_per_field_path(staff_client):
    bad = _document(code="x", figures=[{"year": 1800, "value": "abc"}], currency="usd")
    response = staff_client.post("/api/v1/staff/reports/", bad, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"code", "figures.0.year", "figures.0.value", "currency"}
    assert errors["currency"] == ["Enter an ISO 4217 code such as USD."]


@pytest.mark.smoke
@pytest.mark.django_db
def test_writes_need_a_staff_user_with_the_model_permission(client, django_user_model):
    assert client.post(
        "/api/v1/staff/reports/", _document(), content_type="application/json"
    ).status_code in (401, 403)
    assert client.get("/api/v1/staff/enquiries/").status_code in (401, 403)
    editor = django_user_model.objects.create_user("clerk", password="x" * 14, is_staff=True)
    client.force_login(editor)
    assert (
        client.post(
            "/api/v1/staff/reports/",
            _document(),
            content_type="application/json",
        ).status_code
        == 403
    )
    assert not Report.objects.exists()
    editor.user_permissions.add(Permission.objects.get(codename="add_report"))
    response = client.post(
        "/api/v1/staff/reports/",
        _document(status="draft"),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert list(Report.objects.values_list("code", flat=True)) == [3100001]
    assert (
        client.put(
            "/api/v1/staff/reports/3100001/", _document(), content_type="application/json"
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_staff_read_sample_requests_and_enquiries_for_crm(staff_client):
    enquiry = EnquiryFactory(email="buyer@acme-industries.com")
    response = staff_client.get("/api/v1/staff/enquiries/")
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["email"] == "buyer@acme-industries.com"
    assert row["report_code"] == enquiry.report.code
    assert staff_client.get("/api/v1/staff/sample-requests/").json()["count"] == 0


LEAD = {
    "full_name": "Jane Doe",
    "email": "jane.doe@acme-industries.com",
    "company": "Acme Industries",
    "job_title": "Head of Strategy",
    "country": "GB",
    "message": "Does it cover Brazil?",
    "consent": True,
}


@pytest.mark.smoke
@pytest.mark.django_db
def test_visitor_requests_a_sample_and_sends_an_enquiry(client):
    report = ReportFactory(code=4100001)
    sample = client.post(
        "/api/v1/reports/4100001/sample-requests/", LEAD, content_type="application/json"
    )
    assert sample.status_code == 202, sample.content
    assert SampleRequest.objects.get().report == report
    enquiry = client.post(
        "/api/v1/reports/4100001/enquiries/", LEAD, content_type="application/json"
    )
    assert enquiry.status_code == 202
    assert Enquiry.objects.get().message == "Does it cover Brazil?"


@pytest.mark.django_db
def test_visitor_errors_honeypot_and_rate_limit(client, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_IP = 3
    ReportFactory(code=4100002)
    url = "/api/v1/reports/4100002/enquiries/"
    missing = client.post(
        url, {**LEAD, "message": "", "consent": False}, content_type="application/json"
    )
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"message", "consent"}
    bot = client.post(url, {**LEAD, "website": "http://spam"}, content_type="application/json")
    assert bot.status_code == 202
    assert not Enquiry.objects.exists()
    assert client.post(url, LEAD, content_type="application/json").status_code == 202
    assert client.post(url, LEAD, content_type="application/json").status_code == 429
    assert (
        client.post(
            "/api/v1/reports/9/enquiries/", LEAD, content_type="application/json"
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_visitor_endpoints_refuse_what_a_cross_site_form_can_send(client, staff_user):
    """A forged cross-site form can only send form-encoded, multipart or text bodies: all
    refused with 415, logged-in cookie or not; a JSON body needs no CSRF token."""
    ReportFactory(code=4100003)
    client.force_login(staff_user)
    url = "/api/v1/reports/4100003/sample-requests/"
    form = client.post(url, LEAD)
    assert form.status_code == 415
    text = client.post(url, "full_name=x", content_type="text/plain")
    assert text.status_code == 415
    assert not SampleRequest.objects.exists()
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, LEAD, content_type="application/json").status_code == 202


@pytest.mark.django_db
def test_a_category_parent_that_would_make_a_loop_is_refused(staff_client):
    energy = CategoryFactory(name="Energy", slug="energy")
    CategoryFactory(name="Heating", slug="heating", parent=energy)
    looping = _document(category={"slug": "energy", "parent": {"slug": "heating"}})

    response = staff_client.post("/api/v1/staff/reports/", looping, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"]["category"] == [
        '"Heating" cannot be the parent of "Energy": it is already inside it '
        "(Energy › Heating), so the categories would go round in a loop. Choose another parent."
    ]
    energy.refresh_from_db()
    assert energy.parent_id is None
    assert not Report.objects.filter(code=3100001).exists()


@pytest.mark.django_db
def test_an_image_from_another_host_is_a_finding_and_does_not_stop_publishing(
    staff_client, settings
):
    settings.SITE_URL = "https://reports.example"
    body = '<p>A CAGR of 12.2%.</p><img src="https://cdn.example.com/chart.png">'
    document = _document(sections=[{"heading": "Overview", "body": body}])

    response = staff_client.post(
        "/api/v1/staff/reports/", document, content_type="application/json"
    )

    assert response.status_code == 201, response.json()
    assert [(f["code"], f["level"]) for f in response.json()["findings"]] == [
        ("remote_image", "warning")
    ]
