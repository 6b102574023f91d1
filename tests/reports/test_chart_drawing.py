"""The process-wide text measurements of the chart renderer change nothing in the SVG."""

from decimal import Decimal

import pytest

from reports.charts import svg_draw
from reports.charts.spec import chart_specs
from reports.charts.svg import render_svg
from reports.models import FigureKind
from reports.selectors import report_for_page
from tests.factories import MarketFigureFactory, ReportFactory


@pytest.mark.django_db
def test_a_chart_drawn_with_remembered_text_measurements_is_the_same_svg():
    report = ReportFactory(code=1541509, title="Medical Second Opinion Market")
    for year, value in [(2020, "2.5"), (2024, "3.3"), (2027, "4.6")]:
        kind = FigureKind.HISTORIC if year < 2024 else FigureKind.FORECAST
        MarketFigureFactory(report=report, year=year, value=Decimal(value), kind=kind)
    [spec] = chart_specs(report_for_page(code=report.code))

    svg_draw._text_metrics.cache_clear()
    fresh = render_svg(spec)
    remembered = render_svg(spec)

    assert svg_draw._text_metrics.cache_info().hits > 0
    assert remembered == fresh
    assert ">2020<" in fresh and ">2027<" in fresh and "Forecast" in fresh
