"""A report as one plain JSON document: what the export writes, the import and the staff API
read, and the press-release parser produces.

Shape (every key optional unless marked *)::

    {"code"*, "slug"*, "title"*, "headline", "summary", "status", "featured", "published_at",
     "category"*: {"slug"*, "name", "description", "parent": <category or null>},
     "periods"*: {"historic_start_year"*, "base_year"*, "forecast_start_year"*,
                  "forecast_end_year"*},
     "page_count", "currency", "unit",
     "sections": [{"kind", "heading"*, "body"}], "toc": [{"level", "title"*}],
     "faqs": [{"question"*, "answer"}],
     "figures": [{"year"*, "value"*, "kind", "segment": <segment ref or null>}],
     "players": [{"company"*: {"slug"*, "name", "website", "headquarters", "description"},
                  "blurb", "market_share"}],
     "segments": [{"dimension"*: {"slug"*, "name", "position", "is_geographic"},
                   "slug"*, "name", "country", "description", "parent": <slug or null>,
                   "share_percent", "share_of": <segment ref or null>, "value", "value_year",
                   "narrative"}],
     "licences": [{"tier"*, "price"*, "currency", "seats", "description"}] or null}

A segment ref is ``{"dimension": slug, "slug": slug}``. Decimals travel as strings so no
precision is lost; ``licences`` null means the defaults from settings.

``document_validate`` turns raw data into a ``ReportDocument`` or raises ``DocumentInvalid``
whose ``errors`` map a field path ("sections.2.heading") to its messages. It is plain Python
rather than a DRF serializer because the bulk import validates ten thousand documents a minute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django_countries import countries

from reports.integrity import (
    FigureItem,
    Periods,
    ReportContent,
    ShareLink,
    TextItem,
)
from reports.models import FigureKind, FigureUnit, LicenceTier, ReportStatus, SectionKind

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
MAX_CODE = 2**31 - 1


class DocumentInvalid(ValueError):
    """``errors``: field path → list of messages, ``"non_field_errors"`` for the whole."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


@dataclass(frozen=True)
class CategoryDoc:
    slug: str
    name: str
    description: str = ""
    parent: CategoryDoc | None = None
    position: int | None = None


@dataclass(frozen=True)
class CompanyDoc:
    slug: str
    name: str
    website: str = ""
    headquarters: str = ""
    description: str = ""


@dataclass(frozen=True)
class DimensionDoc:
    """``name``, ``position`` or ``is_geographic`` None: keep the catalogue's (or default)."""

    slug: str
    name: str | None = None
    position: int | None = None
    is_geographic: bool | None = None


@dataclass(frozen=True)
class SegmentDoc:
    dimension: DimensionDoc
    slug: str
    name: str
    country: str = ""
    description: str = ""
    parent: str | None = None
    share_percent: Decimal | None = None
    share_of: tuple[str, str] | None = None
    value: Decimal | None = None
    value_year: int | None = None
    narrative: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.dimension.slug, self.slug)


@dataclass(frozen=True)
class FigureDoc:
    year: int
    value: Decimal
    kind: str
    segment: tuple[str, str] | None = None


@dataclass(frozen=True)
class PlayerDoc:
    company: CompanyDoc
    blurb: str = ""
    market_share: Decimal | None = None


@dataclass(frozen=True)
class LicenceDoc:
    tier: str
    price: Decimal
    currency: str
    seats: int = 1
    description: str = ""


@dataclass
class ReportDocument:
    code: int
    slug: str
    title: str
    category: CategoryDoc
    historic_start_year: int
    base_year: int
    forecast_start_year: int
    forecast_end_year: int
    headline: str = ""
    summary: str = ""
    status: str = ReportStatus.DRAFT
    featured: bool = False
    published_at: datetime | None = None
    page_count: int | None = None
    currency: str = "USD"
    unit: str = FigureUnit.BILLION
    sections: list[dict] = field(default_factory=list)
    toc: list[dict] = field(default_factory=list)
    faqs: list[dict] = field(default_factory=list)
    figures: list[FigureDoc] = field(default_factory=list)
    players: list[PlayerDoc] = field(default_factory=list)
    segments: list[SegmentDoc] = field(default_factory=list)
    licences: list[LicenceDoc] | None = None

    def content(self) -> ReportContent:
        """The integrity snapshot (``reports.integrity``) of this document, unsaved."""
        texts = [
            TextItem("Title", self.title),
            TextItem("Headline", self.headline),
            TextItem("Summary", self.summary),
        ]
        for section in self.sections:
            texts.append(
                TextItem(
                    f'Section "{section["heading"]}"', f"{section['heading']}\n{section['body']}"
                )
            )
        for entry in self.toc:
            texts.append(TextItem(f'Table of contents entry "{entry["title"]}"', entry["title"]))
        for faq in self.faqs:
            texts.append(
                TextItem(f'FAQ "{faq["question"]}"', f"{faq['question']}\n{faq['answer']}")
            )
        for player in self.players:
            texts.append(TextItem(f'Key player "{player.company.name}"', player.blurb))
        names = {segment.key: segment.name for segment in self.segments}
        for segment in self.segments:
            if segment.narrative:
                texts.append(TextItem(f'Segment "{segment.name}"', segment.narrative))
        return ReportContent(
            periods=Periods(
                historic_start_year=self.historic_start_year,
                base_year=self.base_year,
                forecast_start_year=self.forecast_start_year,
                forecast_end_year=self.forecast_end_year,
            ),
            texts=tuple(item for item in texts if item.text),
            figures=tuple(
                FigureItem(
                    year=f.year,
                    value=f.value,
                    segment=f.segment,
                    segment_name=names.get(f.segment, f.segment[1]) if f.segment else "",
                )
                for f in self.figures
            ),
            shares=tuple(
                ShareLink(
                    dimension=segment.dimension.name or segment.dimension.slug,
                    segment=segment.key,
                    segment_name=segment.name,
                    parent=(segment.dimension.slug, segment.parent) if segment.parent else None,
                    share_of=segment.share_of,
                    share_of_name=names.get(segment.share_of, segment.share_of[1])
                    if segment.share_of
                    else "",
                    share_percent=segment.share_percent,
                )
                for segment in self.segments
            ),
        )


def decimal_text(value: Decimal | None) -> str | None:
    """``Decimal("2.5000")`` → ``"2.5"``; never an exponent."""
    if value is None:
        return None
    text = f"{value.normalize():f}"
    return text


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path or "non_field_errors", []).append(message)


_MISSING = object()


class _Reader:
    """Typed field reads that record an error and return None instead of raising."""

    def __init__(self, errors: _Errors):
        self.e = errors

    def obj(self, data: Any, path: str) -> dict | None:
        if not isinstance(data, dict):
            self.e.add(path, "Expected an object.")
            return None
        return data

    def get(self, data: dict, key: str, path: str, *, required: bool):
        value = data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.e.add(_join(path, key), "This field is required.")
            return None
        return value

    def text(self, data, key, path, *, required=False, max_length=None, default="") -> str:
        value = self.get(data, key, path, required=required)
        if value is None:
            return None if required else default
        if not isinstance(value, str):
            self.e.add(_join(path, key), "Expected a string.")
            return None
        if required and not value.strip():
            self.e.add(_join(path, key), "This field may not be blank.")
            return None
        if max_length and len(value) > max_length:
            self.e.add(
                _join(path, key), f"Ensure this field has no more than {max_length} characters."
            )
            return None
        if "\x00" in value:
            self.e.add(_join(path, key), "Null characters are not allowed.")
            return None
        return value

    def slug(self, data, key, path, *, required=True, max_length=200) -> str | None:
        value = self.text(data, key, path, required=required, max_length=max_length)
        if value and not SLUG_RE.match(value):
            self.e.add(_join(path, key), "Enter a valid slug: letters, numbers, - and _.")
            return None
        return value or None

    def integer(self, data, key, path, *, required=False, low=None, high=None) -> int | None:
        value = self.get(data, key, path, required=required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value.strip())
            else:
                self.e.add(_join(path, key), "A valid integer is required.")
                return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.e.add(_join(path, key), f"Must be between {low} and {high}.")
            return None
        return value

    def decimal(self, data, key, path, *, required=False, low=None, high=None, places=4):
        value = self.get(data, key, path, required=required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.e.add(_join(path, key), "A valid number is required.")
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.e.add(_join(path, key), "A valid number is required.")
            return None
        if not number.is_finite():
            self.e.add(_join(path, key), "A valid number is required.")
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.e.add(_join(path, key), f"Must be between {low} and {high}.")
            return None
        if number.as_tuple().exponent < -places:
            self.e.add(_join(path, key), f"Ensure there are no more than {places} decimal places.")
            return None
        if abs(number) >= Decimal(10) ** 14:
            self.e.add(_join(path, key), "Number too large.")
            return None
        return number

    def boolean(self, data, key, path, default=False) -> bool:
        value = data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.e.add(_join(path, key), "Must be a boolean.")
            return default
        return value

    def choice(self, data, key, path, choices, *, required=False, default=None):
        value = self.get(data, key, path, required=required)
        if value is None:
            return default
        if value not in choices:
            self.e.add(_join(path, key), f'"{value}" is not a valid choice ({", ".join(choices)}).')
            return default
        return value

    def items(self, data, key, path) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.e.add(_join(path, key), "Expected a list.")
            return []
        return value


def _join(path: str, key: str | int) -> str:
    return f"{path}.{key}" if path else str(key)


def _category(r: _Reader, data, path: str, depth: int = 0) -> CategoryDoc | None:
    if isinstance(data, str):
        data = {"slug": data}
    data = r.obj(data, path)
    if data is None:
        return None
    slug = r.slug(data, "slug", path, max_length=120)
    name = r.text(data, "name", path, max_length=120) or ""
    parent = None
    if data.get("parent") is not None:
        if depth >= 5:
            r.e.add(_join(path, "parent"), "Categories nest at most five levels.")
        else:
            parent = _category(r, data["parent"], _join(path, "parent"), depth + 1)
    if slug is None:
        return None
    return CategoryDoc(
        slug=slug,
        name=name or slug.replace("-", " ").title(),
        description=r.text(data, "description", path) or "",
        parent=parent,
        position=r.integer(data, "position", path, low=0, high=32767),
    )


def _segment_ref(r: _Reader, data, path: str) -> tuple[str, str] | None:
    if data is None:
        return None
    data = r.obj(data, path)
    if data is None:
        return None
    dimension = r.slug(data, "dimension", path, max_length=80)
    slug = r.slug(data, "slug", path, max_length=120)
    return (dimension, slug) if dimension and slug else None


def document_validate(data: Any) -> ReportDocument:
    """Validate raw data (parsed JSON) into a ``ReportDocument``; raises ``DocumentInvalid``.

    Checks types, lengths, choices and references inside the document (a figure's or a
    share's segment must be one the document lists). Integrity findings (placeholders, shares
    over 100 %) are not checked here: ``ReportDocument.content`` feeds ``find_issues``.
    """
    e = _Errors()
    r = _Reader(e)
    if r.obj(data, "") is None:
        raise DocumentInvalid(e.errors)
    code = r.integer(data, "code", "", required=True, low=1, high=MAX_CODE)
    title = r.text(data, "title", "", required=True, max_length=200)
    slug = r.slug(data, "slug", "", required=False, max_length=200)
    if slug is None and title and "slug" not in e.errors:
        slug = slugify(title)[:200] or None
        if slug is None:
            e.add("slug", "This field is required.")
    category = None
    if data.get("category") is None:
        e.add("category", "This field is required.")
    else:
        category = _category(r, data["category"], "category")
    periods_data = r.obj(data.get("periods", {}), "periods") or {}
    years = {
        key: r.integer(periods_data, key, "periods", required=True, low=1900, high=2200)
        for key in ("historic_start_year", "base_year", "forecast_start_year", "forecast_end_year")
    }
    if None not in years.values():
        if years["historic_start_year"] > years["base_year"]:
            e.add("periods.historic_start_year", "Must not be after the base year.")
        if years["base_year"] > years["forecast_start_year"]:
            e.add("periods.base_year", "Must not be after the forecast start year.")
        if (
            not years["forecast_start_year"]
            < years["forecast_end_year"]
            <= years["forecast_start_year"] + 50
        ):
            e.add(
                "periods.forecast_end_year",
                "Must be after the forecast start year, at most 50 years later.",
            )
    currency = r.text(data, "currency", "", default="USD") or "USD"
    if not re.fullmatch(r"[A-Z]{3}", currency):
        e.add("currency", "Enter an ISO 4217 code such as USD.")
    published_at = None
    if data.get("published_at"):
        raw = data["published_at"]
        published_at = parse_datetime(raw) if isinstance(raw, str) else None
        if published_at is None:
            e.add("published_at", "Enter an ISO 8601 date and time.")

    sections = []
    for i, item in enumerate(r.items(data, "sections", "")):
        p = f"sections.{i}"
        if r.obj(item, p) is None:
            continue
        sections.append(
            {
                "kind": r.choice(item, "kind", p, SectionKind.values, default=SectionKind.OTHER),
                "heading": r.text(item, "heading", p, required=True, max_length=200),
                "body": r.text(item, "body", p) or "",
            }
        )
    toc = []
    for i, item in enumerate(r.items(data, "toc", "")):
        p = f"toc.{i}"
        if r.obj(item, p) is None:
            continue
        toc.append(
            {
                "level": r.integer(item, "level", p, low=1, high=3) or 1,
                "title": r.text(item, "title", p, required=True, max_length=300),
            }
        )
    faqs = []
    for i, item in enumerate(r.items(data, "faqs", "")):
        p = f"faqs.{i}"
        if r.obj(item, p) is None:
            continue
        faqs.append(
            {
                "question": r.text(item, "question", p, required=True, max_length=300),
                "answer": r.text(item, "answer", p) or "",
            }
        )

    dimensions: dict[str, DimensionDoc] = {}
    segments: list[SegmentDoc] = []
    for i, item in enumerate(r.items(data, "segments", "")):
        p = f"segments.{i}"
        if r.obj(item, p) is None:
            continue
        dimension = None
        dim_data = item.get("dimension")
        if isinstance(dim_data, str):
            dim_data = {"slug": dim_data}
        if dim_data is None:
            e.add(_join(p, "dimension"), "This field is required.")
        elif r.obj(dim_data, _join(p, "dimension")) is not None:
            dp = _join(p, "dimension")
            dslug = r.slug(dim_data, "slug", dp, max_length=80)
            if dslug:
                dimension = dimensions.get(dslug) or DimensionDoc(
                    slug=dslug,
                    name=r.text(dim_data, "name", dp, max_length=80) or None,
                    position=r.integer(dim_data, "position", dp, low=0, high=32767),
                    is_geographic=r.boolean(dim_data, "is_geographic", dp, default=None),
                )
                dimensions[dslug] = dimension
        seg_slug = r.slug(item, "slug", p, required=False, max_length=120)
        name = r.text(item, "name", p, max_length=120) or ""
        country = r.text(item, "country", p) or ""
        if country and country not in countries:
            e.add(_join(p, "country"), f'"{country}" is not an ISO 3166 country code.')
            country = ""
        if not name and country:
            name = countries.name(country)
        if seg_slug is None and name:
            seg_slug = slugify(name)[:120] or None
        if seg_slug is None and not e.errors.get(_join(p, "slug")):
            e.add(_join(p, "slug"), "This field is required.")
        if country and dimension and dimension.is_geographic is False:
            e.add(_join(p, "country"), "Only segments of a geographic dimension can be countries.")
        value = r.decimal(item, "value", p, low=0)
        value_year = r.integer(item, "value_year", p, low=1900, high=2200)
        if value is not None and value_year is None:
            e.add(_join(p, "value_year"), "Give the year of the value.")
        parent = item.get("parent")
        if parent is not None and (not isinstance(parent, str) or not SLUG_RE.match(parent)):
            e.add(_join(p, "parent"), "Expected the slug of a segment in the same dimension.")
            parent = None
        if dimension is None or seg_slug is None:
            continue
        segments.append(
            SegmentDoc(
                dimension=dimension,
                slug=seg_slug,
                name=name or seg_slug.replace("-", " ").title(),
                country=country,
                description=r.text(item, "description", p) or "",
                parent=parent,
                share_percent=r.decimal(item, "share_percent", p, low=0, high=100, places=2),
                share_of=_segment_ref(r, item.get("share_of"), _join(p, "share_of")),
                value=value,
                value_year=value_year,
                narrative=r.text(item, "narrative", p) or "",
            )
        )
    listed = {segment.key for segment in segments}
    seen = set()
    for i, segment in enumerate(segments):
        if segment.key in seen:
            e.add(f"segments.{i}", f'Segment "{segment.slug}" is listed twice.')
        seen.add(segment.key)
        if segment.parent == segment.slug:
            e.add(f"segments.{i}.parent", "A segment cannot be its own parent.")
        if segment.share_of is not None and segment.share_of not in listed:
            e.add(
                f"segments.{i}.share_of",
                f'Segment "{segment.share_of[1]}" is not among the report\'s segments.',
            )

    figures = []
    for i, item in enumerate(r.items(data, "figures", "")):
        p = f"figures.{i}"
        if r.obj(item, p) is None:
            continue
        year = r.integer(item, "year", p, required=True, low=1900, high=2200)
        value = r.decimal(item, "value", p, required=True, low=0)
        ref = _segment_ref(r, item.get("segment"), _join(p, "segment"))
        if ref is not None and ref not in listed:
            e.add(_join(p, "segment"), f'Segment "{ref[1]}" is not among the report\'s segments.')
        kind = r.choice(item, "kind", p, FigureKind.values)
        if year is None or value is None:
            continue
        if kind is None:
            base = years.get("base_year")
            kind = FigureKind.HISTORIC if base and year <= base else FigureKind.FORECAST
        figures.append(FigureDoc(year=year, value=value, kind=kind, segment=ref))

    players = []
    companies_seen = set()
    for i, item in enumerate(r.items(data, "players", "")):
        p = f"players.{i}"
        if r.obj(item, p) is None:
            continue
        company_data = item.get("company")
        if isinstance(company_data, str):
            company_data = {"name": company_data}
        cp = _join(p, "company")
        if company_data is None:
            e.add(cp, "This field is required.")
            continue
        if r.obj(company_data, cp) is None:
            continue
        cname = r.text(company_data, "name", cp, max_length=200) or ""
        cslug = r.slug(company_data, "slug", cp, required=False) or (slugify(cname)[:200] or None)
        if cslug is None:
            e.add(_join(cp, "slug"), "This field is required.")
            continue
        if cslug in companies_seen:
            e.add(cp, f'Company "{cslug}" is listed twice.')
        companies_seen.add(cslug)
        hq = r.text(company_data, "headquarters", cp) or ""
        if hq and hq not in countries:
            e.add(_join(cp, "headquarters"), f'"{hq}" is not an ISO 3166 country code.')
            hq = ""
        players.append(
            PlayerDoc(
                company=CompanyDoc(
                    slug=cslug,
                    name=cname or cslug.replace("-", " ").title(),
                    website=r.text(company_data, "website", cp, max_length=200) or "",
                    headquarters=hq,
                    description=r.text(company_data, "description", cp) or "",
                ),
                blurb=r.text(item, "blurb", p) or "",
                market_share=r.decimal(item, "market_share", p, low=0, high=100, places=2),
            )
        )

    licences = None
    if data.get("licences") is not None:
        licences = []
        tiers = set()
        for i, item in enumerate(r.items(data, "licences", "")):
            p = f"licences.{i}"
            if r.obj(item, p) is None:
                continue
            tier = r.choice(item, "tier", p, LicenceTier.values, required=True)
            price = r.decimal(item, "price", p, required=True, low=0, high=10**8 - 1, places=2)
            lcur = r.text(item, "currency", p, default=currency) or currency
            if not re.fullmatch(r"[A-Z]{3}", lcur):
                e.add(_join(p, "currency"), "Enter an ISO 4217 code such as USD.")
            if tier in tiers:
                e.add(_join(p, "tier"), f'Licence tier "{tier}" is listed twice.')
            tiers.add(tier)
            if tier is None or price is None:
                continue
            licences.append(
                LicenceDoc(
                    tier=tier,
                    price=price,
                    currency=lcur,
                    seats=r.integer(item, "seats", p, low=0, high=32767) or 0
                    if item.get("seats") is not None
                    else 1,
                    description=r.text(item, "description", p) or "",
                )
            )

    status = r.choice(data, "status", "", ReportStatus.values, default=ReportStatus.DRAFT)
    document = None
    if not e.errors:
        document = ReportDocument(
            code=code,
            slug=slug,
            title=title,
            category=category,
            headline=r.text(data, "headline", "", max_length=400) or "",
            summary=r.text(data, "summary", "", max_length=400) or "",
            status=status,
            featured=r.boolean(data, "featured", ""),
            published_at=published_at,
            page_count=r.integer(data, "page_count", "", low=0, high=MAX_CODE),
            currency=currency,
            unit=r.choice(data, "unit", "", FigureUnit.values, default=FigureUnit.BILLION),
            sections=sections,
            toc=toc,
            faqs=faqs,
            figures=figures,
            players=players,
            segments=segments,
            licences=licences,
            **years,
        )
    if e.errors:
        raise DocumentInvalid(e.errors)
    return document
