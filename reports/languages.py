"""A report in other languages: which texts each language still lacks, whether it is out
of date since the English changed, publishing it, and showing English where it is not
published.

The text itself lives in django-modeltranslation's columns (``reports.translation``);
``ReportLanguage`` records, per report and language, the English it was translated from
and whether it is published. A visitor sees a language's text only once it is published:
until then the page in that language shows the English text with a note
(``hide_unpublished``), so a half-done translation never reaches the public.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language

from portal.i18n import english_column, language_column

from .models import Report, ReportLanguage
from .search.index import listing_generation_advance
from .services import publisher_required, report_mark_changed
from .translation import translated_fields

logger = logging.getLogger(__name__)

TRANSLATED_ROWS = (
    ("sections", "Section"),
    ("toc_entries", "Contents entry"),
    ("faqs", "FAQ"),
    ("company_links", "Key player"),
    ("licences", "Licence"),
)
"""The report's rows whose text is translated (related name, how staff call one), in the
order the change page lists them."""


def translation_languages() -> list[tuple[str, str]]:
    """The languages on (``settings.LANGUAGES``) a report can be translated into."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@dataclass(frozen=True)
class Text:
    """One text of a report that has English: where it is, and the row holding it."""

    label: str
    row: models.Model
    field: str

    def english(self) -> str:
        return getattr(self.row, english_column(self.field)) or ""

    def in_language(self, language: str) -> str:
        return getattr(self.row, language_column(self.field, language)) or ""


def report_texts(report: Report) -> Iterator[Text]:
    """Every translatable text of ``report`` whose English is not empty, the report's own
    first, then its rows' in ``TRANSLATED_ROWS`` order (prefetched rows are used)."""
    for field in translated_fields(Report):
        yield Text(field.replace("_", " "), report, field)
    for related_name, noun in TRANSLATED_ROWS:
        for number, row in enumerate(getattr(report, related_name).all(), start=1):
            for field in translated_fields(type(row)):
                yield Text(f"{noun} {number}: {field}", row, field)


def _texts_with_english(report: Report) -> list[Text]:
    return [text for text in report_texts(report) if text.english().strip()]


def _missing(texts: list[Text], language: str) -> list[str]:
    """Labels of ``texts`` (with English) that ``language`` leaves empty."""
    return [text.label for text in texts if not text.in_language(language).strip()]


def english_digest(report: Report) -> str:
    """A digest of the report's English text: it changes with any of it."""
    digest = hashlib.sha256()
    for text in report_texts(report):
        digest.update(f"{text.label}\x1f{text.english()}\x1e".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class LanguageStatus:
    """Where a report's translation into ``language`` stands, for staff."""

    language: str
    name: str
    total: int
    missing: list[str]
    out_of_date: bool
    published: bool

    @property
    def state(self) -> str:
        """``missing`` (nothing translated), ``incomplete`` or ``complete``."""
        if len(self.missing) == self.total:
            return "missing"
        return "incomplete" if self.missing else "complete"

    @property
    def complete(self) -> bool:
        return not self.missing


def report_language_statuses(report: Report) -> list[LanguageStatus]:
    """The status of each translation language for ``report``: what is missing, whether the
    English changed since the language was last saved, whether it is published. Loads the
    report's rows once (seven queries), for both the texts and the digest."""
    report = _loaded(report)
    texts = _texts_with_english(report)
    digest = english_digest(report)
    records = {record.language: record for record in report.languages.all()}
    statuses = []
    for code, name in translation_languages():
        record = records.get(code)
        missing = _missing(texts, code)
        statuses.append(
            LanguageStatus(
                language=code,
                name=name,
                total=len(texts),
                missing=missing,
                out_of_date=bool(
                    record and record.english_digest and record.english_digest != digest
                ),
                published=bool(record and record.published_at),
            )
        )
    return statuses


class TranslationIncomplete(ValidationError):
    """Publishing a language was refused: ``missing`` names each text still in English."""

    def __init__(self, language: str, missing: list[str]):
        self.language = language
        self.missing = missing
        name = settings.ALL_LANGUAGES.get(language, language)
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if missing[10:] else "")
        super().__init__(
            f"{name} cannot be published: {len(missing)} text(s) are not translated yet ({shown}).",
            code="translation_incomplete",
        )


def _loaded(report: Report) -> Report:
    fresh = Report.objects.prefetch_related(*(name for name, _ in TRANSLATED_ROWS), "languages")
    return fresh.get(pk=report.pk)


@transaction.atomic
def report_translations_saved(*, report: Report, languages: Iterable[str]) -> None:
    """Record that staff saved ``languages``' text of ``report`` now: each is translated
    from today's English, so it is not out of date until the English changes again."""
    languages = [code for code in languages if code != settings.LANGUAGE_CODE]
    if not languages:
        return
    digest = english_digest(_loaded(report))
    now = timezone.now()
    for code in languages:
        ReportLanguage.objects.update_or_create(
            report=report, language=code, defaults={"english_digest": digest, "translated_at": now}
        )


@transaction.atomic
def report_language_publish(*, report: Report, language: str, by) -> ReportLanguage:
    """Show ``report`` in ``language`` to visitors. Refused (``TranslationIncomplete``)
    while any text with English lacks its translation; the language stays unpublished."""
    publisher_required(by)
    if language not in dict(translation_languages()):
        raise ValidationError(f"{language!r} is not a language of this site.", code="language")
    Report.objects.select_for_update().filter(pk=report.pk).first()
    loaded = _loaded(report)
    missing = _missing(_texts_with_english(loaded), language)
    if missing:
        raise TranslationIncomplete(language, missing)
    record, _ = ReportLanguage.objects.get_or_create(
        report=report,
        language=language,
        defaults={"english_digest": english_digest(loaded), "translated_at": timezone.now()},
    )
    if record.published_at is None:
        record.published_at = timezone.now()
        record.published_by = by
        record.save(update_fields=["published_at", "published_by"])
        _shown_changed(report)
        logger.info("Report %s published in %s by %s", report.code, language, by)
    return record


@transaction.atomic
def report_language_unpublish(*, report: Report, language: str, by) -> None:
    """Show ``report`` in English again to visitors of ``language``; its text is kept."""
    publisher_required(by)
    updated = ReportLanguage.objects.filter(
        report=report, language=language, published_at__isnull=False
    ).update(published_at=None, published_by=None)
    if updated:
        _shown_changed(report)
        logger.info("Report %s unpublished in %s by %s", report.code, language, by)


def _shown_changed(report: Report) -> None:
    """The page (keyed on the revision) and the lists naming the report change language."""
    report_mark_changed(report=report)
    listing_generation_advance()


def published_languages(report: Report) -> set[str]:
    """The languages ``report`` is published in, English included (``languages``
    prefetched: no query)."""
    return {settings.LANGUAGE_CODE} | {
        record.language for record in report.languages.all() if record.published_at
    }


def _blank(rows: Iterable[models.Model], language: str) -> None:
    for row in rows:
        for field in translated_fields(type(row)):
            setattr(row, language_column(field, language), None)


def hide_unpublished(report: Report, language: str) -> bool:
    """Unless ``report`` is published in ``language``, blank that language's text on the
    loaded report and its prefetched rows (``languages`` prefetched too), so everything
    shown reads English. Returns whether the report shows in ``language``, and records
    the language its text is in as ``report.content_language``. Nothing is saved."""
    if language in published_languages(report):
        report.content_language = language
        return True
    report.content_language = settings.LANGUAGE_CODE
    rows: list[models.Model] = [report]
    cache = getattr(report, "_prefetched_objects_cache", {})
    for related_name, _ in TRANSLATED_ROWS:
        rows.extend(cache.get(related_name, ()))
    _blank(rows, language)
    return False


def show_published_text(reports: Iterable[Report | None]) -> None:
    """On loaded reports listed or named in the active language, blank that language's
    title, headline and summary where the report is not published in it (one query;
    none in English)."""
    language = get_language()
    reports = [report for report in reports if report is not None]
    if language == settings.LANGUAGE_CODE or not reports:
        return
    published = set(
        ReportLanguage.objects.filter(
            report__in=[report.pk for report in reports],
            language=language,
            published_at__isnull=False,
        ).values_list("report_id", flat=True)
    )
    _blank((report for report in reports if report.pk not in published), language)
