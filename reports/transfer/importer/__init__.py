"""Writes report documents (``reports.transfer.document``) into the catalogue, in batches.

One importer serves the JSON Lines and CSV imports, the admin upload, the staff API and the
press-release import, so all of them apply the same validation and integrity rules:

- a document is upserted by report code: the report's fields are overwritten and its child
  rows (sections, contents, FAQs, figures, players, segment links, licences) replaced where
  they differ, so importing the same file twice writes nothing (``ImportResult.unchanged``);
- categories, companies and dimensions are matched by slug, segments by dimension and slug
  (countries by dimension and ISO code), created when missing and updated when the document
  says otherwise;
- a document whose status is "published" and whose content has integrity errors
  (``reports.integrity.find_issues``) is refused with those errors; a draft is imported with
  its findings reported;
- a bad record (invalid, clashing slug, refused) is reported with its line number and never
  stops the others: each batch is written in one transaction, and a batch that fails in the
  database is retried record by record to isolate the culprit.

Modules: ``records`` (reading and checking records, the result), ``refs`` (categories,
companies, dimensions and segments by natural key), ``write`` (a batch's rows, set-based).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction

from reports.integrity import Finding
from reports.models import Report, ReportLanguage, ReportStatus
from reports.services import PUBLISH_PERMISSION, NotPublisher, publisher_required

from ..document import ReportDocument
from .records import (
    ImportResult,
    RecordProblem,
    RecordRefused,
    check_record,
    checked_records,
    records_from_jsonl,
)
from .refs import Refs
from .write import write_batch

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "ImportResult",
    "RecordProblem",
    "RecordRefused",
    "catalogue_import",
    "publication_changes",
    "records_from_jsonl",
    "report_document_save",
]

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 500


def catalogue_import(
    *,
    records: Iterable[tuple[int, Any]],
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    dry_run: bool = False,
    warnings: bool = True,
    workers: int = 1,
    by=None,
) -> ImportResult:
    """Import (line number, raw document) pairs; see the module docstring for the rules.

    ``warnings`` False records only integrity errors in ``findings`` (twice as fast to
    check); ``workers`` > 1 checks records in that many forked processes.

    ``by`` is the user importing (None for the system): without the Publisher role a
    record that would change what visitors see of its report (``publication_changes``)
    is refused, and the others are imported.

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
        if by is not None and not by.has_perm(PUBLISH_PERMISSION):
            refused = publication_changes([document for _, document in batch])
            for line, document in batch:
                if document.code in refused:
                    result.problems.append(
                        RecordProblem(line, document.code, NotPublisher(by).message)
                    )
            batch[:] = [(line, d) for line, d in batch if d.code not in refused]
        if not batch:
            return
        if refs is None:
            refs = Refs()
        try:
            with transaction.atomic():
                write_batch(batch, refs, result)
        except (RecordRefused, IntegrityError, DatabaseError):
            refs = Refs()
            for line, document in batch:
                try:
                    with transaction.atomic():
                        write_batch([(line, document)], refs, result)
                except RecordRefused as error:
                    refs = Refs()
                    result.problems.append(
                        RecordProblem(line, document.code, error.message, error.errors)
                    )
                except (IntegrityError, DatabaseError) as error:
                    refs = Refs()
                    result.problems.append(
                        RecordProblem(line, document.code, f"Refused by the database: {error}")
                    )
        if progress:
            progress(len(batch))
        batch.clear()

    def run():
        for line, code, document, findings, problem in checked_records(
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
                if progress:
                    progress(1)
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


def publication_changes(documents: list[ReportDocument]) -> set[int]:
    """Codes of the ``documents`` that would change what visitors see of their report: its
    status, the languages it is published in (a new report counts as a draft published
    in none), or any content of a report published now (its live page would change: an
    author's changes to a published report are drafts, made in the admin). Two queries
    whatever the number of documents."""
    codes = [document.code for document in documents]
    stored = dict(Report.objects.filter(code__in=codes).values_list("code", "status"))
    languages: dict[int, set[str]] = defaultdict(set)
    for code, language in ReportLanguage.objects.filter(
        report__code__in=codes, published_at__isnull=False
    ).values_list("report__code", "language"):
        languages[code].add(language)
    return {
        document.code
        for document in documents
        if document.status != stored.get(document.code, ReportStatus.DRAFT)
        or stored.get(document.code) == ReportStatus.PUBLISHED
        or {code for code, text in document.translations.items() if text.published}
        != languages[document.code]
    }


class _Rollback(Exception):
    pass


@transaction.atomic
def report_document_save(*, document: ReportDocument, by=None) -> tuple[Report, list[Finding]]:
    """Save one validated document (the staff API's create and update).

    Raises ``RecordRefused`` with the integrity errors when the document would publish a
    report that has any, or when it clashes with the catalogue (a slug of another report);
    ``NotPublisher`` when it would change what visitors see and ``by`` may not.
    """
    if by is not None and publication_changes([document]):
        publisher_required(by)
    document, findings = check_record(0, document)
    result = ImportResult()
    write_batch([(0, document)], Refs(), result)
    report = Report.objects.get(code=document.code)
    logger.info(
        "Report %s %s from a document by %s",
        document.code,
        "created" if result.created else "updated",
        by.get_username() if by is not None else "the system",
    )
    return report, findings
