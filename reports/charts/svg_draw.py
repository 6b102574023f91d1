"""A ``ChartSpec`` drawn as SVG with matplotlib's SVG backend (``charts.svg`` inlines and
caches the result, and imports this module only when a chart must be drawn).

Rendering is done with ``Figure`` and ``RendererSVG`` directly (no pyplot, no global
figure manager, no raster backend, no ``savefig`` machinery) and avoids the costly layout
passes (``tight`` bounding boxes, ``loc="best"`` legends, automatic tick locators at draw
time).

Text measurement is most of the drawing time: matplotlib shapes every label with FreeType
to align it, and caches the result only for the life of one renderer, which is one chart.
``_Renderer`` keeps the measurements for the life of the process (``_text_metrics``, a
bounded LRU), so years, tick values, legend names and percentages measured for one chart
are not measured again for the next one or the next report. The measurement itself is
matplotlib's own, so the SVG is byte for byte what matplotlib would write.
"""

from __future__ import annotations

import functools
import io
import math
import textwrap

import matplotlib
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle, Wedge
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2DBase, Bbox, BboxTransform, blended_transform_factory

from portal.i18n import CJK_RUN

from .spec import INK, ChartSpec
from .svg import _lightness

WIDTH_IN, HEIGHT_IN = 7.2, 4.8
"""3:2, the aspect ratio of the chart box on the page (``static/css/charts.css``)."""

TEXT_COLOUR = "#222222"
GRID_COLOUR = "#e3e3e3"
AXIS_COLOUR = "#666666"
MAX_LABELLED_BARS = 8
"""Beyond this many years only the first and last bars carry their value (the table has
them all): each label costs a text layout, the bulk of the drawing time."""

RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "report-charts",
    "font.family": ["DejaVu Sans"],
    "font.size": 10,
    "text.color": TEXT_COLOUR,
    "hatch.linewidth": 0.8,
}
CJK_RC = {**RC, "font.family": ["DejaVu Sans", "Noto Sans CJK JP"]}
"""For a chart with Chinese, Japanese or Korean text, which DejaVu Sans has no glyphs
for: measured with Noto Sans CJK as fallback. Only then, as the fallback costs every
chart's text layout about a sixth more (bench/chart_svg.py)."""


def _has_cjk(spec: ChartSpec) -> bool:
    texts = [spec.title, spec.x_label, spec.y_label, *spec.annotations]
    for series in spec.series:
        texts += [series.name, *map(str, series.x), *series.texts]
    return any(CJK_RUN.search(text) for text in texts)


METADATA = {"Date": None, "Creator": None}

_TEXT_TO_PATH = TextToPath()


@functools.lru_cache(maxsize=4096)
def _text_metrics(text: str, prop: FontProperties, ismath: bool | str) -> tuple:
    """Width, height and descent of ``text``, as ``RendererSVG`` measures them.

    ``prop`` must be a copy nobody changes afterwards: ``FontProperties`` hashes its
    current state (matplotlib's own cache passes copies for the same reason).
    """
    return _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath)


class _Renderer(RendererSVG):
    """``RendererSVG`` whose text measurements outlive it (see the module docstring)."""

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath == "TeX":
            return super().get_text_width_height_descent(s, prop, ismath)
        return _text_metrics(s, prop.copy(), ismath)


def _figure() -> Figure:
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=72, facecolor="#ffffff")
    FigureCanvasSVG(figure)
    return figure


def _write_svg(figure: Figure) -> str:
    """What ``figure.savefig(format="svg")`` writes for our figures (72 dpi, no metadata
    date or creator), without ``savefig``'s per-call setup."""
    buffer = io.StringIO()
    width, height = figure.get_size_inches()
    renderer = _Renderer(width * 72, height * 72, buffer, image_dpi=72, metadata=METADATA)
    figure.draw(MixedModeRenderer(figure, width, height, 72, renderer))
    renderer.finalize()
    return buffer.getvalue()


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


def draw_svg(spec: ChartSpec) -> str:
    """``spec`` drawn as matplotlib writes it (a standalone SVG document). Uncached."""
    with matplotlib.rc_context(CJK_RC if _has_cjk(spec) else RC):
        figure = _figure()
        _header(figure, spec)
        DRAWERS[spec.kind](figure, spec)
        return _write_svg(figure)
