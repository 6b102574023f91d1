"""Writing a batch of checked documents: the report rows and their child rows, set-based.

New reports get their child rows with one COPY per table (PostgreSQL). An existing report's
child rows are read back first and compared table by table: a table whose rows already say
what the document says is left alone, so a re-import of an unchanged catalogue writes
nothing, keeps revisions (and the caches keyed by them) and needs no reindexing.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.utils import timezone

from portal.i18n import english_column, language_column
from reports.languages import TRANSLATED_ROWS, english_digest
from reports.models import (
    Faq,
    Licence,
    MarketFigure,
    Report,
    ReportCompany,
    ReportLanguage,
    ReportStatus,
    Section,
    TocEntry,
    default_licences,
)
from reports.search.index import listing_generation_advance, report_search_index_update
from reports.tasks import count_findings
from segments.models import ReportSegment

from ..document import ReportDocument
from ..document.translations import translation_codes
from .records import ImportResult, RecordRefused
from .refs import Refs

TEXT_LANGUAGES = (settings.LANGUAGE_CODE, *translation_codes())
"""English first, then every translation language: the order of a text's columns."""


def text_columns(field: str) -> tuple[str, ...]:
    """``field``'s column in each of ``TEXT_LANGUAGES`` (``heading_en_gb``, ``heading_ja`` …)."""
    return tuple(language_column(field, code) for code in TEXT_LANGUAGES)


COLUMNS = {
    Section: ("report_id", "position", "kind", *text_columns("heading"), *text_columns("body")),
    TocEntry: ("report_id", "position", "level", *text_columns("title")),
    Faq: ("report_id", "position", *text_columns("question"), *text_columns("answer")),
    MarketFigure: ("report_id", "segment_id", "year", "value", "kind", "precision", "is_estimate"),
    ReportCompany: ("report_id", "company_id", "position", *text_columns("blurb"), "market_share"),
    ReportSegment: (
        "report_id",
        "segment_id",
        "position",
        "share_percent",
        "share_of_id",
        "value",
        "value_year",
        "narrative",
    ),
    Licence: ("report_id", "tier", "price", "currency", "seats", *text_columns("description")),
}
"""The child tables' columns, in the order ``children`` gives each row's values; each
table's rows of one report are written in one go and compared with the stored ones in the
order of their ids. Text goes to its column per language (``*_en_gb``, ``*_ja`` …, empty
where the document has no translation): the original column is not read
(``reports.translation``) and keeps its empty default."""


def children(report_id: int, document: ReportDocument, refs: Refs) -> dict[type, list]:
    """Each child table's rows for the document, as tuples in ``COLUMNS`` order.

    Tuples rather than model instances: building 75 instances per report was most of the
    import's time. Section bodies and FAQ answers were sanitised by ``check_record``.
    """
    segments = {key: segment.id for key, segment in refs.segments_for(document).items()}
    if len(set(segments.values())) != len(segments):
        raise RecordRefused("Two segments of the document are the same catalogue segment.")
    translations = [document.translations.get(code) for code in TEXT_LANGUAGES[1:]]

    def texts(english: str, part: str, i: int | str, key: str | None = None) -> tuple:
        """``english`` then its translation in each language ("" where there is none)."""
        out = [english]
        for translation in translations:
            items = getattr(translation, part) if translation else None
            if isinstance(items, dict):
                out.append(items.get(i, ""))
            elif items and i < len(items):
                out.append(items[i] if key is None else items[i].get(key, ""))
            else:
                out.append("")
        return tuple(out)

    if document.licences is None:
        licences = [
            (
                report_id,
                item["tier"],
                item["price"],
                document.currency,
                item["seats"],
                *texts(item["description"], "licences", item["tier"]),
            )
            for item in default_licences()
        ]
    else:
        licences = [
            (
                report_id,
                item.tier,
                item.price,
                item.currency,
                item.seats,
                *texts(item.description, "licences", item.tier),
            )
            for item in document.licences
        ]
    return {
        Section: [
            (
                report_id,
                i,
                s["kind"],
                *texts(s["heading"], "sections", i, "heading"),
                *texts(s["body"], "sections", i, "body"),
            )
            for i, s in enumerate(document.sections)
        ],
        TocEntry: [
            (report_id, i, t["level"], *texts(t["title"], "toc", i))
            for i, t in enumerate(document.toc)
        ],
        Faq: [
            (
                report_id,
                i,
                *texts(f["question"], "faqs", i, "question"),
                *texts(f["answer"], "faqs", i, "answer"),
            )
            for i, f in enumerate(document.faqs)
        ],
        MarketFigure: [
            (
                report_id,
                segments[f.segment] if f.segment else None,
                f.year,
                f.value,
                f.kind,
                f.precision,
                f.is_estimate,
            )
            for f in document.figures
        ],
        ReportCompany: [
            (
                report_id,
                refs.company(p.company).id,
                i,
                *texts(p.blurb, "players", i),
                p.market_share,
            )
            for i, p in enumerate(document.players)
        ],
        ReportSegment: [
            (
                report_id,
                segments[s.key],
                i,
                s.share_percent,
                segments[s.share_of] if s.share_of else None,
                s.value,
                s.value_year,
                s.narrative,
            )
            for i, s in enumerate(document.segments)
        ],
        Licence: licences,
    }


def insert_rows(model, rows: list[tuple]) -> None:
    """Insert ``rows`` (tuples in ``COLUMNS[model]`` order): one ``COPY … FROM STDIN`` in CSV
    written by the C ``csv`` module on PostgreSQL (a fraction of the client's and the
    server's time of multi-row INSERTs), executemany elsewhere.

    CSV cannot tell NULL from an empty string once every text is quoted, so the nullable
    columns other than text are read with ``FORCE_NULL``.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    names = COLUMNS[model]
    columns = ", ".join(quote(column) for column in names)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = io.StringIO()
            csv.writer(text, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(rows)
            text.seek(0)
            nullable = [
                quote(column)
                for column in names
                if _field_of_column(model, column).null
                and not _field_of_column(model, column).empty_strings_allowed
            ]
            options = "FORMAT csv" + (f", FORCE_NULL ({', '.join(nullable)})" if nullable else "")
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN ({options})", text)
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _field_of_column(model, column: str):
    return next(field for field in model._meta.concrete_fields if field.column == column)


def stored_rows(model, report_ids: list[int]) -> dict[int, list[tuple]]:
    """The child rows of ``report_ids`` as ``children`` builds them, by report, in id order."""
    found: dict[int, list[tuple]] = defaultdict(list)
    if not report_ids:
        return found
    queryset = model.objects.filter(report_id__in=report_ids).order_by("report_id", "pk")
    texts = {i for i, c in enumerate(COLUMNS[model]) if c in TEXT_COLUMNS}
    for row in queryset.values_list(*COLUMNS[model]):
        if texts:
            row = tuple("" if i in texts and v is None else v for i, v in enumerate(row))
        found[row[0]].append(row)
    return found


def delete_rows(model, report_ids: list[int]) -> None:
    """Delete the child rows of ``report_ids`` in one statement. Raw: the search index's
    per-row signal receivers would reindex a report once per row; the batch is reindexed
    once instead."""
    if report_ids:
        queryset = model.objects.filter(report_id__in=report_ids)
        queryset._raw_delete(queryset.db)


TEXT_COLUMNS = frozenset(
    column
    for field in (
        "title",
        "headline",
        "summary",
        "heading",
        "body",
        "question",
        "answer",
        "blurb",
        "description",
    )
    for column in text_columns(field)
)
"""Columns a document leaves "" rather than NULL where it has no text."""

REPORT_FIELDS = [
    "slug",
    *text_columns("title"),
    *text_columns("headline"),
    *text_columns("summary"),
    "category",
    "status",
    "featured",
    "published_at",
    "base_year",
    "historic_start_year",
    "forecast_start_year",
    "forecast_end_year",
    "page_count",
    "currency",
    "unit",
]


def update_reports(reports: list[Report], names: list[str]) -> None:
    """``bulk_update`` in one ``UPDATE … FROM (VALUES …)`` on PostgreSQL: Django's CASE
    expression per field and row costs more than the rest of the import."""
    if connection.vendor != "postgresql":
        Report.objects.bulk_update(reports, names)
        return
    from psycopg2.extras import execute_values

    fields = [Report._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = [field.column for field in fields]
    template = "(%s::bigint, " + ", ".join(f"%s::{f.db_type(connection)}" for f in fields) + ")"
    assignments = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns)
    rows = [
        (
            report.pk,
            *(
                field.get_db_prep_save(getattr(report, field.attname), connection)
                for field in fields
            ),
        )
        for report in reports
    ]
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            f"UPDATE {quote(Report._meta.db_table)} AS r SET {assignments} "
            f"FROM (VALUES %s) AS v(id, {', '.join(quote(c) for c in columns)}) "
            f"WHERE r.id = v.id",
            rows,
            template=template,
            page_size=1000,
        )


def apply_document(report: Report, document: ReportDocument, refs: Refs, now) -> None:
    report.slug = document.slug
    for name in ("title", "headline", "summary"):
        setattr(report, english_column(name), getattr(document, name))
        for code in TEXT_LANGUAGES[1:]:
            translation = document.translations.get(code)
            setattr(report, language_column(name, code), getattr(translation, name, ""))
    report.category = refs.category(document.category)
    report.featured = document.featured
    report.base_year = document.base_year
    report.historic_start_year = document.historic_start_year
    report.forecast_start_year = document.forecast_start_year
    report.forecast_end_year = document.forecast_end_year
    report.page_count = document.page_count
    report.currency = document.currency
    report.unit = document.unit
    report.status = document.status
    report.published_at = document.published_at or report.published_at
    if report.status == ReportStatus.PUBLISHED and report.published_at is None:
        report.published_at = now


def _report_state(report: Report) -> tuple:
    values = (getattr(report, Report._meta.get_field(name).attname) for name in REPORT_FIELDS)
    return tuple("" if value is None else value for value in values)


def languages_sync(reports: dict[int, ReportDocument], now) -> set[int]:
    """Make each report's ``ReportLanguage`` rows say what its document's translations say
    (published or not); returns the reports whose published languages changed. A new row
    is translated from today's English; an existing one keeps what it was translated from,
    so an import changing the English shows its translations out of date. Languages the
    document does not carry lose their row."""
    stored = defaultdict(dict)
    for record in ReportLanguage.objects.filter(report_id__in=list(reports)):
        stored[record.report_id][record.language] = record
    new_rows = [
        pk
        for pk, document in reports.items()
        if set(document.translations) - set(stored.get(pk, {}))
    ]
    loaded = Report.objects.filter(pk__in=new_rows).prefetch_related(
        *(name for name, _ in TRANSLATED_ROWS)
    )
    digests = {report.pk: english_digest(report) for report in loaded}
    changed, create, update, delete = set(), [], [], []
    for pk, document in reports.items():
        records = stored.get(pk, {})
        for code, translation in document.translations.items():
            record = records.get(code)
            if record is None:
                record = ReportLanguage(
                    report_id=pk, language=code, translated_at=now, english_digest=digests[pk]
                )
                create.append(record)
            if translation.published != (record.published_at is not None):
                record.published_at = now if translation.published else None
                changed.add(pk)
                if record.pk is not None:
                    update.append(record)
        for code, record in records.items():
            if code not in document.translations:
                delete.append(record.pk)
                if record.published_at:
                    changed.add(pk)
    ReportLanguage.objects.bulk_create(create)
    ReportLanguage.objects.bulk_update(update, ["published_at"])
    ReportLanguage.objects.filter(pk__in=delete).delete()
    return changed


def write_batch(items: list[tuple[int, ReportDocument]], refs: Refs, result: ImportResult) -> None:
    """Upsert a batch in one transaction; raises on any database error (nothing is kept).

    Statements per batch, whatever its size: two to find the reports and slugs, one per
    child table to read an existing report's rows, then only for what changed one UPDATE of
    the reports, one DELETE and one COPY per child table, and one search-index update.
    """
    now = timezone.now()
    codes = [document.code for _, document in items]
    existing = {
        r.code: r
        for r in Report.objects.filter(code__in=codes).only(
            "id", "code", "revision", "updated_at", *REPORT_FIELDS
        )
    }
    slug_owners = dict(
        Report.objects.filter(slug__in=[d.slug for _, d in items]).values_list("slug", "code")
    )
    for _line, document in items:
        owner = slug_owners.get(document.slug)
        if owner is not None and owner != document.code:
            raise RecordRefused(f'The slug "{document.slug}" belongs to report {owner}.')

    new, old, old_changed = [], [], set()
    for _, document in items:
        report = existing.get(document.code)
        if report is None:
            report = Report(code=document.code, revision=1)
            apply_document(report, document, refs, now)
            new.append(report)
        else:
            before = _report_state(report)
            apply_document(report, document, refs, now)
            if _report_state(report) != before:
                old_changed.add(report.pk)
            old.append(report)
    if new:
        Report.objects.bulk_create(new)
        if any(r.pk is None for r in new):
            ids = dict(
                Report.objects.filter(code__in=[r.code for r in new]).values_list("code", "pk")
            )
            for report in new:
                report.pk = report.id = ids[report.code]
    by_code = {r.code: r for r in (*new, *old)}
    rows: dict[type, dict[int, list]] = {model: {} for model in COLUMNS}
    for _, document in items:
        report_id = by_code[document.code].pk
        for model, model_rows in children(report_id, document, refs).items():
            rows[model][report_id] = model_rows
    old_ids = [r.pk for r in old]
    new_ids = {r.pk for r in new}
    for model, by_report in rows.items():
        stored = stored_rows(model, old_ids)
        stale = {pk for pk in old_ids if stored.get(pk, []) != by_report[pk]}
        delete_rows(model, sorted(stale))
        old_changed |= stale
        insert_rows(
            model,
            [
                row
                for report_id, model_rows in by_report.items()
                if report_id in new_ids or report_id in stale
                for row in model_rows
            ],
        )
    published_changed = languages_sync({by_code[d.code].pk: d for _, d in items}, now)
    if published_changed:
        listing_generation_advance()
    old_changed |= published_changed & set(old_ids)
    changed = [r for r in old if r.pk in old_changed]
    for report in changed:
        report.revision += 1
        report.updated_at = now
    if changed:
        update_reports(changed, [*REPORT_FIELDS, "revision", "updated_at"])
    report_search_index_update(report_ids=[r.pk for r in (*new, *changed)])
    count_findings.delay_on_commit([r.pk for r in (*new, *changed)])
    new_codes = {r.code for r in new}
    for _, document in items:
        if document.code in new_codes:
            result.created.append(document.code)
        else:
            result.updated.append(document.code)
            if by_code[document.code].pk not in old_changed:
                result.unchanged.append(document.code)
