"""What a signed-in buyer may see: the orders placed with the addresses they proved, and the
seats colleagues gave those addresses."""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db.models import Prefetch

from enquiries.models import Enquiry, SampleRequest
from orders.editions import UpgradeOffer, upgrade_offer
from orders.models import PAID_STATUSES, EditionCopy, Order, OrderStatus, Seat
from orders.services import licence_valid

from .models import Profile


def verified_emails(*, user) -> list[str]:
    return [
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]


def library_orders(*, user):
    """Orders placed with any of ``user``'s verified addresses, newest first (everything the
    library shows is snapshotted on the order)."""
    return Order.objects.filter(email__in=verified_emails(user=user))


@dataclass
class LibraryEntry:
    """One row of My library: an order the user bought (``seat`` None) or holds a seat on."""

    order: Order
    seat: Seat | None = None
    seats: list[Seat] = field(default_factory=list)
    copies: list[EditionCopy] = field(default_factory=list)
    upgrade: UpgradeOffer | None = None

    @property
    def is_buyer(self) -> bool:
        return self.seat is None

    @property
    def edition(self) -> int:
        return max([self.order.edition, *(c.edition for c in self.copies if c.rendered_at)])

    @property
    def seats_used(self) -> int:
        return 1 + len(self.seats)

    @property
    def readable(self) -> bool:
        return (
            self.order.status == OrderStatus.FULFILLED
            and bool(self.order.pdf_name)
            and licence_valid(self.order)
        )


def _with_library_parts(orders):
    return orders.select_related("report", "licence").prefetch_related(
        Prefetch("seats", Seat.objects.filter(released_at__isnull=True), to_attr="active_seats"),
        "edition_copies",
    )


def library_entries(*, user, number: str | None = None) -> list[LibraryEntry]:
    """Every order the user bought, then every order whose seat they accepted (only while
    that order is paid: a refund or cancellation takes the report from every seat); with
    ``number``, only that order's entry, if the user may see it."""
    emails = verified_emails(user=user)
    bought = Order.objects.filter(email__in=emails)
    seats = Seat.objects.filter(
        email__in=emails,
        released_at__isnull=True,
        accepted_at__isnull=False,
        order__status__in=PAID_STATUSES,
    ).exclude(order__email__in=emails)
    if number is not None:
        bought, seats = bought.filter(number=number), seats.filter(order__number=number)
    entries = [
        LibraryEntry(
            order=order,
            seats=order.active_seats,
            copies=list(order.edition_copies.all()),
            upgrade=upgrade_offer(order),
        )
        for order in _with_library_parts(bought)
    ]
    held = {seat.order_id: seat for seat in seats}
    entries += [
        LibraryEntry(
            order=order,
            seat=held[order.pk],
            seats=order.active_seats,
            copies=list(order.edition_copies.all()),
        )
        for order in _with_library_parts(Order.objects.filter(pk__in=held))
    ]
    return entries


def library_entry(*, user, number: str) -> LibraryEntry | None:
    """The library's entry for order ``number``, or None when the user may not see it."""
    entries = library_entries(user=user, number=number)
    return entries[0] if entries else None


def pending_invitations(*, user) -> list[Seat]:
    """Seats offered to the user's proved addresses and not yet accepted."""
    return list(
        Seat.objects.filter(
            email__in=verified_emails(user=user),
            released_at__isnull=True,
            accepted_at__isnull=True,
            order__status__in=PAID_STATUSES,
        ).select_related("order")
    )


CHECKOUT_FIELDS = ("full_name", "email", "company", "country", "billing_address", "vat_number")
PROFILE_FIELDS = tuple(name for name in CHECKOUT_FIELDS if name != "email")
"""What a profile keeps: the checkout's details but the address, which the account proves."""


def profile_of(*, user) -> Profile | None:
    return Profile.objects.filter(user=user).first()


def checkout_details(*, user) -> dict:
    """The buyer's details for their next checkout: their profile where they filled it in,
    else their latest order's, and their proved address; empty for an account with no
    proved address."""
    details = {}
    latest = library_orders(user=user).order_by("-created_at", "-id").first()
    if latest is not None:
        details = {name: getattr(latest, name) for name in CHECKOUT_FIELDS}
    else:
        emails = verified_emails(user=user)
        if emails:
            details = {"email": emails[0]}
    profile = profile_of(user=user)
    if profile is not None:
        details.update(
            {name: getattr(profile, name) for name in PROFILE_FIELDS if getattr(profile, name)}
        )
    return details


def library_leads(*, user) -> tuple[list, list]:
    """(sample requests, enquiries) sent from ``user``'s verified addresses, newest first."""
    emails = verified_emails(user=user)
    samples = SampleRequest.objects.filter(email__in=emails).select_related("report")
    enquiries = Enquiry.objects.filter(email__in=emails).select_related("report")
    return list(samples), list(enquiries)


def reader_for(*, user, entry: LibraryEntry):
    """Who downloads, for the watermark: the profile's name and company where given, else
    the order's company (a colleague reads under their employer's licence)."""
    from orders.services import Reader

    profile = profile_of(user=user)
    email = entry.seat.email if entry.seat else entry.order.email
    name = (profile and profile.full_name) or (entry.order.full_name if entry.is_buyer else "")
    company = (profile and profile.company) or entry.order.company
    return Reader(name=name, email=email, company=company)
