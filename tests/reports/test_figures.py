from decimal import Decimal

import pytest
from django.utils.translation import override

from reports.figures import YearValue, compute_cagr, format_amount


def test_cagr_over_the_span_the_figures_cover_when_they_miss_the_forecast_period():
    cagr = compute_cagr(
        [YearValue(2020, Decimal("2.5")), YearValue(2027, Decimal("4.6"))],
        forecast_start_year=2024,
        forecast_end_year=2031,
    )

    assert cagr.percent == Decimal("9.1")
    assert cagr.years_label == "2020–2027"
    assert cagr.covers_forecast is False


def test_cagr_over_the_forecast_period_when_both_ends_are_known():
    series = [
        YearValue(year, Decimal(value))
        for year, value in [
            (2019, "80"),
            (2024, "100"),
            (2028, "130"),
            (2031, "180"),
        ]
    ]

    cagr = compute_cagr(series, forecast_start_year=2024, forecast_end_year=2031)

    assert cagr.covers_forecast is True
    assert (cagr.start.year, cagr.end.year) == (2024, 2031)
    assert cagr.percent == Decimal("8.8")


def test_no_cagr_from_a_single_year_or_a_zero_start():
    assert (
        compute_cagr(
            [YearValue(2024, Decimal("1"))], forecast_start_year=2024, forecast_end_year=2031
        )
        is None
    )
    assert (
        compute_cagr(
            [YearValue(2024, Decimal("0")), YearValue(2031, Decimal("5"))],
            forecast_start_year=2024,
            forecast_end_year=2031,
        )
        is None
    )


def test_amounts_are_formatted_with_currency_and_unit():
    assert format_amount(Decimal("2.5000"), currency="USD", unit="billion") == "USD 2.5 billion"
    assert format_amount(Decimal("12500.0000"), currency="EUR", unit="million") == (
        "EUR 12,500 million"
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en-gb", "USD 2.5 billion"),
        ("ja", "$25億"),
        ("ko", "US$25억"),
        ("zh-hans", "US$25亿"),
        ("de", "2,5\xa0Mrd.\xa0$"),
        ("fr", "2,5\u00a0Md\u00a0$US"),
    ],
)
def test_amounts_read_as_each_language_writes_them(language, text):
    with override(language):
        assert format_amount(Decimal("2.5000"), currency="USD", unit="billion") == text
    with override("ja"):
        assert format_amount(Decimal("12.345"), currency="EUR", unit="million") == "€1234.5万"
