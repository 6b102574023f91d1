"""The one number reader (reports.integrity.numbers): every form a market size, share or
growth rate is written in, read right or reported, never guessed."""

from decimal import Decimal

import pytest

from reports.integrity.numbers import scan


def amounts(text: str, language: str = "en") -> list[tuple[str, Decimal | None, str | None]]:
    return [(q.kind, q.value, q.currency) for q in scan(text, language) if q.kind != "percent"]


@pytest.mark.parametrize(
    "text, value, currency",
    [
        ("valued at USD 3,700 million in 2024", "3700000000", "USD"),
        ("USD 1,480.25 million", "1480250000", "USD"),
        ("2.3 trillion USD by the end of 2035", "2300000000000", "USD"),
        ("US$ 12.5 Mn", "12500000", "USD"),
        ("$5bn", "5000000000", "USD"),
        ("USD 2.5B", "2500000000", "USD"),
        ("€40k", "40000", "EUR"),
        ("$1.2tn", "1200000000000", "USD"),
        ("USD 4.1 T", "4100000000000", "USD"),
        ("£4.4bn", "4400000000", "GBP"),
        ("1.5 billion dollars", "1500000000", "USD"),
        ("25億円", "2500000000", "JPY"),
        ("3,500億ドル", "350000000000", "USD"),
        ("1.2万亿元", "1200000000000", "CNY"),
        ("8兆1794億8000万米ドル", "8179480000000", "USD"),
        ("42억 달러", "4200000000", "USD"),
        ("2조 3,000억 원", "2300000000000", "KRW"),
        ("1천620억달러", "162000000000", "USD"),
        ("约 3千万元", "30000000", "CNY"),
    ],
)
def test_amounts_are_read_with_their_scale_and_currency(text, value, currency):
    [(kind, read, read_currency)] = amounts(text)
    assert (kind, read, read_currency) == ("amount", Decimal(value), currency)


def test_the_thousands_comma_is_not_a_decimal_comma():
    [quantity] = scan("USD 3,700 million in 2024")
    assert quantity.value == Decimal("3.7E9")
    assert (quantity.low, quantity.high) == (Decimal("3699500000"), Decimal("3700500000"))


def test_the_text_language_decides_the_decimal_mark():
    [german] = scan("EUR 3.700,5 Millionen", "de")
    assert german.value == Decimal("3700500000")
    [english] = scan("EUR 3.7 billion", "en")
    assert english.value == Decimal("3.7E9")


def test_precision_follows_the_written_digits():
    [coarse] = scan("USD 2.5 billion")
    [fine] = scan("USD 2.50 billion")
    assert (coarse.low, coarse.high) == (Decimal("2.45E9"), Decimal("2.55E9"))
    assert (fine.low, fine.high) == (Decimal("2.495E9"), Decimal("2.505E9"))


def test_a_range_is_one_interval():
    [quantity] = scan("USD 2.1–2.4 billion in 2024")
    assert quantity.is_range and not quantity.is_exact_value
    assert (quantity.low, quantity.high) == (Decimal("2.1E9"), Decimal("2.4E9"))


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("a CAGR of 8.6%", "8.55", "8.65"),
        ("a CAGR of around 7%", "6", "8"),
        ("over 7%", "6.5", "Infinity"),
        ("nearly 7%", "-Infinity", "7.5"),
        ("4.9–5.2%", "4.9", "5.2"),
        ("seven per cent", "6.5", "7.5"),
    ],
)
def test_percentages_stand_for_what_rounds_to_them(text, low, high):
    [quantity] = scan(text)
    assert quantity.kind == "percent"
    assert (quantity.low, quantity.high) == (Decimal(low), Decimal(high))


@pytest.mark.parametrize(
    "text, written",
    [
        ("sales of $412. billion in 2023", "$412. billion"),
        ("a share of 4..5%", "4..5%"),
        ("USD 3,7 billion in 2023", "USD 3,7 billion"),
        ("worth USD 1,23,4 million", "USD 1,23,4 million"),
        ("growing 3538 percent", "3538 percent"),
        ("the market was estimated at 150 in 2024", "estimated at 150 in 2024"),
    ],
)
def test_malformed_numbers_are_reported_not_skipped(text, written):
    [quantity] = [q for q in scan(text) if q.kind == "malformed"]
    assert quantity.written == written


@pytest.mark.parametrize(
    "text, written",
    [
        ("expected to reach USD million by 2032", "USD million"),
        ("growing at a CAGR of % over the period", "of %"),
    ],
)
def test_a_missing_number_is_reported(text, written):
    [quantity] = [q for q in scan(text) if q.kind == "missing"]
    assert quantity.written == written


def test_units_in_headings_and_measures_are_not_amounts():
    assert scan("Market size (USD Million), 2019-2031") == []
    assert amounts("wafers of 150 mm and 200 mm") == []
    assert amounts("500 hospitals in 2023") == []


def test_a_year_before_a_range_does_not_swallow_the_amount_after_it():
    found = amounts("from USD 78.27 billion in 2023 to USD 122.27 billion by 2030")
    assert found == [
        ("amount", Decimal("78270000000"), "USD"),
        ("amount", Decimal("122270000000"), "USD"),
    ]


@pytest.mark.parametrize(
    "text, language, written",
    [
        ("grew to $112. 17 billion in 2022", "en", "112. 17"),
        ("시장 규모는 1억2458달러", "ko", "1억2458달러"),
        ("1조4천만달러", "ko", "1조4천만달러"),
        ("成長率は1362万1000TP4Tに急上昇", "ja", "1362万1000TP4T"),
    ],
)
def test_numbers_broken_in_print_are_malformed(text, language, written):
    assert [q.written for q in scan(text, language) if q.kind == "malformed"] == [written]
