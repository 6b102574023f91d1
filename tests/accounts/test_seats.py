"""Team seats: the buyer of a multi-user licence gives colleagues the report, up to the
seats bought, and takes seats back; a refund takes the report from every seat at once."""

import io
import threading

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from orders import seats as seat_services
from orders import services
from orders.models import Seat
from tests.support.text import text_of

pytestmark = pytest.mark.django_db

BUYER = "jane.doe@acme-industries.com"
COLLEAGUE = "sam.lee@acme-industries.com"


def invite(client, order, email: str):
    return client.post(
        reverse("accounts:seat_invite", kwargs={"number": order.number}),
        {"email": email},
        follow=True,
    )


def download(client, order):
    return client.post(reverse("accounts:download", kwargs={"number": order.number}), follow=True)


def first_page_text(response) -> str:
    return " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())


def test_a_colleague_invited_by_the_buyer_signs_in_accepts_and_downloads_a_copy_in_their_name(
    client, delivered_order, signed_in, django_capture_on_commit_callbacks, django_user_model
):
    order = delivered_order(email=BUYER, seats=3)
    signed_in(client, BUYER)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page = invite(client, order, "Sam.Lee@Acme-Industries.com")

    assert f"{COLLEAGUE} has a seat" in text_of(page)
    assert "2 used of 3" in text_of(client.get("/account/"))
    [invitation] = mail.outbox
    assert invitation.to == [COLLEAGUE]
    assert "Jane Doe (Acme Industries) gave you a seat" in invitation.body

    colleague = client_class_for(client)
    library = signed_in(colleague, COLLEAGUE)
    assert "Seats offered to you" in text_of(library)
    assert order.report_title in text_of(library)
    seat = Seat.objects.get(email=COLLEAGUE)
    accepted = colleague.post(reverse("accounts:seat_accept", args=[seat.pk]), follow=True)
    assert f"“{order.report_title}” is in your library." in text_of(accepted)
    again = colleague.post(reverse("accounts:seat_accept", args=[seat.pk]), follow=True)
    assert "This seat is already yours" in text_of(again)
    assert Seat.objects.filter(order=order).count() == 1

    pdf = download(colleague, order)

    assert pdf["Content-Type"] == "application/pdf"
    assert f"Downloaded by {COLLEAGUE}, Acme Industries" in first_page_text(pdf)
    mine = download(client, order)
    assert f"Downloaded by Jane Doe <{BUYER}>, Acme Industries" in first_page_text(mine)


def client_class_for(client):
    """A second browser, for the colleague."""
    return type(client)()


def test_seats_stop_at_the_licence_and_nobody_is_seated_twice(
    client, delivered_order, signed_in, django_capture_on_commit_callbacks
):
    order = delivered_order(email=BUYER, seats=3)
    signed_in(client, BUYER)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert "has a seat" in text_of(invite(client, order, "a@acme-industries.com"))
        assert "has a seat" in text_of(invite(client, order, "b@acme-industries.com"))
        full = text_of(invite(client, order, "c@acme-industries.com"))
        twice = text_of(invite(client, order, "a@acme-industries.com"))
        own = text_of(invite(client, order, BUYER))
        bad = text_of(invite(client, order, "not an address"))

    assert "All 3 seats of this licence are taken" in full
    assert "a@acme-industries.com already has a seat" in twice
    assert f"{BUYER} already has a seat" in own
    assert "Enter an e-mail address such as" in bad
    assert Seat.objects.filter(order=order, released_at__isnull=True).count() == 2
    assert len(mail.outbox) == 2


def test_a_single_user_licence_has_no_seats_to_give(
    client, delivered_order, signed_in, django_capture_on_commit_callbacks
):
    order = delivered_order(email=BUYER, tier="single", seats=1)
    signed_in(client, BUYER)

    page = text_of(invite(client, order, COLLEAGUE))

    assert "A single-user licence has no seats to give." in page
    assert not Seat.objects.exists()


def test_the_database_refuses_a_seat_beyond_the_licence_or_a_slot_taken_twice(delivered_order):
    order = delivered_order(email=BUYER, seats=2)
    Seat.objects.create(order=order, slot=2, seat_limit=2, email="a@acme-industries.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.create(order=order, slot=3, seat_limit=2, email="b@acme-industries.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.create(order=order, slot=2, seat_limit=2, email="c@acme-industries.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.create(order=order, slot=1, seat_limit=2, email="d@acme-industries.com")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_invitations_never_exceed_the_seats_bought(delivered_order):
    order = delivered_order(email=BUYER, seats=5)
    barrier = threading.Barrier(12)
    outcomes: list[str] = []

    def invite_one(n: int) -> None:
        try:
            barrier.wait()
            seat_services.seat_invite(order=order, email=f"colleague{n}@acme-industries.com")
            outcomes.append("seated")
        except seat_services.SeatError as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=invite_one, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("seated") == 4
    assert all("seats of this licence are taken" in o for o in outcomes if o != "seated")
    active = Seat.objects.filter(order=order, released_at__isnull=True)
    assert sorted(active.values_list("slot", flat=True)) == [2, 3, 4, 5]


def test_a_seat_taken_back_loses_the_report_at_once(
    client, delivered_order, signed_in, django_capture_on_commit_callbacks
):
    order = delivered_order(email=BUYER, seats=3)
    seat = seat_services.seat_invite(order=order, email=COLLEAGUE)
    colleague = client_class_for(client)
    signed_in(colleague, COLLEAGUE)
    colleague.post(reverse("accounts:seat_accept", args=[seat.pk]))
    assert order.report_title in text_of(colleague.get("/account/"))
    signed_in(client, BUYER)

    taken = client.post(reverse("accounts:seat_release", args=[seat.pk]), follow=True)

    assert f"The seat of {COLLEAGUE} is free again." in text_of(taken)
    assert order.report_title not in text_of(colleague.get("/account/"))
    assert download(colleague, order).status_code == 404
    assert "1 used of 3" in text_of(client.get("/account/"))


def test_a_refund_withdraws_every_seat_and_its_links_at_once(client, delivered_order, signed_in):
    order = delivered_order(email=BUYER, seats=3)
    seat = seat_services.seat_invite(order=order, email=COLLEAGUE)
    signed_in(client, COLLEAGUE)
    client.post(reverse("accounts:seat_accept", args=[seat.pk]), follow=True)
    assert order.report_title in text_of(client.get("/account/"))
    link = services.download_link_issue(
        order=order, reader=services.Reader(name="", email=COLLEAGUE, company="Acme")
    )
    link_path = reverse("orders:download", kwargs={"token": services.download_token(link)})

    assert services.order_refund(order=order, actor_label="staff")

    assert order.report_title not in text_of(client.get("/account/"))
    assert download(client, order).status_code == 404
    assert client.get(link_path).status_code == 410


def test_another_buyers_order_and_seats_are_404(client, delivered_order, signed_in):
    mine = delivered_order(email=BUYER, seats=3)
    theirs = delivered_order(email="rival@globex.example", seats=3)
    their_seat = seat_services.seat_invite(order=theirs, email="ally@globex.example")
    signed_in(client, BUYER)

    assert download(client, theirs).status_code == 404
    assert invite(client, theirs, "spy@acme-industries.com").status_code == 404
    assert client.post(reverse("accounts:seat_release", args=[their_seat.pk])).status_code == 404
    assert client.post(reverse("accounts:seat_accept", args=[their_seat.pk])).status_code == 404
    assert Seat.objects.get(pk=their_seat.pk).released_at is None
    assert download(client, mine).status_code == 200
