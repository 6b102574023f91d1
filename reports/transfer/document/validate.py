"""``document_validate``: raw data (parsed JSON) into a ``ReportDocument``."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django_countries import countries

from reports.models import (
    FigureKind,
    FigureUnit,
    LicenceTier,
    ReportStatus,
    SectionKind,
    default_licences,
)

from .reader import MAX_CODE, SLUG_RE, Errors, Reader, country_codes, join_path
from .translations import names_validate, translations_validate
from .types import (
    CategoryDoc,
    CompanyDoc,
    DimensionDoc,
    DocumentInvalid,
    FigureDoc,
    LicenceDoc,
    PlayerDoc,
    ReportDocument,
    SegmentDoc,
)

SECTION_KINDS = tuple(SectionKind.values)
FIGURE_KINDS = tuple(FigureKind.values)
FIGURE_UNITS = tuple(FigureUnit.values)
LICENCE_TIERS = tuple(LicenceTier.values)
REPORT_STATUSES = tuple(ReportStatus.values)
"""Each choice enum's values, once: ``Enum.values`` rebuilds its list on every read."""


def _category(r: Reader, data, path: str, depth: int = 0) -> CategoryDoc | None:
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
            r.e.add(join_path(path, "parent"), "Categories nest at most five levels.")
        else:
            parent = _category(r, data["parent"], join_path(path, "parent"), depth + 1)
    if slug is None:
        return None
    return CategoryDoc(
        slug=slug,
        name=name or slug.replace("-", " ").title(),
        description=r.text(data, "description", path) or "",
        parent=parent,
        position=r.integer(data, "position", path, low=0, high=32767),
    )


def _segment_ref(r: Reader, data, path: str) -> tuple[str, str] | None:
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
    e = Errors()
    r = Reader(e)
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
    draft = data.get("status", ReportStatus.DRAFT) == ReportStatus.DRAFT
    years = {
        key: r.integer(periods_data, key, "periods", required=not draft, low=1900, high=2200)
        for key in ("historic_start_year", "base_year", "forecast_start_year", "forecast_end_year")
    }
    if years["historic_start_year"] is not None and years["base_year"] is not None:
        if years["historic_start_year"] > years["base_year"]:
            e.add("periods.historic_start_year", "Must not be after the base year.")
    if years["base_year"] is not None and years["forecast_start_year"] is not None:
        if years["base_year"] > years["forecast_start_year"]:
            e.add("periods.base_year", "Must not be after the forecast start year.")
    if years["forecast_start_year"] is not None and years["forecast_end_year"] is not None:
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
                "kind": r.choice(item, "kind", p, SECTION_KINDS, default=SectionKind.OTHER),
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
            e.add(join_path(p, "dimension"), "This field is required.")
        elif r.obj(dim_data, join_path(p, "dimension")) is not None:
            dp = join_path(p, "dimension")
            dslug = r.slug(dim_data, "slug", dp, max_length=80)
            if dslug:
                dimension = dimensions.get(dslug) or DimensionDoc(
                    slug=dslug,
                    name=r.text(dim_data, "name", dp, max_length=80) or None,
                    position=r.integer(dim_data, "position", dp, low=0, high=32767),
                    is_geographic=r.boolean(dim_data, "is_geographic", dp, default=None),
                    names=names_validate(r, dim_data, dp, max_length=80),
                )
                dimensions[dslug] = dimension
        seg_slug = r.slug(item, "slug", p, required=False, max_length=120)
        name = r.text(item, "name", p, max_length=120) or ""
        country = r.text(item, "country", p) or ""
        if country and country not in country_codes():
            e.add(join_path(p, "country"), f'"{country}" is not an ISO 3166 country code.')
            country = ""
        if not name and country:
            name = countries.name(country)
        if seg_slug is None and name:
            seg_slug = slugify(name)[:120] or None
        if seg_slug is None and not e.errors.get(join_path(p, "slug")):
            e.add(join_path(p, "slug"), "This field is required.")
        if country and dimension and dimension.is_geographic is False:
            e.add(
                join_path(p, "country"),
                "Only segments of a geographic dimension can be countries.",
            )
        value = r.decimal(item, "value", p, low=0)
        value_year = r.integer(item, "value_year", p, low=1900, high=2200)
        if value is not None and value_year is None:
            e.add(join_path(p, "value_year"), "Give the year of the value.")
        parent = item.get("parent")
        if parent is not None and (not isinstance(parent, str) or not SLUG_RE.match(parent)):
            e.add(join_path(p, "parent"), "Expected the slug of a segment in the same dimension.")
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
                share_of=_segment_ref(r, item.get("share_of"), join_path(p, "share_of")),
                value=value,
                value_year=value_year,
                narrative=r.text(item, "narrative", p) or "",
                names=names_validate(r, item, p, max_length=120),
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
        ref = _segment_ref(r, item.get("segment"), join_path(p, "segment"))
        if ref is not None and ref not in listed:
            e.add(
                join_path(p, "segment"), f'Segment "{ref[1]}" is not among the report\'s segments.'
            )
        kind = r.choice(item, "kind", p, FIGURE_KINDS)
        precision = r.decimal(item, "precision", p, low=Decimal("0.0001"))
        is_estimate = r.boolean(item, "is_estimate", p)
        if year is None or value is None:
            continue
        if kind is None:
            base = years.get("base_year")
            if is_estimate:
                kind = FigureKind.ESTIMATE
            elif base is None:
                kind = FigureKind.FORECAST if year > timezone.now().year else FigureKind.HISTORIC
            else:
                kind = FigureKind.HISTORIC if year <= base else FigureKind.FORECAST
        figures.append(
            FigureDoc(
                year=year,
                value=value,
                kind=kind,
                segment=ref,
                precision=precision,
                is_estimate=is_estimate,
            )
        )

    players = []
    companies_seen = set()
    for i, item in enumerate(r.items(data, "players", "")):
        p = f"players.{i}"
        if r.obj(item, p) is None:
            continue
        company_data = item.get("company")
        if isinstance(company_data, str):
            company_data = {"name": company_data}
        cp = join_path(p, "company")
        if company_data is None:
            e.add(cp, "This field is required.")
            continue
        if r.obj(company_data, cp) is None:
            continue
        cname = r.text(company_data, "name", cp, max_length=200) or ""
        cslug = r.slug(company_data, "slug", cp, required=False) or (slugify(cname)[:200] or None)
        if cslug is None:
            e.add(join_path(cp, "slug"), "This field is required.")
            continue
        if cslug in companies_seen:
            e.add(cp, f'Company "{cslug}" is listed twice.')
        companies_seen.add(cslug)
        hq = r.text(company_data, "headquarters", cp) or ""
        if hq and hq not in country_codes():
            e.add(join_path(cp, "headquarters"), f'"{hq}" is not an ISO 3166 country code.')
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
            tier = r.choice(item, "tier", p, LICENCE_TIERS, required=True)
            price = r.decimal(item, "price", p, required=True, low=0, high=10**8 - 1, places=2)
            lcur = r.text(item, "currency", p, default=currency) or currency
            if not re.fullmatch(r"[A-Z]{3}", lcur):
                e.add(join_path(p, "currency"), "Enter an ISO 4217 code such as USD.")
            if tier in tiers:
                e.add(join_path(p, "tier"), f'Licence tier "{tier}" is listed twice.')
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

    headline = r.text(data, "headline", "", max_length=400) or ""
    summary = r.text(data, "summary", "", max_length=400) or ""
    translations = translations_validate(
        r,
        e,
        data,
        english={
            "title": title or "",
            "headline": headline,
            "summary": summary,
            "sections": sections,
            "toc": toc,
            "faqs": faqs,
            "players": [player.blurb for player in players],
            "licences": (
                {item["tier"]: item["description"] for item in default_licences()}
                if licences is None
                else {item.tier: item.description for item in licences}
            ),
        },
    )
    status = r.choice(data, "status", "", REPORT_STATUSES, default=ReportStatus.DRAFT)
    document = None
    if not e.errors:
        document = ReportDocument(
            code=code,
            slug=slug,
            title=title,
            category=category,
            headline=headline,
            summary=summary,
            translations=translations,
            status=status,
            featured=r.boolean(data, "featured", ""),
            published_at=published_at,
            page_count=r.integer(data, "page_count", "", low=0, high=MAX_CODE),
            currency=currency,
            unit=r.choice(data, "unit", "", FIGURE_UNITS, default=FigureUnit.BILLION),
            language=r.text(data, "language", "", max_length=10, default="en") or "en",
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
