"""Reads a press release in the seed document's shape (HTML, or Markdown) into a draft
report document (``reports.transfer.document``).

What is read: the headline (``<h1>``) and from it the title ("… Market") and the forecast
period ("from 2024 to 2031"); the code and slug from the portal links (…/request-sample/CODE,
…/SLUG-rCODE); each bold heading and the paragraphs under it as a section, its kind guessed
from the heading; the key players from the "companies … include A, B and C" sentence and
their blurbs (paragraphs starting with a player's name); the segments of each "by types /
by application … segmented into:" list and the narrative after it; the regions and their
countries; the shares (written in the lists, "North America (40% of the market)", or in the
regional text, "Europe at 30%"); the market sizes ("$2.5 billion in 2020"). The CAGR
statements stay in the text, where the integrity checks compare them with the figures.

Country names are mapped to ISO 3166 with the demo catalogue's correction table
(``reports.demo.seed.COUNTRY_FIXES`` and ``COUNTRIES_LEFT_OUT``) and django_countries'
names; a name that still matches nothing is reported in ``notes`` and left out, never
guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import markdown
from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils.text import slugify
from django_countries import countries

from reports.demo import seed
from reports.integrity import TextItem, plain_text
from reports.integrity.consistency import reference_period, text_statements
from reports.integrity.statements import MARKET, TextStatements
from reports.models import SectionKind

from .press_release import MARKET_SIZE_HEADING, SEGMENTATION_HEADING

_ABBREVIATIONS = ("Ltd.", "Inc.", "Co.", "Corp.", "S.A.", "N.V.", "A.G.", "plc.", "L.P.")
_LINK_LABELS = re.compile(r"sample|inquire|enquir|purchase|buy this", re.IGNORECASE)
_SEGMENTED = re.compile(r"\bby\s+([A-Za-z][A-Za-z -]*?)\s+(?:is|are)\s+segmented", re.IGNORECASE)
_REGIONS_INTRO = re.compile(r"^in terms of region", re.IGNORECASE)
_SHARE_SUFFIX = re.compile(
    r"^(?P<name>.*?)\s*\((?P<share>\d{1,3}(?:\.\d+)?)%(?:\s+of\s+(?P<of>[^)]+))?\)\s*:?\s*$"
)
_BASE_YEAR = re.compile(r"\bbase\s+year\s*(?:of|:|is|was)?\s*((?:19|20)\d\d)\b", re.IGNORECASE)
_HISTORIC = re.compile(
    r"\bhistoric(?:al)?\s+(?:data|period|years?)\s*(?:of|:|from|for|covers?)?\s*"
    r"((?:19|20)\d\d)\s*(?:to|–|-|through)\s*((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_PERIODS_LINE = re.compile(
    r"Forecast period (\d{4})–(\d{4}), base year (\d{4}), historic data from (\d{4})"
)
_PLAYERS_SENTENCE = re.compile(
    r"(?:companies|players|vendors|manufacturers)[^.]{0,80}?\b(?:include|includes|are)\s+(.+)$",
    re.IGNORECASE | re.S,
)
_SAMPLE_LINK = re.compile(r"/enquiry/(?:request-sample|pre-order-enquiry)/(\d+)/?$")
_PURCHASE_LINK = re.compile(r"/purchase/(\d+)/?$")
_PAGE_LINK = re.compile(r"/([a-z0-9]+(?:-[a-z0-9]+)*)-r(\d+)/?$")


@dataclass
class ParsedRelease:
    document: dict
    notes: list[str] = field(default_factory=list)


@dataclass
class _Event:
    kind: str  # h1, strong, para, item, link
    text: str
    html: str = ""


def _events(soup: BeautifulSoup) -> list[_Event]:
    events: list[_Event] = []

    def own_text(tag: Tag) -> str:
        parts = []
        for child in tag.children:
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif child.name not in ("strong", "b", "a"):
                parts.append(child.get_text(" "))
        return " ".join("".join(parts).split())

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString) or not isinstance(child, Tag):
                continue
            name = child.name
            if name in ("h1", "h2"):
                events.append(_Event("h1", " ".join(child.get_text(" ").split())))
            elif name in ("strong", "b"):
                text = " ".join(child.get_text(" ").split())
                if text:
                    events.append(_Event("strong", text))
            elif name == "a":
                events.append(_Event("link", child.get("href", "")))
            elif name == "li":
                events.append(_Event("item", " ".join(child.get_text(" ").split())))
            elif name == "p":
                has_blocks = child.find(["p", "ul", "ol", "h1", "h2", "h3", "h4"]) is not None
                if not has_blocks and own_text(child).replace("\xa0", "").strip():
                    inner = child.decode_contents().strip()
                    events.append(_Event("para", plain_text(inner), inner))
                else:
                    walk(child)
            elif name in ("ul", "ol", "div", "article", "section", "body", "html", "main"):
                walk(child)
            elif name in ("h3", "h4"):
                events.append(_Event("strong", " ".join(child.get_text(" ").split())))

    walk(soup)
    return events


def _shortened(text: str, length: int) -> str:
    """``text`` cut at the last word that fits ``length`` characters (a title field)."""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(" ,;:–-")


def _classify(heading: str) -> str:
    lowered = heading.lower()
    for words, kind in (
        (("player", "competit", "compan"), SectionKind.COMPETITION),
        (("opportunit",), SectionKind.OPPORTUNITIES),
        (("driver", "restraint"), SectionKind.DRIVERS),
        (("region",), SectionKind.REGIONAL),
        (("segment",), SectionKind.SEGMENTATION),
        (("trend", "analysis", "overview"), SectionKind.OVERVIEW),
    ):
        if any(word in lowered for word in words):
            return kind
    return SectionKind.OTHER


def _split_names(text: str) -> list[str]:
    text = " ".join(text.split())
    if text.endswith(".") and not text.endswith(_ABBREVIATIONS):
        text = text[:-1]
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", text)
    return [part.strip() for part in parts if part.strip()]


def _dimension_slug(label: str) -> str:
    label = label.strip().lower()
    if label.endswith("ies"):
        label = label[:-3] + "y"
    elif label.endswith("s") and not label.endswith("ss"):
        label = label[:-1]
    return slugify(label)


def _share(text: str) -> tuple[str, Decimal | None, str | None]:
    match = _SHARE_SUFFIX.match(text)
    if not match:
        return text.rstrip(": ").strip(), None, None
    of = (match.group("of") or "").strip()
    return (
        match.group("name").strip(),
        Decimal(match.group("share")),
        None if not of or of.lower() in ("the market", "the whole market") else of,
    )


class _CountryResolver:
    """Country labels to ISO codes through the demo correction table; unknown → a note."""

    def __init__(self, notes: list[str]):
        self.notes = notes

    def code(self, label: str) -> str | None:
        if label in seed.COUNTRY_FIXES:
            code, why = seed.COUNTRY_FIXES[label]
            self.notes.append(f'"{label}" → {countries.name(code)} ({code}): {why}.')
            return code
        code = countries.by_name(label)
        if code:
            return code
        for candidate_code, name in countries:
            if name.lower() == label.lower():
                return candidate_code
        if label.upper() in countries and len(label) == 2:
            return label.upper()
        return None

    def resolve(self, region: str, labels: list[str]) -> list[str]:
        codes: list[str] = []
        index = 0
        while index < len(labels):
            label = labels[index]
            index += 1
            if (region, label) in seed.COUNTRIES_LEFT_OUT:
                why = seed.COUNTRIES_LEFT_OUT[(region, label)]
                self.notes.append(f'"{label}" under {region}: left out ({why}).')
                continue
            code = self.code(label)
            if code is None and index < len(labels):
                joined = countries.by_name(f"{label} {labels[index]}")
                if joined:
                    self.notes.append(
                        f'"{label}" + "{labels[index]}" → {countries.name(joined)} ({joined}): '
                        "one country printed as two."
                    )
                    index += 1
                    code = joined
            if code is None:
                self.notes.append(f'"{label}" under {region}: not a known country, left out.')
                continue
            if code not in codes:
                codes.append(code)
        return codes


def _place_shares(text: str, places: dict[str, tuple]) -> list[tuple[tuple, Decimal]]:
    """Shares stated in prose ("Europe at 30%"): each percentage goes to the last place named
    since the previous one. ``places`` maps a name (lower case, hyphens as spaces) to its key."""
    names = sorted(places, key=len, reverse=True)
    pattern = re.compile(
        "|".join(re.escape(name) for name in names) + r"|(\d{1,3}(?:\.\d+)?)\s*%", re.IGNORECASE
    )
    found, last = [], None
    for match in pattern.finditer(text.replace("-", " ")):
        if match.group(1) is not None:
            if last is not None:
                found.append((last, Decimal(match.group(1))))
                last = None
        else:
            last = places[match.group(0).lower()]
    return found


def parse_press_release(
    text: str, *, is_markdown: bool | None = None, language: str = "en"
) -> ParsedRelease:
    """Parse ``text`` (HTML, or Markdown when ``is_markdown`` or when it has no tags), its
    numbers read as ``language`` writes them."""
    if is_markdown is None:
        is_markdown = not re.search(r"<(?:p|h1|div|strong|ul)\b", text, re.IGNORECASE)
    if is_markdown:
        text = markdown.markdown(text)
    soup = BeautifulSoup(text, "html.parser")
    events = _events(soup)
    notes: list[str] = []

    headline = next((e.text for e in events if e.kind == "h1"), "")
    code = slug = None
    for event in events:
        if event.kind != "link":
            continue
        href = event.text.strip()
        if match := _SAMPLE_LINK.search(href) or _PURCHASE_LINK.search(href):
            code = code or int(match.group(1))
        elif match := _PAGE_LINK.search(href):
            slug, code = match.group(1), code or int(match.group(2))
    title_match = re.match(r"^(.*?\bMarket)\b", headline)
    title = _shortened(title_match.group(1) if title_match else headline, 200)

    sections: list[dict] = []
    dimensions: list[tuple[str, list[tuple[str, Decimal | None]], list[str]]] = []
    regions: list[tuple[str, Decimal | None, str | None, list[str]]] = []
    market_size: list[str] = []
    mode, current = "start", None
    for event in events:
        if event.kind in ("h1", "link"):
            continue
        if event.kind == "strong":
            text = event.text.rstrip()
            if _LINK_LABELS.search(text) and len(text) < 120:
                mode = "links"
                continue
            if text == MARKET_SIZE_HEADING:
                mode = "market-size"
                continue
            if text == SEGMENTATION_HEADING:
                mode = "segmentation"
                continue
            if match := _SEGMENTED.search(text):
                dimensions.append((_dimension_slug(match.group(1)), [], []))
                mode = "dimension"
                continue
            if _REGIONS_INTRO.match(text):
                mode = "regions"
                continue
            if mode in ("regions", "region") and text.endswith(":"):
                name, share, of = _share(text)
                regions.append((name, share, of, []))
                mode = "region"
                continue
            current = {"kind": _classify(text), "heading": text, "paragraphs": []}
            if mode in ("regions", "region"):
                current["kind"] = SectionKind.REGIONAL
            sections.append(current)
            mode = "section"
            continue
        if event.kind == "item":
            if mode == "dimension":
                dimensions[-1][1].append(_share(event.text)[:2])
            elif mode == "region":
                regions[-1][3].append(event.text)
            continue
        if mode == "market-size":
            market_size.append(event.text)
        elif mode == "dimension":
            dimensions[-1][2].append(event.html)
        elif mode in ("regions", "region"):
            current = {
                "kind": SectionKind.REGIONAL,
                "heading": f"{title} by Region",
                "paragraphs": [event.html],
            }
            sections.append(current)
            mode = "section"
        elif mode == "section" and current is not None:
            current["paragraphs"].append(event.html)
        elif mode == "links" and current is not None:
            current["paragraphs"].append(event.html)

    # Key players and their blurbs, out of the competition section's paragraphs.
    players: list[dict] = []
    for section in sections:
        if section["kind"] != SectionKind.COMPETITION:
            continue
        kept = []
        for paragraph in section["paragraphs"]:
            plain = plain_text(paragraph)
            if not players and (match := _PLAYERS_SENTENCE.search(plain)):
                names = _split_names(match.group(1))
                players = [{"company": {"name": name}, "blurb": ""} for name in names]
                if plain.startswith("The major companies profiled include"):
                    continue
            owner = next((p for p in players if plain.startswith(p["company"]["name"] + " ")), None)
            if owner is not None and not owner["blurb"]:
                owner["blurb"] = plain
                continue
            kept.append(paragraph)
        section["paragraphs"] = kept
        break

    # Segmentation: one section holding each dimension's narrative under "By …".
    segments: list[dict] = []
    narratives = "".join(
        f"<h3>By {slug_.replace('-', ' ')}</h3>" + "".join(f"<p>{p}</p>" for p in paragraphs)
        for slug_, _items, paragraphs in dimensions
        if paragraphs
    )
    for slug_, items, _paragraphs in dimensions:
        for name, share in items:
            segments.append(
                {
                    "dimension": {"slug": slug_},
                    "name": name,
                    "slug": slugify(name),
                    "share_percent": share,
                }
            )

    # Regions, countries and shares.
    resolver = _CountryResolver(notes)
    region_codes = [
        (name, share, of, resolver.resolve(name, [_share(label)[0] for label in labels]))
        for name, share, of, labels in regions
    ]
    places: dict[str, tuple] = {}

    def place(name: str, key: tuple) -> None:
        places.setdefault(name.lower().replace("-", " "), key)

    for name, *_ in region_codes:
        place(name, ("region", name))
    for _name, _s, _o, codes in region_codes:
        for code_ in codes:
            place(countries.name(code_), ("country", code_))
    for label, (code_, _why) in seed.COUNTRY_FIXES.items():
        place(label, ("country", code_))
    stated: dict[tuple, tuple[Decimal, str | None]] = {}
    for name, share, of, _codes in region_codes:
        if share is not None:
            stated[("region", name)] = (share, of)
    explicit = bool(stated)
    for labels_region in regions:
        for label in labels_region[3]:
            clean, share, of = _share(label)
            if share is not None:
                code_ = resolver.code(clean)
                if code_:
                    stated[("country", code_)] = (share, of)
                    explicit = True
    if not explicit:
        for section in sections:
            if section["kind"] != SectionKind.REGIONAL:
                continue
            for key, share in _place_shares(
                " ".join(plain_text(p) for p in section["paragraphs"]), places
            ):
                stated.setdefault(key, (share, None))
    for name, _stated_share, _of, codes in region_codes:
        region_slug = slugify(name)
        share = stated.get(("region", name))
        segments.append(
            {
                "dimension": {"slug": "region"},
                "name": name,
                "slug": region_slug,
                "share_percent": share[0] if share else None,
            }
        )
        for code_ in codes:
            share = stated.get(("country", code_))
            whole_market = share is not None and share[1] is None
            segments.append(
                {
                    "dimension": {"slug": "region"},
                    "name": countries.name(code_),
                    "slug": slugify(countries.name(code_)),
                    "country": code_,
                    "parent": region_slug,
                    "share_percent": share[0] if share else None,
                    "share_of": None
                    if whole_market
                    else {"dimension": "region", "slug": region_slug},
                }
            )
    for key in stated:
        if key[0] == "region" and key[1] not in [r[0] for r in region_codes]:
            notes.append(f'A share is stated for "{key[1]}", which is not listed as a region.')
    for segment in segments:
        if segment.get("share_percent") is not None:
            segment["share_percent"] = f"{segment['share_percent'].normalize():f}"

    # Market sizes and periods, read by the one number reader from everything the release
    # says; what it does not say stays empty (a finding tells staff what to fill in).
    stated = text_statements(
        [
            TextItem("Headline", headline),
            *(TextItem(MARKET_SIZE_HEADING, paragraph) for paragraph in market_size),
            *(
                TextItem(
                    f'Section "{s["heading"]}"', "".join(f"<p>{p}</p>" for p in s["paragraphs"])
                )
                for s in sections
            ),
        ],
        language=language,
    )
    figures, currency, unit = _whole_market_figures(stated, notes)
    for unread in stated.unread:
        notes.append(f'Not understood: "{unread.quote}" ({unread.why}) in "{unread.sentence}"')
    periods = _stated_periods(" ".join([headline, *market_size]), stated, sections)

    document = {
        "code": code,
        "slug": slug or slugify(title.removesuffix(" Market")),
        "title": title,
        "headline": headline[:400],
        "status": "draft",
        "periods": periods,
        "currency": currency,
        "unit": unit,
        "language": language,
        "sections": [
            {
                "kind": s["kind"],
                "heading": s["heading"],
                "body": "".join(f"<p>{p}</p>" for p in s["paragraphs"]),
            }
            for s in sections
            if s["paragraphs"]
        ],
        "figures": figures,
        "players": players,
        "segments": segments,
    }
    if narratives:
        segmentation = {
            "kind": SectionKind.SEGMENTATION,
            "heading": SEGMENTATION_HEADING,
            "body": narratives,
        }
        index = next(
            (i for i, s in enumerate(document["sections"]) if s["kind"] == SectionKind.REGIONAL),
            len(document["sections"]),
        )
        document["sections"].insert(index, segmentation)
    if code is None:
        notes.append("No report code found in the links (…/request-sample/CODE).")
    return ParsedRelease(document=document, notes=list(dict.fromkeys(notes)))


_UNITS = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}


def _whole_market_figures(stated: TextStatements, notes: list[str]) -> tuple[list[dict], str, str]:
    """The whole market's sizes the text states as one value for one year, in one currency
    and the largest unit that holds every value exactly: (figures, currency, unit). The
    first value stated for a year is kept; a second that disagrees is an integrity finding,
    a range or an "over"/"nearly" bound is not stored."""
    sizes = [
        s for s in stated.statements
        if s.kind == "size" and s.subject == MARKET and s.quantity.is_exact_value
        and s.quantity.currency
    ]  # fmt: skip
    if not sizes:
        return [], "USD", "billion"
    currencies = Counter(s.quantity.currency for s in sizes)
    currency = currencies.most_common(1)[0][0]
    by_year: dict[int, object] = {}
    for size in sizes:
        if size.quantity.currency != currency:
            notes.append(
                f'Not stored: "{size.quote}" is in {size.quantity.currency}, the other figures '
                f"in {currency}."
            )
            continue
        by_year.setdefault(size.year, size)
    exponent = max(3, min(12, min(s.quantity.scale for s in by_year.values()) // 3 * 3))
    while exponent > 0 and any(
        (s.quantity.value.scaleb(-exponent)).as_tuple().exponent < -4 for s in by_year.values()
    ):
        exponent -= 3
    exponent = max(exponent, 3)
    figures = []
    for year, size in sorted(by_year.items()):
        value = size.quantity.value.scaleb(-exponent).normalize()
        if value.as_tuple().exponent < -4 or value >= 10**14:
            notes.append(
                f'Not stored: "{size.quote}" ({year}) does not fit the figures\' unit, '
                f"{_UNITS.get(exponent)}; enter it by hand."
            )
            continue
        step = size.quantity.step.scaleb(-exponent).normalize()
        figure = {"year": year, "value": f"{value:f}", "is_estimate": size.is_assumption}
        if step.as_tuple().exponent >= -4:
            figure["precision"] = f"{step:f}"
        figures.append(figure)
    return figures, currency, _UNITS.get(exponent, "billion")


def _stated_periods(text: str, stated: TextStatements, sections: list[dict]) -> dict:
    """The periods the release states; a year it does not state is left out."""
    if match := _PERIODS_LINE.search(text):
        forecast_start, forecast_end, base, historic = (int(g) for g in match.groups())
        return {
            "historic_start_year": historic,
            "base_year": base,
            "forecast_start_year": forecast_start,
            "forecast_end_year": forecast_end,
        }
    periods: dict[str, int] = {}
    stated_periods = [p for p in stated.periods if p.source in ("headline", "forecast")]
    if forecast := reference_period(stated_periods, None):
        periods["forecast_start_year"], periods["forecast_end_year"] = forecast[:2]
    everything = " ".join([text, *(plain_text(p) for s in sections for p in s["paragraphs"])])
    if match := _BASE_YEAR.search(everything):
        periods["base_year"] = int(match.group(1))
    if match := _HISTORIC.search(everything):
        periods["historic_start_year"] = int(match.group(1))
        periods.setdefault("base_year", int(match.group(2)))
    return periods


def read_press_release_file(path: str) -> ParsedRelease:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    is_markdown = path.lower().endswith((".md", ".markdown")) or None
    return parse_press_release(text, is_markdown=is_markdown)
