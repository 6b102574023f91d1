from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from reports.demo.loader import demo_catalogue_load
from reports.figures import YearValue, compute_cagr
from reports.integrity import report_findings
from reports.models import Report, ReportStatus
from reports.transfer.press_release_parse import parse_press_release

SEED = Path(__file__).parent / "data" / "seed_press_release.txt"


def _content(report: Report) -> dict:
    """What a reader of the report sees, independent of row ids and timestamps."""
    return {
        "title": report.title,
        "headline": report.headline,
        "sections": [(s.kind, s.heading, s.body) for s in report.sections.all()],
        "players": [(p.company.slug, p.company.name, p.blurb) for p in report.company_links.all()],
        "segments": [
            (
                link.segment.dimension.slug,
                link.segment.slug,
                str(link.segment.country or ""),
                link.segment.parent.slug if link.segment.parent_id else None,
                link.share_percent,
                link.share_of.slug if link.share_of_id else None,
            )
            for link in report.segment_links.select_related("segment__parent", "share_of")
        ],
        "figures": [(f.year, f.value, f.segment_id) for f in report.figures.all()],
        "periods": (
            report.historic_start_year,
            report.base_year,
            report.forecast_start_year,
            report.forecast_end_year,
        ),
        "findings": [f.message for f in report_findings(report=report)],
    }


@pytest.mark.smoke
@pytest.mark.django_db
def test_importing_the_seed_gives_the_demo_report_less_what_the_release_does_not_say(capsys):
    call_command("import_press_release", str(SEED))
    out = capsys.readouterr().out
    imported = Report.objects.get(code=1541508)
    assert imported.status == ReportStatus.DRAFT
    assert '"Korea" under Middle East & Africa: left out' in out
    assert '"CAGR of around 7%" for the whole market' in out
    parsed = _content(imported)
    assert parsed["periods"] == (None, None, 2024, 2031)
    assert (
        "Periods: the source does not state the base year or the first historic year. Fill "
        "them in from the source before publishing." in parsed["findings"]
    )
    assert [(f.year, f.precision) for f in imported.figures.all()] == [
        (2020, Decimal("0.1000")),
        (2027, Decimal("0.1000")),
    ]

    demo_catalogue_load()
    demo = _content(Report.objects.get(code=1541508))

    for key in demo:
        if key not in ("periods", "findings"):
            assert parsed[key] == demo[key], key
    assert demo["periods"] == (2019, 2023, 2024, 2031)
    assert (2020, Decimal("2.5000"), None) in parsed["figures"]
    mismatches = [m for m in parsed["findings"] if "cagr" in m.lower() and "allow" in m]
    assert [m.split('"')[3] for m in mismatches] == ["CAGR of 10.1%", "CAGR of around 7%"]


@pytest.mark.django_db
def test_press_release_of_the_demo_report_states_its_facts_and_links(client):
    demo_catalogue_load()
    report = Report.objects.get(code=1541508)
    cagr = compute_cagr(
        [YearValue(f.year, f.value) for f in report.figures.filter(segment=None)],
        forecast_start_year=report.forecast_start_year,
        forecast_end_year=report.forecast_end_year,
    )
    base = f"/{report.slug}-r{report.code}/press-release"
    for suffix in (".html", ".md"):
        response = client.get(base + suffix)
        assert response.status_code == 200
        text = response.content.decode()
        assert "USD 2.5 billion in 2020" in text
        assert "USD 4.6 billion by 2027" in text
        assert f"a CAGR of {cagr.percent}% over 2020–2027" in text
        for path in (
            "/enquiry/request-sample/1541508",
            "/enquiry/pre-order-enquiry/1541508",
            "/purchase/1541508",
            "/medical-second-opinion-r1541508",
        ):
            assert settings.SITE_URL + path in text
        for name in (
            "HCA Hospitals",
            "Oncology International Pvt. Ltd.",
            "Ocular Disorders",
            "Health Insurance Companies",
            "Saudi Arabia",
            "Taiwan",
        ):
            assert name in text
        assert "North America (40% of the market)" in text
    assert response["Content-Type"].startswith("text/markdown")


@pytest.mark.django_db
def test_press_release_of_a_draft_is_not_found(client):
    demo_catalogue_load()
    Report.objects.filter(code=1541508).update(status=ReportStatus.DRAFT)
    assert client.get("/medical-second-opinion-r1541508/press-release.md").status_code == 404


@pytest.mark.django_db
def test_a_rendered_release_parses_back_to_its_facts(client):
    demo_catalogue_load()
    text = client.get("/medical-second-opinion-r1541508/press-release.md").content.decode()
    document = parse_press_release(text, is_markdown=True).document
    assert document["code"] == 1541508
    assert [p["company"]["name"] for p in document["players"]][:2] == [
        "HCA Hospitals",
        "AXA PPP Healthcare",
    ]
    shares = {s["slug"]: s["share_percent"] for s in document["segments"]}
    assert shares["north-america"] == "40"
    assert shares["united-states-of-america"] == "15"
    assert document["figures"] == [
        {"year": 2020, "value": "2.5", "precision": "0.1", "is_estimate": False},
        {"year": 2027, "value": "4.6", "precision": "0.1", "is_estimate": False},
    ]


def test_unknown_countries_are_reported_not_guessed():
    text = (
        "# Widget Market Size, Trends and Forecast from 2025 to 2032\n\n"
        "**In terms of Region, the Widget Market Players available by Region are:**\n\n"
        "**Europe:**\n\n- Germany\n- Atlantis\n- Frnace\n\n"
        "<https://portal.example/enquiry/request-sample/42>\n"
    )
    parsed = parse_press_release(text, is_markdown=True)
    countries = [s.get("country") for s in parsed.document["segments"] if s.get("country")]
    assert countries == ["DE"]
    assert '"Atlantis" under Europe: not a known country, left out.' in parsed.notes
    assert '"Frnace" under Europe: not a known country, left out.' in parsed.notes
    assert parsed.document["code"] == 42
    assert parsed.document["periods"]["forecast_end_year"] == 2032
