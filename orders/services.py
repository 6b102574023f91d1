"""Writes for orders: creation, status transitions, fulfilment and download links.

Contracts:

- Status changes go through ``_transition``: the status read under the row lock, then a
  conditional ``UPDATE … WHERE status IN (allowed sources)``, so of two concurrent attempts
  at the same move exactly one changes a row, and only that one records an ``OrderEvent``
  and runs the move's side effects (invoice number, fulfilment queued on commit). Each
  returns whether it moved the order, and leaves on the order the status it found.
- Fulfilment (``order_fulfil``, run by ``orders.tasks.fulfil_order``) renders outside any
  transaction and then re-checks under a row lock, like the samples: a second "paid" event
  or a retried task finds the file or the ``delivery_sent_at`` stamp and does nothing, and
  the e-mail is sent and stamped in one locked transaction, so never twice.
- A download checks, at the time of the download, the signed token, the link's key, its
  expiry, the order's status and licence validity, and counts itself with a conditional
  update, so the limit holds under concurrent downloads.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from portal.signed_links import BadLinkToken, link_target, link_token
from reports.models import Licence, Report

from .models import (
    PAID_STATUSES,
    TRANSITIONS,
    DownloadLink,
    EditionCopy,
    Order,
    OrderEvent,
    OrderStatus,
)
from .payments import PaymentStart, ProviderError, get_provider

logger = logging.getLogger(__name__)

DOWNLOAD_SALT = "orders.report-download"
CENT = Decimal("0.01")


class OrderError(ValueError):
    """A request the order's state or the catalogue does not allow."""


def orders_storage():
    """Where delivered reports live: ``STORAGES["orders"]``, never a public URL."""
    return storages["orders"]


@dataclass(frozen=True)
class Buyer:
    full_name: str
    email: str
    company: str
    country: str
    billing_address: str
    vat_number: str = ""


def _actor_label(actor, fallback: str) -> str:
    if actor is not None and getattr(actor, "pk", None):
        return f"staff: {actor.get_username()}"
    return fallback


def _transition(
    order: Order,
    *,
    to: str,
    actor=None,
    actor_label: str,
    note: str = "",
    fields: dict | None = None,
) -> bool:
    """Move ``order`` to ``to`` from whichever status allows it (``TRANSITIONS``) with one
    conditional update; record the move. False, and nothing written, if the order's
    current status does not allow it.

    The status is read under the row lock, so a concurrent move either finished before it
    (and is seen) or waits for this transaction. On return ``order.status`` is that status
    or the new one: callers that record why nothing moved (a webhook event's outcome) state
    the status that stopped the move, not the one their copy of the order was loaded with.
    Must run inside a transaction.
    """
    sources = [source for source, targets in TRANSITIONS.items() if to in targets]
    current = (
        Order.objects.select_for_update()
        .filter(pk=order.pk)
        .values_list("status", flat=True)
        .first()
    )
    changed = Order.objects.filter(pk=order.pk, status=current, status__in=sources).update(
        status=to, updated_at=timezone.now(), **(fields or {})
    )
    if not changed:
        if current is not None:
            order.status = current
        return False
    OrderEvent.objects.create(
        order_id=order.pk,
        from_status=current,
        to_status=to,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor, actor_label),
        note=note,
    )
    order.refresh_from_db()
    return True


@transaction.atomic
def order_create(
    *,
    report: Report,
    licence: Licence,
    buyer: Buyer,
    provider: str,
    ip_address: str | None = None,
    upgrade_of: Order | None = None,
) -> Order:
    """A pending order of ``report`` under ``licence``, paid through ``provider``.

    The licence's price, currency and terms, the report's title, code and edition and the
    tax are copied onto the order: later catalogue changes do not alter it. The tier's
    label is recorded in the site's default language, whatever page the order came from. With
    ``upgrade_of`` (the buyer's earlier order, checked by the caller to be theirs) the
    current edition is sold at the licence's upgrade price, on the same tier only.
    """
    if licence.report_id != report.pk or not report.is_public:
        raise OrderError(_("This licence is not for sale."))
    if get_provider(provider) is None:
        raise OrderError(_("This payment method is not available."))
    price = licence.price
    if upgrade_of is not None:
        from .editions import upgrade_offer

        offer = upgrade_offer(upgrade_of)
        if offer is None or offer.licence.pk != licence.pk:
            raise OrderError(
                _("This upgrade is not on offer: your order already has this edition.")
            )
        price = offer.price
    with override(settings.LANGUAGE_CODE):
        tier_label = str(licence.get_tier_display())
    rate = Decimal(settings.ORDER_TAX_RATE)
    net = price.quantize(CENT)
    tax = (net * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    order = Order.objects.create(
        report=report,
        licence=licence,
        report_title=report.title,
        report_code=report.code,
        licence_tier=licence.tier,
        licence_tier_label=tier_label,
        licence_seats=licence.seats,
        licence_description=licence.description,
        licence_update_months=licence.update_months,
        edition=report.edition,
        upgrade_of=upgrade_of,
        currency=licence.currency,
        net_amount=net,
        tax_rate=rate,
        tax_amount=tax,
        total_amount=net + tax,
        full_name=buyer.full_name,
        email=buyer.email.strip().lower(),
        company=buyer.company,
        country=buyer.country,
        billing_address=buyer.billing_address,
        vat_number=buyer.vat_number,
        provider=provider,
        ip_address=ip_address or None,
        language=get_language() or settings.LANGUAGE_CODE,
    )
    OrderEvent.objects.create(
        order=order, from_status="", to_status=order.status, actor_label="visitor"
    )
    _queue_confirmation(order.pk)
    return order


def _queue_confirmation(order_id: int) -> None:
    from .tasks import send_order_confirmation

    send_order_confirmation.delay_on_commit(order_id)


@transaction.atomic
def order_confirmation_send(*, order_id: int) -> bool:
    """E-mail the buyer the order-received message (order number, the order page's secret
    address, how to pay) once, stamped under the row lock; True if this call sent it.

    The order page's address exists nowhere else for the buyer, so this e-mail is what
    keeps a closed browser tab from losing the order. An SMTP error propagates (the task
    retries) and leaves the stamp empty for the sweep.
    """
    from .emails import confirmation_message

    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("report")
        .filter(pk=order_id, confirmation_sent_at__isnull=True)
        .first()
    )
    if order is None:
        return False
    with override(order.language):
        confirmation_message(order).send()
    order.confirmation_sent_at = timezone.now()
    order.save(update_fields=["confirmation_sent_at", "updated_at"])
    return True


def order_start_payment(*, order: Order) -> PaymentStart:
    """Ask the order's provider where the buyer pays; store its reference and page.

    Runs outside any transaction (it may call the provider's servers). Raises
    ``OrderError`` for an order no longer pending, ``payments.ProviderError`` when the
    provider fails; the order then stays pending and the buyer can try again.

    Every attempt, failed or not, stamps ``updated_at``, from which a provider derives its
    idempotency key: Stripe answers a reused key with the answer it saved first, a 500 or a
    402 included, for 24 hours, so the buyer's retry after a failure must go out under a
    new key.
    """
    if order.status != OrderStatus.PENDING_PAYMENT:
        raise OrderError(_("This order is not waiting for payment."))
    provider = get_provider(order.provider)
    if provider is None:
        raise OrderError(_("This payment method is no longer available."))
    try:
        start = provider.start_payment(order=order)
    except ProviderError:
        order.updated_at = timezone.now()
        Order.objects.filter(pk=order.pk).update(updated_at=order.updated_at)
        raise
    order.provider_reference, order.updated_at = start.reference, timezone.now()
    Order.objects.filter(pk=order.pk).update(
        provider_reference=start.reference[:255], updated_at=order.updated_at
    )
    return start


@transaction.atomic
def order_mark_paid(
    *, order: Order, actor=None, actor_label: str = "system", payment_id: str = ""
) -> bool:
    """pending → paid: number the invoice and queue fulfilment on commit.

    False (nothing done) when the order is not pending: already paid, fulfilled,
    cancelled or refunded; ``order.status`` then says which, as read under the row lock.
    """
    from .editions import updates_until

    now = timezone.now()
    months = Order.objects.filter(pk=order.pk).values_list("licence_update_months", flat=True)
    fields = {
        "paid_at": now,
        "licence_valid_until": now + timedelta(days=settings.ORDER_LICENCE_DAYS),
        "updates_until": updates_until(paid_at=now, months=months.first() or 0),
    }
    if payment_id:
        fields["provider_payment_id"] = payment_id[:255]
    if not _transition(
        order, to=OrderStatus.PAID, actor=actor, actor_label=actor_label, fields=fields
    ):
        return False
    from .invoices import invoice_assign

    invoice_assign(order=order)
    _queue_fulfilment(order.pk)
    return True


@transaction.atomic
def order_cancel(*, order: Order, actor=None, actor_label: str = "system", note: str = "") -> bool:
    """pending → cancelled. A paid order is refunded instead."""
    return _transition(
        order, to=OrderStatus.CANCELLED, actor=actor, actor_label=actor_label, note=note
    )


@transaction.atomic
def order_refund(*, order: Order, actor=None, actor_label: str = "system", note: str = "") -> bool:
    """→ refunded: every download link stops working at once (downloads check the status)
    and the delivered file is deleted on commit. Returning the money through the provider
    is outside this function (a Stripe refund arrives here as its event)."""
    name = Order.objects.filter(pk=order.pk).values_list("pdf_name", flat=True).first()
    if not _transition(
        order, to=OrderStatus.REFUNDED, actor=actor, actor_label=actor_label, note=note
    ):
        return False
    if name:
        transaction.on_commit(lambda: orders_storage().delete(name))
    return True


def order_note(*, order: Order, actor, note: str) -> OrderEvent:
    """Record in the order's history something staff did that left its status as it was."""
    return OrderEvent.objects.create(
        order=order,
        from_status=order.status,
        to_status=order.status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor, "system"),
        note=note,
    )


@transaction.atomic
def order_resend_delivery(*, order: Order, actor=None) -> bool:
    """Send the delivery e-mail again with a fresh link (staff action). Only for a
    fulfilled order whose licence is still valid."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != OrderStatus.FULFILLED or not licence_valid(order):
        return False
    Order.objects.filter(pk=order.pk).update(
        delivery_sent_at=None, requeue_count=0, last_error="", updated_at=timezone.now()
    )
    order_note(order=order, actor=actor, note="Delivery e-mail re-sent.")
    _queue_fulfilment(order.pk)
    return True


def _queue_fulfilment(order_id: int) -> None:
    from .tasks import fulfil_order

    fulfil_order.delay_on_commit(order_id)


def _needs_work(order: Order | None) -> bool:
    if order is None or order.status not in PAID_STATUSES:
        return False
    return order.delivery_sent_at is None


def render_once(*, locked, needs_work, render, path) -> bool:
    """Render a buyer's copy into the orders storage at most once, for a row with
    ``pdf_name``, ``rendered_at``, ``render_attempts`` and ``last_error`` (an order, an
    edition copy). False, nothing done, when ``needs_work(locked())`` says the row needs
    nothing; True once the row has its file.

    The attempt is counted under the row lock, the render (``render(row)``) runs outside any
    transaction, and the file is kept under the lock again only if no concurrent run
    stored one first (ours is then deleted on commit): a retried, duplicated or redelivered
    task renders again at worst, and never leaves two files behind."""
    with transaction.atomic():
        row = locked()
        if not needs_work(row):
            return False
        if row.pdf_name:
            return True
        type(row).objects.filter(pk=row.pk).update(render_attempts=F("render_attempts") + 1)
    pdf = render(row)
    storage = orders_storage()
    name = storage.save(path(row), ContentFile(pdf))
    with transaction.atomic():
        row = locked()
        if row.pdf_name or not needs_work(row):
            transaction.on_commit(lambda: storage.delete(name))
        else:
            row.pdf_name, row.rendered_at, row.last_error = name, timezone.now(), ""
            row.save(update_fields=["pdf_name", "rendered_at", "last_error", "updated_at"])
    return True


def order_fulfil(*, order_id: int, render=None) -> bool:
    """Render the buyer's copy (once), then send the delivery e-mail (once). True if this
    call sent the e-mail."""
    from .documents import render_full_report_pdf

    render = render or render_full_report_pdf

    def in_language(order: Order) -> bytes:
        with override(order.language):
            return render(order)

    if not render_once(
        locked=lambda: Order.objects.select_for_update().filter(pk=order_id).first(),
        needs_work=_needs_work,
        render=in_language,
        path=lambda order: f"{order.token[:2]}/{order.number}/report.pdf",
    ):
        return False
    return order_delivery_send(order_id=order_id)


def order_delivery_send(*, order_id: int) -> bool:
    """E-mail the invoice and a new download link, stamp it, and mark the order fulfilled,
    all under the row lock. The invoice PDF is drawn before the lock is taken (it depends
    only on the paid order's snapshot), so the row is not held through a render. An SMTP
    error propagates (the task retries) and leaves the order as it was."""
    from .emails import delivery_message
    from .invoices import render_invoice_pdf

    order = Order.objects.select_related("invoice").filter(pk=order_id).first()
    if not _needs_work(order) or not order.pdf_name:
        return False
    with override(order.language):
        invoice_pdf = render_invoice_pdf(order)
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("report", "invoice")
            .filter(pk=order_id)
            .first()
        )
        if not _needs_work(order) or not order.pdf_name:
            return False
        link = _new_link(order)
        with override(order.language):
            delivery_message(order, link=link, invoice_pdf=invoice_pdf).send()
        order.delivery_sent_at = timezone.now()
        order.delivery_count = F("delivery_count") + 1
        order.save(update_fields=["delivery_sent_at", "delivery_count", "updated_at"])
        if order.status == OrderStatus.PAID:
            _transition(order, to=OrderStatus.FULFILLED, actor_label="worker")
        return True


@transaction.atomic
def order_mark_failed(*, order_id: int, error: str) -> None:
    Order.objects.filter(pk=order_id).update(last_error=error[:2000], updated_at=timezone.now())


def sweep_undelivered(*, now=None) -> int:
    """Queue fulfilment again for paid orders still undelivered ``ORDER_SWEEP_AFTER``
    seconds after payment (a lost task, a worker killed), the order-received e-mail for
    orders still without it, and the delivery of new-edition copies still unsent. Returns
    how many tasks were queued.

    Each order is re-queued at most ``ENQUIRY_MAX_REQUEUES`` times (``requeue_count``), so
    an address that can never receive mail is not retried forever; its last error stays on
    the order for staff, whose re-send starts the count again."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.ORDER_SWEEP_AFTER)
    stale = Order.objects.filter(
        updated_at__lt=cutoff, requeue_count__lt=settings.ENQUIRY_MAX_REQUEUES
    )
    undelivered = set(
        stale.filter(
            status__in=PAID_STATUSES,
            delivery_sent_at__isnull=True,
            render_attempts__lt=settings.ORDER_MAX_RENDER_ATTEMPTS,
        ).values_list("pk", flat=True)
    )
    unconfirmed = set(
        stale.filter(confirmation_sent_at__isnull=True)
        .exclude(status=OrderStatus.CANCELLED)
        .values_list("pk", flat=True)
    )
    for pk in sorted(undelivered | unconfirmed):
        with transaction.atomic():
            Order.objects.filter(pk=pk).update(updated_at=now, requeue_count=F("requeue_count") + 1)
            if pk in undelivered:
                _queue_fulfilment(pk)
            if pk in unconfirmed:
                _queue_confirmation(pk)
    from .editions import requeue_copy, stale_copies

    copies = list(
        stale_copies(
            cutoff=cutoff,
            max_requeues=settings.ENQUIRY_MAX_REQUEUES,
            max_renders=settings.ORDER_MAX_RENDER_ATTEMPTS,
        ).values_list("pk", flat=True)
    )
    for pk in copies:
        requeue_copy(copy_id=pk, now=now)
    return len(undelivered) + len(unconfirmed) + len(copies)


# --- Download links ------------------------------------------------------------------------


def licence_valid(order: Order) -> bool:
    return order.licence_valid_until is None or order.licence_valid_until > timezone.now()


@dataclass(frozen=True)
class Reader:
    """Who a download link is for: named on every page of what it downloads."""

    name: str
    email: str
    company: str


def order_reader(order: Order) -> Reader:
    return Reader(name=order.full_name, email=order.email, company=order.company)


def latest_copy(order: Order) -> EditionCopy | None:
    """The order's copy of the latest edition it received after purchase, if any."""
    return (
        EditionCopy.objects.filter(order=order, rendered_at__isnull=False)
        .order_by("-edition")
        .first()
    )


def _new_link(order: Order, *, reader: Reader | None = None) -> DownloadLink:
    """A link to the newest copy the order has, marked with ``reader`` (default: the buyer)."""
    from .watermark import download_mark

    reader = reader or order_reader(order)
    now = timezone.now()
    return DownloadLink.objects.create(
        order=order,
        edition_copy=latest_copy(order),
        watermark=download_mark(
            name=reader.name, email=reader.email, company=reader.company, on=now
        )[:300],
        reader_email=reader.email,
        expires_at=now + timedelta(seconds=settings.ORDER_LINK_MAX_AGE),
        max_downloads=settings.ORDER_LINK_MAX_DOWNLOADS,
    )


def download_token(link: DownloadLink) -> str:
    return link_token(pk=link.pk, key=link.key, salt=DOWNLOAD_SALT)


@transaction.atomic
def download_link_issue(*, order: Order, reader: Reader | None = None) -> DownloadLink:
    """A fresh link for the buyer (from the order page) or, with ``reader``, for a person
    reading under the order's licence (from their library). Raises ``OrderError`` unless
    the order is fulfilled and its licence still valid."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != OrderStatus.FULFILLED or not order.pdf_name:
        raise OrderError(_("This order has no report to download."))
    if not licence_valid(order):
        raise OrderError(_("The licence of this order has expired."))
    return _new_link(order, reader=reader)


class LinkRefused(Exception):
    """Why a download is refused: ``reason`` is one of invalid, expired, exhausted,
    revoked (refunded or cancelled order), licence_expired, not_ready."""

    def __init__(self, reason: str, order: Order | None = None):
        super().__init__(reason)
        self.reason = reason
        self.order = order


def link_for_download(*, token: str) -> DownloadLink:
    """The link a token names, if every check passes now; otherwise ``LinkRefused``."""
    try:
        link_id, key = link_target(token, salt=DOWNLOAD_SALT)
    except BadLinkToken:
        raise LinkRefused("invalid") from None
    link = (
        DownloadLink.objects.select_related("order__report", "edition_copy")
        .filter(pk=link_id)
        .first()
    )
    if link is None or link.key.hex != key:
        raise LinkRefused("invalid")
    order = link.order
    if order.status in (OrderStatus.REFUNDED, OrderStatus.CANCELLED):
        raise LinkRefused("revoked", order)
    if order.status != OrderStatus.FULFILLED or not order.pdf_name:
        raise LinkRefused("not_ready", order)
    if not licence_valid(order):
        raise LinkRefused("licence_expired", order)
    if link.expires_at <= timezone.now():
        raise LinkRefused("expired", order)
    if link.download_count >= link.max_downloads:
        raise LinkRefused("exhausted", order)
    return link


def link_file_name(link: DownloadLink) -> str:
    """The stored file a link downloads: its edition's copy, else the order's own."""
    return link.edition_copy.pdf_name if link.edition_copy_id else link.order.pdf_name


def download_count(*, link: DownloadLink) -> None:
    """Count one download; ``LinkRefused("exhausted")`` if a concurrent download took the
    last one first."""
    counted = DownloadLink.objects.filter(pk=link.pk, download_count__lt=F("max_downloads")).update(
        download_count=F("download_count") + 1, last_downloaded_at=timezone.now()
    )
    if not counted:
        raise LinkRefused("exhausted", link.order)
