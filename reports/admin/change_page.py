"""The report change page organised by task: each task one collapsible group holding its
fieldsets and inlines, so that an editor sees one task at a time.

Groups are ``<details>`` elements: they open and close without JavaScript. The first is
open, and so is every group holding a form error, so that a refused save shows where. The
integrity group, a few lines on the whole report, is always open: what blocks
publishing must not hide behind a click.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from portal.i18n import english_column

from ..charts.spec import cagr_label, headline_data, market_size_spec
from ..charts.svg import cached_svg
from ..integrity import Finding, report_findings_with_targets
from ..models import MarketFigure, Report

TASKS = (
    ("content", "Content", (None,), ("section", "tocentry", "faq")),
    (
        "figures",
        "Figures and segments",
        ("Periods and figures",),
        ("marketfigure", "reportsegment"),
    ),
    ("players", "Key players", (), ("reportcompany",)),
    ("licences", "Licences", (), ("licence",)),
    ("publication", "Publication", ("Publication", "Translations"), ("reportedition",)),
    ("integrity", "Integrity", ("Integrity",), ()),
)
"""(slug, title, fieldset names, inline model names) in the order an editor works."""
ALWAYS_OPEN = {"integrity"}


@dataclass
class TaskGroup:
    slug: str
    title: str
    fieldsets: list = field(default_factory=list)
    inlines: list = field(default_factory=list)
    open: bool = False


def _fieldset_has_errors(fieldset, errors) -> bool:
    names = set()
    for line in fieldset.fields:
        names.update(line if isinstance(line, (list, tuple)) else [line])
    return any(name in errors for name in names)


def task_groups(adminform, inline_admin_formsets) -> list[TaskGroup]:
    """The change page's fieldsets and inlines sorted into ``TASKS``; anything a task does
    not name goes to the last group, so nothing is ever left off the page."""
    groups = [TaskGroup(slug, title, open=slug in ALWAYS_OPEN) for slug, title, _, _ in TASKS]
    by_fieldset = {name: i for i, (_, _, names, _) in enumerate(TASKS) for name in names}
    by_inline = {model: i for i, (_, _, _, models) in enumerate(TASKS) for model in models}
    errors = adminform.form.errors
    for fieldset in adminform:
        group = groups[by_fieldset.get(fieldset.name, len(groups) - 1)]
        group.fieldsets.append(fieldset)
        group.open |= _fieldset_has_errors(fieldset, errors)
    for inline in inline_admin_formsets:
        group = groups[by_inline.get(inline.opts.model._meta.model_name, len(groups) - 1)]
        group.inlines.append(inline)
        formset = inline.formset
        group.open |= bool(formset.is_bound and formset.total_error_count())
    groups = [group for group in groups if group.fieldsets or group.inlines]
    if groups and not any(group.open for group in groups if group.slug not in ALWAYS_OPEN):
        groups[0].open = True
    return groups


def figures_preview(report) -> str:
    """The market size chart as the page will draw it (the server SVG, cached per
    revision and version shown) and the CAGR as it will be published, for the figures group: the editor
    sees what the grid of figures below makes of them."""
    if report is None or report.pk is None:
        return "Drawn once the report is saved."
    loaded = Report.objects.prefetch_related(
        "figures", "segment_links__segment__dimension", "company_links__company"
    ).get(pk=report.pk)
    data = headline_data(loaded)
    cagr = (
        cagr_label(data.cagr)
        if data.cagr
        else "No CAGR: the whole-market figures do not cover the forecast period."
    )
    spec = market_size_spec(loaded, data)
    loaded.shown_revision_id = getattr(report, "shown_revision_id", None)
    chart = mark_safe(cached_svg(loaded, spec)) if spec else "No chart: fewer than two years."  # noqa: S308 - our renderer's markup
    return format_html(
        '<p class="figures-preview__cagr"><strong>{}</strong></p>'
        '<figure class="figures-preview">{}</figure>',
        cagr,
        chart,
    )


WHOLE_REPORT_ANCHORS = {"Periods": "id_historic_start_year"}
"""Findings on the report's periods point to its period fields (and on its figures to the
grid of figures, whose id depends on the formset's prefix)."""


@dataclass
class PlacedFinding:
    finding: Finding
    anchor: str = ""
    """The id of the element the finding is about (a form field, or the figures group)."""


def findings_placed(report, adminform, inline_admin_formsets) -> list[PlacedFinding]:
    """``report``'s integrity findings, each with the id of the form field holding the text
    it is about (in English, the language findings read), and that field's help text
    showing the finding, so the editor sees it where the fix is made. A finding on the
    periods or the figures points to the period fields or the grid of figures."""
    findings, targets = report_findings_with_targets(report=report)
    forms = {("report", None): ("", adminform.form)}
    anchors = dict(WHOLE_REPORT_ANCHORS)
    for inline in inline_admin_formsets:
        formset = inline.formset
        if formset.model is MarketFigure:
            anchors["Figures"] = f"{formset.prefix}-group"
        for index, form in enumerate(formset.forms):
            if form.instance.pk is not None:
                key = (formset.model._meta.model_name, form.instance.pk)
                forms[key] = (f"{formset.prefix}-{index}-", form)
    placed = []
    for finding in findings:
        anchor = anchors.get(finding.where, "")
        model, pk, field_name = targets.get(finding.where, (None, None, None))
        if (model, pk) in forms:
            prefix, form = forms[(model, pk)]
            name = next(
                (n for n in (english_column(field_name), field_name) if n in form.fields), None
            )
            if name is not None:
                anchor = f"id_{prefix}{name}"
                field = form.fields[name]
                field.help_text = format_html(
                    '{}<span class="integrity-at-field integrity-{}">{} {}</span>',
                    field.help_text,
                    finding.level,
                    LEVEL_LABELS[finding.level],
                    finding.message,
                )
        placed.append(PlacedFinding(finding, anchor))
    return placed


LEVEL_LABELS = {"error": "Error (blocks publishing):", "warning": "Warning:", "note": "Note:"}
