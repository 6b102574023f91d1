"""Writes on a report's versions: applying a version's content, storing, publishing and
discarding drafts. The admin's edit view (``admin_views``) calls ``draft_store`` with the
revision its savepoint captured; everything else goes through these functions."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ForeignKey
from django.utils import timezone
from reversion import add_to_revision, create_revision, set_comment, set_user
from reversion.models import Revision, Version

from ..integrity import report_findings
from ..languages import report_translations_saved
from ..models import Report, ReportStatus, ReviewState
from ..services import ReportNotPublishable, publisher_required, report_mark_changed
from .models import DraftState, ReportDraft
from .registry import WORKFLOW_FIELDS

logger = logging.getLogger(__name__)


class VersionRefersToDeleted(ValidationError):
    """The version names a company, segment or category deleted since it was saved."""


class DraftChangedMeanwhile(ValidationError):
    """Another draft was saved while this one was being made from the one before."""


class NoPendingDraft(ValidationError):
    """There is no draft to publish or discard (someone else may have just done it)."""


def pending_draft(report: Report) -> ReportDraft | None:
    return (
        ReportDraft.objects.filter(report=report, state=DraftState.PENDING)
        .select_related("revision__user")
        .first()
    )


def report_versions(report: Report):
    """The versions of the report row, newest first, each with its revision, author and
    (for a draft) its ``ReportDraft``."""
    return (
        Version.objects.get_for_object(report)
        .select_related("revision__user", "revision__report_draft")
        .order_by("-revision__date_created", "-pk")
    )


def live_revision(report: Report) -> Revision | None:
    """The revision visitors see: the newest one that is not a draft still pending, replaced
    or discarded (a save of an unpublished report, or a published draft)."""
    version = (
        report_versions(report)
        .exclude(
            revision__report_draft__state__in=[
                DraftState.PENDING,
                DraftState.SUPERSEDED,
                DraftState.DISCARDED,
            ]
        )
        .first()
    )
    return version.revision if version else None


def edit_token(report: Report) -> str:
    """What a change form was loaded on: the report's cache revision (bumped by every save
    and publication) and its pending draft. A form posted with another token is stale.
    ``report`` is as the request read it."""
    draft_id = (
        ReportDraft.objects.filter(report=report, state=DraftState.PENDING)
        .values_list("pk", flat=True)
        .first()
    )
    return f"{report.revision}.{draft_id or 0}"


def missing_references(revision: Revision) -> list[str]:
    """What ``revision`` points to that no longer exists, as "the company “Acme” (id 12)":
    every foreign key of every row it holds, checked in one query per target model. The
    name is the target's own last version where one was kept, else the row pointing to it
    as it was saved (a key player's row is saved under its company's name)."""
    wanted: dict[type, dict[int, str]] = {}
    for version in revision.version_set.all():
        model = version._model
        if model is None:
            continue
        fields = version.field_dict
        for field in model._meta.concrete_fields:
            if not isinstance(field, ForeignKey) or field.attname not in fields:
                continue
            target = field.related_model
            if target._meta.app_label not in ("reports", "segments"):
                continue
            value = fields[field.attname]
            if value is not None:
                wanted.setdefault(target, {}).setdefault(value, version.object_repr)
    missing = []
    for target, ids in wanted.items():
        present = set(target._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        for pk in sorted(set(ids) - present):
            last = (
                Version.objects.get_for_object_reference(target, pk)
                .values_list("object_repr", flat=True)
                .first()
            )
            missing.append(f"the {target._meta.verbose_name} “{last or ids[pk]}” (id {pk})")
    return missing


def references_check(revision: Revision) -> None:
    """Raise ``VersionRefersToDeleted`` when ``revision`` names a company, segment or
    category deleted since (``missing_references``): applying it would break."""
    missing = missing_references(revision)
    if missing:
        raise VersionRefersToDeleted(
            "This version cannot be restored as it was: it names "
            + "; ".join(missing)
            + ", deleted since. Open the version, remove or replace those rows, then save.",
            code="deleted_reference",
        )


def content_apply(*, revision: Revision, report: Report) -> None:
    """Make ``report``'s content what ``revision`` holds: its fields and inline rows (rows
    added since are deleted), keeping the report's workflow fields as they are now.

    The caller has checked the version's references (``references_check``) and holds a
    transaction or savepoint around it."""
    kept = Report.objects.filter(pk=report.pk).values(*_workflow_attnames()).get()
    revision.revert(delete=True)
    Report.objects.filter(pk=report.pk).update(**kept)


def _workflow_attnames() -> list[str]:
    return [Report._meta.get_field(name).attname for name in WORKFLOW_FIELDS]


@transaction.atomic
def draft_store(
    *,
    report: Report,
    revision: Revision,
    versions: list[Version],
    languages,
    by,
    built_on: int | None,
) -> ReportDraft:
    """Keep a draft of published ``report``: a copy of ``revision`` with ``versions`` (as
    captured in the edit view's rolled-back savepoint) becomes the pending draft, replacing
    the one it was built on (``built_on``, the pending draft's id or None when there was
    none; ``DraftChangedMeanwhile`` if another was saved since). Saving a change takes back
    an approval given to an earlier version: the review starts again."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    now = timezone.now()
    earlier = ReportDraft.objects.filter(report=report, state=DraftState.PENDING).first()
    if (earlier.pk if earlier else None) != built_on:
        raise DraftChangedMeanwhile(
            "Someone saved another draft of this report while yours was being saved, so "
            "yours was not kept: open the report again and make your changes there.",
            code="draft_changed",
        )
    if earlier is not None:
        earlier.state, earlier.decided_at, earlier.decided_by = DraftState.SUPERSEDED, now, by
        earlier.save(update_fields=["state", "decided_at", "decided_by"])
        languages = sorted(set(languages) | set(earlier.languages))
    kept = Revision.objects.create(
        date_created=revision.date_created, user=by, comment=revision.comment
    )
    for version in versions:
        version.pk = None
        version.revision = kept
    Version.objects.bulk_create(versions)
    draft = ReportDraft.objects.create(report=report, revision=kept, languages=sorted(languages))
    draft.review_restarted = review_restart(report=report)
    logger.info("Draft %s of report %s saved by %s", draft.pk, report.code, by)
    return draft


def review_restart(*, report: Report) -> bool:
    """A saved change after submission or approval: what was reviewed is no longer what
    would be published, so the review goes back to writing. Returns whether it did."""
    return bool(
        Report.objects.filter(
            pk=report.pk, review_state__in=[ReviewState.SUBMITTED, ReviewState.APPROVED]
        ).update(review_state=ReviewState.WRITING)
    )


@transaction.atomic
def draft_publish(*, report: Report, by) -> Report:
    """Make the pending draft the live page (Publisher role). Refused while the draft's
    content has integrity errors (``ReportNotPublishable``, nothing changed), and with
    ``NoPendingDraft`` when there is none left to publish."""
    publisher_required(by)
    locked = Report.objects.select_for_update().get(pk=report.pk)
    draft = (
        ReportDraft.objects.select_for_update()
        .filter(report=report, state=DraftState.PENDING)
        .select_related("revision")
        .first()
    )
    if draft is None:
        raise NoPendingDraft(
            "There is no draft to publish: someone may have published or discarded it.",
            code="no_draft",
        )
    references_check(draft.revision)
    content_apply(revision=draft.revision, report=locked)
    locked = Report.objects.get(pk=report.pk)
    errors = [finding for finding in report_findings(report=locked) if finding.is_error]
    if errors:
        raise ReportNotPublishable(errors)
    draft.state, draft.decided_at, draft.decided_by = DraftState.PUBLISHED, timezone.now(), by
    draft.save(update_fields=["state", "decided_at", "decided_by"])
    Report.objects.filter(pk=report.pk).update(publish_scheduled_at=None, publish_scheduled_by=None)
    report_mark_changed(report=locked)
    report_translations_saved(report=locked, languages=draft.languages)
    report.refresh_from_db()
    logger.info("Draft %s of report %s published by %s", draft.pk, report.code, by)
    return report


def version_save(*, report: Report, by, comment: str) -> Revision:
    """Record ``report``'s content as it is now as a version (for a report changed outside
    the admin, such as the demo's), returning its revision."""
    with transaction.atomic(), create_revision():
        set_user(by)
        set_comment(comment)
        add_to_revision(Report.objects.get(pk=report.pk))
    return report_versions(report).first().revision


def draft_save(*, report: Report, by, comment: str, change) -> ReportDraft:
    """A draft of published ``report`` made by ``change(report)`` (a function saving rows
    of a fresh copy of it), built on the pending draft if any, outside the admin (the demo
    content): the change runs in a savepoint that is rolled back, as in the admin."""
    draft = pending_draft(report)
    with transaction.atomic():
        if draft is not None:
            content_apply(revision=draft.revision, report=report)
        with create_revision():
            set_user(by)
            set_comment(comment)
            fresh = Report.objects.get(pk=report.pk)
            change(fresh)
            add_to_revision(fresh)
        revision = report_versions(report).first().revision
        versions = list(revision.version_set.all())
        transaction.set_rollback(True)
    return draft_store(
        report=report,
        revision=revision,
        versions=versions,
        languages=(),
        by=by,
        built_on=draft.pk if draft else None,
    )


def draft_errors(*, report: Report, draft: ReportDraft) -> list:
    """The integrity errors publishing ``draft`` would meet, found on its content applied
    in a savepoint that is then rolled back: nothing changes. Raises
    ``VersionRefersToDeleted`` when the draft names rows deleted since."""
    references_check(draft.revision)
    with transaction.atomic():
        content_apply(revision=draft.revision, report=report)
        fresh = Report.objects.get(pk=report.pk)
        errors = [finding for finding in report_findings(report=fresh) if finding.is_error]
        transaction.set_rollback(True)
    return errors


@transaction.atomic
def draft_discard(*, report: Report, by) -> ReportDraft:
    """Drop the pending draft: the live page stays as it is. The draft stays in the
    history (discarded) and can still be compared and restored."""
    draft = (
        ReportDraft.objects.select_for_update()
        .filter(report=report, state=DraftState.PENDING)
        .first()
    )
    if draft is None:
        raise NoPendingDraft("There is no draft to discard.", code="no_draft")
    draft.state, draft.decided_at, draft.decided_by = DraftState.DISCARDED, timezone.now(), by
    draft.save(update_fields=["state", "decided_at", "decided_by"])
    Report.objects.filter(pk=report.pk).update(publish_scheduled_at=None, publish_scheduled_by=None)
    logger.info("Draft %s of report %s discarded by %s", draft.pk, report.code, by)
    return draft


def drafts_apply_to(report: Report) -> bool:
    """Whether saving ``report`` makes a draft: only a published report keeps its live
    page apart from the changes."""
    return report.status == ReportStatus.PUBLISHED
