"""The buyer's profile (prefilled at checkout, named on downloads) and what staff do for
customers: see their seats and downloads, e-mail a sign-in link, move a seat."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from orders import seats as seat_services
from orders.models import Seat
from tests.factories import OrderFactory
from tests.support.text import text_of

from .test_library import BUYER, code_from, sign_in, signed_in_buyer

pytestmark = pytest.mark.django_db


def test_the_profile_is_prefilled_at_checkout_and_bad_input_is_a_form_error(
    client, django_user_model
):
    order = OrderFactory(email=BUYER, company="Old Name Ltd")
    signed_in_buyer(client, django_user_model)

    bad = client.post(reverse("accounts:profile"), {"vat_number": "12345"})
    saved = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Jane  Doe",
            "company": "Acme Industries",
            "country": "DE",
            "billing_address": "Hauptstraße 1\r\n10115 Berlin",
            "vat_number": "de 123 456 789",
        },
        follow=True,
    )
    checkout = client.get(f"/purchase/{order.report_code}").content.decode()

    assert bad.status_code == 400
    assert "Enter a VAT number with its two-letter country prefix" in text_of(bad)
    assert "Your details are saved." in text_of(saved)
    assert 'value="Jane Doe"' in checkout and 'value="Acme Industries"' in checkout
    assert 'value="DE123456789"' in checkout and "Hauptstraße 1\n10115 Berlin" in checkout
    assert '<option value="DE" selected>' in checkout


def test_a_download_names_the_reader_from_their_profile(client, delivered_order, signed_in):
    order = delivered_order(email=BUYER, seats=3)
    seat = seat_services.seat_invite(order=order, email="sam.lee@acme-industries.com")
    colleague = Client()
    signed_in(colleague, "sam.lee@acme-industries.com")
    colleague.post(reverse("accounts:seat_accept", args=[seat.pk]))
    colleague.post(reverse("accounts:profile"), {"full_name": "Sam Lee", "company": "Acme UK"})

    issued = colleague.post(reverse("accounts:download", kwargs={"number": order.number}))

    assert issued.status_code == 303
    link = order.download_links.latest("created_at")
    assert link.watermark.startswith("Downloaded by Sam Lee <sam.lee@acme-industries.com>, Acme UK")
    assert link.reader_email == "sam.lee@acme-industries.com"


def test_staff_see_a_customer_s_seats_and_downloads_and_e_mail_them_a_sign_in_link(
    client, staff_client, delivered_order, signed_in, django_capture_on_commit_callbacks
):
    order = delivered_order(email=BUYER, seats=3)
    seat_services.seat_invite(order=order, email="sam.lee@acme-industries.com")
    buyer = Client()
    signed_in(buyer, BUYER)
    buyer.post(reverse("accounts:download", kwargs={"number": order.number}))
    user = django_user_model_of(BUYER)

    page = text_of(staff_client.get(reverse("admin:accounts_buyer_change", args=[user.pk])))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:accounts_buyer_changelist"),
            {"action": "send_sign_in_link", "_selected_action": [user.pk]},
        )

    assert f"{order.number} – {order.report_title}: 0 of 5 download(s)" in page
    [message] = mail.outbox
    assert message.to == [BUYER]
    assert "/account/auth/login/code/" in message.body


def django_user_model_of(email: str):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.get(email=email).user


def active_seat(order):
    return Seat.objects.get(order=order, released_at__isnull=True)


def test_staff_move_a_seat_to_another_colleague(
    staff_client, delivered_order, django_capture_on_commit_callbacks
):
    order = delivered_order(email=BUYER, seats=2)
    seat = seat_services.seat_invite(order=order, email="left@acme-industries.com")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page = staff_client.post(
            reverse("admin:orders_seat_change", args=[seat.pk]),
            {"move_to": "joined@acme-industries.com"},
            follow=True,
        )
    refused = staff_client.post(
        reverse("admin:orders_seat_change", args=[active_seat(order).pk]),
        {"move_to": BUYER},
        follow=True,
    )

    assert "Seat 2 moved to joined@acme-industries.com." in text_of(page)
    assert "was changed successfully" not in text_of(page)
    active = Seat.objects.get(order=order, released_at__isnull=True)
    assert (active.slot, active.email) == (2, "joined@acme-industries.com")
    assert Seat.objects.get(pk=seat.pk).released_by.endswith("(moved)")
    assert [m.to for m in mail.outbox] == [["joined@acme-industries.com"]]
    assert refused.status_code == 200
    assert f"{BUYER} already has a seat on this licence." in text_of(refused)
    assert Seat.objects.filter(order=order, released_at__isnull=True).count() == 1


def test_the_data_export_holds_the_profile_seats_and_downloads(client, delivered_order, signed_in):
    order = delivered_order(email="boss@acme-industries.com", seats=3)
    seat = seat_services.seat_invite(order=order, email=BUYER)
    signed_in(client, BUYER)
    client.post(reverse("accounts:seat_accept", args=[seat.pk]))
    client.post(reverse("accounts:profile"), {"full_name": "Jane Doe", "company": "Acme"})
    client.post(reverse("accounts:download", kwargs={"number": order.number}))

    data = client.get("/account/data.json").json()

    assert data["profile"]["full_name"] == "Jane Doe"
    [stored] = data["stored_under_each_address"]
    assert [row["order_id"] for row in stored["seats"]] == [order.pk]
    assert [row["reader_email"] for row in stored["downloads"]] == [BUYER]
    assert stored["orders"] == []


def test_sign_in_never_redirects_off_the_site(client):
    OrderFactory(email=BUYER)

    client.post(
        reverse("account_request_login_code") + "?next=https://evil.example/",
        {"email": BUYER, "next": "https://evil.example/"},
    )
    code = sign_in_code()
    done = client.post(
        reverse("account_confirm_login_code"), {"code": code, "next": "https://evil.example/"}
    )

    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:library")


def sign_in_code() -> str:
    return code_from(mail.outbox[-1])


def test_a_reused_or_wrong_code_leads_back_to_asking_for_a_new_one(client):
    OrderFactory(email=BUYER)
    _asked, _library = sign_in(client, BUYER)
    code = sign_in_code()
    client.post(reverse("account_logout"))

    reused = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)

    assert "/account/" not in [url for url, _ in reused.redirect_chain][-1:]
    assert "Send me a sign-in code" in text_of(reused)
    assert client.get("/account/").status_code == 302


def test_a_buyer_may_add_an_authenticator_and_then_signs_in_with_both(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    OrderFactory(email=BUYER)
    sign_in(client, BUYER)
    assert "/reauthenticate/" in client.get(reverse("mfa_activate_totp"))["Location"]
    client.post(reverse("account_request_reauthentication_code"), {"recipient": BUYER})
    client.post(reverse("account_confirm_reauthentication_code"), {"code": sign_in_code()})
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200 and "Activate Authenticator App" in text_of(setup)
    secret = setup.context["form"].secret
    counter = list(yield_hotp_counters_from_time())[-1]
    code = format_hotp_value(hotp_value(secret, counter))
    client.post(reverse("mfa_activate_totp"), {"code": code})
    assert Authenticator.objects.filter(user__email=BUYER, type="totp").exists()
    client.post(reverse("account_logout"))

    _asked, second_step = sign_in(client, BUYER)
    assert reverse("mfa_authenticate") in second_step.redirect_chain[-1][0]
    assert client.get("/account/").status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Incorrect code" in text_of(wrong)
    done = client.post(reverse("mfa_authenticate"), {"code": code}, follow=True)

    assert done.redirect_chain[-1][0] == reverse("accounts:library")
    assert "My library" in text_of(done)


def test_a_download_asked_for_in_japanese_is_marked_in_japanese(client, delivered_order, signed_in):
    order = delivered_order(email=BUYER, seats=3)
    signed_in(client, BUYER)

    issued = client.post(f"/ja/account/orders/{order.number}/download")

    assert issued.status_code == 303 and issued["Location"].startswith("/ja/download/report/")
    mark = order.download_links.latest("created_at").watermark
    assert mark.startswith(f"Jane Doe <{BUYER}>（Acme Industries）が")
    assert mark.endswith("にダウンロード。再配布禁止。")
