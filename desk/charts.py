"""The dashboard's charts: ``ChartSpec`` values drawn by the report charts' SVG renderer
(``reports.charts``), so they follow the same accessible, CSP-safe markup."""

from django.utils.safestring import SafeString, mark_safe

from reports.charts.spec import BAR_COLOUR, ChartSpec, Series, TableRow
from reports.charts.svg import render_svg


def ranked_bars(
    *, chart_id: str, title: str, summary: str, axis: str, rows: list[tuple[str, int]]
) -> SafeString:
    """``rows`` (name, count), largest first, as a horizontal bar chart; empty when every
    count is zero. Uncached: a few milliseconds, on a page staff open a few times a day."""
    if not any(n for _, n in rows):
        return mark_safe("")  # noqa: S308 - empty
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
    return mark_safe(render_svg(spec, prefix=f"desk-{chart_id}"))  # noqa: S308 - our renderer's markup
