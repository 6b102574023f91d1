"""Chart specifications: what each chart of a report shows, as plain data.

One module decides the data, titles, axis labels, colours and annotations of every chart;
the browser (``charts.plotly``) and the server-side SVG (``charts.svg``) only draw a
``ChartSpec``, so the two renderings cannot disagree.

Everything is derived from rows a report page has already prefetched
(``report.figures.all()``, ``report.segment_links.all()``, ``report.company_links.all()``):
building the specs costs no query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from reports.figures import Cagr, format_amount
from reports.models import FigureKind, Report
from reports.selectors import market_cagr, segment_display_name
from segments.models import ReportSegment

ChartKind = Literal["bar", "pie", "hbar"]

PALETTE = ("#1b2a4a", "#8c3b0c", "#2e6fb0", "#d9812b", "#8fc7b0", "#f0dc82")
"""Categorical colours in increasing lightness (CIELAB L* about 17, 36, 46, 62, 75, 88), so
neighbouring slices stay apart when printed or viewed in greyscale."""

REMAINDER_COLOUR = "#ffffff"
BAR_COLOUR = PALETTE[2]
INK = "#1b2a4a"
KIND_STYLES = {
    FigureKind.HISTORIC: ("Historic", "#1b2a4a", False),
    FigureKind.ESTIMATE: ("Estimate", "#2e6fb0", False),
    FigureKind.FORECAST: ("Forecast", "#a9c8ea", True),
}
"""Per figure kind: legend name, fill and whether it is hatched. Forecast bars are light and
hatched so they differ from measured years by pattern as well as by colour."""

WHOLE_MARKET = "the market"
SHARE_TOTAL_TOLERANCE = Decimal("0.5")
"""Shares adding up to within this of 100 are drawn as a pie; above it they overlap, and
a pie would silently rescale them, so they are drawn as bars."""


@dataclass(frozen=True)
class Series:
    """One trace. ``x`` holds years (int) for a time series, names (str) otherwise;
    ``texts`` are the values as people read them ("2.5", "40%")."""

    name: str
    x: tuple[int | str, ...]
    values: tuple[float, ...]
    texts: tuple[str, ...]
    colours: tuple[str, ...]
    hatched: tuple[bool, ...]
    hover: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    level: int = 0


@dataclass(frozen=True)
class ChartSpec:
    """Everything needed to draw one chart and to describe it to someone who cannot see it."""

    id: str
    kind: ChartKind
    title: str
    summary: str
    x_label: str
    y_label: str
    series: tuple[Series, ...]
    annotations: tuple[str, ...]
    table_caption: str
    table_header: tuple[str, ...]
    table_rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class Share:
    """A share with what it is a share of. ``children`` are the countries of a region."""

    name: str
    percent: Decimal
    of: str
    children: tuple[Share, ...] = ()


@dataclass(frozen=True)
class ShareGroup:
    """The shares of one segment dimension, or the key players'."""

    slug: str
    name: str
    shares: tuple[Share, ...]


@dataclass(frozen=True)
class HeadlineData:
    """The figures the charts and the data downloads are made of."""

    market_size: tuple[tuple[int, Decimal, str], ...]
    cagr: Cagr | None
    share_groups: tuple[ShareGroup, ...]
    company_shares: ShareGroup | None


def number_text(value: Decimal) -> str:
    """``2.5`` for 2.5000, ``1,250`` for 1250: trailing zeros dropped."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _share_group(dimension, links: list[ReportSegment]) -> ShareGroup | None:
    """Top-level shares of the dimension, each with the shares nested under it.

    A link is nested when it is a share *of* a segment shared at the top level, or when
    its parent segment is itself shared at the top level (a country share of the whole
    market under its region).
    """
    shared = [link for link in links if link.share_percent is not None]
    top_ids = {link.segment_id for link in shared if link.share_of_id is None}
    top_ids -= {
        link.segment_id
        for link in shared
        if link.share_of_id is None and link.segment.parent_id in top_ids
    }
    children: dict[int, list[Share]] = {}
    for link in shared:
        if link.segment_id in top_ids:
            continue
        owner = link.share_of_id if link.share_of_id is not None else link.segment.parent_id
        if owner not in top_ids:
            continue
        of = segment_display_name(link.share_of) if link.share_of_id is not None else WHOLE_MARKET
        children.setdefault(owner, []).append(
            Share(segment_display_name(link.segment), link.share_percent, of)
        )
    shares = [
        Share(
            segment_display_name(link.segment),
            link.share_percent,
            WHOLE_MARKET,
            tuple(sorted(children.get(link.segment_id, []), key=lambda s: -s.percent)),
        )
        for link in shared
        if link.segment_id in top_ids
    ]
    if not shares:
        return None
    shares.sort(key=lambda share: -share.percent)
    return ShareGroup(dimension.slug, dimension.name, tuple(shares))


def headline_data(report: Report) -> HeadlineData:
    """The whole-market series (year, value, kind), its CAGR and the shares, from the
    prefetched rows. Segments without a share and players without one are left out."""
    series = tuple(
        (figure.year, figure.value, figure.kind)
        for figure in sorted(report.figures.all(), key=lambda f: f.year)
        if figure.segment_id is None
    )
    cagr = market_cagr(report)
    by_dimension: dict[int, tuple[object, list[ReportSegment]]] = {}
    for link in report.segment_links.all():
        dimension = link.segment.dimension
        by_dimension.setdefault(dimension.pk, (dimension, []))[1].append(link)
    ordered = sorted(by_dimension.values(), key=lambda item: (item[0].position, item[0].name))
    groups = tuple(
        group for dimension, links in ordered if (group := _share_group(dimension, links))
    )
    players = [
        Share(link.company.name, link.market_share, WHOLE_MARKET)
        for link in report.company_links.all()
        if link.market_share is not None
    ]
    players.sort(key=lambda share: -share.percent)
    companies = ShareGroup("companies", "Key players", tuple(players)) if players else None
    return HeadlineData(series, cagr, groups, companies)


def cagr_label(cagr: Cagr) -> str:
    """``CAGR 2024–2031: 9.1%``; the years always say which span the rate covers."""
    return f"CAGR {cagr.years_label}: {cagr.percent}%"


def market_size_spec(report: Report, data: HeadlineData) -> ChartSpec | None:
    """Bars per year, one series per figure kind; None with fewer than two years."""
    points = data.market_size
    if len(points) < 2:
        return None
    unit_label = report.figure_label
    series = []
    for kind, (name, colour, hatched) in KIND_STYLES.items():
        kind_points = [(year, value) for year, value, point_kind in points if point_kind == kind]
        if not kind_points:
            continue
        series.append(
            Series(
                name=name,
                x=tuple(year for year, _ in kind_points),
                values=tuple(float(value) for _, value in kind_points),
                texts=tuple(number_text(value) for _, value in kind_points),
                colours=(colour,) * len(kind_points),
                hatched=(hatched,) * len(kind_points),
            )
        )
    (first_year, first_value, _), (last_year, last_value, _) = points[0], points[-1]
    unit = report.get_unit_display()
    first_text = format_amount(first_value, currency=report.currency, unit=unit)
    last_text = format_amount(last_value, currency=report.currency, unit=unit)
    if last_value > first_value:
        summary = (
            f"Market size grows from {first_text} in {first_year} to {last_text} in {last_year}."
        )
    elif last_value < first_value:
        summary = (
            f"Market size falls from {first_text} in {first_year} to {last_text} in {last_year}."
        )
    else:
        summary = f"Market size stays at {first_text} from {first_year} to {last_year}."
    annotations = (cagr_label(data.cagr),) if data.cagr else ()
    if annotations:
        summary = f"{summary} {annotations[0]}."
    kind_names = dict(FigureKind.choices)
    return ChartSpec(
        id="market-size",
        kind="bar",
        title=f"{report.title} size, {first_year}–{last_year}",
        summary=summary,
        x_label="Year",
        y_label=f"Market size ({unit_label})",
        series=tuple(series),
        annotations=annotations,
        table_caption=f"Chart data: market size, {unit_label}",
        table_header=("Year", f"Market size ({unit_label})", "Type"),
        table_rows=tuple(
            TableRow((str(year), number_text(value), kind_names.get(kind, kind)))
            for year, value, kind in points
        ),
    )


def _scope(of: str) -> str:
    return "Whole market" if of == WHOLE_MARKET else of


def _share_summary(shares: Sequence[Share]) -> str:
    leader, rest = shares[0], shares[1:3]
    text = f"{leader.name} has the largest share ({number_text(leader.percent)}%)"
    if rest:
        others = " and ".join(f"{share.name} ({number_text(share.percent)}%)" for share in rest)
        text = f"{text}, followed by {others}"
    return f"{text}."


def share_spec(report: Report, group: ShareGroup, *, chart_id: str, title: str) -> ChartSpec:
    """A pie when the shares make up the market (a white "Not broken down" slice fills
    any gap), bars when they overlap or are company shares."""
    shares = list(group.shares)
    total = sum((share.percent for share in shares), Decimal(0))
    as_pie = group.slug != "companies" and total <= 100 + SHARE_TOTAL_TOLERANCE
    names = [share.name for share in shares]
    values = [share.percent for share in shares]
    if as_pie:
        colours = [PALETTE[index % len(PALETTE)] for index in range(len(shares))]
    else:
        colours = [BAR_COLOUR] * len(shares)
    hatched = [False] * len(shares)
    summary = _share_summary(shares)
    if as_pie and total < 100 - SHARE_TOTAL_TOLERANCE:
        names.append("Not broken down")
        values.append(100 - total)
        colours.append(REMAINDER_COLOUR)
        hatched.append(True)
        summary = f"{summary} {number_text(100 - total)}% is not broken down."
    hover = tuple(
        tuple(
            f"{child.name}: {number_text(child.percent)}% of {child.of}" for child in share.children
        )
        for share in shares
    )
    rows = []
    for share in shares:
        rows.append(TableRow((share.name, f"{number_text(share.percent)}%", "Whole market")))
        rows.extend(
            TableRow((child.name, f"{number_text(child.percent)}%", _scope(child.of)), 1)
            for child in share.children
        )
    label = "Company" if group.slug == "companies" else group.name
    return ChartSpec(
        id=chart_id,
        kind="pie" if as_pie else "hbar",
        title=title,
        summary=summary,
        x_label="Share of the market (%)",
        y_label="" if as_pie else label,
        series=(
            Series(
                name=f"Share by {group.name.lower()}",
                x=tuple(names),
                values=tuple(float(value) for value in values),
                texts=tuple(f"{number_text(value)}%" for value in values),
                colours=tuple(colours),
                hatched=tuple(hatched),
                hover=hover + ((),) * (len(names) - len(hover)),
            ),
        ),
        annotations=(),
        table_caption=f"Chart data: {label.lower()} shares (%)",
        table_header=(label, "Share", "Share of"),
        table_rows=tuple(rows),
    )


def chart_specs(report: Report) -> list[ChartSpec]:
    """Every chart the report has data for, in page order: market size, one per segment
    dimension with shares, then the key players' shares."""
    data = headline_data(report)
    specs = []
    if market := market_size_spec(report, data):
        specs.append(market)
    for group in data.share_groups:
        specs.append(
            share_spec(
                report,
                group,
                chart_id=f"share-{group.slug}",
                title=f"{report.title} share by {group.name.lower()}",
            )
        )
    if data.company_shares:
        specs.append(
            share_spec(
                report,
                data.company_shares,
                chart_id="company-shares",
                title=f"{report.title}: key players' shares",
            )
        )
    return specs
