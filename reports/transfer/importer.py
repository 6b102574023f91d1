"""Writes report documents (``reports.transfer.document``) into the catalogue, in batches.

One importer serves the JSON Lines and CSV imports, the admin upload, the staff API and the
press-release import, so all of them apply the same validation and integrity rules:

- a document is upserted by report code: the report's fields are overwritten and its child
  rows (sections, contents, FAQs, figures, players, segment links, licences) replaced, so
  importing the same file twice changes nothing;
- categories, companies and dimensions are matched by slug, segments by dimension and slug
  (countries by dimension and ISO code), created when missing and updated when the document
  says otherwise;
- a document whose status is "published" and whose content has integrity errors
  (``reports.integrity.find_issues``) is refused with those errors; a draft is imported with
  its findings reported;
- a bad record (invalid, clashing slug, refused) is reported with its line number and never
  stops the others: each batch is written in one transaction, and a batch that fails in the
  database is retried record by record to isolate the culprit.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from reports.html import sanitize_html
from reports.integrity import Finding, find_issues
from reports.models import (
    Category,
    Company,
    Faq,
    Licence,
    MarketFigure,
    Report,
    ReportCompany,
    ReportStatus,
    Section,
    TocEntry,
    default_licences,
)
from reports.search.index import report_search_index_update
from segments.models import Dimension, ReportSegment, Segment

from .document import CategoryDoc, DocumentInvalid, ReportDocument, document_validate

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 500


@dataclass(frozen=True)
class RecordProblem:
    """A record that was not imported. ``line`` is 1-based in the source file."""

    line: int
    code: int | None
    message: str
    errors: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" (report {self.code})" if self.code else "")
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    problems: list[RecordProblem] = field(default_factory=list)
    findings: dict[int, list[Finding]] = field(default_factory=dict)

    @property
    def imported(self) -> int:
        return len(self.created) + len(self.updated)


class RecordRefused(Exception):
    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        self.message = message
        self.errors = errors or {}
        super().__init__(message)


def records_from_jsonl(lines: Iterable[str | bytes]) -> Iterable[tuple[int, Any]]:
    """(line number, the line's text) for each non-blank line; the text is parsed when the
    record is checked (in a worker process when the import runs several)."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                yield number, RecordRefused("Not UTF-8 text.")
                continue
        if line.strip():
            yield number, line


def _parse(raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as error:
        return RecordRefused(f"Not valid JSON: {error}")


class _Refs:
    """Categories, dimensions, segments and companies by natural key, cached for one import.

    Rows are created on first use and updated once when a document describes them
    differently (the last description wins).
    """

    def __init__(self):
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.dimensions = {d.slug: d for d in Dimension.objects.all()}
        self.segments: dict[tuple[int, str], Segment] = {}
        self.countries: dict[tuple[int, str], Segment] = {}
        for segment in Segment.objects.all():
            self.segments[(segment.dimension_id, segment.slug)] = segment
            if segment.country:
                self.countries[(segment.dimension_id, str(segment.country))] = segment
        self.companies = {c.slug: c for c in Company.objects.all()}
        self.synced: dict[int, tuple] = {}
        self.seen: dict = {}
        """Document parts already written in this import (a category, a company …): the
        first description wins within one import, so repeating it costs nothing."""

    @staticmethod
    def _sync(instance, values: dict) -> None:
        changed = [k for k, v in values.items() if getattr(instance, k) != v]
        if changed:
            for key in changed:
                setattr(instance, key, values[key])
            instance.save(update_fields=changed)

    def category(self, doc: CategoryDoc) -> Category:
        if doc in self.seen:
            return self.seen[doc]
        self.seen[doc] = category = self._category(doc)
        return category

    def _category(self, doc: CategoryDoc) -> Category:
        parent = self.category(doc.parent) if doc.parent else None
        values = {"name": doc.name, "description": doc.description, "parent": parent}
        if doc.position is not None:
            values["position"] = doc.position
        category = self.categories.get(doc.slug)
        if category is None:
            category = Category.objects.create(slug=doc.slug, **values)
            self.categories[doc.slug] = category
        else:
            if doc.parent is None:
                values["parent"] = category.parent
            if not doc.description:
                values.pop("description")
            self._sync(category, values)
        return category

    def dimension(self, doc) -> Dimension:
        if doc in self.seen:
            return self.seen[doc]
        self.seen[doc] = dimension = self._dimension(doc)
        return dimension

    def _dimension(self, doc) -> Dimension:
        values = {
            key: getattr(doc, key)
            for key in ("name", "position", "is_geographic")
            if getattr(doc, key) is not None
        }
        dimension = self.dimensions.get(doc.slug)
        if dimension is None:
            values.setdefault("name", doc.slug.replace("-", " ").title())
            values.setdefault("is_geographic", doc.slug == "region")
            clash = Dimension.objects.filter(name=values["name"]).first()
            if clash is not None:
                raise RecordRefused(
                    f'Dimension "{doc.slug}" is named "{values["name"]}" like dimension '
                    f'"{clash.slug}".'
                )
            dimension = Dimension.objects.create(slug=doc.slug, **values)
            self.dimensions[doc.slug] = dimension
        else:
            self._sync(dimension, values)
        return dimension

    def segments_for(self, document: ReportDocument) -> dict[tuple[str, str], Segment]:
        """The document's segments as rows, parents before children."""
        by_key = {segment.key: segment for segment in document.segments}
        resolved: dict[tuple[str, str], Segment] = {}

        def resolve(key, trail=()):
            if key in resolved:
                return resolved[key]
            if key in trail:
                raise RecordRefused(f'Segment "{key[1]}" is its own ancestor.')
            doc = by_key[key]
            dimension = self.dimension(doc.dimension)
            parent = None
            if doc.parent:
                parent_key = (doc.dimension.slug, doc.parent)
                if parent_key in by_key:
                    parent = resolve(parent_key, (*trail, key))
                else:
                    parent = self.segments.get((dimension.pk, doc.parent))
                    if parent is None:
                        raise RecordRefused(
                            f'Segment "{doc.slug}": unknown parent "{doc.parent}".',
                            {"segments": [f'Unknown parent "{doc.parent}".']},
                        )
            if doc.country and parent is None and dimension.is_geographic:
                existing = self.countries.get((dimension.pk, doc.country))
                parent = existing.parent if existing else None
            segment = None
            if doc.country:
                segment = self.countries.get((dimension.pk, doc.country))
            if segment is None:
                segment = self.segments.get((dimension.pk, doc.slug))
            values = {"name": doc.name, "parent": parent, "country": doc.country}
            if doc.description:
                values["description"] = doc.description
            signature = (doc.name, parent.pk if parent else None, doc.country, doc.description)
            if segment is None:
                segment = Segment.objects.create(dimension=dimension, slug=doc.slug, **values)
                self.segments[(dimension.pk, doc.slug)] = segment
                if doc.country:
                    self.countries[(dimension.pk, doc.country)] = segment
            elif self.synced.get(segment.pk) != signature:
                if str(segment.country or "") != doc.country and segment.country:
                    raise RecordRefused(
                        f'Segment "{doc.slug}" is country {segment.country} in the catalogue, '
                        f"not {doc.country or 'a region'}."
                    )
                self._sync(segment, values)
            self.synced[segment.pk] = signature
            resolved[key] = segment
            return segment

        for key in by_key:
            resolve(key)
        return resolved

    def company(self, doc) -> Company:
        if doc in self.seen:
            return self.seen[doc]
        self.seen[doc] = company = self._company(doc)
        return company

    def _company(self, doc) -> Company:
        company = self.companies.get(doc.slug)
        values = {"name": doc.name}
        for key in ("website", "headquarters", "description"):
            if getattr(doc, key):
                values[key] = getattr(doc, key)
        if company is None:
            company = Company.objects.create(slug=doc.slug, **values)
            self.companies[doc.slug] = company
        else:
            self._sync(company, values)
        return company


_COLUMNS = {
    Section: ("report_id", "position", "kind", "heading", "body"),
    TocEntry: ("report_id", "position", "level", "title"),
    Faq: ("report_id", "position", "question", "answer"),
    MarketFigure: ("report_id", "segment_id", "year", "value", "kind"),
    ReportCompany: ("report_id", "company_id", "position", "blurb", "market_share"),
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
    Licence: ("report_id", "tier", "price", "currency", "seats", "description"),
}
"""The child tables' columns, in the order ``_children`` gives each row's values."""


def _children(report_id: int, document: ReportDocument, refs: _Refs) -> dict[type, list]:
    """Each child table's rows for the document, as tuples in ``_COLUMNS`` order.

    Tuples rather than model instances: building 75 instances per report was most of the
    import's time. Section bodies and FAQ answers were sanitised by ``_check``.
    """
    segments = {key: segment.pk for key, segment in refs.segments_for(document).items()}
    if len(set(segments.values())) != len(segments):
        raise RecordRefused("Two segments of the document are the same catalogue segment.")
    if document.licences is None:
        licences = [
            (
                report_id,
                item["tier"],
                item["price"],
                document.currency,
                item["seats"],
                item["description"],
            )
            for item in default_licences()
        ]
    else:
        licences = [
            (report_id, item.tier, item.price, item.currency, item.seats, item.description)
            for item in document.licences
        ]
    return {
        Section: [
            (report_id, i, s["kind"], s["heading"], s["body"])
            for i, s in enumerate(document.sections)
        ],
        TocEntry: [(report_id, i, t["level"], t["title"]) for i, t in enumerate(document.toc)],
        Faq: [(report_id, i, f["question"], f["answer"]) for i, f in enumerate(document.faqs)],
        MarketFigure: [
            (report_id, segments[f.segment] if f.segment else None, f.year, f.value, f.kind)
            for f in document.figures
        ],
        ReportCompany: [
            (report_id, refs.company(p.company).pk, i, p.blurb, p.market_share)
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


def _insert(model, rows: list[tuple]) -> None:
    """Insert ``rows`` (tuples in ``_COLUMNS[model]`` order) in as few statements as the
    database allows: multi-row VALUES pages on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in _COLUMNS[model])
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(
                cursor.cursor, f"INSERT INTO {table} ({columns}) VALUES %s", rows, page_size=2000
            )
        else:
            marks = ", ".join(["%s"] * len(_COLUMNS[model]))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


_REPORT_FIELDS = [
    "slug",
    "title",
    "headline",
    "summary",
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


def _update_reports(reports: list[Report], names: list[str]) -> None:
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


def _apply(report: Report, document: ReportDocument, refs: _Refs, now) -> None:
    report.slug = document.slug
    report.title = document.title
    report.headline = document.headline
    report.summary = document.summary
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


def _write_batch(
    items: list[tuple[int, ReportDocument]], refs: _Refs, result: ImportResult
) -> None:
    """Upsert a batch in one transaction; raises on any database error (nothing is kept)."""
    now = timezone.now()
    codes = [document.code for _, document in items]
    existing = {r.code: r for r in Report.objects.filter(code__in=codes)}
    slug_owners = dict(
        Report.objects.filter(slug__in=[d.slug for _, d in items]).values_list("slug", "code")
    )
    for _line, document in items:
        owner = slug_owners.get(document.slug)
        if owner is not None and owner != document.code:
            raise RecordRefused(f'The slug "{document.slug}" belongs to report {owner}.')

    new, old = [], []
    for _, document in items:
        report = existing.get(document.code)
        if report is None:
            report = Report(code=document.code, revision=1)
            _apply(report, document, refs, now)
            new.append(report)
        else:
            _apply(report, document, refs, now)
            report.revision += 1
            report.updated_at = now
            old.append(report)
    if old:
        _update_reports(old, [*_REPORT_FIELDS, "revision", "updated_at"])
        old_ids = [r.pk for r in old]
        for model in (Section, TocEntry, Faq, MarketFigure, ReportCompany, ReportSegment, Licence):
            # Raw delete: the search index's per-row signal receivers would reindex each
            # report once per deleted row; the batch is reindexed once below instead.
            queryset = model.objects.filter(report_id__in=old_ids)
            queryset._raw_delete(queryset.db)
    if new:
        Report.objects.bulk_create(new)
        if any(r.pk is None for r in new):
            ids = dict(
                Report.objects.filter(code__in=[r.code for r in new]).values_list("code", "pk")
            )
            for report in new:
                report.pk = report.id = ids[report.code]
    by_code = {r.code: r for r in (*new, *old)}
    rows: dict[type, list] = {model: [] for model in _COLUMNS}
    for _, document in items:
        for model, model_rows in _children(by_code[document.code].pk, document, refs).items():
            rows[model].extend(model_rows)
    for model, model_rows in rows.items():
        _insert(model, model_rows)
    report_search_index_update(report_ids=[r.pk for r in by_code.values()])
    new_codes = {r.code for r in new}
    for _, document in items:
        (result.created if document.code in new_codes else result.updated).append(document.code)


def _findings(document: ReportDocument, *, warnings: bool) -> list[Finding]:
    """``find_issues`` on the document; without ``warnings`` only what can be an error.

    The errors (placeholders, shares over 100 %, figures outside the periods or given
    twice) never depend on the CAGR statements, whose scan is most of the cost: the bulk
    import checks texts without figures and figures without texts, about half the time.
    """
    content = document.content()
    if warnings:
        return find_issues(content)
    found = find_issues(replace(content, figures=())) + find_issues(replace(content, texts=()))
    return list({f.message: f for f in found if f.is_error}.values())


def _check(line: int, raw: Any, *, warnings: bool = True) -> tuple[ReportDocument, list[Finding]]:
    if isinstance(raw, RecordRefused):
        raise raw
    try:
        document = raw if isinstance(raw, ReportDocument) else document_validate(raw)
    except DocumentInvalid as error:
        raise RecordRefused("Invalid record: " + str(error), error.errors) from error
    for section in document.sections:
        section["body"] = sanitize_html(section["body"])
    for faq in document.faqs:
        faq["answer"] = sanitize_html(faq["answer"])
    findings = _findings(document, warnings=warnings)
    errors = [f for f in findings if f.is_error]
    if errors and document.status == ReportStatus.PUBLISHED:
        raise RecordRefused(
            "Refused: it would publish a report with integrity errors: "
            + "; ".join(f.message for f in errors),
            {"non_field_errors": [f.message for f in errors]},
        )
    return document, findings


def _check_chunk(chunk: list[tuple[int, Any]], warnings: bool) -> list[tuple]:
    """Worker side of the parallel import: (line, code, document, findings, problem)."""
    out = []
    for line, raw in chunk:
        raw = _parse(raw)
        try:
            document, findings = _check(line, raw, warnings=warnings)
        except RecordRefused as error:
            out.append((line, _code_of(raw), None, [], (error.message, error.errors)))
        else:
            out.append((line, document.code, document, findings, None))
    return out


def _checked(records: Iterable[tuple[int, Any]], *, warnings: bool, workers: int):
    """Checked records in order; with ``workers`` > 1, checked in forked processes (the
    checks are pure Python and need no database), 200 records per task."""
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        chunks = _chunks(records, 200)
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            for checked in pool.imap(partial(_check_chunk, warnings=warnings), chunks):
                yield from checked
    else:
        for chunk in _chunks(records, 200):
            yield from _check_chunk(chunk, warnings)


def _chunks(records, size):
    chunk = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _code_of(raw: Any) -> int | None:
    if isinstance(raw, ReportDocument):
        return raw.code
    code = raw.get("code") if isinstance(raw, dict) else None
    return code if isinstance(code, int) and not isinstance(code, bool) else None


def catalogue_import(
    *,
    records: Iterable[tuple[int, Any]],
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    dry_run: bool = False,
    warnings: bool = True,
    workers: int = 1,
) -> ImportResult:
    """Import (line number, raw document) pairs; see the module docstring for the rules.

    ``warnings`` False records only integrity errors in ``findings`` (twice as fast to
    check); ``workers`` > 1 checks records in that many forked processes.

    ``progress`` is called with the number of records handled after each batch.
    ``dry_run`` validates and writes inside a transaction that is rolled back, so the
    result (created, updated, problems, findings) previews a real run.
    """
    result = ImportResult()
    refs = None
    batch: list[tuple[int, ReportDocument]] = []
    seen: dict[int, int] = {}

    def flush():
        nonlocal refs
        if not batch:
            return
        if refs is None:
            refs = _Refs()
        try:
            with transaction.atomic():
                _write_batch(batch, refs, result)
        except (RecordRefused, IntegrityError, DatabaseError):
            refs = _Refs()
            for line, document in batch:
                try:
                    with transaction.atomic():
                        _write_batch([(line, document)], refs, result)
                except RecordRefused as error:
                    refs = _Refs()
                    result.problems.append(
                        RecordProblem(line, document.code, error.message, error.errors)
                    )
                except (IntegrityError, DatabaseError) as error:
                    refs = _Refs()
                    result.problems.append(
                        RecordProblem(line, document.code, f"Refused by the database: {error}")
                    )
        if progress:
            progress(len(batch))
        batch.clear()

    def run():
        for line, code, document, findings, problem in _checked(
            records, warnings=warnings, workers=workers
        ):
            if problem is not None:
                result.problems.append(RecordProblem(line, code, problem[0], problem[1]))
                if progress:
                    progress(1)
                continue
            if document.code in seen:
                result.problems.append(
                    RecordProblem(
                        line,
                        document.code,
                        f"Report {document.code} is already on line {seen[document.code]}.",
                    )
                )
                continue
            seen[document.code] = line
            result.findings[document.code] = findings
            batch.append((line, document))
            if len(batch) >= batch_size:
                flush()
        flush()

    if dry_run:
        try:
            with transaction.atomic():
                run()
                raise _Rollback
        except _Rollback:
            pass
    else:
        run()
    for problem in result.problems:
        logger.info("Import: %s", problem)
    return result


class _Rollback(Exception):
    pass


@transaction.atomic
def report_document_save(*, document: ReportDocument, by=None) -> tuple[Report, list[Finding]]:
    """Save one validated document (the staff API's create and update).

    Raises ``RecordRefused`` with the integrity errors when the document would publish a
    report that has any, or when it clashes with the catalogue (a slug of another report).
    """
    document, findings = _check(0, document)
    result = ImportResult()
    _write_batch([(0, document)], _Refs(), result)
    report = Report.objects.get(code=document.code)
    logger.info(
        "Report %s %s from a document by %s",
        document.code,
        "created" if result.created else "updated",
        by.get_username() if by is not None else "the system",
    )
    return report, findings
