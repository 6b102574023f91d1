"""What a report's text states about its figures: sizes, growth rates, shares, periods.

``read_statements`` splits a text into sentences, reads every number with
``reports.integrity.numbers`` and turns each market-like number into a ``Statement``
with its subject (the whole market, a geography or a segment), its year or period and the
exact words it rests on. Numbers that look like a market size, a share or a growth rate
but cannot be placed (no year, no subject) come back as ``unread`` with their sentence, so
an import can list them rather than drop them.

Who each number is about is read by ``reports.integrity.subjects``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from .numbers import WORD_NUMBERS, YEAR_RE, Quantity, scan, writing_convention
from .subjects import (
    CAGR_CUE,
    CJK,
    CLAUSE_BREAK,
    MARKET,
    Subject,
    geography_named,
    market_name,
    names_subject,
    narrower_market,
    readable_text,
    subject_of,
)

_SHARE_CUE = re.compile(
    r"\bshare\b|accounted\s+for|accounting\s+for|accounts\s+for|captured|held|holds|hold\b|"
    r"\bof\s+the\s+(?:global\s+)?(?:market|total|revenue)|シェア|占比|占有率|占据|점유율|비중",
    re.IGNORECASE,
)
_SIZE_CUE = re.compile(
    r"market|industry|valued|value|worth|size|revenue|sales|reach|generat|account|"
    r"estimated|expected|projected|forecast|anticipated|grow|expand|市場|市场|规模|規模|시장|규모|"
    r"達する|達し|到達|达到|達到|予測|预计|预测|전망|달할|도달",
    re.IGNORECASE,
)
_NOT_MARKET = re.compile(
    r"\b(?:invest\w*|fund(?:ing|ed|s)?|rais(?:e|ed|ing)|acqui\w+|merger|deal|contract|"
    r"GDP|per\s+capita|budget|grant|loan|valuation\s+of\s+the\s+company|priced?|"
    r"cost(?:s|ing)?|savings?|loss(?:es)?|fine[ds]?|tax(?:es)?|"
    r"subsid\w+|salar\w+|wage|income|profit|earnings|capex|capital)\b",
    re.IGNORECASE,
)
_ASSUMPTION = re.compile(
    r"\bif\s+(?:we|one)\s+(?:take|assume|put|say)|\bassum(?:e|ed|ing|ption)\b|"
    r"\bsuppos(?:e|ing)\b|\bhypothetical\w*|\blet(?:'s|\s+us)\s+say|for\s+the\s+sake\s+of|"
    r"\bfor\s+illustrat\w+|仮に|假设|假定|가정",
    re.IGNORECASE,
)
"""Words making a sentence conditional: every amount after them rests on the assumption."""
_COUNTERFACTUAL = re.compile(
    r"\bwould\s+have\s+(?:reached|been|grown|totall?ed|stood)", re.IGNORECASE
)
"""A counterfactual ("would have reached"): only the amount it introduces is assumed."""
_DERIVED_YEAR = re.compile(
    rf"\b(?:estimat|calculat|deriv|extrapolat|back-calculat|impute)\w*\s+(?:the\s+)?"
    rf"(?P<y>{YEAR_RE})\s+(?:market\s+)?(?:size|value)\b[^.]{{0,60}}",
    re.IGNORECASE,
)
"""Text saying a year's size was worked out rather than sourced ("we estimate the 2018
market size using the reverse CAGR calculator")."""
_MADE_UP = re.compile(
    r"(?:data|figures?|numbers?|values?|information)\s+(?:is\s+|are\s+|was\s+|were\s+)?"
    r"(?:not\s+(?:provided|available|given)|unavailable)[^.;]{0,40}?(?:assumed|estimated\s+by\s+us|"
    r"illustrative|hypothetical|placeholder)|"
    r"\b(?:hypothetical|illustrative|fictitious|dummy|sample|made-up|placeholder)\s+"
    r"(?:data|figures?|numbers?|values?)\b|"
    r"\bfor\s+illustrative\s+purposes(?:\s+only)?\b|"
    r"\b(?:figures?|numbers?|values?|data)\s+(?:are|is|have\s+been)\s+(?:assumed|invented|"
    r"fabricated|made\s+up)\b|"
    r"\bassumed\s+(?:figures?|values?|data)\b|"
    r"\b(?:while|although|though)\s+not\s+explicitly\s+(?:provided|stated|given|mentioned|"
    r"available)[^.;]{0,60}?\b(?:assumed|inferred|estimated|presumed)\b[^.;,]{0,30}",
    re.IGNORECASE,
)
GROWTH_WORDS = re.compile(
    r"\bgrow\w*|\bgrew\b|\brose\b|\bgrowth\b|\bexpand\w*|\bexpansion\b|\brise\b|\brising\b|\bincreas\w*|"
    r"\bsurg\w*|\bboom\w*|成長|增长|増加|성장|확대",
    re.IGNORECASE,
)
DECLINE_WORDS = re.compile(
    r"\bdeclin\w*|\bshrink\w*|\bcontract\w*|\bdecreas\w*|\bfall\w*|\bdrop\w*|\bslump\w*|"
    r"\bnegative\b|\bdown\w*|减少|下降|縮小|減少|감소|축소",
    re.IGNORECASE,
)


def _figure_only(line: str) -> bool:
    """A short line that is a figure and nothing more ("132億2000万ドル", "$4.2 billion")."""
    return (
        len(line) <= 24
        and bool(re.search(r"\d", line))
        and not re.search(r"[.。!?]$", line)
        and len(re.findall(r"[A-Za-z]{3,}", line)) <= 2
        and not _YEAR_RANGE.search(line)
    )


_VOLUME = re.compile(
    r"\d(?:[\d,.]*\d)?\s*(?:(?:thousand|million|billion)\s+)?(?:MW|GW|GWh|TWh|kW|MWh|tons?|tonnes?|"
    r"kilotons?|kt|units?|barrels|users|subscribers|vehicles|devices|shipments|patients|"
    r"万?吨|万?台|万?辆|万人|톤|만\s?대|대)(?![A-Za-z])",
    re.IGNORECASE,
)
_DECLINE_BEFORE = re.compile(
    r"(?:declin\w*|shrink\w*|contract\w*|decreas\w*|fall\w*|drop\w*)\s+(?:at\s+)?(?:an?\s+)?"
    r"(?:(?:CAGR|compound(?:ed)?\s+annual(?:\s+growth)?(?:\s+rate)?)\s+)?(?:\(CAGR\)\s+)?"
    r"(?:of\s+)?(?:about\s+|around\s+)?$",
    re.IGNORECASE,
)
_DECLINE_AFTER = re.compile(
    r"^\s*(?:CAGR\s+|compound\s+annual\s+)?(?:declin\w*|decrease|drop|contraction|fall)\b",
    re.IGNORECASE,
)
"""A rate written as a positive number but called a decline ("a 0.8% CAGR decline")."""
_COMPONENT_AFTER = re.compile(
    r"^\s*(?:in\s+(?:\d{4}\s+)?)?(?:in\s+this\s+way|this\s+way|from\s+this|through\s+this)\b",
    re.IGNORECASE,
)
"""An amount earned "in this way": a part of the market, not the market."""
_COUNTED_AFTER = re.compile(
    r"^\s+(?!(?:in|by|for|during|at|and|to|from|the|with|as|over|which|while|this|is|was|"
    r"were|are|will|of|on|or|than|a|an|globally|worldwide)\b)[A-Za-z]"
)
"""An amount with no currency followed by a noun ("1.96 billion shipments") counts things."""
_AT_FORECAST_END = re.compile(
    r"^\s*(?:by|at|until|through|till)\s+the\s+end\s+of\s+the\s+(?:forecast|analysis|"
    r"projection|review)\s+period",
    re.IGNORECASE,
)
_HISTORIC_CUE = re.compile(r"histor\w*|past|previous|過去|历史|以往|과거|지난", re.IGNORECASE)
_FORECAST_CUE = re.compile(
    r"\b(?:forecast|projection|outlook)|予測|预测|預測|전망|예측", re.IGNORECASE
)
_YEAR_RANGE = re.compile(
    rf"(?:from\s+|between\s+|FY\s?)?(?P<a>{YEAR_RE})\s*(?:年|년)?\s*"
    r"(?:–|—|-|~|〜|～|to|through|until|and|から|至|到|부터)\s*(?:FY\s?)?"
    rf"(?P<b>{YEAR_RE})",
    re.IGNORECASE,
)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:U\.S|U\.K|Inc|Ltd|Co|Corp|approx|e\.g|i\.e|vs|No|St|Mr|Dr|Jr|Sr|Bn|Mn|est|"
    r"U\.S\.A|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$"
)


@dataclass(frozen=True)
class Statement:
    kind: Literal["size", "rate", "share"]
    subject: Subject
    quantity: Quantity
    where: str
    quote: str
    sentence: str
    year: int | None = None
    period: tuple[int, int] | None = None
    in_forecast_period: bool = False
    historic: bool = False
    is_assumption: bool = False
    assumption_named: bool = False
    """The text presents this value itself as an assumption (flagged); a value worked out
    from one in the same sentence is only kept as an estimate."""
    market_name: str | None = None
    """The words the clause names its market with ("ai chip" in "The AI chip market
    will…"; "" for "the market"), so that a market narrower than the report's is told
    apart from the whole."""
    assumption_quote: str = ""
    """The words calling the value worked out rather than sourced, when they are not next
    to it."""
    sentence_index: int = 0
    volume_basis: bool = False
    """A rate whose sentence measures the market in units (MW, tonnes), not money."""
    next_years: int | None = None
    """A rate stated "for the next seven years": the length of its period, start unknown."""
    at_forecast_end: bool = False
    """A size "by the end of the forecast period": its year is the forecast period's end,
    filled in once the report's texts are read (``year`` None until then)."""


@dataclass(frozen=True)
class StatedPeriod:
    start: int
    end: int
    where: str
    quote: str
    source: Literal["headline", "forecast", "rate"]


@dataclass(frozen=True)
class Problem:
    """Something in the text itself: a malformed or missing number, made-up content."""

    kind: Literal["malformed_number", "missing_number", "made_up_content"]
    where: str
    quote: str
    sentence: str
    why: str = ""


@dataclass(frozen=True)
class Unread:
    """A market-like number that could not be placed, and why."""

    where: str
    quote: str
    sentence: str
    why: str
    subject: Subject | None = None
    is_amount: bool = True


@dataclass
class TextStatements:
    statements: list[Statement] = field(default_factory=list)
    periods: list[StatedPeriod] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    derived: list[tuple[int, str]] = field(default_factory=list)
    """(year, words) of each text saying a year's size was worked out, not sourced."""
    growth_claims: list[tuple[Subject, str, str]] = field(default_factory=list)
    """(subject, where, sentence) of each sentence that calls a subject growing."""

    @property
    def forecast_period(self) -> tuple[int, int] | None:
        """The forecast period the texts state, when they state exactly one."""
        stated = [p for p in self.periods if p.source in ("headline", "forecast")]
        distinct = {(p.start, p.end) for p in stated if p.start}
        if len(distinct) != 1:
            return None
        period = next(iter(distinct))
        return period if all(p.end == period[1] for p in stated) else None

    def settle(self) -> TextStatements:
        """What only all of a report's texts together tell, applied once every text is read:
        sizes written "by the end of the forecast period" get that period's last year (or
        are unread without one stated period); a year's size another text says was worked
        out is an assumption; a market named narrower than the report's own ("the AI chip
        market" in an AI report) is a segment."""
        forecast = self.forecast_period
        for statement in self.statements:
            if statement.at_forecast_end and not forecast:
                self.unread.append(
                    Unread(
                        statement.where, statement.quote, statement.sentence,
                        "the forecast period it refers to is not stated",
                    )
                )  # fmt: skip
        self.statements = [
            replace(s, year=forecast[1]) if s.at_forecast_end and forecast else s
            for s in self.statements
            if not s.at_forecast_end or forecast
        ]
        for year, words in self.derived:
            self.statements = [
                replace(s, is_assumption=True, assumption_named=True, assumption_quote=words)
                if s.kind == "size" and s.year == year and s.subject == MARKET
                else s
                for s in self.statements
            ]
        if own := next((s.market_name for s in self.statements if s.market_name), None):
            narrower = {
                (s.where, s.sentence_index): s.market_name
                for s in self.statements
                if s.subject == MARKET and narrower_market(s.market_name, own)
            }
            self.statements = [
                replace(s, subject=Subject("segment", narrower[(s.where, s.sentence_index)]))
                if s.subject == MARKET
                and (s.where, s.sentence_index) in narrower
                and (not s.market_name or s.market_name == narrower[(s.where, s.sentence_index)])
                else s
                for s in self.statements
            ]
        return self

    def extend(self, other: TextStatements) -> None:
        self.statements += other.statements
        self.periods += other.periods
        self.problems += other.problems
        self.unread += other.unread
        self.derived += other.derived
        self.growth_claims += other.growth_claims


def sentences(text: str) -> list[str]:
    """``text`` (one block per line) split into sentences; decimal points, "U.S." and
    "Inc." do not end one. A line holding only a figure (an infographic's "132億2000万ドル"
    above "2025年の市場規模") is read with the line after it."""
    found = []
    lines = text.splitlines()
    joined: list[str] = []
    figure_line = False
    for line in lines:
        if figure_line:
            joined[-1] = f"{joined[-1]} {line}"
            figure_line = False
        else:
            joined.append(line)
            figure_line = _figure_only(line)
    for line in joined:
        start = 0
        for match in re.finditer(
            r"[.!?](?=\s+[\"“(\[A-Z0-9\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af])|[。！？]", line
        ):
            if match.group(0) == "." and _ABBREVIATIONS.search(line[start : match.end()]):
                continue
            if re.search(r"\d\.$", line[: match.end()]) and re.match(r"\s\d", line[match.end() :]):
                continue  # "$112. 17 billion": a number broken in print, not two sentences
            found.append(line[start : match.end()].strip())
            start = match.end()
        if line[start:].strip():
            found.append(line[start:].strip())
    return found


def _year_for(sentence: str, quantity: Quantity, others: list[Quantity]) -> int | None:
    """The year a number is for: the nearest year after it ("in 2023", "by the end of
    2035") before the next number, else the nearest before it since the previous number
    ("In 2023, … USD 5 billion"). Chinese, Japanese and Korean put the year first
    ("2023年の…25億円"), so there the year before is looked for first."""
    nxt = min((q.start for q in others if q.start >= quantity.end), default=len(sentence))
    prv = max((q.end for q in others if q.end <= quantity.start), default=0)
    prefix = sentence[prv : quantity.start]
    if prv:
        prefix = re.sub(
            rf"^\s*(?:in|by|for|to|until|through|of)\s+(?:the\s+end\s+of\s+)?(?:the\s+year\s+)?"
            rf"(?:FY\s?)?{YEAR_RE}\b",
            "",
            prefix,
            flags=re.IGNORECASE,
        )
    before = _year_before(prefix)
    if CJK.search(sentence):
        amounts_before = (q.end for q in others if q.end <= quantity.start and q.kind == "amount")
        year = _year_before(sentence[max(amounts_before, default=0) : quantity.start])
        if year is not None:
            return year
        label = re.match(rf"\s*(?P<y>{YEAR_RE})\s*年の?(?:市場|市场)", sentence[quantity.end :])
        return int(label.group("y")) if label else None
    after = sentence[quantity.end : min(nxt, quantity.end + 60)]
    match = re.match(
        r"[^0-9]{0,40}?(?:\b(?:in|by|for|of|through|until|till|to|at|during|since)\b[^0-9]{0,20}?|"
        r"[（(]\s*|,\s*)(?:FY\s?)?(?P<y>" + YEAR_RE + r")"
        r"(?!\s*(?:年|년)?\s*(?:–|—|-|~|〜|～|to|から|至|到|부터)\s*\d{4})",
        after,
        re.IGNORECASE,
    )
    if match and not re.search(r"\bfrom\b|\bbetween\b", after[: match.start("y")], re.I):
        return int(match.group("y"))
    return before


def _year_before(before: str) -> int | None:
    years = [
        m for m in re.finditer(YEAR_RE + r"(?:\s*(?:年|년))?", before)
        if not re.match(r"\s*(?:–|—|-|~|to|から|부터)\s*\d{4}", before[m.end() :])
        and not re.search(
            YEAR_RE + r"\s*(?:年|년)?\s*(?:–|—|-|~|to|から|부터)\s*$", before[: m.start()]
        )
    ]  # fmt: skip
    if years:
        return int(years[-1].group(0)[:4])
    return None


_FORECAST_END_ONLY = re.compile(
    rf"\b(?:forecasts?|projections?|outlook)\s+(?:to|through|till|until|up\s+to)\s+(?P<b>{YEAR_RE})",
    re.IGNORECASE,
)


def _forecast_periods(sentence: str, where: str, is_headline: bool) -> list[StatedPeriod]:
    """The forecast periods a sentence states: any year range of a headline or title; in
    other text a range next to the word forecast ("forecast period 2024–2031", "2025–2032
    forecast", "予測期間(2024-2032年)"), not one the sentence calls history, and an end
    alone ("the forecast to 2033", start unknown: 0)."""
    found = []
    for match in _YEAR_RANGE.finditer(sentence):
        start, end = int(match.group("a")), int(match.group("b"))
        if not start < end <= start + 30:
            continue
        before = sentence[max(0, match.start() - 40) : match.start()]
        after = sentence[match.end() : match.end() + 15]
        near = _FORECAST_CUE.search(before) or re.match(
            r"\s*(?:年|년)?\s*(?:forecast|予測|预测|전망)", after, re.I
        )
        if is_headline or (near and not _HISTORIC_CUE.search(before[-25:])):
            found.append(
                StatedPeriod(
                    start, end, where, match.group(0), "headline" if is_headline else "forecast"
                )
            )
    if not found:
        for match in _FORECAST_END_ONLY.finditer(sentence):
            found.append(StatedPeriod(0, int(match.group("b")), where, match.group(0), "forecast"))
    return found


_NEXT_YEARS = re.compile(
    r"\b(?:for|over|in|during)\s+the\s+next\s+(?P<n>\d{1,2}|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve)(?:\s+years|-year\s+period)\b",
    re.IGNORECASE,
)


def _next_years(text: str) -> int | None:
    match = _NEXT_YEARS.search(text)
    if match is None:
        return None
    n = match.group("n").lower()
    return int(n) if n.isdigit() else WORD_NUMBERS[n]


def _rate_period(
    sentence: str, start: int, end: int, numbers: list[Quantity]
) -> tuple[int, int] | None:
    """The period a growth rate states: a year range inside its words ("CAGR (2024-2030)
    7.8%"), just after them ("7.8% from 2024 to 2030") or, as Chinese, Japanese and Korean
    put it, just before ("2018년~2022년 … 연평균 4.8%"); never across another number, and
    not one elsewhere in the sentence ("Study Period 2020-2032 CAGR 3.2%")."""
    following = min((q.start for q in numbers if q.start >= end), default=len(sentence))
    preceding = max((q.end for q in numbers if q.end <= start), default=0)
    inside, after, before = [], [], []
    for match in _YEAR_RANGE.finditer(sentence):
        a, b = int(match.group("a")), int(match.group("b"))
        if not a < b <= a + 30:
            continue
        if start <= match.start() and match.end() <= end:
            inside.append((a, b))
        elif end <= match.start() <= min(end + 60, following):
            after.append((a, b))
        elif max(start - 40, preceding) <= match.start() and match.end() <= start:
            before.append((a, b))
    order = (inside, before, after) if CJK.search(sentence) else (inside, after)
    for found in order:
        if found:
            return found[0] if found is not before else found[-1]
    return None


def read_statements(
    text: str, *, where: str, language: str = "en", is_headline: bool = False
) -> TextStatements:
    """Statements, periods, problems and unread numbers in one text (HTML or plain)."""
    out = TextStatements()
    previous = MARKET
    readable = readable_text(text)
    language = writing_convention(readable, language)
    for index, sentence in enumerate(sentences(readable)):
        if match := _MADE_UP.search(sentence):
            out.problems.append(Problem("made_up_content", where, match.group(0), sentence))
        out.periods += _forecast_periods(sentence, where, is_headline)
        quantities = scan(sentence, language)
        numbers = [q for q in quantities if q.kind in ("amount", "percent")]
        opening = sentence[: numbers[0].start] if numbers else ""
        first_clause = re.split(CLAUSE_BREAK, opening)[0]
        sentence_subject = (
            subject_of(first_clause, previous)
            if names_subject(first_clause)
            else subject_of(opening, previous)
            if names_subject(opening)
            else None
        )
        for quantity in quantities:
            if quantity.kind == "malformed":
                out.problems.append(
                    Problem("malformed_number", where, quantity.written, sentence, quantity.why)
                )
                continue
            if quantity.kind == "missing":
                out.problems.append(Problem("missing_number", where, quantity.written, sentence))
                continue
            before_q = max(
                (q.end for q in numbers if q.end <= quantity.start and q.kind == "amount"),
                default=0,
            )
            prefix = sentence[before_q : quantity.start]
            subject = subject_of(prefix, sentence_subject or previous)
            statement = _statement(
                quantity, subject, sentence, where, numbers, index, is_headline, out
            )
            if statement is not None and statement.kind != "share":
                head = re.split(CLAUSE_BREAK, prefix)[-1]
                statement = replace(statement, market_name=market_name(head))
            if statement is not None and statement.kind == "share" and statement.year is None:
                years = [s.year for s in out.statements if s.sentence == sentence and s.year]
                if years:
                    statement = replace(statement, year=years[-1])
            if statement is not None:
                out.statements.append(statement)
                if statement.kind != "share":
                    sentence_subject = statement.subject
        if sentence_subject is not None:
            previous = sentence_subject
        if GROWTH_WORDS.search(sentence) and not DECLINE_WORDS.search(sentence):
            out.growth_claims.append((sentence_subject or previous, where, sentence))
    out.derived += [
        (int(match.group("y")), match.group(0).strip())
        for match in _DERIVED_YEAR.finditer(readable)
    ]
    return out


def _assumed(sentence: str, quantity: Quantity, others: list[Quantity]) -> tuple[bool, bool]:
    """(rests on an assumption, is the assumed value itself)."""
    since = max((q.end for q in others if q.end <= quantity.start), default=0)
    own = bool(
        _ASSUMPTION.search(sentence[since : quantity.end + 40])
        or _COUNTERFACTUAL.search(sentence[since : quantity.end + 40])
    )
    return own or bool(_ASSUMPTION.search(sentence[: quantity.end + 40])), own


def _statement(
    quantity: Quantity,
    subject: Subject,
    sentence: str,
    where: str,
    numbers: list[Quantity],
    index: int,
    is_headline: bool,
    out: TextStatements,
) -> Statement | None:
    window_before = sentence[max(0, quantity.start - 70) : quantity.start]
    window_after = sentence[quantity.end : quantity.end + 30]
    others = [q for q in numbers if q is not quantity]
    common = {"where": where, "sentence": sentence, "sentence_index": index}
    if quantity.kind == "percent":
        cagr_before = list(CAGR_CUE.finditer(window_before))
        share_before = list(_SHARE_CUE.finditer(window_before))
        last_cagr = cagr_before[-1].end() if cagr_before else -1
        last_share = share_before[-1].end() if share_before else -1
        trailing = re.sub(r"^[\s()]*(?:的|の|의)?", "", window_after)
        after_cagr = CAGR_CUE.match(trailing) is not None
        average = re.search(r"평균\s*$", window_before)
        if average and re.match(r"\s*(?:의\s*)?성장", sentence[quantity.end :]):
            cagr_before.append(average)
            last_cagr = average.end()
        after_share = re.match(
            r"\s*(?:share|of\s+the|of\s+total|시장\s*점유율|のシェア)", window_after, re.I
        )
        if (after_cagr or last_cagr > last_share) and not after_share:
            cue_start = (
                cagr_before[-1].start() + max(0, quantity.start - 70)
                if cagr_before and not after_cagr
                else quantity.start
            )
            period = _rate_period(sentence, cue_start, quantity.end, others)
            forecast_ref = bool(re.search(r"forecast|予測|预测|예측|전망", sentence, re.I))
            past = list(_HISTORIC_CUE.finditer(window_before))
            ahead = list(_FORECAST_CUE.finditer(window_before))
            historic = bool(past) and (not ahead or past[-1].start() > ahead[-1].start())
            if historic:
                forecast_ref = False
            cue = cagr_before[-1] if cagr_before and not after_cagr else None
            if cue:
                quote = sentence[cue.start() + max(0, quantity.start - 70) : quantity.end]
                if cue.group(0).startswith("평균"):
                    grows = re.match(r"\s*(?:의\s*)?성장", sentence[quantity.end :])
                    quote += grows.group(0) if grows else ""
            else:
                cue = CAGR_CUE.match(trailing)
                cue_end = quantity.end + len(window_after) - len(trailing)
                quote = sentence[quantity.start : cue_end] + (cue.group(0) if cue else "")
            if quantity.low >= 0 and (
                _DECLINE_BEFORE.search(window_before) or _DECLINE_AFTER.match(window_after)
            ):
                quantity = replace(
                    quantity, low=-quantity.high, high=-quantity.low,
                    value=-quantity.value if quantity.value is not None else None,
                )  # fmt: skip
            return Statement(
                "rate", subject, quantity, quote=quote.strip(), period=period,
                in_forecast_period=forecast_ref, historic=historic,
                volume_basis=len(_VOLUME.findall(sentence)) >= 2,
                next_years=_next_years(sentence[quantity.end : quantity.end + 60]), **common,
            )  # fmt: skip
        if after_share or last_share >= 0:
            since = max((q.end for q in others if q.end <= quantity.start), default=0)
            named = geography_named(sentence[since : quantity.start])
            share_subject = (
                Subject("geography", named)
                if named
                else subject_of(sentence[since : quantity.start], subject)
            )
            year = _year_for(sentence, quantity, others)
            return Statement(
                "share", share_subject, quantity, quote=quantity.written, year=year, **common
            )
        nearby = sentence[max(0, quantity.start - 40) : quantity.end + 40]
        if GROWTH_WORDS.search(nearby) or DECLINE_WORDS.search(nearby):
            out.unread.append(
                Unread(
                    where, quantity.written, sentence,
                    "a growth rate that is not a compound annual rate, so nothing checks it",
                    subject,
                    is_amount=False,
                )
            )  # fmt: skip
        return None
    if quantity.kind != "amount" or is_headline and quantity.is_range:
        return None
    if quantity.currency is None and _COUNTED_AFTER.match(sentence[quantity.end :]):
        return None
    context = sentence[max(0, quantity.start - 120) : quantity.end + 40]
    if not _SIZE_CUE.search(context) or _NOT_MARKET.search(
        sentence[max(0, quantity.start - 60) : quantity.end + 20]
    ):
        return None
    year = _year_for(sentence, quantity, others)
    at_forecast_end = year is None and bool(_AT_FORECAST_END.match(sentence[quantity.end :]))
    if year is None and not at_forecast_end:
        out.unread.append(
            Unread(where, quantity.written, sentence, "no year is stated for this amount", subject)
        )
        return None
    assumption, assumption_named = _assumed(sentence, quantity, others)
    if _COMPONENT_AFTER.match(sentence[quantity.end :]):
        subject = Subject("segment", "a part named before")
    return Statement(
        "size", subject, quantity, quote=quantity.written, year=year,
        at_forecast_end=at_forecast_end, is_assumption=assumption,
        assumption_named=assumption_named, **common,
    )  # fmt: skip
