"""A ``ChartSpec`` as a Plotly figure (``data``, ``layout``, ``config``), JSON-able.

The browser script hands the dict straight to ``Plotly.newPlot``. Plotly reads a few HTML
tags in text, so every text from the database is entity-escaped here, and no text uses
tags other than ``<br>``: Plotly draws ``<b>``, ``<i>`` and the like as ``style="…"``
attributes, which the CSP's ``style-src`` refuses.
"""

from html import escape

from .spec import INK, ChartSpec, Series

FONT = {
    "family": "DejaVu Sans, Noto Sans CJK JP, Verdana, Arial, sans-serif",
    "size": 13,
    "color": "#222222",
}
PATTERN = {"fillmode": "overlay", "fgcolor": INK, "fgopacity": 1, "size": 8, "solidity": 0.2}
"""Hatching drawn in ink over the bar's own colour, as in the SVG."""
BAR_WIDTH = 0.7
"""In years, as in the SVG: Plotly would otherwise widen bars to the gap between years."""


def _text(value: str) -> str:
    return escape(value, quote=False)


def _marker(series: Series, *, line_colour: str, colour_key: str = "color") -> dict:
    marker = {colour_key: list(series.colours), "line": {"color": line_colour, "width": 1}}
    if any(series.hatched):
        marker["pattern"] = {
            **PATTERN,
            "shape": ["/" if hatched else "" for hatched in series.hatched],
        }
    return marker


def _bar_traces(spec: ChartSpec) -> list[dict]:
    return [
        {
            "type": "bar",
            "name": _text(series.name),
            "x": list(series.x),
            "y": list(series.values),
            "width": BAR_WIDTH,
            "text": list(series.texts),
            "textposition": "outside",
            "cliponaxis": False,
            "marker": _marker(series, line_colour=INK),
            "hovertemplate": f"%{{x}}: %{{text}} {_text(spec.y_label)}<extra>"
            f"{_text(series.name)}</extra>",
        }
        for series in spec.series
    ]


def _pie_trace(spec: ChartSpec) -> dict:
    series = spec.series[0]
    return {
        "type": "pie",
        "name": _text(series.name),
        "labels": [_text(str(name)) for name in series.x],
        "values": list(series.values),
        "text": list(series.texts),
        "customdata": ["<br>".join(_text(line) for line in lines) for lines in series.hover],
        "textinfo": "text",
        "hovertemplate": "%{label}: %{text}<br>%{customdata}<extra></extra>",
        "hole": 0.45,
        "sort": False,
        "direction": "clockwise",
        "marker": _marker(series, line_colour="#ffffff", colour_key="colors"),
    }


def _hbar_trace(spec: ChartSpec) -> dict:
    series = spec.series[0]
    return {
        "type": "bar",
        "orientation": "h",
        "name": _text(series.name),
        "y": [_text(str(name)) for name in series.x],
        "x": list(series.values),
        "text": list(series.texts),
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": ["<br>".join(_text(line) for line in lines) for lines in series.hover],
        "hovertemplate": "%{y}: %{text}<br>%{customdata}<extra></extra>",
        "marker": _marker(series, line_colour=INK),
    }


def plotly_figure(spec: ChartSpec, *, filename: str = "chart") -> dict:
    """The Plotly figure for ``spec``; ``filename`` names the PNG the mode bar downloads."""
    layout = {
        "title": {
            "text": _text(spec.title),
            "x": 0,
            "xanchor": "left",
            "font": {"size": 16, "weight": 700},
        },
        "font": FONT,
        "autosize": True,
        "margin": {"l": 64, "r": 24, "t": 64, "b": 56},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"bgcolor": "#ffffff", "font": {"color": "#222222"}},
        "annotations": [
            {
                "text": _text(text),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13, "color": INK},
            }
            for text in spec.annotations
        ],
    }
    if spec.kind == "bar":
        years = sorted({year for series in spec.series for year in series.x})
        data = _bar_traces(spec)
        layout |= {
            "barmode": "relative",
            "bargap": 0.25,
            "showlegend": True,
            "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1, "yanchor": "bottom"},
            "xaxis": {
                "title": {"text": _text(spec.x_label)},
                "tickmode": "array",
                "tickvals": years,
                "ticktext": [str(year) for year in years],
                "range": [years[0] - 0.6, years[-1] + 0.6],
                "fixedrange": True,
            },
            "yaxis": {
                "title": {"text": _text(spec.y_label)},
                "rangemode": "tozero",
                "gridcolor": "#e3e3e3",
                "fixedrange": True,
            },
        }
    elif spec.kind == "pie":
        data = [_pie_trace(spec)]
        layout |= {"showlegend": True, "legend": {"x": 1, "xanchor": "left", "y": 0.5}}
    else:
        data = [_hbar_trace(spec)]
        layout |= {
            "showlegend": False,
            "margin": {**layout["margin"], "l": 160},
            "xaxis": {
                "title": {"text": _text(spec.x_label)},
                "rangemode": "tozero",
                "gridcolor": "#e3e3e3",
                "fixedrange": True,
            },
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
        }
    config = {
        "responsive": True,
        "displaylogo": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "zoom2d", "pan2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
    return {"data": data, "layout": layout, "config": config}
