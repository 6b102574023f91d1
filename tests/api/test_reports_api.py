from decimal import Decimal

import pytest

from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    DimensionFactory,
    MarketFigureFactory,
    ReportCompanyFactory,
    ReportFactory,
    ReportSegmentFactory,
    SectionFactory,
    SegmentFactory,
)


@pytest.fixture
def catalogue():
    health = CategoryFactory(slug="health", name="Health")
    clinics = CategoryFactory(slug="clinics", name="Clinics", parent=health)
    second = ReportFactory(
        code=1541508, slug="second-opinion", title="Second Opinion Market", category=clinics
    )
    SectionFactory(report=second, heading="Overview", body="<p>Grows.</p>")
    MarketFigureFactory(report=second, year=2024, value=Decimal("2.0"))
    MarketFigureFactory(report=second, year=2031, value=Decimal("4.0"))
    ReportCompanyFactory(
        report=second, company=CompanyFactory(slug="hca", name="HCA"), blurb="Big."
    )
    europe = SegmentFactory(dimension=DimensionFactory(slug="region"), slug="europe", name="Europe")
    ReportSegmentFactory(report=second, segment=europe, share_percent=Decimal("30"))
    ReportFactory(code=2000001, slug="solar", title="Solar Battery Market", featured=True)
    ReportFactory(code=2000002, slug="hidden", title="Hidden Market", draft=True)
    return second


@pytest.mark.smoke
@pytest.mark.django_db
def test_list_shows_published_reports_with_their_summary_fields(client, catalogue):
    response = client.get("/api/v1/reports/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {r["code"] for r in body["results"]} == {1541508, 2000001}
    first = next(r for r in body["results"] if r["code"] == 1541508)
    assert first["category"] == "clinics"
    assert first["url"] == "/second-opinion-r1541508"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, codes",
    [
        ("q=solar", {2000001}),
        ("category=health", {1541508}),
        ("category=nowhere", set()),
        ("segment=europe", {1541508}),
        ("company=hca", {1541508}),
        ("featured=true", {2000001}),
    ],
)
def test_list_filters(client, catalogue, query, codes):
    response = client.get(f"/api/v1/reports/?{query}")
    assert response.status_code == 200
    assert {r["code"] for r in response.json()["results"]} == codes


@pytest.mark.smoke
@pytest.mark.django_db
def test_detail_carries_the_whole_report_and_the_computed_cagr(client, catalogue, settings):
    response = client.get("/api/v1/reports/1541508/")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Second Opinion Market"
    assert body["sections"] == [
        {"kind": "overview", "heading": "Overview", "body": "<p>Grows.</p>"}
    ]
    assert [(f["year"], f["value"]) for f in body["figures"]] == [
        (2024, "2.0000"),
        (2031, "4.0000"),
    ]
    assert body["cagr"] == {
        "percent": "10.4",
        "start_year": 2024,
        "end_year": 2031,
        "covers_forecast": True,
    }
    assert body["players"][0]["company"]["name"] == "HCA"
    assert body["players"][0]["blurb"] == "Big."
    assert body["segments"][0]["share_percent"] == "30.00"
    assert body["links"]["sample"] == f"{settings.SITE_URL}/enquiry/request-sample/1541508"
    assert body["category"]["parent"]["slug"] == "health"


@pytest.mark.django_db
def test_drafts_and_unknown_codes_are_json_404s(client, catalogue):
    for code in (2000002, 9, 99999999999):
        response = client.get(f"/api/v1/reports/{code}/")
        assert response.status_code == 404
        assert response.json()["detail"]


@pytest.mark.django_db
def test_detail_answers_304_to_a_current_etag(client, catalogue):
    first = client.get("/api/v1/reports/1541508/")
    assert first["Last-Modified"]
    again = client.get("/api/v1/reports/1541508/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    catalogue.title = "Renamed Market"
    catalogue.revision += 1
    catalogue.save()
    changed = client.get("/api/v1/reports/1541508/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


@pytest.mark.django_db
def test_categories_segments_and_companies(client, catalogue):
    categories = client.get("/api/v1/categories/").json()["results"]
    assert {"slug": "clinics", "parent": "health"}.items() <= next(
        c for c in categories if c["slug"] == "clinics"
    ).items()
    segments = client.get("/api/v1/segments/?dimension=region").json()["results"]
    assert [s["slug"] for s in segments] == ["europe"]
    company = client.get("/api/v1/companies/hca/").json()
    assert company["name"] == "HCA"
    assert company["headquarters"] == "US"


@pytest.mark.django_db
def test_anonymous_clients_are_throttled(client, catalogue, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "3/min"}
    statuses = [client.get("/api/v1/reports/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "throttled" in client.get("/api/v1/categories/").json()["detail"].lower()


@pytest.mark.django_db
def test_list_etag_changes_when_an_older_report_is_withdrawn(client, catalogue):
    from django.db.models import F

    from reports.models import Report, ReportStatus

    first = client.get("/api/v1/reports/")
    codes = [row["code"] for row in first.json()["results"]]
    older = min(Report.objects.filter(code__in=codes), key=lambda report: report.updated_at)
    Report.objects.filter(pk=older.pk).update(
        status=ReportStatus.ARCHIVED, updated_at=F("updated_at")
    )

    again = client.get("/api/v1/reports/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert older.code not in [row["code"] for row in again.json()["results"]]
