"""The differences between two versions of a report, field by field, for the compare page:
the report's own fields, then each inline row added, removed or changed (figures
included). Text is compared word by word (``difflib``) and shown with ``<del>`` and
``<ins>``; rich text as a reader reads it (words and link addresses, not tags). The
workflow fields (``registry.WORKFLOW_FIELDS``) are left out: a version does not carry
them back. What a row points to (a segment, a company) is named as it is now, read in one
query per kind of row.

django-reversion-compare does this for django-reversion, but it is GPL-3 while this
project is MIT, so the page is ours: some eighty lines over reversion's ``field_dict``."""

import difflib
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from django.db import models
from django.utils.html import format_html, format_html_join
from reversion.models import Revision

from .registry import WORKFLOW_FIELDS


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class RowChange:
    kind: str  # the model's verbose name, e.g. "market figure"
    name: str  # the row as its __str__ showed it when saved
    state: str  # "added", "removed" or "changed"
    fields: list[FieldChange] = field(default_factory=list)


def _rows(revision: Revision) -> dict[tuple[str, str], tuple[type, str, dict]]:
    rows = {}
    for version in revision.version_set.select_related("content_type"):
        model = version._model
        if model is None:
            continue
        rows[(model._meta.label, version.object_id)] = (
            model,
            version.object_repr,
            version.field_dict,
        )
    return rows


def _field(model, attname: str) -> models.Field | None:
    """``model``'s field stored under ``attname`` (``field_dict`` keys: ``company_id``)."""
    return next((f for f in model._meta.concrete_fields if f.attname == attname), None)


Names = dict[tuple[type, object], str]


def _names(*row_sets: dict) -> Names:
    """What every foreign key of the rows points to, by (model, id), as it reads now: one
    query per model pointed to."""
    wanted: dict[type, set] = {}
    for rows in row_sets:
        for model, _, values in rows.values():
            for model_field in model._meta.concrete_fields:
                value = values.get(model_field.attname)
                if isinstance(model_field, models.ForeignKey) and value is not None:
                    wanted.setdefault(model_field.related_model, set()).add(value)
    return {
        (target, row.pk): str(row)
        for target, ids in wanted.items()
        for row in target._default_manager.select_related().filter(pk__in=ids)
    }


def _shown(model, name: str, value, names: Names) -> str:
    if value is None or value == "":
        return ""
    model_field = _field(model, name)
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), f"(deleted, id {value})")
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.TextField) and "<" in str(value):
        return _as_read(str(value))
    return str(value)


def _as_read(html: str) -> str:
    """Rich text as a reader reads it: its words, a link followed by its address in
    brackets; the markup itself is not compared."""
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.find_all("a", href=True):
        link.append(f" [{link['href']}]")
    return " ".join(soup.get_text(" ").split())


def _label(model, name: str) -> str:
    model_field = _field(model, name)
    return str(model_field.verbose_name) if model_field is not None else name


def word_diff(old: str, new: str) -> tuple[str, str]:
    """``old`` and ``new`` as HTML, the words removed wrapped in ``<del>`` and the words
    added in ``<ins>``; everything else escaped."""
    a, b = old.split(" "), new.split(" ")
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if op == "equal":
            left.append(format_html("{}", before))
            right.append(format_html("{}", after))
            continue
        if before:
            left.append(format_html("<del>{}</del>", before))
        if after:
            right.append(format_html("<ins>{}</ins>", after))
    return (
        format_html_join(" ", "{}", ((part,) for part in left)),
        format_html_join(" ", "{}", ((part,) for part in right)),
    )


def _translated(model) -> set[str]:
    """The fields modeltranslation keeps one column per language for: only the columns
    per language (``title_en_gb``, ``title_de`` …) are compared, not the field itself."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _field_changes(model, old: dict, new: dict, names: Names) -> list[FieldChange]:
    changes = []
    skipped = {model._meta.pk.attname, "report_id"} | _translated(model)
    if model._meta.model_name == "report":
        skipped |= {model._meta.get_field(name).attname for name in WORKFLOW_FIELDS}
    for name in dict.fromkeys([*old, *new]):
        if name in skipped or old.get(name) == new.get(name):
            continue
        before = _shown(model, name, old.get(name), names)
        after = _shown(model, name, new.get(name), names)
        if before == after:
            continue
        before, after = word_diff(before, after)
        changes.append(FieldChange(_label(model, name), before, after))
    return changes


def versions_compare(older: Revision, newer: Revision) -> list[RowChange]:
    """What changed from ``older`` to ``newer``: the report's fields first, then its rows
    grouped by kind, each added, removed or changed with the fields that differ."""
    before, after = _rows(older), _rows(newer)
    names = _names(before, after)
    changes = []
    for key in sorted(set(before) | set(after), key=lambda k: (k[0] != "reports.Report", k)):
        if key in before and key in after:
            model, _, old = before[key]
            _, name, new = after[key]
            fields = _field_changes(model, old, new, names)
            if fields:
                changes.append(RowChange(str(model._meta.verbose_name), name, "changed", fields))
        elif key in after:
            model, name, new = after[key]
            changes.append(
                RowChange(
                    str(model._meta.verbose_name),
                    name,
                    "added",
                    _field_changes(model, {}, new, names),
                )
            )
        else:
            model, name, old = before[key]
            changes.append(
                RowChange(
                    str(model._meta.verbose_name),
                    name,
                    "removed",
                    _field_changes(model, old, {}, names),
                )
            )
    return changes
