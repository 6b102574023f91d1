from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from reports.models import FigureKind, MarketFigure, ReportStatus
from tests.factories import (
    CompanyFactory,
    LicenceFactory,
    MarketFigureFactory,
    ReportCompanyFactory,
    ReportFactory,
    SegmentFactory,
)

pytestmark = pytest.mark.django_db


def _violates(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


@pytest.mark.smoke
def test_report_codes_and_slugs_are_unique():
    report = ReportFactory()

    assert _violates(lambda: ReportFactory(code=report.code))
    assert _violates(lambda: ReportFactory(slug=report.slug))


def test_forecast_must_end_after_it_starts():
    assert _violates(lambda: ReportFactory(forecast_start_year=2031, forecast_end_year=2031))
    assert _violates(lambda: ReportFactory(forecast_start_year=2031, forecast_end_year=2024))
    assert not _violates(lambda: ReportFactory(forecast_start_year=2024, forecast_end_year=2031))


def test_periods_are_in_order():
    assert _violates(lambda: ReportFactory(historic_start_year=2024, base_year=2023))
    assert _violates(lambda: ReportFactory(base_year=2025, forecast_start_year=2024))


def test_a_published_report_has_a_publication_date():
    assert _violates(lambda: ReportFactory(status=ReportStatus.PUBLISHED, published_at=None))
    assert not _violates(lambda: ReportFactory(draft=True))


def test_currency_is_an_iso_code():
    assert _violates(lambda: ReportFactory(currency="usd"))
    assert _violates(lambda: LicenceFactory(currency="$"))


def test_licence_price_is_not_negative_and_one_per_tier():
    report = ReportFactory()
    assert _violates(lambda: LicenceFactory(report=report, price=Decimal("-1")))
    LicenceFactory(report=report, tier="single")
    assert _violates(lambda: LicenceFactory(report=report, tier="single"))
    assert not _violates(lambda: LicenceFactory(report=report, tier="enterprise", price=0))


def test_one_figure_per_year_and_scope():
    report = ReportFactory()
    segment = SegmentFactory()
    MarketFigureFactory(report=report, year=2024)
    MarketFigureFactory(report=report, year=2024, segment=segment)

    assert _violates(lambda: MarketFigureFactory(report=report, year=2024))
    assert _violates(lambda: MarketFigureFactory(report=report, year=2024, segment=segment))
    assert not _violates(lambda: MarketFigureFactory(report=report, year=2025))


def test_figures_are_decimals_and_not_negative():
    report = ReportFactory()
    MarketFigure.objects.create(
        report=report, year=2020, value=Decimal("2.5"), kind=FigureKind.HISTORIC
    )

    assert MarketFigure.objects.get(report=report).value == Decimal("2.5")
    assert _violates(lambda: MarketFigureFactory(report=report, year=2021, value=Decimal("-2")))


def test_player_market_share_is_a_percentage():
    report = ReportFactory()
    assert _violates(lambda: ReportCompanyFactory(report=report, market_share=Decimal("100.5")))
    company = CompanyFactory()
    ReportCompanyFactory(report=report, company=company, market_share=Decimal("12.5"))
    assert _violates(lambda: ReportCompanyFactory(report=report, company=company))
