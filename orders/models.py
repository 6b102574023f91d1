"""Orders of a report under a licence, their payments, invoices and download links.

An order snapshots everything it was sold at (report title, licence tier and seats, net,
tax, total and currency) so a later price or catalogue change never alters it; pages and
JSON-LD read live prices from ``reports.Licence``, the order never does.

Order states and the transitions allowed between them live here (``TRANSITIONS``); only
``orders.services`` moves an order, each move recorded as an ``OrderEvent``.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from reports.models import seats_label


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Pending payment")
    # Translators: Status of an order.
    PAID = "paid", _("Paid")
    # Translators: Status of an order: the report was delivered.
    FULFILLED = "fulfilled", _("Fulfilled")
    # Translators: Status of an order.
    CANCELLED = "cancelled", _("Cancelled")
    # Translators: Status of an order.
    REFUNDED = "refunded", _("Refunded")


TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PENDING_PAYMENT: frozenset(
        {OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.REFUNDED}
    ),
    OrderStatus.PAID: frozenset({OrderStatus.FULFILLED, OrderStatus.REFUNDED}),
    OrderStatus.FULFILLED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
}
"""Allowed moves. A refund may reach a still-pending order when the provider's refund
event arrives before its payment event; the late payment event then finds nothing to pay."""

PAID_STATUSES = (OrderStatus.PAID, OrderStatus.FULFILLED)
"""Statuses in which the money is ours: counted as revenue, invoice issued."""


def new_order_number() -> str:
    """``RR-7K3M9QXD``: short enough to read over the phone, random so it reveals no volume."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "RR-" + "".join(secrets.choice(alphabet) for _ in range(8))


ORDER_TOKEN_PATTERN = r"[A-Za-z0-9_-]{43}"
"""Every token ``new_order_token`` makes: 32 random bytes, unpadded URL-safe base64. The
order URLs accept nothing else, so a malformed token is a 404 that never reaches a query."""


def new_order_token() -> str:
    return secrets.token_urlsafe(32)


class Order(models.Model):
    number = models.CharField(max_length=16, unique=True, default=new_order_number, editable=False)
    token = models.CharField(
        max_length=64,
        unique=True,
        default=new_order_token,
        editable=False,
        help_text="The secret in the buyer's order page address.",
    )
    status = models.CharField(
        max_length=16,
        choices=OrderStatus.choices,
        default=OrderStatus.PENDING_PAYMENT,
        db_index=True,
    )
    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="orders")
    licence = models.ForeignKey(
        "reports.Licence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_title = models.CharField(max_length=200)
    report_code = models.PositiveIntegerField()
    licence_tier = models.CharField(max_length=12)
    licence_tier_label = models.CharField(max_length=40)
    licence_seats = models.PositiveSmallIntegerField(help_text="0 means unlimited.")
    licence_description = models.TextField(blank=True)
    licence_update_months = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,
        help_text="New editions reach the buyer free for this many months after payment.",
    )
    edition = models.PositiveSmallIntegerField(
        default=1, db_default=1, help_text="The edition bought."
    )
    upgrade_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="upgrades",
        help_text="The earlier order whose holder bought this edition at the upgrade price.",
    )
    currency = models.CharField(max_length=3)
    net_amount = models.DecimalField(max_digits=12, decimal_places=2)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    tax_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    total_amount = models.DecimalField(max_digits=12, decimal_places=2)

    full_name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254, help_text="Stored lower-cased.")
    company = models.CharField(max_length=160)
    country = CountryField()
    billing_address = models.TextField(max_length=1000)
    vat_number = models.CharField("VAT number", max_length=20, blank=True)

    provider = models.CharField(max_length=32, db_index=True)
    provider_reference = models.CharField(
        max_length=255, blank=True, help_text="E.g. the Stripe Checkout Session id."
    )
    provider_payment_id = models.CharField(
        max_length=255, blank=True, db_index=True, help_text="E.g. the Stripe PaymentIntent id."
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    language = models.CharField(
        max_length=10,
        default="en-gb",
        db_default="en-gb",
        help_text="The language of the checkout page: the buyer's e-mails, report and invoice "
        "follow it.",
    )

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True, db_index=True)
    licence_valid_until = models.DateTimeField(null=True, blank=True)
    updates_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Editions published until then are delivered free; staff may extend it.",
    )

    confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the order-received e-mail went out."
    )
    pdf_name = models.CharField(max_length=255, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_attempts = models.PositiveSmallIntegerField(default=0)
    requeue_count = models.PositiveSmallIntegerField(
        default=0, help_text="Times the sweep queued this order's work again after a lost task."
    )
    delivery_sent_at = models.DateTimeField(null=True, blank=True)
    delivery_count = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(net_amount__gte=0, tax_amount__gte=0, total_amount__gte=0),
                name="order_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="order_currency_iso_4217"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending_payment", "cancelled"])
                | Q(paid_at__isnull=False)
                | Q(status="refunded"),
                name="order_paid_has_time",
            ),
            models.CheckConstraint(
                condition=Q(rendered_at__isnull=True) | ~Q(pdf_name=""),
                name="order_rendered_has_file",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("orders:detail", kwargs={"token": self.token})

    @property
    def seats_label(self) -> str:
        return seats_label(self.licence_seats)

    @property
    def is_paid(self) -> bool:
        return self.status in PAID_STATUSES

    @property
    def shares_seats(self) -> bool:
        """Whether the buyer may invite colleagues: any licence for more than one reader."""
        return self.licence_seats != 1


class OrderEvent(models.Model):
    """One status change of an order, and who or what made it."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(
        max_length=120, help_text="E.g. 'staff: jane', 'stripe: evt_…', 'worker', 'visitor'."
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "status change"

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status} by {self.actor_label}"


class ProviderEvent(models.Model):
    """Each payment-provider event id, recorded once in the transaction that applies it,
    so a duplicated or replayed delivery is recognised and ignored."""

    provider = models.CharField(max_length=32)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=120)
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="provider_events"
    )
    outcome = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="provider_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"


class InvoiceCounter(models.Model):
    """The last invoice number issued in a year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Invoice(models.Model):
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="invoice")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=20, unique=True)
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="invoice_sequence_unique"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="invoice_sequence_positive"),
        ]

    def __str__(self) -> str:
        return self.number


class Seat(models.Model):
    """A colleague's place on a multi-user or enterprise order, given by the buyer.

    The buyer reads through the order itself and holds slot 1; colleagues take slots 2 and
    up. The database keeps the licence's limit under concurrent invitations: two active
    seats of an order never share a slot or an address, and a slot never exceeds
    ``seat_limit``, the order's (unchanging) ``licence_seats`` copied onto the seat (0:
    unlimited). Taking a seat back releases it (the row stays as history) and frees its
    slot.
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="seats")
    slot = models.PositiveSmallIntegerField()
    seat_limit = models.PositiveSmallIntegerField()
    email = models.EmailField(max_length=254, help_text="Stored lower-cased.")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["order", "slot", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "slot"],
                condition=Q(released_at__isnull=True),
                name="seat_slot_taken_once",
            ),
            models.UniqueConstraint(
                fields=["order", "email"],
                condition=Q(released_at__isnull=True),
                name="seat_one_per_person",
            ),
            models.CheckConstraint(
                condition=Q(slot__gte=2) & (Q(seat_limit=0) | Q(slot__lte=F("seat_limit"))),
                name="seat_within_licence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} seat {self.slot}: {self.email}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class EditionCopy(models.Model):
    """The buyer's copy of a later edition of the report they bought, delivered under the
    licence's update period: rendered once, announced by e-mail once."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="edition_copies")
    edition = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    pdf_name = models.CharField(max_length=255, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_attempts = models.PositiveSmallIntegerField(default=0)
    requeue_count = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "-edition"]
        verbose_name_plural = "edition copies"
        constraints = [
            models.UniqueConstraint(fields=["order", "edition"], name="edition_copy_once"),
            models.CheckConstraint(
                condition=Q(rendered_at__isnull=True) | ~Q(pdf_name=""),
                name="edition_copy_rendered_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} edition {self.edition}"


class DownloadLink(models.Model):
    """A download link of a delivered report: it works until ``expires_at`` for at most
    ``max_downloads`` downloads, and only while its order is fulfilled. Its file is the
    order's own copy or, for a later edition, ``edition_copy``; every page of the
    download carries ``watermark``, naming who asked for the link."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="download_links")
    edition_copy = models.ForeignKey(
        EditionCopy, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    watermark = models.CharField(max_length=300, blank=True)
    reader_email = models.EmailField(
        max_length=254, blank=True, help_text="Who asked for the link (the buyer or a seat)."
    )
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    max_downloads = models.PositiveSmallIntegerField()
    download_count = models.PositiveSmallIntegerField(default=0)
    last_downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(download_count__lte=models.F("max_downloads")),
                name="download_link_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.download_count}/{self.max_downloads}"
