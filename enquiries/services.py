"""Writes for sample requests and enquiries.

Contracts shared by every function here:

- A request row is written in the transaction that accepts the form; the work it needs is
  queued only when that transaction commits (``delay_on_commit``), so a rolled-back request
  queues nothing and a queued task always finds its row.
- Tasks take a primary key and call one function below. Each function locks its row
  (``select_for_update``) and checks the status and the ``*_sent_at`` stamps before doing
  anything, so a task delivered twice (a worker killed mid-task, a sweep re-queue, a
  Redis restart) renders again at worst but never e-mails twice: the stamp is written in the
  same transaction as the send.
- Failure is terminal and visible in admin: ``status``/``delivery`` "failed" with
  ``last_error``, after the render attempts, e-mail retries or sweep rounds run out.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language, override

from portal.signed_links import BadLinkToken, ExpiredLinkToken, link_target
from reports.models import Report

from .emails import (
    DOWNLOAD_SALT,
    enquiry_ack_message,
    enquiry_notification_message,
    enquiry_recipient,
    sample_ready_message,
)
from .models import (
    DeliveryStatus,
    Enquiry,
    EnquiryStatus,
    LeadQuality,
    SampleRequest,
    SampleStatus,
)

logger = logging.getLogger(__name__)


def samples_storage():
    """Where rendered samples live: ``STORAGES["samples"]``, never a public URL."""
    return storages["samples"]


def lead_quality_for(email: str) -> str:
    domain = email.rsplit("@", 1)[-1].lower()
    free = {item.lower() for item in settings.ENQUIRY_FREE_MAIL_DOMAINS}
    return LeadQuality.FREE_MAIL if domain in free else LeadQuality.BUSINESS


def _lock_submitter(kind: str, report_id: int, email: str) -> None:
    """Serialise concurrent submissions of one e-mail for one report (a double click),
    so the duplicate check below sees the first row. PostgreSQL only; SQLite serialises
    writers anyway."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"{kind}:{report_id}:{email}".encode(), digest_size=8).digest()
    key = int.from_bytes(digest, "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


@dataclass(frozen=True)
class Submission:
    full_name: str
    email: str
    company: str
    job_title: str
    country: str
    phone: str
    message: str
    consent: bool
    ip_address: str | None


def _lead_fields(submission: Submission) -> dict:
    email = submission.email.strip().lower()
    return {
        "full_name": submission.full_name,
        "email": email,
        "company": submission.company,
        "job_title": submission.job_title,
        "country": submission.country,
        "phone": submission.phone,
        "message": submission.message,
        "consent": submission.consent,
        "ip_address": submission.ip_address or None,
        "lead_quality": lead_quality_for(email),
        "language": get_language() or settings.LANGUAGE_CODE,
    }


def _recent_duplicate(model, *, report: Report, email: str):
    since = timezone.now() - timedelta(seconds=settings.ENQUIRY_DUPLICATE_WINDOW)
    return (
        model.objects.filter(report=report, email=email, created_at__gte=since)
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def sample_request_create(*, report: Report, submission: Submission) -> tuple[SampleRequest, bool]:
    """Record a sample request and queue its render on commit.

    Returns ``(request, created)``; the same e-mail asking for the same report within
    ``ENQUIRY_DUPLICATE_WINDOW`` seconds gets the earlier request back and nothing queued.
    """
    fields = _lead_fields(submission)
    _lock_submitter("sample", report.pk, fields["email"])
    existing = _recent_duplicate(SampleRequest, report=report, email=fields["email"])
    if existing is not None:
        return existing, False
    sample_request = SampleRequest.objects.create(report=report, queued_at=timezone.now(), **fields)
    _queue_render(sample_request.pk)
    return sample_request, True


@transaction.atomic
def enquiry_create(*, report: Report, submission: Submission) -> tuple[Enquiry, bool]:
    """Record an enquiry and queue its two e-mails on commit. Duplicates as for samples."""
    fields = _lead_fields(submission)
    _lock_submitter("enquiry", report.pk, fields["email"])
    existing = _recent_duplicate(Enquiry, report=report, email=fields["email"])
    if existing is not None:
        return existing, False
    enquiry = Enquiry.objects.create(report=report, queued_at=timezone.now(), **fields)
    _queue_enquiry(enquiry.pk)
    return enquiry, True


def _queue_render(sample_request_id: int) -> None:
    from .tasks import render_sample

    render_sample.delay_on_commit(sample_request_id)


def _queue_sample_email(sample_request_id: int) -> None:
    from .tasks import send_sample_email

    send_sample_email.delay_on_commit(sample_request_id)


def _queue_enquiry(enquiry_id: int) -> None:
    from .tasks import send_enquiry_emails

    send_enquiry_emails.delay_on_commit(enquiry_id)


def _fail_sample(sample_request: SampleRequest, error: str) -> None:
    sample_request.status = SampleStatus.FAILED
    sample_request.failed_at = timezone.now()
    sample_request.last_error = error[:2000]
    sample_request.save(update_fields=["status", "failed_at", "last_error", "updated_at"])


@transaction.atomic
def sample_mark_failed(*, sample_request_id: int, error: str) -> None:
    """Terminal failure, unless the sample went out meanwhile."""
    sample_request = SampleRequest.objects.select_for_update().filter(pk=sample_request_id).first()
    if sample_request is None or sample_request.status in (SampleStatus.SENT, SampleStatus.FAILED):
        return
    _fail_sample(sample_request, error)


def sample_render(*, sample_request_id: int, render=None) -> bool:
    """Render the sample PDF into storage and queue its e-mail; True if this call rendered.

    Nothing happens for a request already sent or failed. A request already rendered
    only has its e-mail queued again. ``SAMPLE_MAX_RENDER_ATTEMPTS`` starts (each one a
    task delivery: a worker killed mid-render is a started attempt) end in "failed", so a
    document that crashes workers cannot loop forever. The render itself runs outside
    any transaction; a concurrent render that finished first wins and our file is dropped.
    """
    from .documents import render_sample_pdf

    render = render or render_sample_pdf
    with transaction.atomic():
        sample_request = (
            SampleRequest.objects.select_for_update().filter(pk=sample_request_id).first()
        )
        if sample_request is None or sample_request.status in (
            SampleStatus.SENT,
            SampleStatus.FAILED,
        ):
            return False
        if sample_request.rendered_at is not None:
            _queue_sample_email(sample_request.pk)
            return False
        if sample_request.render_attempts >= settings.SAMPLE_MAX_RENDER_ATTEMPTS:
            _fail_sample(
                sample_request,
                f"Rendering did not finish after {sample_request.render_attempts} attempts.",
            )
            return False
        sample_request.status = SampleStatus.RENDERING
        sample_request.render_attempts = F("render_attempts") + 1
        sample_request.save(update_fields=["status", "render_attempts", "updated_at"])
        report_id, key = sample_request.report_id, sample_request.download_key
        language = sample_request.language

    pdf = _sample_pdf(report_id=report_id, language=language, render=render)
    storage = samples_storage()
    name = storage.save(f"{key.hex[:2]}/{key.hex}/sample.pdf", ContentFile(pdf))

    with transaction.atomic():
        sample_request = (
            SampleRequest.objects.select_for_update().filter(pk=sample_request_id).first()
        )
        if (
            sample_request is None
            or sample_request.rendered_at is not None
            or sample_request.status == SampleStatus.FAILED
        ):
            transaction.on_commit(lambda: storage.delete(name))
            return False
        sample_request.pdf_name = name
        sample_request.rendered_at = timezone.now()
        sample_request.last_error = ""
        sample_request.save(update_fields=["pdf_name", "rendered_at", "last_error", "updated_at"])
        _queue_sample_email(sample_request.pk)
    return True


def _sample_pdf(*, report_id: int, language: str, render) -> bytes:
    """The report's sample in ``language``, rendered at most once per report revision,
    language and day.

    The sample holds nothing about the visitor, so a burst of requests for one report
    costs one render; the key changes with ``Report.revision`` (bumped on every edit) and
    with the date printed on the cover. Concurrent first renders may both render; either
    result is correct.
    """
    revision = Report.objects.filter(pk=report_id).values_list("revision", flat=True).first()
    storage = samples_storage()
    shared = f"shared/{report_id}-r{revision}-{language}-{timezone.localdate():%Y%m%d}.pdf"
    if storage.exists(shared):
        with storage.open(shared, "rb") as handle:
            return handle.read()
    with override(language):
        pdf = render(report_id=report_id)
    if not storage.exists(shared):
        storage.save(shared, ContentFile(pdf))
    return pdf


@transaction.atomic
def sample_email_send(*, sample_request_id: int) -> bool:
    """Send the sample's e-mail once; True if this call sent it.

    The send happens while the row is locked and ``email_sent_at`` is written in the same
    transaction, so a second delivery of the task sees the stamp. An SMTP error propagates
    (the task retries it) and leaves the row as it was.
    """
    sample_request = (
        SampleRequest.objects.select_for_update(of=("self",))
        .select_related("report")
        .filter(pk=sample_request_id)
        .first()
    )
    if sample_request is None:
        return False
    if sample_request.email_sent_at is not None or sample_request.status == SampleStatus.FAILED:
        return False
    if sample_request.rendered_at is None:
        _queue_render(sample_request.pk)
        return False
    with override(sample_request.language):
        sample_ready_message(sample_request).send()
    sample_request.email_sent_at = timezone.now()
    sample_request.status = SampleStatus.SENT
    sample_request.last_error = ""
    sample_request.save(update_fields=["email_sent_at", "status", "last_error", "updated_at"])
    return True


@transaction.atomic
def sample_resend(*, sample_request: SampleRequest, rerender: bool = True) -> SampleRequest:
    """Send the sample again (staff action, or a fresh link for an expired one).

    ``rerender`` draws a new PDF from the report as it is now; otherwise the stored PDF is
    sent again when it is still there. Counters and the failed state are reset.
    """
    sample_request = SampleRequest.objects.select_for_update().get(pk=sample_request.pk)
    storage = samples_storage()
    keep_file = not rerender and sample_request.pdf_name and storage.exists(sample_request.pdf_name)
    if not keep_file:
        old_name = sample_request.pdf_name
        if old_name:
            transaction.on_commit(lambda: storage.delete(old_name))
        sample_request.pdf_name = ""
        sample_request.rendered_at = None
    sample_request.status = SampleStatus.RENDERING if keep_file else SampleStatus.RECEIVED
    sample_request.email_sent_at = None
    sample_request.failed_at = None
    sample_request.last_error = ""
    sample_request.render_attempts = 0
    sample_request.requeue_count = 0
    sample_request.queued_at = timezone.now()
    sample_request.save()
    if keep_file:
        _queue_sample_email(sample_request.pk)
    else:
        _queue_render(sample_request.pk)
    return sample_request


def enquiry_emails_send(*, enquiry_id: int) -> bool:
    """Send the visitor's acknowledgement and the team's notification, each at most once.

    Each is sent and stamped in its own locked transaction, so a retry after an SMTP error
    on the notification does not acknowledge the visitor twice. True when this call
    completed the delivery.
    """
    if not _enquiry_send_step(enquiry_id=enquiry_id, step="ack"):
        return False
    return _enquiry_send_step(enquiry_id=enquiry_id, step="notify")


@transaction.atomic
def _enquiry_send_step(*, enquiry_id: int, step: str) -> bool:
    enquiry = (
        Enquiry.objects.select_for_update(of=("self",))
        .select_related("report__category")
        .filter(pk=enquiry_id)
        .first()
    )
    if enquiry is None or enquiry.delivery != DeliveryStatus.PENDING:
        return False
    if step == "ack":
        if enquiry.acknowledged_at is None:
            with override(enquiry.language):
                enquiry_ack_message(enquiry).send()
            enquiry.acknowledged_at = timezone.now()
            enquiry.save(update_fields=["acknowledged_at", "updated_at"])
        return True
    if enquiry.notified_at is None:
        to = enquiry_recipient(enquiry)
        with override(settings.LANGUAGE_CODE):
            enquiry_notification_message(enquiry, to=to).send()
        enquiry.notified_at = timezone.now()
        enquiry.notified_to = to
    enquiry.delivery = DeliveryStatus.SENT
    enquiry.last_error = ""
    enquiry.save(
        update_fields=["notified_at", "notified_to", "delivery", "last_error", "updated_at"]
    )
    return True


@transaction.atomic
def enquiry_mark_delivery_failed(*, enquiry_id: int, error: str) -> None:
    enquiry = Enquiry.objects.select_for_update().filter(pk=enquiry_id).first()
    if enquiry is None or enquiry.delivery != DeliveryStatus.PENDING:
        return
    enquiry.delivery = DeliveryStatus.FAILED
    enquiry.last_error = error[:2000]
    enquiry.save(update_fields=["delivery", "last_error", "updated_at"])


@transaction.atomic
def enquiry_mark_answered(*, enquiry: Enquiry, by=None) -> Enquiry:
    """Staff answered the visitor (outside the portal). Idempotent; keeps the first time."""
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.status in (EnquiryStatus.ANSWERED, EnquiryStatus.CLOSED):
        return enquiry
    enquiry.status = EnquiryStatus.ANSWERED
    enquiry.answered_at = timezone.now()
    if enquiry.assignee_id is None and by is not None and getattr(by, "pk", None):
        enquiry.assignee = by
    enquiry.save(update_fields=["status", "answered_at", "assignee", "updated_at"])
    return enquiry


@dataclass(frozen=True)
class SweepResult:
    requeued: int
    failed: int


def _fail_enquiry_delivery(enquiry: Enquiry, error: str) -> None:
    enquiry.delivery = DeliveryStatus.FAILED
    enquiry.last_error = error
    enquiry.save(update_fields=["delivery", "last_error", "updated_at"])


def _queue_sample_step(sample_request: SampleRequest) -> None:
    if sample_request.rendered_at is not None:
        _queue_sample_email(sample_request.pk)
    else:
        _queue_render(sample_request.pk)


def sweep_pending(*, now=None) -> SweepResult:
    """Queue again every request still pending ``ENQUIRY_SWEEP_AFTER`` seconds after it was
    last queued: its task was lost (broker down at commit, Redis restarted without its
    data, a worker killed). After ``ENQUIRY_MAX_REQUEUES`` rounds the row is marked failed.
    Each row is taken under its own lock (``skip_locked``: a row a worker holds is busy,
    not lost).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.ENQUIRY_SWEEP_AFTER)
    requeued = failed = 0
    kinds = [
        (
            SampleRequest,
            Q(status__in=[SampleStatus.RECEIVED, SampleStatus.RENDERING]),
            _fail_sample,
            _queue_sample_step,
        ),
        (
            Enquiry,
            Q(delivery=DeliveryStatus.PENDING),
            _fail_enquiry_delivery,
            lambda enquiry: _queue_enquiry(enquiry.pk),
        ),
    ]
    for model, pending, fail, queue in kinds:
        pending = pending & Q(queued_at__lt=cutoff)
        for pk in list(model.objects.filter(pending).values_list("pk", flat=True)):
            with transaction.atomic():
                row = (
                    model.objects.select_for_update(skip_locked=True).filter(pending, pk=pk).first()
                )
                if row is None:
                    continue
                if row.requeue_count >= settings.ENQUIRY_MAX_REQUEUES:
                    fail(row, f"Still pending after {row.requeue_count} re-queues.")
                    failed += 1
                    continue
                row.requeue_count += 1
                row.queued_at = now
                row.save(update_fields=["requeue_count", "queued_at", "updated_at"])
                queue(row)
                requeued += 1
    return SweepResult(requeued=requeued, failed=failed)


class DownloadLinkExpired(Exception):
    def __init__(self, sample_request: SampleRequest | None):
        super().__init__("expired")
        self.sample_request = sample_request


class DownloadLinkInvalid(Exception):
    pass


def _sample_request_named(pk: int, key: str) -> SampleRequest | None:
    sample_request = SampleRequest.objects.select_related("report").filter(pk=pk).first()
    if sample_request is None or sample_request.download_key.hex != key:
        return None
    return sample_request


def sample_for_download(*, token: str) -> SampleRequest:
    """The request a download token names, if its signature holds and it has not expired.

    Raises ``DownloadLinkExpired`` (carrying the request, so a fresh link can be offered)
    or ``DownloadLinkInvalid`` (tampered, unknown, or the file is no longer there).
    """
    try:
        pk, key = link_target(token, salt=DOWNLOAD_SALT, max_age=settings.SAMPLE_LINK_MAX_AGE)
    except ExpiredLinkToken as expired:
        raise DownloadLinkExpired(_sample_request_named(expired.pk, expired.key)) from None
    except BadLinkToken:
        raise DownloadLinkInvalid from None
    sample_request = _sample_request_named(pk, key)
    if sample_request is None or not sample_request.pdf_name:
        raise DownloadLinkInvalid
    if not samples_storage().exists(sample_request.pdf_name):
        raise DownloadLinkExpired(sample_request)
    return sample_request


def sample_download_counted(*, sample_request: SampleRequest) -> None:
    SampleRequest.objects.filter(pk=sample_request.pk).update(
        download_count=F("download_count") + 1, last_downloaded_at=timezone.now()
    )
