"""Who a number in report text is about: the whole market, a geography or a segment.

Subjects are read from the words before the number, as an analyst reads them: a geography
named there ("North America", "the U.S. … market", "北米") is that geography; "segment"
names a segment, as does a clause's own head ("Cigarettes are projected to…", "Revenue
from premium apps"); "the global … market" or "the … market" is the whole market; words
that only point back ("it", "the business", "sales") keep the previous sentence's subject.
A report whose title names a geography's market is about that geography
(``report_geography``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.utils.html import strip_tags

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
    "아시아·태평양": "asia pacific", "アジア・太平洋": "asia pacific", "亚洲太平洋": "asia pacific",
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
_CJK_SEGMENT = re.compile(
    r"([\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{1,12})\s?"
    r"(?:领域|領域|细分市场|細分市場|部门|部門|セグメント|分野|부문|분야|세그먼트)"
)
"""A segment named in Chinese, Japanese or Korean ("模块化电子烟领域", "診断薬分野")."""

CAGR_CUE = re.compile(
    r"CAGR|compound(?:ed)?\s+annual(?:\s+growth)?(?:\s+rate)?|annual(?:ized)?\s+growth\s+rate|"
    r"年平均成長率|年平均成长率|年複合成長率|年均复合增长率|年复合增长率|复合年增长率|复合增长率|"
    r"年均增长率|年平均増加率|年平均增長率|複合年增長率|年複合增長率|復合年增長率|年平均増加|"
    r"成長率\s*[(（]\s*CAGR\s*[)）]|成长率\s*[(（]\s*CAGR\s*[)）]|"
    r"毎年平均|平均每年|每年平均|年平均|年均|年速|연평균\s?성장률|연평균|연간\s?성장률",
    re.IGNORECASE,
)

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


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


_BLOCK_TAGS = re.compile(
    r"</?(?:p|div|li|h[1-6]|br|tr|td|th|ul|ol|table|section|article)\b[^>]*>", re.I
)


def readable_text(value: str) -> str:
    """Text as a reader sees it, one block per line: tags removed, entities decoded."""
    text = html.unescape(strip_tags(_BLOCK_TAGS.sub("\n", value or "")))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def geography_named(text: str) -> str | None:
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
    re.MULTILINE,
)
_REPORTING = re.compile(
    r"^.*?(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbe\s)(?<!\bbeen\s)"
    r"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\bnew\s)(?<!\bits\s)(?<!\btheir\s)"
    r"\b(?:expects?|predicts?|estimates?|says?|said|forecasts?|projects?|believes?|"
    r"notes?|noted|reports?|reported|finds|found|reveals?|revealed|shows?|showed|indicates?|"
    r"indicated|states?|stated|(?:stating|saying|showing|suggesting|indicating|noting|"
    r"predicting|projecting|estimating|forecasting)(?=\s+that))\s+(?:that\s+)?",
    re.MULTILINE,
)
_LEADING_ADVERBIAL = re.compile(
    r"^\s*(?:(?:in|by|for|during|over|from|between|through|since|as\s+of|amid|according\s+to|"
    r"regionally|globally|overall|meanwhile|however|moreover|additionally|furthermore|"
    r"similarly|in\s+contrast|in\s+addition|by\s+\w+(?:\s+\w+)?)\b[^,]{0,60},\s*)+",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(
    r"^(?:(?:in|by|for|from|to|at|during|over|through|until|till|since|as\s+of|around|about)"
    r"\s+(?:the\s+)?(?:end\s+of\s+)?(?:(?:the\s+)?year\s+)?(?:FY\s?)?\d{4}(?!\d)|\d{4}(?!\d)|"
    r"(?:and|or|but|then|while|whereas|so|thus|also|which|that)\b)",
    re.IGNORECASE,
)
"""Words that continue a clause rather than name its subject ("in 2020 and", "by 2029")."""
_SUPERLATIVE = re.compile(
    r"^(?:dominant|largest|biggest|leading|top|fastest[- ]growing|second[- ]largest|major)\s+"
    r"(?:market|segment|region|country|application|type|product|category)\b",
    re.IGNORECASE,
)
""""The dominant market is X": a part of the whole, named after the verb."""
_POINTER_HEAD = re.compile(
    r"^(?:it|it's|it\s+is|this|that|these|they|the\s+(?:business|industry|sector|space|same|country|region|"
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


CLAUSE_BREAK = r"[;:；：，]|,\s+(?:while|whereas|with|and|but)\b"


def subject_of(prefix: str, previous: Subject) -> Subject:
    """The subject of a number from the words before it in its clause (see module doc).

    English: the clause's head, the words before its first verb ("Cigarettes are projected
    to…", "The U.S. market was…", "Futuresource expects the handset market will…"), is a
    geography, the whole market ("the global … market"), a segment ("the hospital segment",
    "Print classified advertising", "Revenue from premium apps"), or only points back
    ("it", "the industry", "sales"). Chinese, Japanese and Korean: see ``_cjk_subject``."""
    clause = re.split(CLAUSE_BREAK, prefix)[-1]
    if CJK.search(clause):
        return _cjk_subject(clause, previous)
    clause = _REPORTING.sub("", clause)
    verb = _VERB.search(clause)
    if verb is None:
        if names_subject(clause):
            return _cjk_subject(clause, previous)
        return previous
    head = _LEADING_ADVERBIAL.sub("", clause[: verb.start()]).strip(" ,")
    while (shorter := _CONTINUATION.sub("", head).strip(" ,")) != head:
        head = shorter
    head = _main_chunk(head).lstrip("•·*–—- ")
    if not head or all(word.lower() in _FUNCTION_WORDS for word in re.findall(r"[\w'-]+", head)):
        return previous
    if re.match(_PARTICIPLE, head) and not names_subject(head):
        return previous
    if CAGR_CUE.search(head):
        return previous
    if geography := geography_named(head):
        return Subject("geography", geography)
    if re.match(_PREPOSITION, head):
        return previous
    if _GLOBAL_RE.search(head):
        rest = _GLOBAL_RE.sub("", re.sub(r"^(?:the|a|an)\s+", "", head, flags=re.I)).strip()
        if _MARKET_NOUN.search(head) or not rest or _POINTER_HEAD.match(rest):
            return MARKET
        return Subject("segment", _segment_name(rest))
    words = re.sub(r"^(?:the|a|an|its|this|that)\s+", "", head, flags=re.IGNORECASE)
    if _SUPERLATIVE.match(words):
        return Subject("segment", _segment_name(words))
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
    word or segment next to the last market noun, else the one named last in the clause.
    Parentheses are read as blanks: "(제약·화장품, 의료서비스)" names no subject."""
    clause = re.sub(r"[(（][^()（）]*[)）]", lambda m: " " * len(m.group(0)), clause)
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
        if trailing := geography_named(clause[last.end() :]):
            return Subject("geography", trailing)
        phrase = clause[phrase_start : last.end()]
        places = list(_GEOGRAPHY.finditer(phrase))
        worlds = list(_GLOBAL_RE.finditer(phrase))
        if worlds and (not places or worlds[-1].end() > places[-1].end()):
            return MARKET
        geography = geography_named(phrase) or (geography_named(after.group(1)) if after else None)
        if geography:
            return Subject("geography", geography)
        segment = _SEGMENT.search(phrase)
        if segment and segment.group(1).strip():
            return Subject("segment", _segment_name(segment.group(1)))
        if CJK.search(last.group(0)):
            return previous
        return MARKET
    if cjk_segment := list(_CJK_SEGMENT.finditer(clause)):
        return Subject("segment", cjk_segment[-1].group(1))
    segment = list(_SEGMENT.finditer(clause))
    geography = geography_named(clause)
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
            tail = re.search(r"\s[-–—|:]\s*([^-–—|:]+)$", text)
            if tail and (name := geography_named(tail.group(1))) and len(tail.group(1)) < 40:
                return Subject("geography", name)
            continue
        phrase = text[: market.end()]
        phrase = re.split(r"[,:;，：]|\s[–—-]\s", phrase)[-1]
        if _GLOBAL_RE.search(phrase):
            return None
        if name := geography_named(phrase):
            return Subject("geography", name)
    return None


_MARKET_WORD = re.compile(r"\b(?:market|industry)\b", re.IGNORECASE)
_NAME_SKIP = frozenset("global worldwide world overall total entire whole international".split())
_NAME_STOP = frozenset(
    "the a an this that these its their our of in for to by from on at with and or is are was "
    "were will be said says which who where as than market markets industry".split()
)


def market_name(text: str) -> str | None:
    """The words an English clause names its market with, read back from the last "market"
    to the first word that is not part of a name ("the global AI chip market" → "ai chip";
    "the market" → ""), None when it names no market. Chinese, Japanese and Korean names
    run together with other words, so they are not read."""
    if CJK.search(text):
        return None
    text = re.sub(r"\([^)]*\)", " ", text)
    markets = list(_MARKET_WORD.finditer(text))
    if not markets:
        return None
    words = []
    for word in reversed(re.findall(r"[\w&'’.-]+|[^\w\s]", text[: markets[-1].start()])):
        lowered = word.lower().strip(".")
        if not re.match(r"[\w&]", lowered) or lowered in _NAME_STOP:
            break
        if lowered not in _NAME_SKIP:
            words.append(lowered[:-1] if len(lowered) > 3 and lowered.endswith("s") else lowered)
        if len(words) == 6:
            break
    return " ".join(reversed(words))


def narrower_market(name: str | None, own: str | None) -> bool:
    """Whether ``name`` is a narrower market than the report's ``own``: all of its words and
    more ("ai chip" within "ai", "enterprise ict" within "ict"). Different words for the
    same market ("ev battery", "electric vehicle battery") are not told apart."""
    if not name or not own:
        return False
    mine, theirs = set(name.split()), set(own.split())
    return theirs < mine


def names_subject(text: str) -> bool:
    """Whether ``text`` names a subject of its own (a geography, "global", a segment)."""
    return bool(_GEOGRAPHY.search(text) or _GLOBAL_RE.search(text) or _SEGMENT.search(text))


def _segment_name(words: str) -> str:
    words = re.sub(r"^(?:the|a|an|its|this|that)\s+", "", words.strip(), flags=re.I)
    return " ".join(words.lower().split()) or "segment"
