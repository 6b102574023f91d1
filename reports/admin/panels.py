"""The report change page's read-only panels and the report list's findings cell: the
integrity findings (each linked to its field), the translations with their buttons."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..integrity import ERROR, LEVELS, NOTE, WARNING, report_findings
from ..languages import report_language_statuses, translation_languages
from ..models import Report
from .change_page import PlacedFinding
from .report_views import change_url


def integrity_panel(obj: Report) -> str:
    """Counts, then each finding linked to the field it is about (``findings_placed``,
    run by ``render_change_form``, which also shows it at the field)."""
    if obj is None or obj.pk is None:
        return "Checked once the report is saved."
    placed = getattr(obj, "placed_findings", None)
    if placed is None:
        placed = [PlacedFinding(finding) for finding in report_findings(report=obj)]
    if not placed:
        return format_html('<p class="integrity-ok">{}</p>', "No issues found.")
    by_level = {level: [p for p in placed if p.finding.level == level] for level in LEVELS}
    return format_html(
        "<p>{} error(s) (block publishing), {} warning(s), {} note(s).</p>{}{}{}",
        len(by_level[ERROR]),
        len(by_level[WARNING]),
        len(by_level[NOTE]),
        _findings_list(by_level[ERROR], "errorlist integrity-findings", "Error:"),
        _findings_list(by_level[WARNING], "integrity-findings", "Warning:"),
        _findings_list(by_level[NOTE], "integrity-findings integrity-notes", "Note:"),
    )


def findings_cell(obj: Report) -> str:
    """Open integrity errors and warnings as last counted, linked to the change page's
    integrity group."""
    if obj.findings_errors is None:
        return "not counted"
    if not obj.findings_errors and not obj.findings_warnings:
        return "none"
    parts = []
    if obj.findings_errors:
        parts.append(
            format_html(
                '<strong class="findings-errors">{} error{}</strong>',
                obj.findings_errors,
                "s" if obj.findings_errors > 1 else "",
            )
        )
    if obj.findings_warnings:
        parts.append(f"{obj.findings_warnings} warning{'s' if obj.findings_warnings > 1 else ''}")
    return format_html(
        '<a href="{}#task-integrity">{}</a>',
        change_url(obj),
        format_html_join(", ", "{}", ((part,) for part in parts)),
    )


def translations_panel(obj: Report) -> str:
    """Each language's state (what is missing, out of date, published), with its
    publish or unpublish button (which submits to its own address)."""
    if obj is None or obj.pk is None:
        return "Translated once the report is saved."
    rows = []
    for status in report_language_statuses(obj):
        if status.published:
            action, label = "unpublish", f"Unpublish {status.name}"
        elif status.complete:
            action, label = "publish", f"Publish {status.name}"
        else:
            action, label = "", ""
        button = (
            format_html(
                '<button type="submit" class="button" formnovalidate formaction="{}">{}</button>',
                reverse(
                    f"admin:reports_report_language_{action}",
                    args=[obj.pk, status.language],
                ),
                label,
            )
            if action
            else ""
        )
        missing = (
            format_html(
                "<details><summary>{} of {} missing</summary>{}</details>",
                len(status.missing),
                status.total,
                ", ".join(status.missing),
            )
            if status.missing and status.state != "missing"
            else ""
        )
        shown = status.language in getattr(obj, "shown_languages", ())
        edit = (
            "shown in the form"
            if shown
            else format_html(
                '<a href="{}?text={}">Edit the text in {}</a>',
                change_url(obj),
                status.language,
                status.name,
            )
        )
        rows.append(
            (
                status.name,
                status.language,
                {"missing": "Not translated", "incomplete": "Incomplete"}.get(
                    status.state, "Complete"
                ),
                missing,
                "English changed since" if status.out_of_date else "",
                "Published" if status.published else "Not published",
                format_html("{} {}", edit, button),
            )
        )
    names = dict(translation_languages())
    shown = [names[code] for code in getattr(obj, "shown_languages", ()) if code in names]
    intro = format_html(
        '<p>The form shows the text in English{}. <a href="{}?text=all">Show every '
        "language</a>.</p>",
        format_html_join("", ", {}", ((name,) for name in shown)),
        change_url(obj),
    )
    return format_html(
        '{}<table class="translation-status"><thead><tr><th scope="col">Language</th>'
        '<th scope="col">Text</th><th scope="col">English</th><th scope="col">Visitors</th>'
        '<th scope="col"></th></tr></thead><tbody>{}</tbody></table>',
        intro,
        format_html_join(
            "",
            '<tr><th scope="row" lang="{1}">{0}</th><td>{2}{3}</td><td>{4}</td>'
            "<td>{5}</td><td>{6}</td></tr>",
            rows,
        ),
    )


def _findings_list(placed, css_class: str, label: str) -> str:
    if not placed:
        return ""
    return format_html(
        '<ul class="{}">{}</ul>',
        css_class,
        format_html_join(
            "",
            '<li class="integrity-{}"><strong>{}</strong> {}{}{}</li>',
            (
                (
                    item.finding.level,
                    label,
                    item.finding.message,
                    format_html(' <q class="integrity-quote">{}</q>', item.finding.quote)
                    if item.finding.quote and item.finding.quote not in item.finding.message
                    else "",
                    format_html(' <a href="#{}">Go to the field</a>', item.anchor)
                    if item.anchor
                    else "",
                )
                for item in placed
            ),
        ),
    )
