"""Figures through the import paths: trillions, precision and estimates kept, nothing
invented, and the findings (with their quotes) where staff and the API see them."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from reports.integrity import report_findings
from reports.models import FigureKind, Report, ReportStatus
from reports.services import ReportNotPublishable, report_publish
from reports.transfer.document import document_validate
from reports.transfer.export import report_document
from reports.transfer.importer import catalogue_import, report_document_save
from reports.transfer.press_release_parse import parse_press_release

SEED = Path(__file__).parent / "data" / "seed_press_release.txt"


def _record(**changes) -> dict:
    record = {
        "code": 7100001,
        "title": "Global Payments Market",
        "category": {"slug": "finance", "name": "Finance"},
        "unit": "trillion",
        "periods": {
            "historic_start_year": 2020,
            "base_year": 2024,
            "forecast_start_year": 2025,
            "forecast_end_year": 2032,
        },
        "figures": [
            {"year": 2025, "value": "2.3", "precision": "0.1"},
            {"year": 2032, "value": "3.4", "precision": "0.1", "is_estimate": True},
        ],
        "sections": [
            {
                "kind": "overview",
                "heading": "Overview",
                "body": "<p>The market will reach 2.3 trillion USD in 2025 and grow at a CAGR of "
                "5.7% from 2025 to 2032.</p>",
            }
        ],
    }
    return {**record, **changes}


@pytest.mark.django_db
def test_jsonl_keeps_trillions_precision_and_estimates_and_judges_the_cagr_within_them():
    result = catalogue_import(records=[(1, _record())])
    assert not result.problems
    report = Report.objects.get(code=7100001)
    assert report.get_unit_display() == "trillion"
    assert [(f.year, f.precision, f.is_estimate, f.kind) for f in report.figures.all()] == [
        (2025, Decimal("0.1000"), False, FigureKind.FORECAST),
        (2032, Decimal("0.1000"), True, FigureKind.ESTIMATE),
    ]
    # 2.25–2.35 → 3.35–3.45 over 7 years allows 5.14–6.22%: 5.7% agrees as written.
    assert [f.code for f in result.findings[7100001] if f.code == "cagr_mismatch"] == []
    exported = report_document(Report.objects.get(code=7100001))
    assert exported["unit"] == "trillion"
    assert exported["figures"][1] == {
        "year": 2032,
        "value": "3.4",
        "kind": "estimate",
        "segment": None,
        "precision": "0.1",
        "is_estimate": True,
    }


@pytest.mark.django_db
def test_a_published_record_whose_text_contradicts_its_figures_is_refused():
    record = _record(status="published")
    record["sections"][0]["body"] = "<p>The market was USD 2.9 trillion in 2025.</p>"
    result = catalogue_import(records=[(1, record)])
    [problem] = result.problems
    assert "integrity errors" in problem.message
    assert '"USD 2.9 trillion" for 2025 disagrees with "figure 2.3"' in problem.message
    assert not Report.objects.filter(code=7100001).exists()


@pytest.mark.django_db
def test_a_draft_may_leave_out_periods_and_cannot_be_published_until_they_are_filled_in():
    record = _record(periods={"forecast_start_year": 2025, "forecast_end_year": 2032})
    result = catalogue_import(records=[(1, record)])
    assert not result.problems
    report = Report.objects.get(code=7100001)
    assert (report.historic_start_year, report.base_year) == (None, None)

    with pytest.raises(ReportNotPublishable) as refused:
        report_publish(report=report, by=None)
    assert refused.value.messages == [
        "Periods: the source does not state the base year or the first historic year. Fill "
        "them in from the source before publishing."
    ]

    Report.objects.filter(pk=report.pk).update(historic_start_year=2020, base_year=2024)
    report_publish(report=Report.objects.get(pk=report.pk), by=None)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.PUBLISHED


def test_a_published_record_must_state_its_periods():
    record = _record(status="published", periods={})
    with pytest.raises(Exception) as invalid:
        document_validate(record)
    assert "periods.base_year" in invalid.value.errors


@pytest.mark.django_db
def test_a_release_value_the_text_assumes_is_stored_as_an_estimate_and_flagged():
    release = (
        "<h1>Drone Delivery Market, 2025 to 2032</h1><p><strong>Overview</strong></p>"
        "<p>If we take the market to be roughly USD 2 billion in 2025, it could reach USD "
        "1.2 trillion by 2032.</p>"
    )
    parsed = parse_press_release(release)
    document = {**parsed.document, "code": 7100002, "category": {"slug": "logistics"}}
    report, findings = report_document_save(document=document_validate(document))
    # The 2032 value is worked out from the assumed one in the same sentence: an estimate
    # too, though only the assumption itself is flagged.
    assert [(f.year, f.value, f.is_estimate) for f in report.figures.all()] == [
        (2025, Decimal("2.0000"), True),
        (2032, Decimal("1200.0000"), True),
    ]
    assert report.unit == "billion"
    assert [(f.code, f.quote) for f in findings if f.code == "assumed_value"] == [
        ("assumed_value", "roughly USD 2 billion")
    ]


@pytest.mark.django_db
def test_the_seed_imports_as_a_draft_that_publishes_once_staff_fill_in_what_it_leaves_out():
    call_command("import_press_release", str(SEED))
    report = Report.objects.get(code=1541508)
    findings = report_findings(report=report)
    assert [f.code for f in findings if f.level == "error"] == ["periods_missing"]
    with pytest.raises(ReportNotPublishable):
        report_publish(report=report, by=None)

    Report.objects.filter(pk=report.pk).update(historic_start_year=2019, base_year=2023)
    report = report_publish(report=Report.objects.get(pk=report.pk), by=None)
    assert report.status == ReportStatus.PUBLISHED
    warnings = {(f.code, f.quote) for f in report_findings(report=report)}
    assert ("cagr_mismatch", "CAGR of 10.1%") in warnings
    assert ("cagr_mismatch", "CAGR of around 7%") in warnings
    assert ("cagr_mismatch", "CAGR of 8.6%") not in warnings


@pytest.mark.django_db
def test_staff_api_reads_a_report_with_its_findings_and_their_quotes(staff_client):
    catalogue_import(records=[(1, _record())])
    Report.objects.filter(code=7100001).update(title="Global Payments Market, USD XX million")
    data = staff_client.get("/api/v1/staff/reports/7100001/").json()
    assert {
        "level": "error",
        "code": "placeholder",
        "message": 'Title: placeholder text "USD XX million"',
        "where": "Title",
        "quote": "USD XX million",
    } in data["findings"]
