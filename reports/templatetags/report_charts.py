"""``{% report_charts report %}``: the report's charts, their data tables and downloads.

The report page includes ``reports/_charts.html``, which is just this tag.

Renders ``reports/_charts_block.html`` from the rows the report page has prefetched (no query):
the server-drawn SVG of every chart (cached per report revision), the Plotly figures as a
JSON data block, and the script tags, which appear only when there is a chart to draw.
"""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from reports.charts.plotly import plotly_figure
from reports.charts.spec import chart_specs
from reports.charts.svg import report_svgs
from reports.models import Report

register = template.Library()


@register.inclusion_tag("reports/_charts_block.html")
def report_charts(report: Report) -> dict:
    specs = chart_specs(report)
    if not specs:
        return {"charts": []}
    svgs = report_svgs(report, specs)
    stem = f"{report.slug}-r{report.code}"
    downloads = {}
    if report.is_public:
        kwargs = {"slug": report.slug, "code": report.code}
        downloads = {
            "csv": reverse("reports:data_csv", kwargs=kwargs),
            "xlsx": reverse("reports:data_xlsx", kwargs=kwargs),
        }
    return {
        "report": report,
        "charts": [
            {
                "spec": spec,
                "svg": mark_safe(svgs[spec.id]),  # noqa: S308 - matplotlib output, text escaped
                "rows": [
                    {"head": row.cells[0], "cells": row.cells[1:], "child": row.level > 0}
                    for row in spec.table_rows
                ],
            }
            for spec in specs
        ],
        "figures": {spec.id: plotly_figure(spec, filename=f"{stem}-{spec.id}") for spec in specs},
        "downloads": downloads,
    }
