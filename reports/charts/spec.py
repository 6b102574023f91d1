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

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

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
    # Translators: legend of the market size chart: figures measured in past years.
    FigureKind.HISTORIC: (gettext_lazy("Historic"), "#1b2a4a", False),
    # Translators: legend of the market size chart: estimated figures.
    FigureKind.ESTIMATE: (gettext_lazy("Estimate"), "#2e6fb0", False),
    # Translators: legend of the market size chart: forecast figures.
    FigureKind.FORECAST: (gettext_lazy("Forecast"), "#a9c8ea", True),
}
"""Per figure kind: legend name, fill and whether it is hatched. Forecast bars are light and
hatched so they differ from measured years by pattern as well as by colour."""

WHOLE_MARKET = "the market"
"""The ``of`` of a share of the whole market: a marker, never shown as it is (the texts
say "of the market" and "Whole market" in the visitor's language)."""
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
    companies = ShareGroup("companies", _("Key players"), tuple(players)) if players else None
    return HeadlineData(series, cagr, groups, companies)


def cagr_label(cagr: Cagr) -> str:
    """``CAGR 2024–2031: 9.1%``; the years always say which span the rate covers."""
    return _("CAGR %(years)s: %(percent)s%%") % {"years": cagr.years_label, "percent": cagr.percent}


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
                name=str(name),
                x=tuple(year for year, _ in kind_points),
                values=tuple(float(value) for _, value in kind_points),
                texts=tuple(number_text(value) for _, value in kind_points),
                colours=(colour,) * len(kind_points),
                hatched=(hatched,) * len(kind_points),
            )
        )
    first_year, first_value = points[0][:2]
    last_year, last_value = points[-1][:2]
    unit = report.get_unit_display()
    first_text = format_amount(first_value, currency=report.currency, unit=unit)
    last_text = format_amount(last_value, currency=report.currency, unit=unit)
    amounts = {"first": first_text, "start": first_year, "last": last_text, "end": last_year}
    if last_value > first_value:
        summary = (
            _("Market size grows from %(first)s in %(start)s to %(last)s in %(end)s.") % amounts
        )
    elif last_value < first_value:
        summary = (
            _("Market size falls from %(first)s in %(start)s to %(last)s in %(end)s.") % amounts
        )
    else:
        summary = _("Market size stays at %(first)s from %(start)s to %(end)s.") % amounts
    annotations = (cagr_label(data.cagr),) if data.cagr else ()
    if annotations:
        # Translators: a chart's summary followed by its CAGR, e.g. "… CAGR 2024–2031: 9.1%."
        summary = _("%(summary)s %(cagr)s.") % {"summary": summary, "cagr": annotations[0]}
    kind_names = dict(FigureKind.choices)
    # Translators: axis title and column heading of the market size chart.
    size_label = _("Market size (%(unit)s)") % {"unit": unit_label}
    return ChartSpec(
        id="market-size",
        kind="bar",
        # Translators: title of the market size chart, e.g. "Plant-Based Milk Market size,
        # 2020–2032".
        title=_("%(title)s size, %(start)s–%(end)s")
        % {"title": report.title, "start": first_year, "end": last_year},
        summary=summary,
        x_label=_("Year"),
        y_label=size_label,
        series=tuple(series),
        annotations=annotations,
        table_caption=_("Chart data: market size, %(unit)s") % {"unit": unit_label},
        table_header=(_("Year"), size_label, pgettext("market figure: actual or forecast", "Type")),
        table_rows=tuple(
            TableRow((str(year), number_text(value), str(kind_names.get(kind, kind))))
            for year, value, kind in points
        ),
    )


def _scope(of: str) -> str:
    # Translators: what a share is a share of: the whole market.
    return _("Whole market") if of == WHOLE_MARKET else of


def _share_summary(shares: Sequence[Share]) -> str:
    leader, rest = shares[0], shares[1:3]
    named = {"name": leader.name, "percent": number_text(leader.percent)}
    if not rest:
        return _("%(name)s has the largest share (%(percent)s%%).") % named
    others = [f"{share.name} ({number_text(share.percent)}%)" for share in rest]
    if len(others) == 2:
        # Translators: two shares in a chart summary, e.g. "Europe (30%) and Asia (25%)".
        others = [_("%(first)s and %(second)s") % {"first": others[0], "second": others[1]}]
    return _("%(name)s has the largest share (%(percent)s%%), followed by %(others)s.") % {
        **named,
        "others": others[0],
    }


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
        # Translators: the slice of a share chart for the part of the market no segment covers.
        names.append(_("Not broken down"))
        values.append(100 - total)
        colours.append(REMAINDER_COLOUR)
        hatched.append(True)
        rest = _("%(percent)s%% is not broken down.") % {"percent": number_text(100 - total)}
        summary = f"{summary} {rest}"
    hover = tuple(tuple(_child_share(child) for child in share.children) for share in shares)
    rows = []
    for share in shares:
        rows.append(TableRow((share.name, f"{number_text(share.percent)}%", _scope(WHOLE_MARKET))))
        rows.extend(
            TableRow((child.name, f"{number_text(child.percent)}%", _scope(child.of)), 1)
            for child in share.children
        )
    # Translators: column heading and axis title of the key players' share chart.
    label = _("Company") if group.slug == "companies" else group.name
    return ChartSpec(
        id=chart_id,
        kind="pie" if as_pie else "hbar",
        title=title,
        summary=summary,
        x_label=_("Share of the market (%)"),
        y_label="" if as_pie else label,
        series=(
            Series(
                # Translators: name of a share chart's series, e.g. "Share by type".
                name=_("Share by %(dimension)s") % {"dimension": group.name.lower()},
                x=tuple(names),
                values=tuple(float(value) for value in values),
                texts=tuple(f"{number_text(value)}%" for value in values),
                colours=tuple(colours),
                hatched=tuple(hatched),
                hover=hover + ((),) * (len(names) - len(hover)),
            ),
        ),
        annotations=(),
        # Translators: caption of a chart's data table, e.g. "Chart data: type shares (%)".
        table_caption=_("Chart data: %(dimension)s shares (%%)") % {"dimension": label.lower()},
        table_header=(label, pgettext("percentage of the market", "Share"), _("Share of")),
        table_rows=tuple(rows),
    )


def _child_share(child: Share) -> str:
    """The hover line of a country under its region: ``China: 40% of Asia-Pacific``."""
    if child.of == WHOLE_MARKET:
        return _("%(name)s: %(percent)s%% of the market") % {
            "name": child.name,
            "percent": number_text(child.percent),
        }
    return _("%(name)s: %(percent)s%% of %(whole)s") % {
        "name": child.name,
        "percent": number_text(child.percent),
        "whole": child.of,
    }


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
                # Translators: title of a share chart, e.g. "Plant-Based Milk Market share by
                # type"; the dimension name is in lower case.
                title=_("%(title)s share by %(dimension)s")
                % {"title": report.title, "dimension": group.name.lower()},
            )
        )
    if data.company_shares:
        specs.append(
            share_spec(
                report,
                data.company_shares,
                chart_id="company-shares",
                title=_("%(title)s: key players' shares") % {"title": report.title},
            )
        )
    return specs
