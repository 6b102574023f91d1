"""Team seats: the buyer of a multi-user or enterprise licence gives colleagues a place.

Contracts:

- The buyer reads through the order itself and counts as one seat; each colleague takes
  a ``Seat`` (slots 2 and up). ``seat_invite`` locks the order row, refuses an address that
  already has a place or a full licence with a message for the buyer, and takes the lowest
  free slot. The database backs this under any concurrency: two active seats of an order
  never share a slot or an address, and no slot exceeds the licence (``Seat`` constraints),
  so a second writer that got past the count is refused by an ``IntegrityError``, turned
  into the same message.
- A colleague sees the report once they sign in with the invited address and accept the
  seat (``seat_accept``, a conditional update: accepting twice changes nothing and says so).
- Taking a seat back (``seat_release``) or moving it (``seat_move``, staff) releases the row,
  which stays as history, and frees its slot. A refund or cancellation withdraws every seat
  at once, because every read of a seat checks its order's status.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override

from .models import PAID_STATUSES, Order, Seat


class SeatError(ValueError):
    """A seat request the licence or the seat's state does not allow; the message is for
    the person who asked."""


def _clean_email(email: str) -> str:
    return email.strip().lower()


def seats_used(order: Order) -> int:
    """The buyer's own place and every seat given and not taken back."""
    return 1 + order.seats.filter(released_at__isnull=True).count()


def _take_slot(*, order: Order, email: str, by) -> Seat:
    active = list(order.seats.filter(released_at__isnull=True).values_list("slot", "email"))
    if email == order.email or email in {seat_email for _, seat_email in active}:
        raise SeatError(gettext("%(email)s already has a seat on this licence.") % {"email": email})
    taken = {slot for slot, _ in active}
    slot = next(n for n in range(2, len(taken) + 3) if n not in taken)
    if order.licence_seats and slot > order.licence_seats:
        raise SeatError(
            ngettext(
                "The %(seats)s seat of this licence is taken: take it back "
                "before giving it to someone else.",
                "All %(seats)s seats of this licence are taken: take one back "
                "before giving it to someone else.",
                order.licence_seats,
            )
            % {"seats": order.licence_seats}
        )
    try:
        with transaction.atomic():
            return Seat.objects.create(
                order=order,
                slot=slot,
                seat_limit=order.licence_seats,
                email=email,
                invited_by=by if getattr(by, "pk", None) else None,
            )
    except IntegrityError:
        raise SeatError(
            gettext(
                "Someone else changed this licence's seats at the same moment: "
                "look at the list again and retry."
            )
        ) from None


@transaction.atomic
def seat_invite(*, order: Order, email: str, by=None) -> Seat:
    """Give ``email`` a seat on ``order`` and e-mail them the invitation (on commit).

    Raises ``SeatError`` for an unpaid order, a single-user licence, an address that
    already has a place (the buyer's own included) or a full licence."""
    email = _clean_email(email)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status not in PAID_STATUSES:
        raise SeatError(gettext("Seats can be given once the order is paid."))
    if not order.shares_seats:
        raise SeatError(gettext("A single-user licence has no seats to give."))
    seat = _take_slot(order=order, email=email, by=by)
    _queue_invitation(seat.pk)
    return seat


@transaction.atomic
def seat_accept(*, seat: Seat, emails: list[str]) -> None:
    """The invited colleague (signed in with one of ``emails``, their proved addresses)
    takes the seat. Raises ``SeatError`` when it is already theirs or no longer offered."""
    accepted = Seat.objects.filter(
        pk=seat.pk,
        email__in=[_clean_email(e) for e in emails],
        released_at__isnull=True,
        accepted_at__isnull=True,
        order__status__in=PAID_STATUSES,
    ).update(accepted_at=timezone.now())
    if accepted:
        return
    seat.refresh_from_db()
    if seat.released_at is None and seat.accepted_at is not None:
        raise SeatError(gettext("This seat is already yours: the report is in your library."))
    raise SeatError(gettext("This invitation has been withdrawn."))


@transaction.atomic
def seat_release(*, seat: Seat, by_label: str) -> bool:
    """Take the seat back; False if it was already released."""
    return bool(
        Seat.objects.filter(pk=seat.pk, released_at__isnull=True).update(
            released_at=timezone.now(), released_by=by_label[:120]
        )
    )


@transaction.atomic
def seat_move(*, seat: Seat, to_email: str, by) -> Seat:
    """Give ``seat``'s slot to ``to_email`` (staff, e.g. a colleague who left): the seat is
    released and a new one, in the same slot, is offered to the new address."""
    order = Order.objects.select_for_update().get(pk=seat.order_id)
    to_email = _clean_email(to_email)
    if (
        to_email == order.email
        or order.seats.filter(email=to_email, released_at__isnull=True).exclude(pk=seat.pk).exists()
    ):
        raise SeatError(f"{to_email} already has a seat on this licence.")
    if not seat_release(seat=seat, by_label=f"staff: {by.get_username()} (moved)"):
        raise SeatError("This seat was already taken back.")
    moved = Seat.objects.create(
        order=order, slot=seat.slot, seat_limit=seat.seat_limit, email=to_email, invited_by=by
    )
    _queue_invitation(moved.pk)
    return moved


def _queue_invitation(seat_id: int) -> None:
    from .tasks import send_seat_invitation

    send_seat_invitation.delay_on_commit(seat_id)


@transaction.atomic
def seat_invitation_send(*, seat_id: int) -> bool:
    """E-mail the invitation once, stamped under the row lock; True if this call sent it."""
    from .emails import seat_invitation_message

    seat = (
        Seat.objects.select_for_update(of=("self",))
        .select_related("order")
        .filter(pk=seat_id, invitation_sent_at__isnull=True, released_at__isnull=True)
        .first()
    )
    if seat is None:
        return False
    with override(seat.order.language):
        seat_invitation_message(seat).send()
    seat.invitation_sent_at = timezone.now()
    seat.save(update_fields=["invitation_sent_at"])
    return True
