"""A ``ChartSpec`` drawn as vector SVG on the server with matplotlib's SVG backend.

This is what a reader sees without JavaScript, before Plotly has loaded, and in every
PDF. Labels stay ``<text>`` (``svg.fonttype = none``) so they are searchable, selectable and
small. Matplotlib writes ``style="…"`` attributes and a ``<style>`` element, which the strict
CSP forbids in an inline SVG; ``inline_svg`` rewrites them as presentation attributes and
makes the ids unique per chart, so several charts can share a page.

Rendering is done with ``Figure`` + ``FigureCanvasSVG`` directly (no pyplot, no global
figure manager, no raster backend) and avoids the costly layout passes (``tight`` bounding
boxes, ``loc="best"`` legends, automatic tick locators at draw time).
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from html import escape

import matplotlib
from django.core.cache import cache
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle, Wedge
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2DBase, Bbox, BboxTransform, blended_transform_factory

from .spec import INK, ChartSpec

RENDERER_VERSION = 1
"""Part of the cache key: bump it when the drawing changes so cached SVGs are redrawn."""

CACHE_TIMEOUT = 60 * 60 * 24 * 30
WIDTH_IN, HEIGHT_IN = 7.2, 4.8
"""3:2, the aspect ratio of the chart box on the page (``static/css/charts.css``)."""

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#e3e3e3"
AXIS_COLOUR = "#666666"
MAX_LABELLED_BARS = 8
"""Beyond this many years only the first and last bars carry their value (the table has
them all): each label costs a text layout, the bulk of the drawing time."""

RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "report-charts",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "text.color": TEXT_COLOUR,
    "hatch.linewidth": 0.8,
}

_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
_ID_ATTRIBUTE = re.compile(r' id="([^"]*)"')
_REFERENCE = re.compile(r'url\(#([^)]+)\)|xlink:href="#([^"]+)"')
_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_STYLE_ELEMENT = re.compile(r"\s*<style[^>]*>.*?</style>", re.DOTALL)
_EMPTY_DEFS = re.compile(r"\s*<defs>\s*</defs>")
_SIZE = re.compile(r' (width|height)="[^"]*pt"')
_FONT_FAMILY = re.compile(r" font-family=\"[^\"]*\"")


def _style_to_attributes(match: re.Match) -> str:
    pairs = (item.split(":", 1) for item in match.group(1).split(";") if ":" in item)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def inline_svg(svg: str, *, prefix: str, title: str) -> str:
    """Matplotlib's SVG made fit to sit inline in a page under a strict CSP.

    Style attributes become presentation attributes, the ``<style>`` element and metadata
    go, unreferenced ids go and referenced ones get ``prefix`` so two charts never clash.
    The root gets ``role="img"``, a ``<title>`` and a viewBox-only size (CSS sizes it).
    """
    svg = _PROLOGUE.sub("", svg)
    svg = _METADATA.sub("", svg)
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _EMPTY_DEFS.sub("", svg)
    svg = _STYLE_ATTRIBUTE.sub(_style_to_attributes, svg)
    svg = _FONT_FAMILY.sub("", svg)
    referenced = {a or b for a, b in _REFERENCE.findall(svg)}

    def rename_id(match: re.Match) -> str:
        return f' id="{prefix}-{match.group(1)}"' if match.group(1) in referenced else ""

    def rename_reference(match: re.Match) -> str:
        if match.group(1) is not None:
            return f"url(#{prefix}-{match.group(1)})"
        return f'xlink:href="#{prefix}-{match.group(2)}"'

    svg = _ID_ATTRIBUTE.sub(rename_id, svg)
    svg = _REFERENCE.sub(rename_reference, svg)
    svg = _SIZE.sub("", svg, count=2)
    root_attributes = (
        f' role="img" aria-labelledby="{prefix}-title" class="chart__svg"'
        f' font-family="{FONT_FAMILY}" stroke-linejoin="round" stroke-linecap="butt"'
    )
    svg = svg.replace("<svg ", f"<svg{root_attributes} ", 1)
    head_end = svg.index(">") + 1
    return (
        f'{svg[:head_end]}<title id="{prefix}-title">{escape(title, quote=False)}</title>'
        f"{svg[head_end:].strip()}"
    )


def _figure() -> Figure:
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=72, facecolor="#ffffff")
    FigureCanvasSVG(figure)
    return figure


def _lightness(colour: str) -> float:
    """CIELAB L* of a ``#rrggbb`` colour: picks the label colour that reads on it."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 116 * (y ** (1 / 3) if y > 0.008856 else 7.787 * y + 16 / 116) - 16


def _header(figure: Figure, spec: ChartSpec) -> None:
    figure.text(
        0.02,
        0.965,
        textwrap.shorten(spec.title, 72, placeholder="…"),
        fontsize=13,
        fontweight="bold",
        va="top",
    )
    for index, text in enumerate(spec.annotations):
        figure.text(0.02, 0.895 - index * 0.055, text, fontsize=11, va="top", color=INK)


def _plot_area(figure: Figure, area: tuple[float, float, float, float], xlim, ylim) -> Affine2DBase:
    """Data coordinates → the ``area`` (left, bottom, right, top) of the figure.

    The charts are composed from matplotlib artists placed through this transform
    rather than through an ``Axes``: an Axes with its tick machinery costs about 30 ms a
    chart to build and draw, the artists alone a few.
    """
    left, bottom, right, top = area
    return (
        BboxTransform(
            Bbox([[xlim[0], ylim[0]], [xlim[1], ylim[1]]]), Bbox([[left, bottom], [right, top]])
        )
        + figure.transFigure
    )


def _nice_ticks(high: float) -> list[float]:
    ticks = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(0, high)
    return [float(tick) for tick in ticks if tick >= 0]


def _tick_text(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _legend_swatch(figure: Figure, x: float, y: float, colour: str, hatched: bool) -> None:
    figure.add_artist(
        Rectangle(
            (x, y - 0.014),
            0.022,
            0.034,
            transform=figure.transFigure,
            facecolor=colour,
            edgecolor=INK,
            linewidth=0.8,
            hatch="///" if hatched else None,
        )
    )


def _draw_bar(figure: Figure, spec: ChartSpec) -> None:
    area = (0.12, 0.15, 0.97, 0.78)
    years = sorted({year for series in spec.series for year in series.x})
    top = max(value for series in spec.series for value in series.values) or 1.0
    ticks = _nice_ticks(top * 1.12)
    xlim, ylim = (years[0] - 0.6, years[-1] + 0.6), (0.0, ticks[-1])
    data = _plot_area(figure, area, xlim, ylim)
    y_ticks = blended_transform_factory(figure.transFigure, data)
    x_ticks = blended_transform_factory(data, figure.transFigure)
    for tick in ticks:
        figure.add_artist(
            Line2D(
                xlim,
                (tick, tick),
                transform=data,
                color=AXIS_COLOUR if tick == 0 else GRID_COLOUR,
                linewidth=0.8,
                zorder=0.5 if tick else 2,
            )
        )
        figure.text(
            area[0] - 0.012,
            tick,
            _tick_text(tick),
            transform=y_ticks,
            ha="right",
            va="center",
            fontsize=9.5,
        )
    for year in years:
        figure.text(
            year, area[1] - 0.02, str(year), transform=x_ticks, ha="center", va="top", fontsize=9.5
        )
    for series in spec.series:
        for x, value, text, colour, hatched in zip(
            series.x, series.values, series.texts, series.colours, series.hatched, strict=True
        ):
            figure.add_artist(
                Rectangle(
                    (x - 0.35, 0),
                    0.7,
                    value,
                    transform=data,
                    facecolor=colour,
                    edgecolor=INK,
                    linewidth=0.8,
                    hatch="///" if hatched else None,
                )
            )
            if len(years) > MAX_LABELLED_BARS and x not in (years[0], years[-1]):
                continue
            figure.text(
                x,
                value + ticks[-1] * 0.015,
                text,
                transform=data,
                ha="center",
                va="bottom",
                fontsize=9.5,
            )
    figure.text(
        0.025,
        (area[1] + area[3]) / 2,
        spec.y_label,
        rotation=90,
        ha="center",
        va="center",
        fontsize=10,
    )
    figure.text((area[0] + area[2]) / 2, 0.025, spec.x_label, ha="center", va="bottom", fontsize=10)
    x = area[2] - 0.15 * len(spec.series)
    for series in spec.series:
        _legend_swatch(figure, x, 0.875, series.colours[0], series.hatched[0])
        figure.text(x + 0.03, 0.875, series.name, va="center", fontsize=10)
        x += 0.15


def _draw_pie(figure: Figure, spec: ChartSpec) -> None:
    series = spec.series[0]
    inches = figure.dpi_scale_trans
    centre, radius = (1.95, 2.0), 1.6
    ring = radius * 0.45
    total = sum(series.values) or 1.0
    angle = 90.0
    for value, text, colour, hatched in zip(
        series.values, series.texts, series.colours, series.hatched, strict=True
    ):
        span = 360.0 * value / total
        figure.add_artist(
            Wedge(
                centre,
                radius,
                angle - span,
                angle,
                width=ring,
                transform=inches,
                facecolor=colour,
                edgecolor=INK if hatched else "#ffffff",
                linewidth=0.6 if hatched else 1.2,
                hatch="///" if hatched else None,
            )
        )
        if span >= 18:
            middle = math.radians(angle - span / 2)
            distance = radius - ring / 2
            figure.text(
                centre[0] + distance * math.cos(middle),
                centre[1] + distance * math.sin(middle),
                text,
                transform=inches,
                ha="center",
                va="center",
                fontsize=10,
                color="#ffffff" if _lightness(colour) < 55 and not hatched else TEXT_COLOUR,
            )
        angle -= span
    rows = len(series.x)
    step = min(0.075, 0.7 / max(rows, 1))
    y = 0.45 + step * (rows - 1) / 2
    for name, text, colour, hatched in zip(
        series.x, series.texts, series.colours, series.hatched, strict=True
    ):
        _legend_swatch(figure, 0.58, y, colour, hatched)
        label = f"{textwrap.shorten(str(name), 34, placeholder='…')}  {text}"
        figure.text(0.615, y, label, va="center", fontsize=10.5)
        y -= step


def _draw_hbar(figure: Figure, spec: ChartSpec) -> None:
    series = spec.series[0]
    area = (0.32, 0.15, 0.95, 0.84)
    rows = len(series.values)
    top = max(series.values) or 1.0
    ticks = _nice_ticks(top * 1.12)
    xlim, ylim = (0.0, ticks[-1]), (rows - 0.4, -0.6)
    data = _plot_area(figure, area, xlim, ylim)
    x_ticks = blended_transform_factory(data, figure.transFigure)
    names = blended_transform_factory(figure.transFigure, data)
    for tick in ticks:
        figure.add_artist(
            Line2D(
                (tick, tick),
                ylim,
                transform=data,
                color=AXIS_COLOUR if tick == 0 else GRID_COLOUR,
                linewidth=0.8,
                zorder=0.5 if tick else 2,
            )
        )
        figure.text(
            tick,
            area[1] - 0.02,
            _tick_text(tick),
            transform=x_ticks,
            ha="center",
            va="top",
            fontsize=9.5,
        )
    for row, (name, value, text, colour) in enumerate(
        zip(series.x, series.values, series.texts, series.colours, strict=True)
    ):
        figure.add_artist(
            Rectangle(
                (0, row - 0.32),
                value,
                0.64,
                transform=data,
                facecolor=colour,
                edgecolor=INK,
                linewidth=0.8,
            )
        )
        figure.text(value + ticks[-1] * 0.01, row, text, transform=data, va="center", fontsize=9.5)
        figure.text(
            area[0] - 0.012,
            row,
            textwrap.shorten(str(name), 32, placeholder="…"),
            transform=names,
            ha="right",
            va="center",
            fontsize=10,
        )
    figure.text((area[0] + area[2]) / 2, 0.025, spec.x_label, ha="center", va="bottom", fontsize=10)


DRAWERS = {"bar": _draw_bar, "pie": _draw_pie, "hbar": _draw_hbar}


def render_svg(spec: ChartSpec, *, prefix: str | None = None) -> str:
    """``spec`` drawn as an inline-ready SVG document (see ``inline_svg``). Uncached."""
    with matplotlib.rc_context(RC):
        figure = _figure()
        _header(figure, spec)
        DRAWERS[spec.kind](figure, spec)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return inline_svg(buffer.getvalue(), prefix=prefix or f"chart-{spec.id}", title=spec.title)


def cache_key(report, chart_id: str) -> str:
    return f"report-chart-svg:v{RENDERER_VERSION}:{report.pk}:{report.revision}:{chart_id}"


def cached_svg(report, spec: ChartSpec) -> str:
    """The SVG of one of ``report``'s charts, cached per report revision.

    A report's ``revision`` is bumped on every change, so a new revision is a new key
    and stale drawings simply expire.
    """
    key = cache_key(report, spec.id)
    svg = cache.get(key)
    if svg is None:
        svg = render_svg(spec)
        cache.set(key, svg, CACHE_TIMEOUT)
    return svg


def report_svgs(report, specs: list[ChartSpec]) -> dict[str, str]:
    """SVG per chart id, fetching every cached one in a single cache round trip."""
    keys = {cache_key(report, spec.id): spec for spec in specs}
    found = cache.get_many(list(keys))
    missing = {}
    svgs = {}
    for key, spec in keys.items():
        svg = found.get(key)
        if svg is None:
            svg = missing[key] = render_svg(spec)
        svgs[spec.id] = svg
    if missing:
        cache.set_many(missing, CACHE_TIMEOUT)
    return svgs
