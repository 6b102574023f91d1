"""Writes on reports: publishing, unpublishing, archiving, cache revisions, default licences.

``by`` is the user acting, or None for a system action; every change is logged with it.
Changing what visitors see needs the Publisher role (``publisher_required``).
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .integrity import WARNING, Finding, report_findings
from .models import Licence, Report, ReportStatus, default_licences
from .search.index import listing_generation_advance, report_search_index_update

logger = logging.getLogger(__name__)


PUBLISH_PERMISSION = "reports.publish_report"
"""What the Publisher role holds (``desk`` migration 0002): publishing, unpublishing and
archiving reports and their translations, and a new edition."""


class NotPublisher(PermissionDenied):
    """The user acting may not change what visitors see: only a publisher may."""

    def __init__(self, by):
        self.message = (
            f"{by.get_username()} may not publish, unpublish or archive reports or their "
            "translations, nor change a published report's live page: that needs the "
            "Publisher role (an author's changes to a published report are saved as a draft "
            "in the admin)."
        )
        super().__init__(self.message)


def publisher_required(by) -> None:
    """Raise ``NotPublisher`` unless ``by`` holds ``PUBLISH_PERMISSION``; ``by`` None is
    the system (a task, a command, the demo), which may. Every service that changes what
    visitors see calls it first, so no path (a button, a bulk action, the API, an import)
    goes round it."""
    if by is not None and not by.has_perm(PUBLISH_PERMISSION):
        logger.info("Refused to %s: not a publisher", _actor(by))
        raise NotPublisher(by)


class ReportNotPublishable(ValidationError):
    """Publishing was refused; ``messages`` name each integrity error, ``findings`` hold them."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__([finding.message for finding in findings], code="not_publishable")


def _actor(by) -> str:
    return f"user {by.get_username()} (id {by.pk})" if by is not None else "the system"


def _set_status(*, report: Report, status: str, published_at=None) -> Report:
    """Write ``status`` (and ``published_at`` when given) on the locked row, bump the revision
    and mirror the result on the caller's instance."""
    values = {"status": status, "revision": F("revision") + 1, "updated_at": timezone.now()}
    if published_at is not None:
        values["published_at"] = published_at
    Report.objects.filter(pk=report.pk).update(**values)
    report_search_index_update(report_ids=[report.pk])
    report.refresh_from_db(fields=["status", "published_at", "revision", "updated_at"])
    return report


@transaction.atomic
def report_publish(*, report: Report, by) -> Report:
    """Publish ``report`` unless its content has integrity errors.

    Raises ``ReportNotPublishable`` naming every error. The first publication date is kept
    when a report is published again. The row is locked while checked and written, so two
    editors publishing at once cannot both stamp a date.
    """
    publisher_required(by)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    errors = [finding for finding in report_findings(report=locked) if finding.is_error]
    if errors:
        logger.info(
            "Publishing report %s refused for %s: %s",
            locked.code,
            _actor(by),
            "; ".join(f.message for f in errors),
        )
        raise ReportNotPublishable(errors)
    _set_status(
        report=report,
        status=ReportStatus.PUBLISHED,
        published_at=locked.published_at or timezone.now(),
    )
    logger.info("Report %s published by %s", report.code, _actor(by))
    return report


@transaction.atomic
def report_unpublish(*, report: Report, by) -> Report:
    """Back to draft. ``published_at`` is kept as the first publication date."""
    publisher_required(by)
    Report.objects.select_for_update().filter(pk=report.pk).first()
    _set_status(report=report, status=ReportStatus.DRAFT)
    logger.info("Report %s unpublished by %s", report.code, _actor(by))
    return report


@transaction.atomic
def report_archive(*, report: Report, by) -> Report:
    """Withdraw from the catalogue for good, keeping ``published_at`` for the record."""
    publisher_required(by)
    Report.objects.select_for_update().filter(pk=report.pk).first()
    _set_status(report=report, status=ReportStatus.ARCHIVED)
    logger.info("Report %s archived by %s", report.code, _actor(by))
    return report


@transaction.atomic
def report_publish_schedule(*, report: Report, at, by) -> Report:
    """Have ``report`` published by itself at ``at`` (``publish_scheduled_reports``), or
    cancel its schedule with ``at`` None; for a published report, its pending draft is what
    goes live. Publisher role only. Refused (``ValidationError``) for a time not in the
    future or a published report without a draft, and
    (``ReportNotPublishable``) while integrity errors would block publishing now."""
    from .versions.services import draft_errors, pending_draft

    publisher_required(by)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if at is not None:
        if at <= timezone.now():
            raise ValidationError("Choose a time in the future.", code="past")
        if locked.status == ReportStatus.PUBLISHED:
            draft = pending_draft(locked)
            if draft is None:
                raise ValidationError(
                    "The report is published already and has no draft to publish.",
                    code="published",
                )
            errors = draft_errors(report=locked, draft=draft)
        else:
            errors = [finding for finding in report_findings(report=locked) if finding.is_error]
        if errors:
            raise ReportNotPublishable(errors)
    Report.objects.filter(pk=report.pk).update(
        publish_scheduled_at=at, publish_scheduled_by=by if at is not None else None
    )
    report.refresh_from_db(fields=["publish_scheduled_at", "publish_scheduled_by"])
    logger.info(
        "Report %s %s by %s",
        locked.code,
        f"scheduled to publish at {at.isoformat()}" if at else "unscheduled",
        _actor(by),
    )
    return report


def publish_scheduled_reports(*, now=None) -> tuple[list[int], list[int]]:
    """Publish every draft whose scheduled time has come (an unpublished report, or the
    pending draft of a published one), each in its own transaction,
    as the system on behalf of whoever scheduled it; returns (published, refused) codes.

    Idempotent: a published report's schedule is cleared with it, and a report being
    published by another worker is skipped (``skip_locked``). One refused by integrity
    errors found since it was scheduled stays a draft, its schedule cleared and the
    reason logged, so it is not retried every minute."""
    from .versions.services import NoPendingDraft, VersionRefersToDeleted, draft_publish

    now = now or timezone.now()
    published, refused = [], []
    due = Report.objects.filter(
        status__in=[ReportStatus.DRAFT, ReportStatus.PUBLISHED], publish_scheduled_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            report = (
                Report.objects.select_for_update(skip_locked=True)
                .filter(
                    pk=pk,
                    status__in=[ReportStatus.DRAFT, ReportStatus.PUBLISHED],
                    publish_scheduled_at__lte=now,
                )
                .first()
            )
            if report is None:
                continue
            scheduled_by = report.publish_scheduled_by
            Report.objects.filter(pk=pk).update(
                publish_scheduled_at=None, publish_scheduled_by=None
            )
            publish = draft_publish if report.status == ReportStatus.PUBLISHED else report_publish
            try:
                publish(report=report, by=None)
            except (ReportNotPublishable, NoPendingDraft, VersionRefersToDeleted) as refusal:
                refused.append(report.code)
                logger.warning(
                    "Scheduled publishing of report %s (scheduled by %s) refused: %s",
                    report.code,
                    _actor(scheduled_by),
                    "; ".join(refusal.messages),
                )
            else:
                published.append(report.code)
                logger.info(
                    "Report %s published as scheduled by %s", report.code, _actor(scheduled_by)
                )
    return published, refused


@transaction.atomic
def reports_recategorise(*, reports, category, by) -> int:
    """Move ``reports`` (a queryset) to ``category``; returns how many moved. Each moved
    report's page revision advances and its search document is rebuilt, and the lists
    that choose reports by category are retired, in this transaction."""
    ids = list(reports.exclude(category=category).values_list("pk", flat=True))
    if not ids:
        return 0
    Report.objects.filter(pk__in=ids).update(
        category=category, revision=F("revision") + 1, updated_at=timezone.now()
    )
    report_search_index_update(report_ids=ids)
    listing_generation_advance()
    logger.info("%s report(s) moved to category %s by %s", len(ids), category.slug, _actor(by))
    return len(ids)


@transaction.atomic
def report_mark_changed(*, report: Report) -> Report:
    """Bump ``revision`` atomically in the database: caches (charts) keyed by it go stale;
    rebuild the report's search document in the same transaction; and once it commits,
    count its integrity findings again (``count_findings``).

    Call after saving a report or anything shown on its page.
    """
    from .tasks import count_findings

    Report.objects.filter(pk=report.pk).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )
    report_search_index_update(report_ids=[report.pk])
    report.refresh_from_db(fields=["revision", "updated_at"])
    count_findings.delay_on_commit([report.pk])
    return report


def report_findings_count(*, report_id: int) -> tuple[int, int] | None:
    """Check the report's integrity now and keep its numbers of errors and warnings on it,
    for the report list and the dashboard; returns them (None: no such report). Safe to
    repeat: it writes what the content says at the time it runs."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return None
    findings = report_findings(report=report)
    errors = sum(1 for finding in findings if finding.is_error)
    warnings = sum(1 for finding in findings if finding.level == WARNING)
    Report.objects.filter(pk=report_id).update(findings_errors=errors, findings_warnings=warnings)
    return errors, warnings


@transaction.atomic
def licences_apply_defaults(*, report: Report) -> list[Licence]:
    """Give ``report`` each default licence tier (settings.REPORT_DEFAULT_LICENCES) it lacks,
    priced in the report's currency. Existing tiers are left alone; returns those created."""
    existing = set(report.licences.values_list("tier", flat=True))
    created = Licence.objects.bulk_create(
        Licence(**{**item, "report": report, "currency": report.currency})
        for item in default_licences()
        if item["tier"] not in existing
    )
    if created:
        logger.info(
            "Report %s given default licences: %s",
            report.code,
            ", ".join(licence.tier for licence in created),
        )
    return created
