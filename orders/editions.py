"""New editions of a report, and their delivery to the buyers whose licence includes updates.

Contracts:

- ``edition_publish`` (staff) raises the report's edition, keeps a ``ReportEdition`` row for
  the new one and the one it replaces, and queues the fan-out on commit.
- ``edition_copies_create`` (the fan-out task) gives each order entitled to the edition an
  ``EditionCopy``: paid or fulfilled, bought at an earlier edition, licence still valid and
  updates running when the edition was published. The unique (order, edition) constraint
  makes a repeated fan-out create nothing twice; each new copy is queued for delivery.
- ``edition_copy_deliver`` renders the copy outside any transaction, then stores it and
  sends the one e-mail under the row lock, stamped, like an order's fulfilment: a retried
  or duplicated task, or one redelivered after its worker was killed (``acks_late``),
  finds the stamp and does nothing. ``sweep_undelivered`` re-queues copies whose task was
  lost.
- A buyer without updates keeps their edition and is offered the new one at the licence's
  upgrade price (``upgrade_offer``).
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import override

from reports.models import Licence, Report, ReportEdition, ReportStatus
from reports.services import publisher_required

from .models import PAID_STATUSES, EditionCopy, Order


class EditionError(ValueError):
    """A new edition staff may not publish now; the message says why."""


def updates_until(*, paid_at, months: int):
    """The end of an update period of ``months`` (of 30 days) starting at ``paid_at`` (or
    at the current end, when staff extend it), or None for no months."""
    return paid_at + timedelta(days=30 * months) if months else None


@transaction.atomic
def edition_publish(*, report: Report, by, notes: str = "") -> ReportEdition:
    """Publish edition n+1 of a published report today and queue its delivery."""
    publisher_required(by)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.PUBLISHED:
        raise EditionError("Only a published report can have a new edition.")
    today = timezone.localdate()
    ReportEdition.objects.get_or_create(
        report=report,
        number=report.edition,
        defaults={
            "published_on": report.edition_date
            or (report.published_at and timezone.localdate(report.published_at))
            or today
        },
    )
    number = report.edition + 1
    Report.objects.filter(pk=report.pk).update(
        edition=number, edition_date=today, revision=F("revision") + 1, updated_at=timezone.now()
    )
    edition = ReportEdition.objects.create(
        report=report,
        number=number,
        published_on=today,
        notes=notes,
        published_by=by if getattr(by, "pk", None) else None,
    )
    from .tasks import create_edition_copies

    create_edition_copies.delay_on_commit(edition.pk)
    return edition


def entitled_orders(edition: ReportEdition):
    """Orders that receive ``edition`` free: see the module's contract."""
    published = edition.created_at
    return Order.objects.filter(
        report_id=edition.report_id,
        status__in=PAID_STATUSES,
        edition__lt=edition.number,
        updates_until__gte=published,
    ).filter(Q(licence_valid_until__isnull=True) | Q(licence_valid_until__gt=published))


@transaction.atomic
def edition_copies_create(*, edition_id: int) -> int:
    """Create and queue the copies of an edition for every entitled order; returns how
    many were created by this call (0 when a previous run made them all)."""
    edition = ReportEdition.objects.filter(pk=edition_id).first()
    if edition is None:
        return 0
    created = 0
    for order_id in entitled_orders(edition).values_list("pk", flat=True):
        copy, new = EditionCopy.objects.get_or_create(order_id=order_id, edition=edition.number)
        if new:
            created += 1
            _queue_delivery(copy.pk)
    return created


def _queue_delivery(copy_id: int) -> None:
    from .tasks import deliver_edition_copy

    deliver_edition_copy.delay_on_commit(copy_id)


def _needs_work(copy: EditionCopy | None) -> bool:
    return copy is not None and copy.sent_at is None and copy.order.status in PAID_STATUSES


def edition_copy_deliver(*, copy_id: int, render=None) -> bool:
    """Render the copy (once, ``services.render_once``), then send the buyer's e-mail
    (once, stamped under the row lock). True if this call sent the e-mail."""
    from .documents import render_full_report_pdf
    from .emails import new_edition_message
    from .services import render_once

    render = render or render_full_report_pdf

    def locked():
        return (
            EditionCopy.objects.select_for_update(of=("self",))
            .select_related("order__report")
            .filter(pk=copy_id)
            .first()
        )

    def in_language(copy: EditionCopy) -> bytes:
        with override(copy.order.language):
            return render(copy.order, edition=copy.edition)

    if not render_once(
        locked=locked,
        needs_work=_needs_work,
        render=in_language,
        path=lambda copy: f"{copy.order.token[:2]}/{copy.order.number}/edition-{copy.edition}.pdf",
    ):
        return False
    with transaction.atomic():
        copy = locked()
        if not _needs_work(copy) or not copy.pdf_name:
            return False
        notes = (
            ReportEdition.objects.filter(report_id=copy.order.report_id, number=copy.edition)
            .values_list("notes", flat=True)
            .first()
        )
        with override(copy.order.language):
            new_edition_message(copy, notes=notes or "").send()
        copy.sent_at = timezone.now()
        copy.save(update_fields=["sent_at", "updated_at"])
        return True


@transaction.atomic
def edition_copy_mark_failed(*, copy_id: int, error: str) -> None:
    EditionCopy.objects.filter(pk=copy_id).update(
        last_error=error[:2000], updated_at=timezone.now()
    )


def stale_copies(*, cutoff, max_requeues: int, max_renders: int):
    return EditionCopy.objects.filter(
        sent_at__isnull=True,
        updated_at__lt=cutoff,
        requeue_count__lt=max_requeues,
        render_attempts__lt=max_renders,
        order__status__in=PAID_STATUSES,
    )


def requeue_copy(*, copy_id: int, now) -> None:
    with transaction.atomic():
        EditionCopy.objects.filter(pk=copy_id).update(
            updated_at=now, requeue_count=F("requeue_count") + 1
        )
        _queue_delivery(copy_id)


@transaction.atomic
def order_extend_updates(*, order: Order, months: int, by) -> Order:
    """Staff give a buyer ``months`` more of free editions, counted from the later of today
    and the current end; recorded in the order's history."""
    from .services import order_note

    order = Order.objects.select_for_update().get(pk=order.pk)
    start = max(order.updates_until or timezone.now(), timezone.now())
    order.updates_until = updates_until(paid_at=start, months=months)
    order.save(update_fields=["updates_until", "updated_at"])
    order_note(
        order=order,
        actor=by,
        note=f"Updates extended by {months} months, until {order.updates_until:%d %B %Y}.",
    )
    return order


@dataclass(frozen=True)
class UpgradeOffer:
    edition: int
    licence: Licence
    price: Decimal


def upgrade_offer(order: Order) -> UpgradeOffer | None:
    """The current edition at the upgrade price of the order's own licence (load
    ``report`` and ``licence`` with the order), for a paid order of an earlier edition
    that has no copy of it and whose updates ended before it was published (one whose
    copy is still on its way is offered nothing); None when nothing is to offer."""
    report = order.report
    if order.status not in PAID_STATUSES or order.edition >= report.edition:
        return None
    if any(copy.edition >= report.edition for copy in order.edition_copies.all()):
        return None
    if order.updates_until and report.edition_date:
        if timezone.localdate(order.updates_until) >= report.edition_date:
            return None
    licence = order.licence
    if licence is None or report.status != ReportStatus.PUBLISHED:
        return None
    price = licence.upgrade_price if licence.upgrade_price is not None else licence.price
    return UpgradeOffer(edition=report.edition, licence=licence, price=price)
