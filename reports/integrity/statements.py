"""What a report's text states about its figures: sizes, growth rates, shares, periods.

``read_statements`` splits a text into sentences, reads every number with
``reports.integrity.numbers`` and turns each market-like number into a ``Statement``
with its subject (the whole market, a geography or a segment), its year or period and the
exact words it rests on. Numbers that look like a market size, a share or a growth rate
but cannot be placed (no year, no subject) come back as ``unread`` with their sentence, so
an import can list them rather than drop them.

Subjects are read from the words before the number, as an analyst reads them: a geography
named there ("North America", "the U.S. … market", "北米") is that geography; "segment"
names a segment; "the global … market" or "the … market" is the whole market; words that
only point back ("it", "the business", "sales") keep the previous sentence's subject.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from django.utils.html import strip_tags

from .numbers import YEAR_RE, Quantity, scan, writing_convention

_REGIONS = {
    "north america": "north america", "north american": "north america",
    "latin america": "latin america", "latin american": "latin america",
    "south america": "south america", "central america": "central america",
    "central & south america": "south america", "central and south america": "south america",
    "europe": "europe", "european": "europe", "western europe": "western europe",
    "eastern europe": "eastern europe",
    "asia pacific": "asia pacific", "asia-pacific": "asia pacific", "apac": "asia pacific",
    "asia": "asia", "asian": "asia", "southeast asia": "southeast asia", "asean": "asean",
    "middle east and africa": "middle east and africa",
    "middle east & africa": "middle east and africa", "mea": "middle east and africa",
    "middle east": "middle east", "africa": "africa", "emea": "emea", "gcc": "gcc",
    "oceania": "oceania", "nordics": "nordics", "americas": "americas",
    "lamea": "lamea",
    "北米": "north america", "北美": "north america", "북미": "north america",
    "欧州": "europe", "ヨーロッパ": "europe", "欧洲": "europe", "유럽": "europe",
    "アジア太平洋": "asia pacific", "亚太": "asia pacific", "亞太": "asia pacific",
    "아시아 태평양": "asia pacific", "아시아태평양": "asia pacific",
    "中南米": "latin america", "拉丁美洲": "latin america", "중남미": "latin america",
    "中東・アフリカ": "middle east and africa", "中东和非洲": "middle east and africa",
}  # fmt: skip
_COUNTRIES = {
    "united states": "united states", "u.s.": "united states", "us": "united states",
    "usa": "united states", "u.s.a.": "united states", "america": "united states",
    "american": "united states",
    "canada": "canada", "canadian": "canada", "mexico": "mexico", "brazil": "brazil",
    "brazilian": "brazil", "argentina": "argentina", "chile": "chile", "colombia": "colombia",
    "united kingdom": "united kingdom", "uk": "united kingdom", "u.k.": "united kingdom",
    "britain": "united kingdom", "british": "united kingdom", "germany": "germany",
    "german": "germany", "france": "france", "french": "france", "italy": "italy",
    "italian": "italy", "spain": "spain", "spanish": "spain", "netherlands": "netherlands",
    "switzerland": "switzerland", "sweden": "sweden", "norway": "norway", "poland": "poland",
    "russia": "russia", "belgium": "belgium", "austria": "austria", "denmark": "denmark",
    "ireland": "ireland", "china": "china", "chinese": "china", "japan": "japan",
    "japanese": "japan", "india": "india", "indian": "india", "south korea": "south korea",
    "korea": "south korea", "korean": "south korea", "australia": "australia",
    "australian": "australia", "new zealand": "new zealand", "indonesia": "indonesia",
    "singapore": "singapore", "malaysia": "malaysia", "thailand": "thailand",
    "vietnam": "vietnam", "philippines": "philippines", "taiwan": "taiwan",
    "saudi arabia": "saudi arabia", "uae": "united arab emirates",
    "united arab emirates": "united arab emirates", "israel": "israel", "egypt": "egypt",
    "south africa": "south africa", "nigeria": "nigeria", "kenya": "kenya",
    "中國": "china", "美國": "united states", "韓國": "south korea", "歐洲": "europe",
    "亞太": "asia pacific", "亞洲": "asia", "亚洲": "asia", "アジア": "asia", "아시아": "asia",
    "我が国": "japan", "わが国": "japan", "我国": "china", "우리나라": "south korea",
    "米国": "united states", "アメリカ": "united states", "美国": "united states",
    "미국": "united states", "中国": "china", "중국": "china", "日本": "japan",
    "일본": "japan", "韩国": "south korea", "韓国": "south korea", "한국": "south korea",
    "국내": "south korea", "インド": "india", "印度": "india", "인도": "india",
    "ドイツ": "germany", "德国": "germany", "독일": "germany",
}  # fmt: skip
_CASE_SENSITIVE = {"us": "US", "america": "America", "american": "American"}
"""Aliases that are ordinary words in lower case ("us") match only as capitalised."""

_GLOBAL = (
    r"global|worldwide|world|international|overall|total|全球|世界|グローバル|글로벌|세계|国内"
)
_GEOGRAPHY_NAMES = sorted({**_REGIONS, **_COUNTRIES}, key=len, reverse=True)
_GEOGRAPHY = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(
        f"(?-i:{re.escape(_CASE_SENSITIVE[name])})" if name in _CASE_SENSITIVE else re.escape(name)
        for name in _GEOGRAPHY_NAMES
        if name.isascii()
    )
    + r")(?![\w])|"
    + "|".join(re.escape(name) for name in _GEOGRAPHY_NAMES if not name.isascii()),
    re.IGNORECASE,
)
"""Latin names as whole words; Chinese, Japanese and Korean ones anywhere (no spaces)."""
_MARKET_NOUN = re.compile(r"\b(?:market|industry)\b|市場|市场|시장", re.IGNORECASE)
_GLOBAL_RE = re.compile(rf"(?:\b(?:{_GLOBAL})\b|{_GLOBAL})", re.IGNORECASE)
_SEGMENT = re.compile(
    r"((?:[\w&/-]+\s+){0,4}?)(?:sub-?)?(?:segment|category|sub-segment)s?\b", re.IGNORECASE
)
_POINTER = re.compile(
    r"^\s*(?:it|this|the\s+(?:business|industry|sector|segment|space|category|same)|sales|"
    r"revenues?|demand|spending)\b",
    re.IGNORECASE,
)

_CAGR_CUE = re.compile(
    r"CAGR|compound(?:ed)?\s+annual(?:\s+growth)?(?:\s+rate)?|annual(?:ized)?\s+growth\s+rate|"
    r"年平均成長率|年平均成长率|年複合成長率|年均复合增长率|年复合增长率|复合年增长率|复合增长率|"
    r"年均增长率|年平均増加率|年平均增長率|複合年增長率|年複合增長率|復合年增長率|年平均増加|"
    r"毎年平均|平均每年|每年平均|年平均|年均|年速|연평균\s?성장률|연평균|연간\s?성장률",
    re.IGNORECASE,
)
_SHARE_CUE = re.compile(
    r"\bshare\b|accounted\s+for|accounting\s+for|accounts\s+for|captured|held|holds|hold\b|"
    r"\bof\s+the\s+(?:global\s+)?(?:market|total|revenue)|シェア|占比|占有率|占据|점유율|비중",
    re.IGNORECASE,
)
_SIZE_CUE = re.compile(
    r"market|industry|valued|value|worth|size|revenue|sales|reach|generat|account|"
    r"estimated|expected|projected|forecast|anticipated|grow|expand|市場|市场|规模|規模|시장|규모",
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
    r"\bfor\s+illustrat\w+|\bwould\s+have\s+(?:reached|been|grown|totall?ed|stood)|"
    r"仮に|假设|假定|가정",
    re.IGNORECASE,
)
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
_GROWTH_WORDS = re.compile(
    r"\bgrow\w*|\bgrowth\b|\bexpand\w*|\bexpansion\b|\brise\b|\brising\b|\bincreas\w*|"
    r"\bsurg\w*|\bboom\w*|成長|增长|増加|성장|확대",
    re.IGNORECASE,
)
_DECLINE_WORDS = re.compile(
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
_HISTORIC_CUE = re.compile(r"histor\w*|past|previous|過去|历史|과거", re.IGNORECASE)
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
class Subject:
    kind: Literal["market", "geography", "segment"]
    name: str = ""

    @property
    def label(self) -> str:
        if self.kind == "market":
            return "the whole market"
        return f"{self.kind} “{self.name}”"


MARKET = Subject("market")


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
    sentence_index: int = 0
    volume_basis: bool = False
    """A rate whose sentence measures the market in units (MW, tonnes), not money."""
    next_years: int | None = None
    """A rate stated "for the next seven years": the length of its period, start unknown."""
    at_forecast_end: bool = False
    """A size "by the end of the forecast period": its year is the forecast period's end,
    filled in once the report's texts are read (``year`` None until then)."""
    """A rate whose sentence measures the market in units (MW, tonnes), not money."""


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


@dataclass
class TextStatements:
    statements: list[Statement] = field(default_factory=list)
    periods: list[StatedPeriod] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
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
        """Give sizes written "by the end of the forecast period" that period's last year,
        once every text is read; without one stated period they are dropped as unread."""
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
        return self

    def extend(self, other: TextStatements) -> None:
        self.statements += other.statements
        self.periods += other.periods
        self.problems += other.problems
        self.unread += other.unread
        self.growth_claims += other.growth_claims


_BLOCK_TAGS = re.compile(
    r"</?(?:p|div|li|h[1-6]|br|tr|td|th|ul|ol|table|section|article)\b[^>]*>", re.I
)


def readable_text(value: str) -> str:
    """Text as a reader sees it, one block per line: tags removed, entities decoded."""
    text = html.unescape(strip_tags(_BLOCK_TAGS.sub("\n", value or "")))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


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
        for match in re.finditer(r"[.!?](?=\s+[\"“(\[A-Z0-9])|[。！？]", line):
            if match.group(0) == "." and _ABBREVIATIONS.search(line[start : match.end()]):
                continue
            found.append(line[start : match.end()].strip())
            start = match.end()
        if line[start:].strip():
            found.append(line[start:].strip())
    return found


def _geography(text: str) -> str | None:
    matches = list(_GEOGRAPHY.finditer(text))
    if not matches:
        return None
    name = matches[-1].group(0).lower()
    return _REGIONS.get(name) or _COUNTRIES.get(name)


_VERB = re.compile(
    r"\b(?:is|are|was|were|will|would|shall|has|have|had|stood|stands|reach(?:ed|es|ing)?|"
    r"valued|accounted|accounts|held|holds|captured|captures|grew|grows?|growing|rose|rises?|"
    r"generated|generates?|expected|projected|forecasted|estimated|poised|set|recorded|"
    r"records|posted|registered|expand(?:s|ed|ing)?|advanc(?:e|es|ed|ing)|led|leads|"
    r"represent(?:s|ed|ing)?|dominat\w+|hit|hits|touch(?:ed|es)?|cross(?:ed|es)?|"
    r"surpass(?:ed|es)?|exceed(?:ed|s)?|total(?:l?ed|s)|amount(?:ed|s)|contribut\w+|"
    r"account(?:ed|s)?|made\s+up|makes?\s+up|comprised|constitut\w+|saw|sees|witness\w*|"
    r"declin\w+|fell|falls?|dropped|drops?|decreas\w+|shrank|shrinks?|accumulat\w+|"
    r"climb\w*|jump\w*|soar\w*|increas\w+|can|could|may|might|should|must)\b",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"^.*?(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbe\s)(?<!\bbeen\s)"
    r"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\bnew\s)(?<!\bits\s)(?<!\btheir\s)"
    r"\b(?:expects?|predicts?|estimates?|says?|said|forecasts?|projects?|believes?|"
    r"notes?|noted|reports?|reported|finds|found|reveals?|revealed|shows?|showed|indicates?|"
    r"indicated|states?|stated|(?:stating|saying|showing|suggesting|indicating|noting|"
    r"predicting|projecting|estimating|forecasting)(?=\s+that))\s+(?:that\s+)?",
    re.IGNORECASE,
)
_LEADING_ADVERBIAL = re.compile(
    r"^\s*(?:(?:in|by|for|during|over|from|between|through|since|as\s+of|amid|according\s+to|"
    r"regionally|globally|overall|meanwhile|however|moreover|additionally|furthermore|"
    r"similarly|in\s+contrast|in\s+addition|by\s+\w+(?:\s+\w+)?)\b[^,]{0,60},\s*)+",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(
    r"^(?:(?:in|by|for|from|to|at|during|over|through|until|till|since|as\s+of|around|about)"
    r"\s+(?:the\s+)?(?:end\s+of\s+)?(?:(?:the\s+)?year\s+)?(?:FY\s?)?\d{4}|\d{4}|"
    r"and|or|but|then|while|whereas|so|thus|also|which|that)\b",
    re.IGNORECASE,
)
"""Words that continue a clause rather than name its subject ("in 2020 and", "by 2029")."""
_POINTER_HEAD = re.compile(
    r"^(?:it|this|that|these|they|the\s+(?:business|industry|sector|space|same|country|region|"
    r"market|overall\s+market|total\s+market)|sales|revenues?|total\s+revenues?|demand|"
    r"spending|growth|figure|value|size|number|(?:the|this|that)\s+(?:figure|value|size|number)|its\s+size|its\s+value|"
    r"market\s+size|market\s+value|market\s+revenue|the\s+market\s+(?:size|value|revenue))$",
    re.IGNORECASE,
)
_GENERIC_HEAD = re.compile(
    r"^(?:an?\s+|the\s+)?(?:(?:significant|strong|steady|robust|rapid|further)\s+)?"
    r"(?:expansion|growth|increase|rise|decline|contraction)$|"
    r"^(?:the\s+)?(?:total\s+)?(?:size|value|valuation|volume|revenues?|sales|worth|market\s+size|"
    r"market\s+value|overall\s+(?:size|value))$",
    re.IGNORECASE,
)
_MARKET_OF = re.compile(
    r"^(?P<head>.+?)\s+(?:in|of|from|for|across|within)\s+(?:the\s+)?(?:[\w&/-]+\s+){0,5}?"
    r"(?:market|industry)\b",
    re.IGNORECASE,
)


_CLAUSE_BREAK = r"[;:；：，]|,\s+(?:while|whereas|with|and|but)\b"


def subject_of(prefix: str, previous: Subject) -> Subject:
    """The subject of a number from the words before it in its clause (see module doc).

    English: the clause's head, the words before its first verb ("Cigarettes are projected
    to…", "The U.S. market was…", "Futuresource expects the handset market will…"), is a
    geography, the whole market ("the global … market"), a segment ("the hospital segment",
    "Print classified advertising", "Revenue from premium apps"), or only points back
    ("it", "the industry", "sales"). Chinese, Japanese and Korean: see ``_cjk_subject``."""
    clause = re.split(_CLAUSE_BREAK, prefix)[-1]
    if _CJK.search(clause):
        return _cjk_subject(clause, previous)
    clause = _REPORTING.sub("", clause)
    verb = _VERB.search(clause)
    if verb is None:
        if _named(clause):
            return _cjk_subject(clause, previous)
        return previous
    head = _LEADING_ADVERBIAL.sub("", clause[: verb.start()]).strip(" ,")
    while (shorter := _CONTINUATION.sub("", head).strip(" ,")) != head:
        head = shorter
    head = _main_chunk(head)
    if not head or all(word.lower() in _FUNCTION_WORDS for word in re.findall(r"[\w'-]+", head)):
        return previous
    if re.match(_PARTICIPLE, head) and not _named(head):
        return previous
    if _CAGR_CUE.search(head):
        return previous
    if geography := _geography(head):
        return Subject("geography", geography)
    if re.match(_PREPOSITION, head):
        return previous
    if _GLOBAL_RE.search(head):
        rest = _GLOBAL_RE.sub("", re.sub(r"^(?:the|a|an)\s+", "", head, flags=re.I)).strip()
        if _MARKET_NOUN.search(head) or not rest or _POINTER_HEAD.match(rest):
            return MARKET
        return Subject("segment", _segment_name(rest))
    words = re.sub(r"^(?:the|a|an|its|this|that)\s+", "", head, flags=re.IGNORECASE)
    if _POINTER_HEAD.match(head) or _POINTER_HEAD.match(words):
        return previous
    segment = _SEGMENT.search(head)
    if segment:
        name = _segment_name(head[: segment.start()] + segment.group(1))
        name = re.sub(r"^(?:growth|revenue|sales)\s+(?:in|of|from)\s+(?:the\s+)?", "", name)
        return Subject("segment", name) if name and name != "segment" else previous
    if market := _MARKET_OF.match(head):
        inner = market.group("head")
        if _GENERIC_HEAD.match(inner.strip()):
            return MARKET
        return Subject("segment", _segment_name(inner))
    if _MARKET_NOUN.search(head):
        return MARKET
    if len(words.split()) > 8 or not re.search(r"[A-Za-z]", words):
        return previous
    return Subject("segment", _segment_name(words))


_PARTICIPLE = (
    r"^\w+ing(?:\s+(?:an?|the|at|to|by|from|of|in|with|its|their|over|nearly|about|around|"
    r"up|out|further)\b|\s*$)"
)
"""A clause that opens on a participle ("reaching an estimated", "growing at") continues
the sentence's subject; "advertising spending" names one."""
_PREPOSITION = re.compile(
    r"^(?:across|including|excluding|for|with|of|on|at|from|to|via|through|under|among|"
    r"between|within|into|onto|per|than|like|unlike)\b",
    re.IGNORECASE,
)
"""A head that opens on a preposition continues the clause before it."""
_FUNCTION_WORDS = frozenset(
    "a an the its their this that these those with an expected estimated projected overall "
    "total annual further then also thus hence which who".split()
)
_APPOSITIVE = re.compile(r"^(?:the\s+world|one\s+of|a|an|which|who|including|excluding)\b", re.I)


def _main_chunk(head: str) -> str:
    """Of a head with commas, the part that names the subject: the last part ("According
    to X, a firm based in India, the market") unless that is an apposition ("China, the
    world's second largest economy,", "Cigarettes, one of the segments, …")."""
    chunks = [chunk.strip() for chunk in head.split(",") if chunk.strip()]
    if len(chunks) < 2:
        return head.strip()
    if _APPOSITIVE.match(chunks[-1]):
        return chunks[0]
    return chunks[-1]


def _cjk_subject(clause: str, previous: Subject) -> Subject:
    """The subject of a clause written without spaces between words: the geography, global
    word or segment next to the last market noun, else the one named last in the clause."""
    markets = list(_MARKET_NOUN.finditer(clause))
    if markets:
        last = markets[-1]
        phrase_start = max(
            [clause.rfind(",", 0, last.start()) + 1]
            + [
                m.end()
                for m in re.finditer(
                    r"\b(?:is|are|was|were|by|with|from|than)\b", clause[: last.start()]
                )
            ]
        )
        after = re.match(r"\s*(?:in|of|for)\s+(?:the\s+)?([^,]{0,30})", clause[last.end() :])
        phrase = clause[phrase_start : last.end()]
        geography = _geography(phrase) or (_geography(after.group(1)) if after else None)
        if geography:
            return Subject("geography", geography)
        if _GLOBAL_RE.search(phrase):
            return MARKET
        segment = _SEGMENT.search(phrase)
        if segment and segment.group(1).strip():
            return Subject("segment", _segment_name(segment.group(1)))
        if _CJK.search(last.group(0)):
            return previous
        return MARKET
    segment = list(_SEGMENT.finditer(clause))
    geography = _geography(clause)
    if segment and segment[-1].group(1).strip():
        return Subject("segment", _segment_name(segment[-1].group(1)))
    if geography:
        return Subject("geography", geography)
    if _GLOBAL_RE.search(clause):
        return MARKET
    return previous


def report_geography(titles: Iterable[str]) -> Subject | None:
    """The geography a report's title or headline names for its market ("U.S. Labels
    Market" → united states), or None for a global report."""
    for title in titles:
        text = readable_text(title)
        market = _MARKET_NOUN.search(text)
        if market is None:
            continue
        phrase = text[: market.end()]
        phrase = re.split(r"[,:;，：]|\s[–—-]\s", phrase)[-1]
        if _GLOBAL_RE.search(phrase):
            return None
        if name := _geography(phrase):
            return Subject("geography", name)
    return None


def _named(text: str) -> bool:
    """Whether ``text`` names a subject of its own (a geography, "global", a segment)."""
    return bool(_GEOGRAPHY.search(text) or _GLOBAL_RE.search(text) or _SEGMENT.search(text))


def _segment_name(words: str) -> str:
    words = re.sub(r"^(?:the|a|an|its|this|that)\s+", "", words.strip(), flags=re.I)
    return " ".join(words.lower().split()) or "segment"


def _year_for(sentence: str, quantity: Quantity, others: list[Quantity]) -> int | None:
    """The year a number is for: the nearest year after it ("in 2023", "by the end of
    2035") before the next number, else the nearest before it since the previous number
    ("In 2023, … USD 5 billion"). Chinese, Japanese and Korean put the year first
    ("2023年の…25億円"), so there the year before is looked for first."""
    nxt = min((q.start for q in others if q.start >= quantity.end), default=len(sentence))
    prv = max((q.end for q in others if q.end <= quantity.start), default=0)
    before = _year_before(sentence[prv : quantity.start])
    if _CJK.search(sentence):
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


_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


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
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()


def _next_years(text: str) -> int | None:
    match = _NEXT_YEARS.search(text)
    if match is None:
        return None
    n = match.group("n").lower()
    return int(n) if n.isdigit() else _NUMBER_WORDS.index(n)


def _rate_period(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """The period a growth rate states: a year range inside its words ("CAGR (2024-2030)
    7.8%") or just after them ("7.8% from 2024 to 2030"), not one elsewhere in the
    sentence ("Study Period 2020-2032 CAGR 3.2%")."""
    for match in _YEAR_RANGE.finditer(sentence):
        a, b = int(match.group("a")), int(match.group("b"))
        inside = start <= match.start() and match.end() <= end
        after = end <= match.start() <= end + 60
        if (inside or after) and a < b <= a + 30:
            return a, b
    return None


def _period_in(sentence: str) -> tuple[int, int] | None:
    for match in _YEAR_RANGE.finditer(sentence):
        a, b = int(match.group("a")), int(match.group("b"))
        if a < b <= a + 30:
            return a, b
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
        first_clause = re.split(_CLAUSE_BREAK, opening)[0]
        sentence_subject = (
            subject_of(first_clause, previous)
            if _named(first_clause)
            else subject_of(opening, previous)
            if _named(opening)
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
        if _GROWTH_WORDS.search(sentence) and not _DECLINE_WORDS.search(sentence):
            out.growth_claims.append((sentence_subject or previous, where, sentence))
    return out


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
        cagr_before = list(_CAGR_CUE.finditer(window_before))
        share_before = list(_SHARE_CUE.finditer(window_before))
        last_cagr = cagr_before[-1].end() if cagr_before else -1
        last_share = share_before[-1].end() if share_before else -1
        trailing = re.sub(r"^[\s()]*(?:的|の|의)?", "", window_after)
        after_cagr = _CAGR_CUE.match(trailing) is not None
        after_share = re.match(
            r"\s*(?:share|of\s+the|of\s+total|시장\s*점유율|のシェア)", window_after, re.I
        )
        if (after_cagr or last_cagr > last_share) and not after_share:
            cue_start = (
                cagr_before[-1].start() + max(0, quantity.start - 70)
                if cagr_before and not after_cagr
                else quantity.start
            )
            period = _rate_period(sentence, cue_start, quantity.end)
            forecast_ref = bool(re.search(r"forecast|予測|预测|예측|전망", sentence, re.I))
            historic = bool(_HISTORIC_CUE.search(sentence))
            cue = cagr_before[-1] if cagr_before and not after_cagr else None
            if cue:
                quote = sentence[cue.start() + max(0, quantity.start - 70) : quantity.end]
            else:
                cue_end = quantity.end + len(window_after) - len(trailing)
                quote = sentence[quantity.start : cue_end] + _CAGR_CUE.match(trailing).group(0)
            if quantity.low >= 0 and (
                _DECLINE_BEFORE.search(window_before) or _DECLINE_AFTER.match(window_after)
            ):
                quantity = replace(
                    quantity, low=-quantity.high, high=-quantity.low,
                    value=-quantity.value if quantity.value is not None else None,
                )  # fmt: skip
            return Statement(
                "rate", subject, quantity, quote=quote.strip(), period=period,
                in_forecast_period=forecast_ref, historic=historic and not forecast_ref,
                volume_basis=len(_VOLUME.findall(sentence)) >= 2,
                next_years=_next_years(sentence[quantity.end : quantity.end + 60]), **common,
            )  # fmt: skip
        if after_share or last_share >= 0:
            since = max((q.end for q in others if q.end <= quantity.start), default=0)
            named = _geography(sentence[since : quantity.start])
            share_subject = (
                Subject("geography", named)
                if named
                else subject_of(sentence[since : quantity.start], subject)
            )
            year = _year_for(sentence, quantity, others)
            return Statement(
                "share", share_subject, quantity, quote=quantity.written, year=year, **common
            )
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
    if year is None and _AT_FORECAST_END.match(sentence[quantity.end :]):
        return Statement(
            "size", subject, quantity, quote=quantity.written, at_forecast_end=True,
            is_assumption=bool(_ASSUMPTION.search(sentence[: quantity.end + 40])), **common,
        )  # fmt: skip
    if year is None:
        out.unread.append(
            Unread(where, quantity.written, sentence, "no year is stated for this amount")
        )
        return None
    since = max((q.end for q in others if q.end <= quantity.start), default=0)
    assumption = bool(_ASSUMPTION.search(sentence[since : quantity.end + 40]))
    if _COMPONENT_AFTER.match(sentence[quantity.end :]):
        subject = Subject("segment", "a part named before")
    return Statement(
        "size", subject, quantity, quote=quantity.written, year=year,
        is_assumption=assumption, **common,
    )  # fmt: skip
