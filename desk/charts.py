"""The dashboard's charts: ``ChartSpec`` values drawn by the report charts' SVG renderer
(``reports.charts``), so they follow the same accessible, CSP-safe markup."""

import hashlib

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from reports.charts.spec import BAR_COLOUR, ChartSpec, Series, TableRow
from reports.charts.svg import RENDERER_VERSION, render_svg

CACHE_SECONDS = 60 * 60


def ranked_bars(
    *, chart_id: str, title: str, summary: str, axis: str, rows: list[tuple[str, int]]
) -> SafeString:
    """``rows`` (name, count), largest first, as a horizontal bar chart; empty when every
    count is zero. Cached under a digest of everything drawn, so an unchanged chart is
    not drawn again (tens of milliseconds each)."""
    if not any(n for _, n in rows):
        return mark_safe("")  # noqa: S308 - empty
    digest = hashlib.sha256(repr((chart_id, title, summary, axis, rows)).encode()).hexdigest()
    key = f"desk:chart:{RENDERER_VERSION}:{digest[:32]}"
    svg = cache.get(key)
    if svg is None:
        svg = _drawn(chart_id=chart_id, title=title, summary=summary, axis=axis, rows=rows)
        cache.set(key, svg, CACHE_SECONDS)
    return mark_safe(svg)  # noqa: S308 - our renderer's markup


def _drawn(*, chart_id: str, title: str, summary: str, axis: str, rows: list) -> str:
    spec = ChartSpec(
        id=chart_id,
        kind="hbar",
        title=title,
        summary=summary,
        x_label=axis,
        y_label="",
        series=(
            Series(
                name=axis,
                x=tuple(name for name, _ in rows),
                values=tuple(float(n) for _, n in rows),
                texts=tuple(f"{n:,}" for _, n in rows),
                colours=(BAR_COLOUR,) * len(rows),
                hatched=(False,) * len(rows),
            ),
        ),
        annotations=(),
        table_caption=title,
        table_header=("", axis),
        table_rows=tuple(TableRow((name, f"{n:,}")) for name, n in rows),
    )
    return render_svg(spec, prefix=f"desk-{chart_id}")
