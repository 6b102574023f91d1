"""Reads for the public catalogue pages.

Every selector that feeds a page loads what the page shows in a fixed number of queries:
the report page must not issue one query per section, player or segment.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from segments.models import Dimension, ReportSegment

from .category_tree import category_rows, category_tree, category_with_ancestors, descendant_ids
from .figures import Cagr, YearValue, compute_cagr
from .languages import hide_unpublished, show_published_text
from .models import (
    SEARCH_ONLY_FIELDS,
    Category,
    MarketFigure,
    Report,
    ReportCompany,
    ReportStatus,
    TocEntry,
)
from .search.index import GENERATION_SQL, LISTING_GENERATION_SQL, NAMES_GENERATION_SQL

MAX_DB_INTEGER = 2**31 - 1
"""Largest value a PositiveIntegerField holds on every supported database."""


def published_reports() -> QuerySet[Report]:
    """Reports the public may see, with their category for listings and without the
    search-only columns."""
    return (
        Report.objects.filter(status=ReportStatus.PUBLISHED)
        .select_related("category")
        .defer(*SEARCH_ONLY_FIELDS)
    )


def latest_reports(*, limit: int = 6) -> list[Report]:
    reports = list(published_reports().order_by("-published_at", "-id")[:limit])
    show_published_text(reports)
    return reports


def featured_reports(*, limit: int = 6) -> list[Report]:
    reports = list(
        published_reports().filter(featured=True).order_by("-published_at", "-id")[:limit]
    )
    show_published_text(reports)
    return reports


def top_categories() -> list[Category]:
    """Root categories with their children prefetched (one query each level)."""
    return list(
        Category.objects.filter(parent__isnull=True).prefetch_related(
            Prefetch("children", queryset=Category.objects.order_by("position", "name"))
        )
    )


def nav_categories(*, generation: int | None = None) -> list[Category]:
    """The root categories linked from the site header, from ``category_rows`` (no query
    once the generation is known)."""
    rows = category_rows(generation)
    return [category_with_ancestors(rows, pk) for pk, row in rows.items() if row.parent_id is None]


def category_by_slug(*, slug: str, generation: int | None = None) -> Category | None:
    """The category with its whole parent chain loaded for breadcrumbs, from
    ``category_rows``."""
    rows = category_rows(generation)
    for pk, row in rows.items():
        if row.slug == slug:
            return category_with_ancestors(rows, pk)
    return None


def subcategories(category: Category, *, generation: int | None = None) -> list[Category]:
    """The categories directly under ``category``, in the model's order."""
    rows = category_rows(generation)
    return [
        category_with_ancestors(rows, pk)
        for pk, row in rows.items()
        if row.parent_id == category.pk
    ]


def category_descendant_ids(category: Category) -> list[int]:
    """Ids of the category and every category below it, from the cached tree."""
    return descendant_ids(category_tree(), category.pk)


def published_report_by_code(*, code: int) -> Report | None:
    """The published report numbered ``code``; None for unknown, draft, archived or absurd codes."""
    if not 0 < code <= MAX_DB_INTEGER:
        return None
    report = published_reports().filter(code=code).first()
    show_published_text([report])
    return report


def report_prefetches() -> list:
    """Every row a report page, the API detail and the export show, in a fixed number of
    queries whatever the report holds."""
    return [
        "languages",
        "sections",
        "toc_entries",
        "faqs",
        Prefetch(
            "figures",
            queryset=MarketFigure.objects.select_related("segment__dimension").order_by(
                "segment_id", "year"
            ),
        ),
        Prefetch(
            "company_links",
            queryset=ReportCompany.objects.select_related("company"),
        ),
        Prefetch(
            "segment_links",
            queryset=ReportSegment.objects.select_related(
                "segment__dimension", "segment__parent", "share_of__dimension"
            ),
        ),
        "licences",
    ]


def report_for_page(*, code: int) -> Report | None:
    """The report numbered ``code`` in any status, with everything its page shows.

    The status is not filtered so a staff preview can render a draft; the public view
    refuses anything that is not published. Eight queries whatever the report holds,
    provided the category tree is at most three levels deep.
    """
    report = report_page_head(code=code)
    if report is not None:
        report_page_load(report)
    return report


def report_page_head(*, code: int) -> Report | None:
    """The report numbered ``code`` (any status) with its category chain, in one query,
    without the rows its page lists: enough to check the status, redirect to the
    canonical address and look the rendered page up in the cache. On PostgreSQL it
    carries ``names_generation`` and ``listing_generation`` (``reports.search.index``),
    which key the cached page and its related reports, and ``search_generation``, which
    the site navigation is read under.
    ``report_page_load`` then loads the rest if the page must be rendered."""
    if not 0 < code <= MAX_DB_INTEGER:
        return None
    reports = Report.objects.select_related("category__parent__parent").defer(*SEARCH_ONLY_FIELDS)
    if connection.vendor == "postgresql":
        reports = reports.annotate(
            names_generation=RawSQL(NAMES_GENERATION_SQL, []),
            listing_generation=RawSQL(LISTING_GENERATION_SQL, []),
            search_generation=RawSQL(GENERATION_SQL, []),
        )
    return reports.filter(code=code).first()


def report_page_load(report: Report) -> None:
    """Prefetch everything the page of ``report`` shows: eight queries whatever it holds.
    Where the report is not published in the active language, its text reads English
    (``languages.hide_unpublished``)."""
    prefetch_related_objects([report], *report_prefetches())
    hide_unpublished(report, translation.get_language())


@functools.lru_cache(maxsize=2048)
def _country_name(code: str, language: str | None) -> str:
    """django-countries rebuilds its translated list on each lookup (about 0.1 ms); a
    facet list names up to a few hundred countries, so names are kept per language."""
    return str(countries.name(code))


def segment_display_name(segment) -> str:
    """A country segment is named from the ISO list, anything else by its own name."""
    return segment_label(segment.name, segment.country.code if segment.country else "")


def segment_label(name: str, country_code: str) -> str:
    """``segment_display_name`` from a segment's stored name and country code."""
    if country_code:
        return _country_name(country_code, translation.get_language())
    return name


@dataclass
class SegmentRow:
    """One row of a segmentation table. ``link`` is None for a region that only groups
    countries the report covers without covering the region itself."""

    name: str
    link: ReportSegment | None
    children: list[SegmentRow] = field(default_factory=list)

    @property
    def share_scope(self) -> str:
        if self.link is None or self.link.share_percent is None:
            return ""
        if self.link.share_of_id is None:
            # Translators: what a segment's share is a share of: the whole market.
            return _("Whole market")
        return segment_display_name(self.link.share_of)


@dataclass
class DimensionBlock:
    dimension: Dimension
    rows: list[SegmentRow]

    @property
    def has_values(self) -> bool:
        return any(
            row.link is not None and row.link.value is not None
            for top in self.rows
            for row in [top, *top.children]
        )

    @property
    def narratives(self) -> list[SegmentRow]:
        return [
            row
            for top in self.rows
            for row in [top, *top.children]
            if row.link is not None and row.link.narrative
        ]


@dataclass
class TocNode:
    entry: TocEntry
    children: list[TocNode] = field(default_factory=list)


@dataclass
class ReportPageData:
    """What a report page shows beyond the report's own fields, derived from the
    prefetched rows of ``report_for_page`` without further queries."""

    breadcrumbs: list[Category]
    market_figures: list[MarketFigure]
    segment_figures: list[MarketFigure]
    cagr: Cagr | None
    segmentation: list[DimensionBlock]
    regional: list[DimensionBlock]
    toc: list[TocNode]


def category_chain(category: Category) -> list[Category]:
    """Root first, the category itself last."""
    return [*category.ancestors(), category]


def _segmentation(links: list[ReportSegment]) -> list[DimensionBlock]:
    by_dimension: dict[int, list[ReportSegment]] = {}
    dimensions: dict[int, Dimension] = {}
    for link in links:
        dimension = link.segment.dimension
        dimensions[dimension.pk] = dimension
        by_dimension.setdefault(dimension.pk, []).append(link)

    blocks = []
    for dimension_id, dimension_links in by_dimension.items():
        linked = {link.segment_id: link for link in dimension_links}
        rows: dict[int, SegmentRow] = {}
        order: list[int] = []
        for link in dimension_links:
            segment, parent = link.segment, link.segment.parent
            if parent is None or parent.parent_id is not None:
                name = segment_display_name(segment)
                if parent is not None:
                    name = f"{segment_display_name(parent)} › {name}"
                if segment.pk in rows:
                    rows[segment.pk].link = link
                else:
                    rows[segment.pk] = SegmentRow(name, link)
                    order.append(segment.pk)
                continue
            if parent.pk not in rows:
                rows[parent.pk] = SegmentRow(segment_display_name(parent), linked.get(parent.pk))
                order.append(parent.pk)
            rows[parent.pk].children.append(SegmentRow(segment_display_name(segment), link))
        blocks.append(
            DimensionBlock(dimension=dimensions[dimension_id], rows=[rows[pk] for pk in order])
        )
    blocks.sort(key=lambda block: (block.dimension.position, block.dimension.name))
    return blocks


def _toc_tree(entries: list[TocEntry]) -> list[TocNode]:
    """Nest the flat, ordered entries by level; a skipped level nests under the nearest
    shallower entry."""
    root: list[TocNode] = []
    stack: list[tuple[int, TocNode]] = []
    for entry in entries:
        node = TocNode(entry)
        while stack and stack[-1][0] >= entry.level:
            stack.pop()
        (stack[-1][1].children if stack else root).append(node)
        stack.append((entry.level, node))
    return root


def market_cagr(report: Report) -> Cagr | None:
    """The CAGR of the report's whole-market figures (``figures``, prefetched) over its
    forecast period: what the page, the charts, the API and the PDFs all show."""
    return compute_cagr(
        [YearValue(f.year, f.value) for f in report.figures.all() if f.segment_id is None],
        forecast_start_year=report.forecast_start_year,
        forecast_end_year=report.forecast_end_year,
    )


def report_page_data(report: Report) -> ReportPageData:
    """Derive the page's structures from a report loaded by ``report_for_page``."""
    figures = list(report.figures.all())
    market_figures = [figure for figure in figures if figure.segment_id is None]
    cagr = market_cagr(report)
    blocks = _segmentation(list(report.segment_links.all()))
    return ReportPageData(
        breadcrumbs=category_chain(report.category),
        market_figures=market_figures,
        segment_figures=[figure for figure in figures if figure.segment_id is not None],
        cagr=cagr,
        segmentation=[block for block in blocks if not block.dimension.is_geographic],
        regional=[block for block in blocks if block.dimension.is_geographic],
        toc=_toc_tree(list(report.toc_entries.all())),
    )
