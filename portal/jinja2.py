"""The Jinja2 environment for the fragment rendered on every uncached list page.

Why Jinja2 there: the faceted result list (``jinja2/reports/search_results.html``) shows
about eighty facet links and twenty report cards. Django's template engine resolves each
variable at render time and spent 13–16 ms on that list at 100,000 reports
(bench/search.py); Jinja2 compiles a template to Python once. Every other template stays
a Django template. The filters format as Django's do, so both engines agree.
"""

import functools
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.humanize.templatetags.humanize import intcomma as django_intcomma
from django.template.defaultfilters import date, urlencode
from django.utils.formats import get_format
from django.utils.translation import get_language
from jinja2 import Environment


@functools.lru_cache(maxsize=64)
def _thousand_separator(language: str | None) -> str | None:
    """The language's thousand separator where it groups by threes, else None."""
    if get_format("NUMBER_GROUPING", language) != 3:
        return None
    return get_format("THOUSAND_SEPARATOR", language)


def intcomma(value) -> str:
    """humanize's ``intcomma`` for whole numbers in the active language's grouping, at a
    tenth of its cost (it re-reads the language's formats for each number); anything
    else goes to humanize."""
    if isinstance(value, int) and (separator := _thousand_separator(get_language())):
        return f"{value:,}".replace(",", separator)
    return django_intcomma(value)


def whole_amount(value) -> str:
    """An amount rounded half up to a whole number, grouped: ``floatformat:"0g"``."""
    if isinstance(value, Decimal):
        return intcomma(int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    return intcomma(value)


def environment(**options) -> Environment:
    env = Environment(**options)  # noqa: S701 - Django's backend turns autoescape on
    env.filters.update(
        {"intcomma": intcomma, "whole_amount": whole_amount, "date": date, "urlencode": urlencode}
    )
    return env
