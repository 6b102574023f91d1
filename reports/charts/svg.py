"""Server-side chart SVGs: drawing on demand, cached per report revision, made fit to sit
inline in a page.

This is what a reader sees without JavaScript, before Plotly has loaded, and in every
PDF. The drawing itself is matplotlib's SVG backend (``charts.svg_draw``), imported only when
a chart is actually drawn: a process that finds every chart in the cache (a worker
rendering the sample of a report whose page was just viewed) never loads matplotlib, which
costs about 35 MB of resident memory. Labels stay ``<text>`` (``svg.fonttype = none``) so
they are searchable, selectable and small. Matplotlib writes ``style="…"`` attributes and a
``<style>`` element, which the strict CSP forbids in an inline SVG; ``inline_svg`` rewrites
them as presentation attributes and makes the ids unique per chart, so several charts can
share a page.
"""

from __future__ import annotations

import re
from html import escape

from django.core.cache import cache
from django.utils.translation import get_language

from .spec import ChartSpec

RENDERER_VERSION = 2
"""Part of the cache key: bump it when the drawing changes so cached SVGs are redrawn."""

CACHE_TIMEOUT = 60 * 60 * 24 * 30
FONT_FAMILY = "DejaVu Sans, Noto Sans CJK JP, Verdana, Arial, sans-serif"

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


def _lightness(colour: str) -> float:
    """CIELAB L* of a ``#rrggbb`` colour: picks the label colour that reads on it."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 116 * (y ** (1 / 3) if y > 0.008856 else 7.787 * y + 16 / 116) - 16


def render_svg(spec: ChartSpec, *, prefix: str | None = None) -> str:
    """``spec`` drawn as an inline-ready SVG document (see ``inline_svg``). Uncached."""
    from .svg_draw import draw_svg

    return inline_svg(draw_svg(spec), prefix=prefix or f"chart-{spec.id}", title=spec.title)


def cache_key(report, chart_id: str) -> str:
    """Per report revision, language (the chart's labels are translated) and the language
    of the report's own text (its title: English where not published in the language); and
    per version shown instead of the saved report (``shown_revision_id``: a draft or an old
    version staff are looking at), so those never take the live page's place."""
    language = get_language()
    text_language = getattr(report, "content_language", language)
    shown = getattr(report, "shown_revision_id", None)
    return (
        f"report-chart-svg:v{RENDERER_VERSION}:{language}:{text_language}:{report.pk}:"
        f"{report.revision}{f':version{shown}' if shown else ''}:{chart_id}"
    )


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
