import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from reports.demo.loader import demo_catalogue_load
from reports.models import Category, Company, Report, ReportStatus
from reports.transfer.importer import catalogue_import, records_from_jsonl
from reports.transfer.tabular import records_from_csv
from segments.models import Dimension, Segment
from tests.factories import ReportFactory


def _page(client, report: Report) -> str:
    html = client.get(report.get_absolute_url()).content.decode()
    html = re.sub(r'nonce="[^"]*"|csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r"\b(section|faq|toc|figure|segment|player|chart)-\d+\b", r"\1-N", html)


@pytest.mark.django_db
def test_demo_catalogue_round_trip_gives_identical_pages(client, tmp_path):
    demo_catalogue_load()
    before = {r.code: _page(client, r) for r in Report.objects.all()}
    path = tmp_path / "catalogue.jsonl"
    call_command("export_catalogue", output=str(path))
    assert len(path.read_text().splitlines()) == 7

    Report.objects.all().delete()
    Segment.objects.filter(parent__isnull=False).delete()
    Segment.objects.all().delete()
    Dimension.objects.all().delete()
    Company.objects.all().delete()
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()

    out = io.StringIO()
    call_command("import_catalogue", str(path), no_progress=True, stdout=out)
    assert "Imported 7 reports (7 new, 0 updated); 0 refused" in out.getvalue()
    after = {r.code: _page(client, r) for r in Report.objects.all()}
    assert after.keys() == before.keys()
    for code, page in before.items():
        assert after[code] == page, code


@pytest.mark.smoke
@pytest.mark.django_db
def test_import_reports_each_bad_record_and_keeps_the_others(tmp_path):
    document = {
        "code": 501,
        "slug": "good-market",
        "title": "Good Market",
        "status": "published",
        "category": {"slug": "widgets", "name": "Widgets"},
        "periods": {
            "historic_start_year": 2019,
            "base_year": 2023,
            "forecast_start_year": 2024,
            "forecast_end_year": 2031,
        },
        "figures": [{"year": 2024, "value": "1.5"}, {"year": 2031, "value": "3"}],
        "sections": [{"kind": "overview", "heading": "Overview", "body": "<p>Grows.</p>"}],
    }
    placeholder = {
        **document,
        "code": 502,
        "slug": "placeholder-market",
        "sections": [{"heading": "Overview", "body": "<p>Worth USD XX million.</p>"}],
    }
    lines = [
        json.dumps(document),
        "{not json",
        json.dumps({**document, "code": 503, "slug": "no-title", "title": ""}),
        json.dumps(placeholder),
        json.dumps({**document, "code": 504, "slug": "good-market"}),
        json.dumps({**placeholder, "status": "draft"}),
    ]
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(lines) + "\n")
    err = io.StringIO()
    call_command("import_catalogue", str(path), no_progress=True, stderr=err, stdout=io.StringIO())
    messages = err.getvalue()
    assert "line 2: Not valid JSON" in messages
    assert "line 3 (report 503): Invalid record: title: This field may not be blank." in messages
    assert (
        "line 4 (report 502): Refused: it would publish a report with integrity errors" in messages
    )
    assert 'placeholder text "USD XX million"' in messages
    assert 'line 5 (report 504): The slug "good-market" belongs to report 501.' in messages
    assert Report.objects.get(code=501).status == ReportStatus.PUBLISHED
    assert Report.objects.get(code=502).status == ReportStatus.DRAFT
    assert not Report.objects.filter(code__in=[503, 504]).exists()
    good = Report.objects.get(code=501)
    assert (good.slug, good.title, good.category.slug) == ("good-market", "Good Market", "widgets")
    assert [(f.year, f.value) for f in good.figures.all()] == [
        (2024, Decimal("1.5000")),
        (2031, Decimal("3.0000")),
    ]


@pytest.mark.smoke
@pytest.mark.django_db
def test_import_is_idempotent_by_code():
    ReportFactory(code=601, slug="kept")
    lines = [
        json.dumps(
            {
                "code": 601,
                "slug": "kept",
                "title": "Renamed Market",
                "category": "renamed",
                "periods": {
                    "historic_start_year": 2020,
                    "base_year": 2023,
                    "forecast_start_year": 2024,
                    "forecast_end_year": 2030,
                },
                "players": [{"company": {"name": "Acme Corp"}, "blurb": "Makes widgets."}],
            }
        )
    ]
    first = catalogue_import(records=records_from_jsonl(lines))
    second = catalogue_import(records=records_from_jsonl(lines))
    assert (first.updated, second.updated, second.problems) == ([601], [601], [])
    report = Report.objects.get(code=601)
    assert report.title == "Renamed Market"
    assert [link.blurb for link in report.company_links.all()] == ["Makes widgets."]
    assert Company.objects.filter(slug="acme-corp").count() == 1
    assert report.licences.count() == 3


@pytest.mark.django_db
def test_csv_rows_update_listed_fields_and_keep_the_rest():
    report = ReportFactory(code=701, slug="csv-report", title="Old Title")
    report.sections.create(heading="Kept", body="<p>Kept text.</p>")
    text = "code,title,figures\n701,New Title,2024:1.0;2031:2.0\nabc,Bad,\n"
    result = catalogue_import(records=records_from_csv(text))
    report.refresh_from_db()
    assert report.title == "New Title"
    assert [s.heading for s in report.sections.all()] == ["Kept"]
    assert [(f.year, str(f.value.normalize())) for f in report.figures.all()] == [
        (2024, "1"),
        (2031, "2"),
    ]
    assert [str(p) for p in result.problems] == [
        "line 3: code: a positive whole number is required."
    ]
