"""Records on their way in: reading JSON Lines, checking each record (in worker processes
when there are several), and what an import reports back."""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from reports.html import sanitize_html
from reports.integrity import Finding, find_issues
from reports.models import ReportStatus

from ..document import DocumentInvalid, ReportDocument, document_validate

CHUNK_SIZE = 200
"""Records per task handed to a checking process."""


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
    """Report codes by outcome. ``updated`` lists every code that was already in the
    catalogue; ``unchanged`` those of them whose report and rows already said what the
    record says, left untouched (their revision and search document are kept)."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
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


def parse_record(raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as error:
        return RecordRefused(f"Not valid JSON: {error}")


def findings_of(document: ReportDocument, *, warnings: bool) -> list[Finding]:
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


def check_record(
    line: int, raw: Any, *, warnings: bool = True
) -> tuple[ReportDocument, list[Finding]]:
    if isinstance(raw, RecordRefused):
        raise raw
    try:
        document = raw if isinstance(raw, ReportDocument) else document_validate(raw)
    except DocumentInvalid as error:
        raise RecordRefused("Invalid record: " + str(error), error.errors) from error
    for translation in (document, *document.translations.values()):
        for section in translation.sections:
            section["body"] = sanitize_html(section["body"])
        for faq in translation.faqs:
            faq["answer"] = sanitize_html(faq["answer"])
    findings = findings_of(document, warnings=warnings)
    errors = [f for f in findings if f.is_error]
    if errors and document.status == ReportStatus.PUBLISHED:
        raise RecordRefused(
            "Refused: it would publish a report with integrity errors: "
            + "; ".join(f.message for f in errors),
            {"non_field_errors": [f.message for f in errors]},
        )
    return document, findings


def check_chunk(chunk: list[tuple[int, Any]], warnings: bool) -> list[tuple]:
    """Worker side of the parallel import: (line, code, document, findings, problem)."""
    out = []
    for line, raw in chunk:
        raw = parse_record(raw)
        try:
            document, findings = check_record(line, raw, warnings=warnings)
        except RecordRefused as error:
            out.append((line, code_of(raw), None, [], (error.message, error.errors)))
        else:
            out.append((line, document.code, document, findings, None))
    return out


def checked_records(records: Iterable[tuple[int, Any]], *, warnings: bool, workers: int):
    """Checked records in order; with ``workers`` > 1, checked in forked processes (the
    checks are pure Python and need no database), ``CHUNK_SIZE`` records per task."""
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        batches = in_chunks(records, CHUNK_SIZE)
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            for checked in pool.imap(partial(check_chunk, warnings=warnings), batches):
                yield from checked
    else:
        for chunk in in_chunks(records, CHUNK_SIZE):
            yield from check_chunk(chunk, warnings)


def in_chunks(records, size):
    chunk = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def code_of(raw: Any) -> int | None:
    if isinstance(raw, ReportDocument):
        return raw.code
    code = raw.get("code") if isinstance(raw, dict) else None
    return code if isinstance(code, int) and not isinstance(code, bool) else None
