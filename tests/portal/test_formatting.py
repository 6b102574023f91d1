from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma as django_intcomma
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import floatformat
from django.utils import translation

from portal.formatting import date, intcomma, whole_amount


@pytest.mark.parametrize("number", [0, 7, 999, 1000, 9873, 1234567, -12345])
@pytest.mark.parametrize("language", ["en-gb", "de"])
def test_counts_are_grouped_as_django_groups_them(number, language):
    with translation.override(language):
        assert intcomma(number) == django_intcomma(number)


@pytest.mark.parametrize(
    "amount", ["0.5", "1.5", "2.5", "4999.49", "4999.50", "3000", "123456.789", "-2.5"]
)
def test_prices_are_rounded_and_grouped_as_floatformat_0g_does(amount):
    assert whole_amount(Decimal(amount)) == floatformat(Decimal(amount), "0g")


def test_dates_are_formatted_as_django_formats_them_in_each_language():
    published = datetime(2024, 3, 5, 23, 30, tzinfo=UTC)
    for language, expected in [("en-gb", "5 March 2024"), ("de", "5 März 2024")]:
        with translation.override(language):
            assert date(published, "j F Y") == django_date(published, "j F Y") == expected
            assert date(published, "Y-m-d") == "2024-03-05"
    assert date(None, "j F Y") == ""
