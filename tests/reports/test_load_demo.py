import copy
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from reports.demo import more_reports, seed
from reports.integrity import report_findings
from reports.models import (
    Category,
    Company,
    Faq,
    FigureKind,
    Licence,
    MarketFigure,
    Report,
    ReportCompany,
    ReportStatus,
    Section,
    TocEntry,
)
from segments.models import Dimension, ReportSegment, Segment

SEED_CODE = 1541508
SEED_PLAYERS = [
    "HCA Hospitals",
    "AXA PPP Healthcare",
    "Royal London Group",
    "Helsana Group",
    "Cleveland Clinic",
    "Best Doctors Inc",
    "Johns Hopkins Medicine",
    "Penn Medicine",
    "Oncology International Pvt. Ltd.",
]
MODELS = [
    Category,
    Company,
    Dimension,
    Segment,
    Report,
    Section,
    TocEntry,
    Faq,
    MarketFigure,
    ReportCompany,
    ReportSegment,
    Licence,
]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def demo_codes() -> set[int]:
    return {seed.REPORT["code"], *(spec["code"] for spec in more_reports.REPORTS)}


@pytest.mark.smoke
@pytest.mark.django_db
def test_loading_twice_leaves_one_copy_of_everything():
    load_demo()
    first = {model.__name__: model.objects.count() for model in MODELS}
    first_revisions = dict(Report.objects.values_list("code", "revision"))

    load_demo()

    assert {model.__name__: model.objects.count() for model in MODELS} == first
    assert set(Report.objects.values_list("code", flat=True)) == demo_codes()
    assert Report.objects.count() == len(demo_codes())
    for model, fields in [
        (Category, ["slug"]),
        (Company, ["slug"]),
        (Company, ["name"]),
        (Segment, ["dimension", "name"]),
        (Dimension, ["slug"]),
    ]:
        rows = list(model.objects.values_list(*fields))
        assert len(rows) == len(set(rows)), f"{model.__name__} duplicated by {fields}"
    second_revisions = dict(Report.objects.values_list("code", "revision"))
    assert all(second_revisions[code] > first_revisions[code] for code in first_revisions), (
        "a reload replaces the reports' rows, so cached charts must be invalidated"
    )


@pytest.mark.django_db
def test_seed_report_has_the_press_release_facts():
    load_demo()
    report = Report.objects.get(code=SEED_CODE)

    assert report.slug == "medical-second-opinion"
    assert report.title == "Medical Second Opinion Market"
    assert report.headline.startswith("Medical Second Opinion Market Analysis Examines")
    assert [c.name for c in (*report.category.ancestors(), report.category)] == [
        "Healthcare",
        "Healthcare Services",
    ]
    assert (report.historic_start_year, report.base_year) == (2019, 2023)
    assert (report.forecast_start_year, report.forecast_end_year) == (2024, 2031)
    assert (report.currency, report.unit, report.figure_label) == ("USD", "billion", "USD billion")
    assert [(f.year, f.value, f.kind, f.segment_id) for f in report.figures.all()] == [
        (2020, Decimal("2.5"), FigureKind.HISTORIC, None),
        (2027, Decimal("4.6"), FigureKind.FORECAST, None),
    ]

    bodies = {section.kind: section.body for section in report.sections.all()}
    assert list(bodies) == ["overview", "competition", "opportunities", "segmentation", "regional"]
    assert "CAGR of 10.1%" in bodies["overview"]
    assert "$2.5 billion in 2020" in bodies["competition"]
    assert "$4.6 billion by 2027, growing at a CAGR of 8.6%" in bodies["competition"]
    assert "CAGR of around 7%" in bodies["opportunities"]
    assert "Health insurance companies" in bodies["segmentation"]
    assert "ocular disorders" in bodies["segmentation"]
    assert "approximately 40%" in bodies["regional"]

    players = list(report.company_links.select_related("company"))
    assert [player.company.name for player in players] == SEED_PLAYERS
    assert {player.company.name for player in players if player.blurb} == {
        "HCA Hospitals",
        "AXA PPP Healthcare",
        "Cleveland Clinic",
    }
    assert all(player.company.headquarters for player in players)
    assert 10 <= report.toc_entries.count() <= 15
    assert 4 <= report.faqs.count() <= 6
    assert report.page_count


@pytest.mark.django_db
def test_seed_report_segments_are_real_countries_under_their_regions():
    load_demo()
    report = Report.objects.get(code=SEED_CODE)
    links = list(report.segment_links.select_related("segment__dimension", "segment__parent"))

    by_dimension = {}
    for link in links:
        by_dimension.setdefault(link.segment.dimension.slug, []).append(link.segment)
    assert len(by_dimension["type"]) == 3
    assert len(by_dimension["application"]) == 6

    countries_by_region = {}
    for segment in by_dimension["region"]:
        if segment.parent_id:
            countries_by_region.setdefault(segment.parent.name, set()).add(segment.country.code)
    assert countries_by_region == {
        "North America": {"US", "CA"},
        "Europe": {"DE", "FR", "GB", "IT", "RU"},
        "Asia-Pacific": {"CN", "JP", "KR", "IN", "AU", "TW", "ID", "TH", "MY"},
        "Latin America": {"MX", "BR", "AR", "CO"},
        "Middle East & Africa": {"TR", "SA", "AE"},
    }
    region_names = [segment.name for segment in by_dimension["region"]]
    assert region_names.count("Saudi Arabia") == 1
    assert not {"Saudi", "Arabia", "Korea", "Argentina Korea", "China Taiwan", "U.K."} & set(
        region_names
    )
    assert all(
        segment.country for segment in by_dimension["region"] if segment.parent_id is not None
    )

    shares = {
        link.segment.name: link.share_percent
        for link in links
        if link.share_percent is not None and link.share_of_id is None
    }
    assert shares == {
        "North America": Decimal("40"),
        "Europe": Decimal("30"),
        "United States of America": Decimal("15"),
        "Asia-Pacific": Decimal("10"),
        "China": Decimal("5"),
    }


@pytest.mark.django_db
def test_seed_report_is_published_without_errors_and_warns_about_the_release():
    load_demo()
    report = Report.objects.get(code=SEED_CODE)
    findings = report_findings(report=report)

    assert report.status == ReportStatus.PUBLISHED and report.published_at
    assert not [finding for finding in findings if finding.is_error]
    messages = " | ".join(finding.message for finding in findings)
    assert 'Segment "United States of America" is listed beside its own parent' in messages
    assert '"CAGR of 10.1%" for the whole market' in messages
    assert [(lic.tier, lic.price, lic.seats) for lic in report.licences.order_by("price")] == [
        (item["tier"], item["price"], item["seats"]) for item in settings.REPORT_DEFAULT_LICENCES
    ]


@pytest.mark.django_db
def test_each_correction_is_printed_once_per_run():
    for _ in range(2):
        output = load_demo()
        for correction in [
            '"Saudi" + "Arabia" → Saudi Arabia (SA)',
            '"Argentina Korea" → Argentina (AR)',
            '"Korea" under Middle East & Africa: left out',
            '"China Taiwan" → Taiwan (TW)',
            '"U.K." → United Kingdom (GB)',
            '"UAE" → United Arab Emirates (AE)',
            '"USA" → United States of America (US)',
            '"Turkey" → Türkiye (TR)',
        ]:
            assert output.count(correction) == 1, correction
        assert f"r{SEED_CODE}" in output
        assert "/admin/" in output


@pytest.mark.django_db
def test_other_demo_reports_are_published_complete_and_consistent():
    load_demo()
    others = Report.objects.exclude(code=SEED_CODE).select_related("category")

    assert others.count() >= 5
    assert len({report.category.parent_id for report in others}) == others.count()
    assert others.filter(featured=True).exists()
    for report in others:
        assert report.status == ReportStatus.PUBLISHED
        assert report_findings(report=report) == [], report.title
        years = list(report.figures.filter(segment=None).values_list("year", flat=True))
        assert years == list(range(report.historic_start_year, report.forecast_end_year + 1))
        assert 4 <= report.sections.count() <= 6
        assert 5 <= report.company_links.count() <= 8
        assert report.company_links.exclude(blurb="").exists()
        assert report.company_links.filter(market_share__isnull=False).exists()
        assert 10 <= report.toc_entries.count() <= 15
        assert 4 <= report.faqs.count() <= 6
        assert report.licences.count() == 3

        figures = dict(report.figures.filter(segment=None).values_list("year", "value"))
        texts = [s.body for s in report.sections.all()] + [f.answer for f in report.faqs.all()]
        stated = re.findall(
            r"\b([A-Z]{3}) ([\d,]+(?:\.\d+)?) (thousand|million|billion) (?:in|by) (\d{4})",
            " ".join(texts),
        )
        assert stated, report.title
        for currency, amount, unit, year in stated:
            assert (currency, unit) == (report.currency, report.unit), report.title
            assert Decimal(amount.replace(",", "")) == figures[int(year)], (report.title, year)


@pytest.mark.django_db
def test_one_demo_report_is_priced_in_euros():
    load_demo()
    euro_licences = Licence.objects.filter(currency="EUR").select_related("report")

    assert {licence.report.currency for licence in euro_licences} == {"EUR"}
    assert euro_licences.count() == 3
    default_prices = {item["price"] for item in settings.REPORT_DEFAULT_LICENCES}
    assert not {licence.price for licence in euro_licences} & default_prices


@pytest.mark.django_db
def test_bad_data_loads_nothing(monkeypatch):
    broken = copy.deepcopy(seed.REPORT)
    broken["regions"]["Europe"].append("Atlantis")
    monkeypatch.setattr(seed, "REPORT", broken)

    with pytest.raises(CommandError, match="Atlantis"):
        load_demo()

    assert not Report.objects.exists()
    assert not Category.objects.exists()


@pytest.mark.django_db
def test_every_demo_report_page_is_served(client):
    load_demo()

    for report in Report.objects.all():
        response = client.get(f"/{report.slug}-r{report.code}")
        assert response.status_code == 200, report.get_absolute_url()
        assert report.title in response.content.decode()
