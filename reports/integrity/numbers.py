"""The one reader for numbers in report text: amounts of money, percentages and years.

Every import path (the press release, a JSONL record's text fields, text staff type in the
admin) reads numbers here, so a number means the same wherever it is written.

A number is read by the text's language with Babel (CLDR's decimal mark and grouping
symbol, strictly: "3,700" is 3700 in English and "3.700,5" is 3700.5 in German), then
scaled (thousand to trillion and their short forms; 万, 亿/億, 兆, 억, 조, lakh, crore) and
given its currency, written before ("USD 2.5 billion", "$2.5bn") or after ("2.3 trillion
USD", "25億円", "42억 달러"). What is written is kept as an interval: "2.5 billion" stands
for anything that rounds to it (2.45–2.55 billion), "around 7%" for 6–8%, "over 7%" for 7%
and up, a range "USD 2.1–2.4 billion" for 2.1–2.4 billion. Checks compare intervals, never
rounded values.

What cannot be read with confidence is reported, never guessed: ``malformed`` ("$412.
billion", "4..5%", "1,23,4 million", a decimal comma in English) and ``missing`` (a
currency and a scale with no number between, "USD million").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from babel.numbers import NumberFormatError, parse_decimal

INFINITY = Decimal("Infinity")

_WESTERN_SCALES = {
    "thousand": 3, "k": 3,
    "lakh": 5, "lakhs": 5, "lac": 5,
    "million": 6, "millions": 6, "mn": 6, "mln": 6, "mio": 6, "mio.": 6, "m": 6, "mm": 6,
    "millionen": 6, "millones": 6,
    "crore": 7, "crores": 7, "cr": 7,
    "billion": 9, "billions": 9, "bn": 9, "bln": 9, "b": 9, "mrd": 9, "mrd.": 9,
    "milliarden": 9, "milliard": 9, "milliards": 9,
    "trillion": 12, "trillions": 12, "tn": 12, "trn": 12, "tr": 12, "t": 12,
}  # fmt: skip
"""Lower-cased scale words after a number. The one-letter forms count only beside a
currency ("$5m", "USD 2.5B"), where they cannot be metres or tonnes."""

_CJK_SCALES = {
    "千": 3, "천": 3,
    "万": 4, "萬": 4, "만": 4,
    "十万": 5, "십만": 5,
    "百万": 6, "백만": 6,
    "千万": 7, "천만": 7,
    "亿": 8, "億": 8, "억": 8,
    "十亿": 9, "十億": 9, "십억": 9,
    "百亿": 10, "百億": 10,
    "千亿": 11, "千億": 11,
    "万亿": 12, "萬億": 12, "兆": 12, "조": 12,
}  # fmt: skip

_CURRENCY_BEFORE = {
    "usd": "USD", "us$": "USD", "us $": "USD", "u.s.$": "USD", "$": "USD", "us dollar": "USD",
    "$us": "USD", "$ us": "USD",
    "eur": "EUR", "€": "EUR", "gbp": "GBP", "£": "GBP", "jpy": "JPY", "¥": "JPY",
    "jp¥": "JPY", "cny": "CNY", "rmb": "CNY", "cn¥": "CNY", "inr": "INR", "₹": "INR",
    "rs.": "INR", "rs": "INR", "krw": "KRW", "₩": "KRW", "aud": "AUD", "a$": "AUD",
    "cad": "CAD", "c$": "CAD", "chf": "CHF",
}  # fmt: skip
_CURRENCY_AFTER = {
    "usd": "USD", "us dollars": "USD", "u.s. dollars": "USD", "dollars": "USD",
    "dollar": "USD", "eur": "EUR", "euros": "EUR", "euro": "EUR", "gbp": "GBP",
    "pounds": "GBP", "jpy": "JPY", "yen": "JPY", "cny": "CNY", "rmb": "CNY", "yuan": "CNY",
    "inr": "INR", "rupees": "INR", "krw": "KRW", "won": "KRW",
    "円": "JPY", "日元": "JPY", "元": "CNY", "人民币": "CNY", "元人民币": "CNY",
    "美元": "USD", "美金": "USD", "ドル": "USD", "米ドル": "USD", "usドル": "USD",
    "달러": "USD", "미국 달러": "USD", "미화": "USD", "원": "KRW", "欧元": "EUR",
    "ユーロ": "EUR", "유로": "EUR", "韩元": "KRW", "ウォン": "KRW",
}  # fmt: skip

_APPROXIMATE = (
    r"about|around|approximately|approx\.|roughly|some|an\s+estimated|estimated|circa|"
    r"ca\.|~|≈|約|约|大约|大約|약|대략|およそ"
)
_AT_LEAST = (
    r"over|more\s+than|above|exceeding|exceeds?|exceeded|surpass(?:es|ed|ing)?|"
    r"in\s+excess\s+of|at\s+least|突破|超过|超|逾|이상"
)
_AT_MOST = r"nearly|almost|close\s+to|approaching|nearing|up\s+to|under|below|less\s+than|just\s+under|近|近く|미만|가까이"
_QUALIFIER = rf"(?P<qualifier>(?:{_APPROXIMATE}|{_AT_LEAST}|{_AT_MOST})\s*)?"
_QUALIFIER_AFTER = (
    r"(?P<qualifier_after>\s*(?:以上|超|前後|程度|近く|이상|가량|정도|안팎|를\s?돌파|을\s?돌파|"
    r"を超える|を超え|を上回る|超える|突破))?"
)

_DIGITS = r"\d(?:[\d,.'\u00a0\u202f]*\d)?"
_NUMBER = rf"(?<![\d.,]){_DIGITS}(?![\d])"
_RANGE_JOIN = r"\s*(?:–|—|-|~|〜|～|to)\s*"

_CURRENCY_BEFORE_RE = (
    r"(?P<cur_before>USD|US\s?\$|\$\s?US|U\.S\.\s?\$|US\s+dollars?|EUR|GBP|JPY|CNY|RMB|INR|KRW|AUD|"
    r"CAD|CHF|JP¥|CN¥|A\$|C\$|Rs\.?|[$€£¥₹₩])"
)
_WESTERN_SCALE_RE = (
    r"(?P<scale>thousand|lakhs?|lac|millions?|millionen|millones|mn|mln|mio\.?|mm|crores?|"
    r"cr|billions?|milliarden|milliards?|bn|bln|mrd\.?|trillions?|tn|trn|tr|[kmbt])"
)
_CJK_SCALE_RE = "|".join(sorted(_CJK_SCALES, key=len, reverse=True))
_CURRENCY_AFTER_RE = (
    r"(?P<cur_after>U\.?S\.?\s+dollars?|US\s+dollars|dollars?|USD|EUR|euros?|GBP|pounds|JPY|"
    r"yen|CNY|RMB|yuan|INR|rupees|KRW|won|元人民币|人民币|美元|美金|日元|韩元|欧元|円|元|"
    r"米ドル|USドル|ドル|ユーロ|ウォン|미국\s?달러|미화|달러|유로|원)"
)

_WESTERN_AMOUNT = re.compile(
    rf"{_QUALIFIER}{_CURRENCY_BEFORE_RE}?\s?"
    rf"(?P<number>{_NUMBER})(?P<dangling>[.,](?=\s))?"
    rf"(?:{_RANGE_JOIN}(?:{_CURRENCY_BEFORE_RE.replace('cur_before', 'cur_before2')}\s?)?"
    rf"(?P<number2>{_NUMBER}))?"
    rf"(?:\s?-?\s?{_WESTERN_SCALE_RE}\b(?!\.\d))?"
    rf"(?:\s*{_CURRENCY_AFTER_RE}(?![A-Za-z]))?",
    re.IGNORECASE,
)

_CJK_PART = rf"{_NUMBER}\s?(?:{_CJK_SCALE_RE})+"
_CJK_AMOUNT = re.compile(
    rf"{_QUALIFIER}{_CURRENCY_BEFORE_RE}?\s?"
    rf"(?P<parts>{_CJK_PART}(?:\s?{_CJK_PART})*(?:{_NUMBER}(?=\s?(?:달러|원|円|元|ドル)))?|{_NUMBER})"
    rf"(?:{_RANGE_JOIN}(?P<parts2>{_CJK_PART}(?:\s?{_CJK_PART})*|{_NUMBER}))?"
    rf"\s?{_CURRENCY_AFTER_RE}?{_QUALIFIER_AFTER}",
    re.IGNORECASE,
)

_PERCENT = re.compile(
    rf"{_QUALIFIER}(?P<number>[-−+]?{_NUMBER})(?P<dangling>[.,](?=\s))?"
    rf"(?:\s*%?(?:{_RANGE_JOIN})(?P<number2>[-−+]?{_NUMBER}))?"
    r"\s*(?:%|％|percent\b|per\s*cent\b|pct\b|パーセント|퍼센트)"
    rf"{_QUALIFIER_AFTER}",
    re.IGNORECASE,
)

_MISSING_AMOUNT = re.compile(
    r"\b(?:reach(?:ed|es|ing)?|at|of|to|was|is|be|been|about|around|approximately|exceed\w*|"
    r"surpass\w*|worth|valued|from|hit|cross\w*|touch\w*|total\w*)\s+"
    rf"(?:{_CURRENCY_BEFORE_RE}\s*(?P<scale>thousand|million|billion|trillion|mn|bn|tn)\b)"
    r"|(?:\b(?:of|at|to|reach|reached|by)\s+%(?!\w))"
    r"|(?:\bCAGR\s+of\s+(?=during\b|from\b|between\b|through\b|for\s+the\b|[,.]))",
    re.IGNORECASE,
)
"""A currency and a scale with no number between, where a value belongs ("expected to
reach USD million by 2032"); a unit in a heading ("(USD Million)") is not one."""

_UNITLESS_SIZE = re.compile(
    r"\b(?:valued|estimated|worth|reach(?:ed)?|touch(?:ed)?|hit|stood)\s+(?:at\s+)?"
    r"(?:around\s+|about\s+|approximately\s+)?(?P<number>\d[\d,.]*\d|\d)"
    r"\s+(?:in|by)\s+(?:the\s+end\s+of\s+)?(?:19[5-9]\d|20\d\d|21\d\d)\b",
    re.IGNORECASE,
)
"""A market size with neither currency nor scale ("estimated at 150 in 2024")."""

_GARBLED = re.compile(
    r"(?<![\w&])&\d[\d,.]*\d|(?<![\d.])(?!(?:19|20)\d\d\.)\d{1,3}\.\d+\.\d+(?![\d.])"
    r"|\d[\d,.]*(?:[万億亿][\d,.]*)?[A-Z]{2,}\d[A-Z](?![A-Za-z0-9])"
    r"|(?<![\d.])(?!(?:19|20)\d\d\.)\d{1,3}\.\s\d{1,3}(?=\s*(?:%|percent|per\s+cent|[mb]illion|"
    r"trillion|bn|mn|decline|growth|pre-))"
)
"""An ampersand for a currency sign ("&750"), two numbers run together ("11.010.7")."""

_SHORT_YEAR_RANGE = re.compile(
    r"\b(?:from|between)\s+(\d{3})\s+(?:to|and|-|–)\s+\d{4}\b"
    r"|(?<=[A-Za-z]\s)\bby\s+(\d{3})\b(?!\d|[,.]\d|\s*(?:%|per|percent))"
)

_BARE_CAGR = re.compile(
    r"\b(?:CAGR|compound\s+annual\s+growth\s+rate)\b[^0-9%.]{0,25}?(?:of|:|\||is|at)\s*"
    r"(?P<number>\d{1,3}(?:\.\d+)?)(?![\d.,]|\s*(?:%|per\s*cent|percent))",
    re.IGNORECASE,
)
"""A growth rate written without its per cent sign ("CAGR (2027-2035) | 7.7")."""

WORD_NUMBERS = {
    word: index
    for index, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORD_PERCENT = re.compile(
    r"\b(?P<word>" + "|".join(WORD_NUMBERS) + r")\s+(?:per\s*cent|percent)\b", re.IGNORECASE
)

YEAR_RE = r"(?<!\d)(?:19[5-9]\d|20\d\d|21\d\d)(?!\d)"


@dataclass(frozen=True)
class Quantity:
    """A number found in text. ``low``/``high`` bound what it stands for (absolute money,
    or percentage points); ``step`` is the unit of its last written digit, scaled (the
    precision: 0.1 billion for "2.5 billion"). ``currency`` is an ISO code or None."""

    kind: Literal["amount", "percent", "malformed", "missing"]
    start: int
    end: int
    written: str
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    value: Decimal | None = None
    step: Decimal = Decimal(0)
    currency: str | None = None
    scale: int = 0
    is_range: bool = False
    qualifier: str = ""
    why: str = ""

    @property
    def is_exact_value(self) -> bool:
        """One written value (not a range, not "over"/"nearly"): what may be stored."""
        return self.value is not None and not self.is_range and self.qualifier != "bound"


@lru_cache(maxsize=64)
def _locale_for(language: str) -> str:
    language = (language or "en").replace("_", "-").split("-")[0].lower()
    return language if language in _KNOWN_LOCALES else "en"


_KNOWN_LOCALES = frozenset(
    "en de fr es it nl pt sv da fi nb pl cs ru tr ja zh ko ar hi id vi th".split()
)


class Unreadable(ValueError):
    pass


def read_decimal(digits: str, language: str = "en") -> tuple[Decimal, Decimal]:
    """``digits`` read by ``language``'s CLDR symbols, strictly, with the step of its last
    digit: ("3,700", "en") → (3700, 1); ("1,480.25", "en") → (1480.25, 0.01). Raises
    ``Unreadable`` when the grouping or the decimal mark does not fit the language."""
    locale = _locale_for(language)
    text = digits.replace("\u00a0", " ").replace("\u202f", " ")
    if locale in ("fr", "sv", "nb", "fi", "cs", "pl", "ru") and " " in text:
        text = text.replace(" ", "\u202f")
    elif " " in text:
        raise Unreadable(f'"{digits}" has spaces inside the number')
    if "'" in text and locale != "de":
        raise Unreadable(f'"{digits}" is not a number in this language')
    try:
        value = parse_decimal(text, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation) as error:
        raise Unreadable(str(error)) from None
    decimal_mark = "," if locale in _DECIMAL_COMMA else "."
    fraction = text.rsplit(decimal_mark, 1)[1] if decimal_mark in text else ""
    if decimal_mark in text and not fraction:
        raise Unreadable(f'"{digits}" ends in a decimal mark')
    step = Decimal(1).scaleb(-len(fraction)) if fraction else Decimal(1)
    return value, step


_DECIMAL_COMMA = frozenset("de fr es it nl pt sv da fi nb pl cs ru tr id vi".split())


def _bounds(value: Decimal, step: Decimal, qualifier: str) -> tuple[Decimal, Decimal, str]:
    word = " ".join(qualifier.lower().split())
    if word and re.fullmatch(_AT_LEAST, word, re.IGNORECASE):
        return value - step / 2, INFINITY, "bound"
    if word and re.fullmatch(_AT_MOST, word, re.IGNORECASE):
        return -INFINITY, value + step / 2, "bound"
    if word:
        return value - step, value + step, "approximate"
    return value - step / 2, value + step / 2, ""


def _qualifier(match: re.Match) -> str:
    before = (match.groupdict().get("qualifier") or "").strip()
    after = (match.groupdict().get("qualifier_after") or "").strip()
    if after in ("以上", "超", "이상", "突破", "超える") or after.endswith(
        ("돌파", "超える", "超え", "上回る")
    ):
        return "over"
    if after in ("近く",):
        return "nearly"
    if after:
        return "about"
    return before


_NEED_CURRENCY = frozenset({"k", "m", "b", "t", "mm", "cr", "tr", "mio", "mio.", "mrd", "mrd."})
"""Short scales that are also units ("150 mm", "5 t") unless a currency stands by."""


def _western_scale(word: str | None, has_currency: bool) -> int | None:
    if not word:
        return 0
    lowered = word.lower()
    if lowered in _NEED_CURRENCY and not has_currency:
        return None
    return _WESTERN_SCALES.get(lowered)


_SMALL_UNITS = {"十": 1, "십": 1, "百": 2, "백": 2, "千": 3, "천": 3}
_BIG_UNITS = {"万": 4, "萬": 4, "만": 4, "亿": 8, "億": 8, "억": 8, "兆": 12, "조": 12,
              "万亿": 12, "萬億": 12}  # fmt: skip
_CJK_TOKEN = re.compile(rf"(?P<n>{_NUMBER})|(?P<u>万亿|萬億|[十십百백千천万萬만亿億억兆조])|\s")


def _cjk_value(parts: str, language: str) -> tuple[Decimal, Decimal, int]:
    """ "2조 3,000억" → (2.3e12, 1e8, 8); "1천620억" → (1.62e11, 1e8, 8): small units
    (十, 百, 千) build a group that a large one (万, 亿/億, 兆, 억, 조) multiplies, as these
    languages count. Returns (value, step of the last written digit, largest exponent)."""
    total, group, current = Decimal(0), Decimal(0), None
    current_step, step, largest = Decimal(1), Decimal(1), 0
    pending_exponent = last_big = 0
    for token in _CJK_TOKEN.finditer(parts):
        if token.group("n"):
            if current is not None:
                raise Unreadable(f'"{parts}" has two numbers without a unit between them')
            current, current_step = read_decimal(token.group("n"), language)
            step, pending_exponent = current_step, 0
        elif unit := token.group("u"):
            if unit in _SMALL_UNITS:
                exponent = _SMALL_UNITS[unit]
                group += (current if current is not None else Decimal(1)).scaleb(exponent)
                if current is not None:
                    step = current_step.scaleb(exponent)
                pending_exponent = exponent
                current = None
            else:
                exponent = _BIG_UNITS[unit]
                if last_big and exponent < last_big - 4:
                    raise Unreadable(f'"{parts}" skips a unit between its parts')
                last_big = exponent
                amount = group + (current if current is not None else Decimal(0))
                total += (amount or Decimal(1)).scaleb(exponent)
                if current is not None:
                    step = current_step.scaleb(exponent)
                elif pending_exponent:
                    step = current_step.scaleb(pending_exponent + exponent)
                else:
                    step = step.scaleb(exponent)
                largest = max(largest, exponent)
                group, current, pending_exponent = Decimal(0), None, 0
    if current is not None and largest >= 8 and current >= 1000 and not group:
        raise Unreadable(f'"{parts}" ends in a bare {current}: a 만/万 is missing?')
    total += group + (current if current is not None else Decimal(0))
    return total, step, largest


def scan(text: str, language: str = "en") -> list[Quantity]:
    """Every amount, percentage, malformed or missing number in ``text``, in order, not
    overlapping. Years and bare counts ("500 hospitals") are not quantities."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(quantity: Quantity) -> None:
        found.append(quantity)
        taken.append((quantity.start, quantity.end))

    for match in _MISSING_AMOUNT.finditer(text):
        start = match.start("cur_before") if match.group("cur_before") else match.start()
        add(Quantity("missing", start, match.end(), text[start : match.end()].strip()))
    for match in _UNITLESS_SIZE.finditer(text):
        add(
            Quantity(
                "malformed", match.start(), match.end(), match.group(0),
                why="a market size with neither currency nor unit",
            )
        )  # fmt: skip
    for match in _GARBLED.finditer(text):
        add(
            Quantity(
                "malformed", match.start(), match.end(), match.group(0),
                why="not a number anyone can read as written",
            )
        )  # fmt: skip
    for match in _SHORT_YEAR_RANGE.finditer(text):
        add(
            Quantity(
                "malformed", match.start(), match.end(), match.group(0),
                why=f'"{match.group(1) or match.group(2)}" is not a year',
            )
        )  # fmt: skip
    for match in _BARE_CAGR.finditer(text):
        value, step = read_decimal(match.group("number"), language)
        add(
            Quantity(
                "percent", match.start("number"), match.end("number"), match.group("number"),
                low=value - step / 2, high=value + step / 2, value=value, step=step,
            )
        )  # fmt: skip
    for match in _WORD_PERCENT.finditer(text):
        value = Decimal(WORD_NUMBERS[match.group("word").lower()])
        add(
            Quantity(
                "percent", match.start(), match.end(), match.group(0), low=value - Decimal("0.5"),
                high=value + Decimal("0.5"), value=value, step=Decimal(1),
            )
        )  # fmt: skip
    for match in _PERCENT.finditer(text):
        if not free(*match.span()):
            continue
        add(_percent(match, language))
    cjk = language.split("-")[0] in ("ja", "zh", "ko") or _CJK_TEXT.search(text)
    if cjk:

        def take_cjk(match: re.Match) -> bool:
            if not free(*match.span()) or not (
                re.search(_CJK_SCALE_RE, match.group("parts"))
                or match.group("cur_before")
                or match.group("cur_after")
            ):
                return False
            quantity = _cjk_amount(match, language)
            if quantity is not None:
                add(quantity)
            return quantity is not None

        _each(_CJK_AMOUNT, text, take_cjk)

    def take_western(match: re.Match) -> bool:
        if not free(*match.span()):
            return False
        quantity = _western_amount(match, language)
        if quantity is not None:
            add(quantity)
        return quantity is not None

    _each(_WESTERN_AMOUNT, text, take_western)
    return sorted(found, key=lambda q: q.start)


_CJK_TEXT = re.compile(r"[\u3040-\u9fff\uac00-\ud7af]")


def _each(pattern: re.Pattern, text: str, take) -> None:
    """Offer ``take`` each match of ``pattern``; one it refuses ("2023 to USD 122.27
    billion" read as a range from a year) does not swallow the text it spans, so the
    amount inside is still found."""
    position = 0
    while match := pattern.search(text, position):
        position = match.end() if take(match) and match.end() > match.start() else match.start() + 1


def _currency(match: re.Match, table: dict, group: str) -> str | None:
    written = match.groupdict().get(group)
    if not written:
        return None
    return table.get(" ".join(written.lower().split()).replace("us $", "us$"))


def _western_amount(match: re.Match, language: str) -> Quantity | None:
    before = _currency(match, _CURRENCY_BEFORE, "cur_before") or _currency(
        match, _CURRENCY_BEFORE, "cur_before2"
    )
    after = _currency(match, _CURRENCY_AFTER, "cur_after")
    currency = before or after
    scale = _western_scale(match.group("scale"), currency is not None)
    if scale is None or (not currency and not scale):
        return None
    if not currency and scale < 6:
        return None
    start, end = match.span()
    written = match.group(0).strip()
    if match.group("qualifier"):
        start = match.start("qualifier")
    if match.group("dangling") and scale:
        return Quantity(
            "malformed", start, end, written, why="a decimal mark with no digit after it"
        )
    try:
        value, step = read_decimal(match.group("number"), language)
        second = read_decimal(match.group("number2"), language) if match.group("number2") else None
    except Unreadable as error:
        return Quantity("malformed", start, end, written, why=str(error))
    if _is_year_like(match.group("number")) and (second is not None or not (scale or before)):
        return None
    factor = Decimal(1).scaleb(scale)
    qualifier = _qualifier(match)
    if second is not None:
        low, high = sorted((value * factor, second[0] * factor))
        return Quantity(
            "amount", start, end, written, low=low, high=high, value=None,
            step=min(step, second[1]) * factor, currency=currency, scale=scale, is_range=True,
        )  # fmt: skip
    low, high, kind = _bounds(value * factor, step * factor, qualifier)
    return Quantity(
        "amount", start, end, written, low=low, high=high, value=value * factor,
        step=step * factor, currency=currency, scale=scale, qualifier=kind,
    )  # fmt: skip


def _cjk_amount(match: re.Match, language: str) -> Quantity | None:
    currency = _currency(match, _CURRENCY_BEFORE, "cur_before") or _currency(
        match, _CURRENCY_AFTER, "cur_after"
    )
    start, end = match.span()
    written = match.group(0).strip()
    if match.group("qualifier"):
        start = match.start("qualifier")
    try:
        value, step, scale = _cjk_value(match.group("parts"), language)
        second = _cjk_value(match.group("parts2"), language) if match.group("parts2") else None
    except Unreadable as error:
        return Quantity("malformed", start, end, written, why=str(error))
    if not currency and scale < 4:
        return None
    if second is not None:
        if second[2] and not scale:
            value, step = value.scaleb(second[2]), step.scaleb(second[2])
        low, high = sorted((value, second[0]))
        return Quantity(
            "amount", start, end, written, low=low, high=high, step=min(step, second[1]),
            currency=currency, scale=max(scale, second[2]), is_range=True,
        )  # fmt: skip
    low, high, kind = _bounds(value, step, _qualifier(match))
    return Quantity(
        "amount", start, end, written, low=low, high=high, value=value, step=step,
        currency=currency, scale=scale, qualifier=kind,
    )  # fmt: skip


def _percent(match: re.Match, language: str) -> Quantity:
    start, end = match.span()
    if match.group("qualifier"):
        start = match.start("qualifier")
    written = match.group(0).strip()
    if match.group("dangling"):
        return Quantity("malformed", start, end, written, why="a decimal mark with no digit")
    try:
        value, step = read_decimal(match.group("number").lstrip("+").replace("−", "-"), language)
        second = (
            read_decimal(match.group("number2").lstrip("+").replace("−", "-"), language)
            if match.group("number2")
            else None
        )
    except Unreadable as error:
        return Quantity("malformed", start, end, written, why=str(error))
    if second is not None:
        low, high = sorted((value, second[0]))
        return Quantity(
            "percent", start, end, written, low=low, high=high, step=min(step, second[1]),
            is_range=True,
        )  # fmt: skip
    if abs(value) >= 1000:
        return Quantity(
            "malformed", start, end, written, why="no market grows or shrinks by that much: a "
            "range with its dash lost?",
        )  # fmt: skip
    low, high, kind = _bounds(value, step, _qualifier(match))
    return Quantity(
        "percent", start, end, written, low=low, high=high, value=value, step=step,
        qualifier=kind,
    )  # fmt: skip


def _is_year_like(digits: str) -> bool:
    return bool(re.fullmatch(YEAR_RE, digits))


_COMMA_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3},\d{1,2}(?![\d,.])")
_POINT_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d+(?![\d,])")


def writing_convention(text: str, language: str) -> str:
    """The language to read ``text``'s numbers by: an English text that writes every
    decimal with a comma ("$40,3-billion … 2,8%"), as South African and continental
    writers do, is read with the decimal comma; one that mixes both marks is read as
    English, so the comma-written numbers come out malformed."""
    if _locale_for(language) != "en":
        return language
    if _COMMA_DECIMAL.search(text) and not _POINT_DECIMAL.search(text):
        return "de"
    return language
