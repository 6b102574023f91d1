"""Arithmetic on a report's typed figures: the CAGR and the headline market sizes.

The CAGR is never typed in. It is computed over the forecast period when whole-market
figures exist for both its first and last year; otherwise over the span the figures do
cover, and it then says which years it spans so a page never passes it off as the
forecast-period CAGR.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_compact_currency
from django.conf import settings
from django.utils.translation import get_language, to_locale

UNIT_EXPONENTS = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
"""A report's unit (``FigureUnit``) as a power of ten."""


@dataclass(frozen=True)
class YearValue:
    year: int
    value: Decimal


@dataclass(frozen=True)
class Cagr:
    start: YearValue
    end: YearValue
    percent: Decimal
    covers_forecast: bool

    @property
    def years_label(self) -> str:
        return f"{self.start.year}–{self.end.year}"

    def __str__(self) -> str:
        return f"{self.percent}%"


def compound_annual_growth(start: YearValue, end: YearValue) -> Decimal:
    """The CAGR in percent, rounded half-up to one decimal. Needs ``end.year > start.year``."""
    years = end.year - start.year
    ratio = float(end.value) / float(start.value)
    rate = (ratio ** (1.0 / years) - 1.0) * 100.0
    return Decimal(repr(rate)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compute_cagr(
    series: Iterable[YearValue], *, forecast_start_year: int, forecast_end_year: int
) -> Cagr | None:
    """CAGR of a whole-market series (one value per year), or None when it cannot be had.

    None when fewer than two years are known or the starting value is zero.
    """
    by_year = {point.year: point for point in series}
    if len(by_year) < 2:
        return None
    if forecast_start_year in by_year and forecast_end_year in by_year:
        start, end, covers = by_year[forecast_start_year], by_year[forecast_end_year], True
    else:
        years = sorted(by_year)
        start, end, covers = by_year[years[0]], by_year[years[-1]], False
    if start.value <= 0:
        return None
    return Cagr(
        start=start,
        end=end,
        percent=compound_annual_growth(start, end),
        covers_forecast=covers,
    )


def format_amount(value: Decimal, *, currency: str, unit: str) -> str:
    """``USD 2.5 billion`` in English, in the report's own unit (an editor's "4,600
    million" stays so); in another language the amount as its readers write it, from
    CLDR's compact forms (Babel): ``$25億``, ``2,5 Mrd. $``, ``US$25억``."""
    language = get_language() or settings.LANGUAGE_CODE
    if language != settings.LANGUAGE_CODE and unit in UNIT_EXPONENTS:
        return format_compact_currency(
            value.scaleb(UNIT_EXPONENTS[unit]),
            currency,
            locale=to_locale(language),
            fraction_digits=max(0, -value.normalize().as_tuple().exponent),
        )
    if value == value.to_integral_value():
        text = f"{int(value):,}"
    else:
        text = f"{value.normalize():,f}"
    return f"{currency} {text} {unit}"
