import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.models import FigureKind
from segments.models import Segment
from tests.factories import (
    CompanyFactory,
    DimensionFactory,
    MarketFigureFactory,
    ReportCompanyFactory,
    ReportFactory,
    ReportSegmentFactory,
    SegmentFactory,
)

CSV_URL = "/medical-second-opinion-r1541508/data.csv"
XLSX_URL = "/medical-second-opinion-r1541508/data.xlsx"


def seed_report(**kwargs):
    """Report 1541508 with the seed figures, two regions (one with a country) and a player."""
    report = ReportFactory(
        code=1541508, slug="medical-second-opinion", title="Medical Second Opinion Market", **kwargs
    )
    MarketFigureFactory(report=report, year=2020, value=Decimal("2.5"), kind=FigureKind.HISTORIC)
    MarketFigureFactory(report=report, year=2027, value=Decimal("4.6"), kind=FigureKind.FORECAST)
    region = DimensionFactory(slug="region", name="Region")
    america = SegmentFactory(dimension=region, name="North America")
    ReportSegmentFactory(report=report, segment=america, share_percent=Decimal("40"))
    ReportSegmentFactory(
        report=report,
        segment=SegmentFactory(dimension=region, name="Europe"),
        share_percent=Decimal("60"),
    )
    canada = Segment.objects.create(
        dimension=region, parent=america, name="Canada", slug="canada", country="CA"
    )
    ReportSegmentFactory(
        report=report, segment=canada, share_percent=Decimal("12.5"), share_of=america
    )
    ReportCompanyFactory(
        report=report, company=CompanyFactory(name="HCA Hospitals"), market_share=Decimal("9")
    )
    return report


@pytest.mark.smoke
@pytest.mark.django_db
def test_csv_has_citation_unit_code_and_every_figure(client, settings):
    settings.PUBLISHER_NAME = "Reliable Research Reports"
    settings.SITE_URL = "https://reports.example"
    seed_report()

    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="medical-second-opinion-r1541508-data.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    source = rows[0][1]
    assert rows[0][0] == "Source"
    assert source.startswith(
        'Reliable Research Reports, "Medical Second Opinion Market", report 1541508'
    )
    assert source.endswith("https://reports.example/medical-second-opinion-r1541508")
    assert rows[1:4] == [["Report code", "1541508"], ["Currency", "USD"], ["Unit", "billion"]]
    assert rows[4] == []
    assert rows[5] == [
        "Series",
        "Dimension",
        "Segment",
        "Share of",
        "Year",
        "Kind",
        "Value",
        "Measure",
    ]
    assert rows[6:] == [
        ["Market size", "", "", "", "2020", "Historic", "2.5", "USD billion"],
        ["Market size", "", "", "", "2027", "Forecast", "4.6", "USD billion"],
        ["Segment share", "Region", "Europe", "Whole market", "", "", "60", "%"],
        ["Segment share", "Region", "North America", "Whole market", "", "", "40", "%"],
        ["Segment share", "Region", "Canada", "North America", "", "", "12.5", "%"],
        ["Key player share", "", "HCA Hospitals", "Whole market", "", "", "9", "%"],
    ]


@pytest.mark.django_db
def test_xlsx_has_the_same_rows_with_numbers_as_numbers(client):
    seed_report()

    response = client.get(XLSX_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Source" and "report 1541508" in rows[0][1]
    assert rows[1][:2] == ["Report code", "1541508"]
    assert rows[3][:2] == ["Unit", "billion"]
    assert rows[5] == [
        "Series",
        "Dimension",
        "Segment",
        "Share of",
        "Year",
        "Kind",
        "Value",
        "Measure",
    ]
    assert rows[6] == ["Market size", None, None, None, 2020, "Historic", 2.5, "USD billion"]
    assert rows[7][4:] == [2027, "Forecast", 4.6, "USD billion"]
    assert rows[10][2:4] == ["Canada", "North America"] and rows[10][6] == 12.5


@pytest.mark.django_db
@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_wrong_slug_redirects_permanently_to_the_canonical_download(client, url):
    seed_report()

    response = client.get(url.replace("medical-second-opinion", "second-opinion"))

    assert response.status_code == 301
    assert response["Location"] == url


@pytest.mark.django_db
@pytest.mark.parametrize("trait", ["draft", "archived"])
@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_unpublished_reports_have_no_download(client, url, trait):
    seed_report(**{trait: True})

    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", [CSV_URL, "/medical-second-opinion-r99999999999/data.xlsx"])
def test_unknown_report_has_no_download(client, url):
    assert client.get(url).status_code == 404


def formula_report():
    """A report whose title and every name the data table shows start like a formula."""
    report = ReportFactory(code=1541508, slug="medical-second-opinion", title="=1+1 Market")
    MarketFigureFactory(report=report, year=2027, value=Decimal("4.6"), kind=FigureKind.FORECAST)
    region = DimensionFactory(slug="region", name="+Region")
    america = SegmentFactory(dimension=region, name="-Americas")
    ReportSegmentFactory(report=report, segment=america, share_percent=Decimal("40"))
    ReportSegmentFactory(
        report=report,
        segment=SegmentFactory(dimension=region, name='=HYPERLINK("https://evil.example")'),
        share_percent=Decimal("12.5"),
        share_of=america,
    )
    ReportCompanyFactory(
        report=report, company=CompanyFactory(name="@SUM(1+1)"), market_share=Decimal("9")
    )
    return report


@pytest.mark.django_db
def test_csv_text_cells_open_as_text_not_formulas(client, settings):
    settings.PUBLISHER_NAME = "=Publisher"
    formula_report()

    response = client.get(CSV_URL)

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][1].startswith('\'=Publisher, "=1+1 Market"')
    assert rows[7] == ["Segment share", "'+Region", "'-Americas", "Whole market", "", "", "40", "%"]
    assert rows[8][1:4] == ["'+Region", '\'=HYPERLINK("https://evil.example")', "'-Americas"]
    assert rows[9][2] == "'@SUM(1+1)"
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]


@pytest.mark.django_db
def test_xlsx_keeps_names_starting_with_equals_as_text(client):
    formula_report()

    response = client.get(XLSX_URL)

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert '=HYPERLINK("https://evil.example")' in {cell.value for cell in cells}
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
