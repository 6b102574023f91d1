import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.cache import cache

from reports.charts.plotly import plotly_figure
from reports.charts.spec import PALETTE, chart_specs
from reports.charts.svg import _lightness, cached_svg, render_svg
from reports.models import FigureKind
from reports.selectors import report_for_page
from segments.models import Segment
from tests.factories import (
    CompanyFactory,
    DimensionFactory,
    MarketFigureFactory,
    ReportCompanyFactory,
    ReportFactory,
    ReportSegmentFactory,
    SegmentFactory,
    seed_chart_report,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def specs_of(report):
    return {spec.id: spec for spec in chart_specs(report_for_page(code=report.code))}


@pytest.mark.django_db
def test_market_size_spec_from_the_seed_figures():
    spec = specs_of(seed_chart_report())["market-size"]

    assert spec.kind == "bar"
    assert spec.title == "Medical Second Opinion Market size, 2020–2027"
    assert spec.y_label == "Market size (USD billion)"
    assert [(s.name, s.x, s.values, s.hatched) for s in spec.series] == [
        ("Historic", (2020,), (2.5,), (False,)),
        ("Forecast", (2027,), (4.6,), (True,)),
    ]
    assert spec.annotations == ("CAGR 2020–2027: 9.1%",)
    assert spec.summary == (
        "Market size grows from USD 2.5 billion in 2020 to USD 4.6 billion in 2027. "
        "CAGR 2020–2027: 9.1%."
    )
    assert [row.cells for row in spec.table_rows] == [
        ("2020", "2.5", "Historic"),
        ("2027", "4.6", "Forecast"),
    ]


@pytest.mark.django_db
def test_cagr_annotation_covers_the_forecast_period_when_its_years_are_known():
    report = ReportFactory(forecast_start_year=2024, forecast_end_year=2031, unit="million")
    for year, value, kind in [
        (2019, "80", FigureKind.HISTORIC),
        (2023, "90", FigureKind.ESTIMATE),
        (2024, "100", FigureKind.FORECAST),
        (2031, "184.1", FigureKind.FORECAST),
    ]:
        MarketFigureFactory(report=report, year=year, value=Decimal(value), kind=kind)

    spec = specs_of(report)["market-size"]

    assert spec.annotations == ("CAGR 2024–2031: 9.1%",)
    assert [series.name for series in spec.series] == ["Historic", "Estimate", "Forecast"]
    assert spec.y_label == "Market size (USD million)"


@pytest.mark.django_db
def test_a_single_year_draws_no_market_size_chart():
    report = ReportFactory()
    MarketFigureFactory(report=report, year=2024, value=Decimal("3"))

    assert "market-size" not in specs_of(report)


@pytest.mark.django_db
def test_regional_shares_are_a_pie_in_share_order():
    spec = specs_of(seed_chart_report())["share-region"]
    series = spec.series[0]

    assert spec.kind == "pie"
    assert spec.title == "Medical Second Opinion Market share by region"
    assert series.x == ("North America", "Europe", "USA", "Asia Pacific", "China")
    assert series.texts == ("40%", "30%", "15%", "10%", "5%")
    assert spec.summary == (
        "North America has the largest share (40%), followed by Europe (30%) and USA (15%)."
    )


@pytest.mark.django_db
def test_countries_appear_on_hover_and_in_the_table_under_their_region():
    report = ReportFactory()
    region = DimensionFactory(slug="region", name="Region")
    america = SegmentFactory(dimension=region, name="North America")
    europe = SegmentFactory(dimension=region, name="Europe")
    ReportSegmentFactory(report=report, segment=america, share_percent=Decimal("60"))
    ReportSegmentFactory(report=report, segment=europe, share_percent=Decimal("40"))
    for code, share in [("US", "85"), ("CA", "15")]:
        country = Segment.objects.create(
            dimension=region, parent=america, name=code, slug=code.lower(), country=code
        )
        ReportSegmentFactory(
            report=report, segment=country, share_percent=Decimal(share), share_of=america
        )

    spec = specs_of(report)["share-region"]

    assert spec.series[0].x == ("North America", "Europe")
    assert spec.series[0].hover[0] == (
        "United States of America: 85% of North America",
        "Canada: 15% of North America",
    )
    assert [(row.cells, row.level) for row in spec.table_rows] == [
        (("North America", "60%", "Whole market"), 0),
        (("United States of America", "85%", "North America"), 1),
        (("Canada", "15%", "North America"), 1),
        (("Europe", "40%", "Whole market"), 0),
    ]


@pytest.mark.django_db
def test_shares_short_of_100_get_a_not_broken_down_slice():
    report = ReportFactory()
    kind = DimensionFactory(slug="type", name="Type")
    for name, share in [("Cloud", "50"), ("On-premise", "30")]:
        ReportSegmentFactory(
            report=report,
            segment=SegmentFactory(dimension=kind, name=name),
            share_percent=Decimal(share),
        )

    spec = specs_of(report)["share-type"]

    assert spec.kind == "pie"
    assert spec.series[0].x[-1] == "Not broken down"
    assert spec.series[0].texts[-1] == "20%"
    assert spec.series[0].hatched == (False, False, True)


@pytest.mark.django_db
def test_overlapping_shares_are_bars_not_a_rescaled_pie():
    report = ReportFactory()
    kind = DimensionFactory(slug="type", name="Type")
    for name, share in [("Cloud", "70"), ("Hybrid", "60")]:
        ReportSegmentFactory(
            report=report,
            segment=SegmentFactory(dimension=kind, name=name),
            share_percent=Decimal(share),
        )

    assert specs_of(report)["share-type"].kind == "hbar"


@pytest.mark.django_db
def test_company_shares_chart_lists_players_with_a_share():
    report = ReportFactory(title="Widget Market")
    for name, share in [("Acme", "12.5"), ("Globex", "20"), ("Initech", None)]:
        ReportCompanyFactory(
            report=report,
            company=CompanyFactory(name=name, slug=name.lower()),
            market_share=Decimal(share) if share else None,
        )

    spec = specs_of(report)["company-shares"]

    assert spec.kind == "hbar"
    assert spec.series[0].x == ("Globex", "Acme")
    assert spec.series[0].texts == ("20%", "12.5%")


@pytest.mark.django_db
def test_a_report_without_figures_or_shares_has_no_chart():
    report = ReportFactory()
    ReportSegmentFactory(report=report)

    assert specs_of(report) == {}


@pytest.mark.django_db
def test_building_the_specs_from_a_page_report_costs_no_query(django_assert_num_queries):
    report = report_for_page(code=seed_chart_report().code)

    with django_assert_num_queries(0):
        specs = chart_specs(report)

    assert [spec.id for spec in specs] == ["market-size", "share-region"]


def test_palette_neighbours_differ_in_greyscale():
    lightness = [_lightness(colour) for colour in PALETTE]

    assert lightness == sorted(lightness)
    assert min(b - a for a, b in zip(lightness, lightness[1:], strict=False)) >= 9
    assert lightness[-1] - lightness[0] >= 60


@pytest.mark.django_db
def test_plotly_figure_carries_values_hatching_labels_and_annotation():
    specs = specs_of(seed_chart_report())
    market = plotly_figure(specs["market-size"], filename="medical-second-opinion-r1541508")
    region = plotly_figure(specs["share-region"])

    json.dumps(market)
    assert [(trace["x"], trace["y"]) for trace in market["data"]] == [
        ([2020], [2.5]),
        ([2027], [4.6]),
    ]
    assert market["data"][1]["marker"]["pattern"]["shape"] == ["/"]
    assert "pattern" not in market["data"][0]["marker"]
    assert market["layout"]["yaxis"]["title"]["text"] == "Market size (USD billion)"
    assert market["layout"]["annotations"][0]["text"] == "CAGR 2020–2027: 9.1%"
    assert market["config"]["toImageButtonOptions"]["filename"] == "medical-second-opinion-r1541508"
    assert region["data"][0]["type"] == "pie"
    assert region["data"][0]["labels"][0] == "North America"
    assert region["data"][0]["marker"]["colors"] == list(PALETTE[:5])
    assert region["data"][0]["text"] == ["40%", "30%", "15%", "10%", "5%"]


@pytest.mark.django_db
def test_plotly_text_from_the_database_is_escaped():
    report = ReportFactory(title="<b>Bold</b> & Co Market")
    MarketFigureFactory(report=report, year=2020, value=Decimal("1"))
    MarketFigureFactory(report=report, year=2021, value=Decimal("2"))

    figure = plotly_figure(specs_of(report)["market-size"])

    assert figure["layout"]["title"]["text"].startswith("&lt;b&gt;Bold&lt;/b&gt; &amp; Co")


@pytest.mark.django_db
def test_svg_is_well_formed_with_the_labels_as_text():
    specs = specs_of(seed_chart_report())

    market = ET.fromstring(render_svg(specs["market-size"]))
    region = ET.fromstring(render_svg(specs["share-region"]))

    market_text = [element.text for element in market.iter(f"{SVG}text")]
    assert market.find(f"{SVG}title").text == "Medical Second Opinion Market size, 2020–2027"
    for label in ["2020", "2027", "2.5", "4.6", "CAGR 2020–2027: 9.1%", "Historic", "Forecast"]:
        assert label in market_text
    assert "Market size (USD billion)" in market_text
    region_text = [element.text for element in region.iter(f"{SVG}text")]
    assert "North America  40%" in region_text
    assert "China  5%" in region_text


@pytest.mark.django_db
def test_svg_needs_no_inline_style_and_two_charts_share_no_id():
    specs = list(specs_of(seed_chart_report()).values())
    documents = [render_svg(spec) for spec in specs]

    ids = []
    for document in documents:
        root = ET.fromstring(document)
        assert not [element for element in root.iter() if "style" in element.attrib]
        assert root.find(f".//{SVG}style") is None
        ids += [element.attrib["id"] for element in root.iter() if "id" in element.attrib]
        for reference in re.findall(r"url\(#([^)]+)\)", document):
            assert reference in {e.attrib.get("id") for e in root.iter()}
    assert len(ids) == len(set(ids))


@pytest.mark.django_db
def test_svg_is_cached_per_report_revision():
    report = report_for_page(code=seed_chart_report().code)
    spec = chart_specs(report)[0]
    first = cached_svg(report, spec)
    changed = spec.__class__(**{**spec.__dict__, "title": "Changed title"})

    assert cached_svg(report, changed) == first
    report.revision += 1
    assert "Changed title" in cached_svg(report, changed)


@pytest.mark.smoke
@pytest.mark.django_db
def test_report_page_with_charts_carries_svg_table_json_and_deferred_scripts(client):
    report = seed_chart_report()

    html = client.get(report.get_absolute_url()).content.decode()

    data = re.search(
        r'<script id="report-charts-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert data is not None
    assert set(json.loads(data.group(1))) == {"market-size", "share-region"}
    assert re.search(r'<script src="/static/js/charts\.js" defer>', html)
    # Plotly is not part of the page load: charts.js inserts it from these URLs when needed.
    assert 'data-plotly-src="/static/vendor/plotly/plotly-basic.min.js"' in html
    assert 'data-plotly-css="/static/vendor/plotly/plotly.css"' in html
    assert '<script src="/static/vendor/plotly' not in html
    assert 'id="plotly.js-style-global"' not in html
    assert '<div class="chart__plot" data-chart-id="market-size"' in html
    assert "<svg" in html and "Market size grows from USD 2.5 billion in 2020" in html
    assert re.search(r'<th scope="row">North America</th>\s*<td class="chart__number">40%', html)
    assert ' style="' not in html.split('id="report-charts-heading"')[1]
    assert 'href="/medical-second-opinion-r1541508/data.csv"' in html
    assert 'href="/medical-second-opinion-r1541508/data.xlsx"' in html


@pytest.mark.django_db
def test_report_page_without_figures_carries_no_chart_data_or_script(client):
    report = ReportFactory()

    html = client.get(report.get_absolute_url()).content.decode()

    assert "report-charts-data" not in html
    assert "plotly" not in html
    assert "charts.js" not in html
