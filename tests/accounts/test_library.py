"""Buyer accounts: sign-in by an e-mailed code, and the library of what an address bought."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from orders.models import OrderStatus
from tests.factories import EnquiryFactory, OrderFactory, SampleRequestFactory
from tests.support.text import text_of

pytestmark = pytest.mark.django_db

BUYER = "jane.doe@acme-industries.com"


def code_from(message) -> str:
    """The one-time code in an allauth sign-in e-mail: the line that is only the code."""
    [code] = [
        line.strip()
        for line in message.body.splitlines()
        if re.fullmatch(r"\s*[A-Z0-9]{4}-?[A-Z0-9]{4}\s*", line)
    ]
    return code


def sign_in(client, email: str):
    asked = client.post(reverse("account_request_login_code"), {"email": email})
    code = code_from(mail.outbox[-1])
    return asked, client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)


def test_a_guest_who_bought_signs_in_with_the_emailed_code_and_finds_the_order(client):
    mine = OrderFactory(email=BUYER, status=OrderStatus.FULFILLED, paid_at=timezone.now())
    theirs = OrderFactory(email="someone.else@example.org", report_title="Other Market")

    assert client.get("/account/").status_code == 302
    asked, library = sign_in(client, BUYER)

    assert asked.status_code == 302
    assert mail.outbox[-1].to == [BUYER]
    assert library.redirect_chain[-1][0] == reverse("accounts:library")
    text = text_of(library)
    assert "My library" in text and mine.number in text and mine.report_title in text
    assert theirs.number not in text and "Other Market" not in text
    assert f'href="{mine.get_absolute_url()}"' in library.content.decode()
    assert EmailAddress.objects.get(email=BUYER).verified
    assert library["Cache-Control"] == "private, no-store"


def test_a_known_and_an_unknown_address_get_the_same_answer(client):
    OrderFactory(email=BUYER)

    known = client.post(reverse("account_request_login_code"), {"email": BUYER}, follow=True)
    client.cookies.clear()
    unknown = client.post(
        reverse("account_request_login_code"), {"email": "nobody@example.org"}, follow=True
    )

    assert known.redirect_chain[-1][0] == unknown.redirect_chain[-1][0]
    assert text_of(known).replace(BUYER, "X") == text_of(unknown).replace("nobody@example.org", "X")
    assert get_user_model().objects.filter(email=BUYER).count() == 1
    assert not get_user_model().objects.filter(email="nobody@example.org").exists()


def test_a_wrong_code_signs_nobody_in(client):
    OrderFactory(email=BUYER)
    client.post(reverse("account_request_login_code"), {"email": BUYER})

    response = client.post(reverse("account_confirm_login_code"), {"code": "ZZZZZZ"})

    assert response.status_code == 200
    assert "Incorrect code." in text_of(response)
    assert client.get("/account/").status_code == 302


def test_code_requests_for_one_address_are_rate_limited(client):
    OrderFactory(email=BUYER)
    answers = []
    for _ in range(4):
        client.cookies.clear()
        answers.append(client.post(reverse("account_request_login_code"), {"email": BUYER}))

    assert [answer.status_code for answer in answers] == [302, 302, 302, 200]
    assert "Too many failed login attempts" in text_of(answers[3])
    assert len(mail.outbox) == 3


def test_the_library_lists_only_orders_of_verified_addresses(client, django_user_model):
    OrderFactory(email=BUYER)
    user = django_user_model.objects.create_user("x", email=BUYER)
    EmailAddress.objects.create(user=user, email=BUYER, verified=False, primary=True)
    client.force_login(user)

    text = text_of(client.get("/account/"))

    assert "No reports yet for this address." in text


def test_the_library_lists_the_samples_and_questions_the_buyer_sent(client, django_user_model):
    SampleRequestFactory(email=BUYER)
    EnquiryFactory(email=BUYER, message="Does it cover Brazil?")
    EnquiryFactory(email="someone.else@example.org", message="Someone else's question")
    user = django_user_model.objects.create_user("buyer", email=BUYER)
    EmailAddress.objects.create(user=user, email=BUYER, verified=True, primary=True)
    client.force_login(user)

    text = text_of(client.get("/account/"))

    assert "Samples you asked for" in text and "None yet." not in text
    assert "“Does it cover Brazil?”" in text
    assert "Someone else's question" not in text


def test_a_signed_in_buyer_s_next_checkout_is_prefilled_from_their_last_order(
    client, django_user_model
):
    order = OrderFactory(
        email=BUYER, full_name="Jane Doe", company="Acme Industries", vat_number="DE123456789"
    )
    user = django_user_model.objects.create_user("buyer", email=BUYER)
    EmailAddress.objects.create(user=user, email=BUYER, verified=True, primary=True)

    guest = client.get(f"/purchase/{order.report_code}")
    client.force_login(user)
    signed_in = client.get(f"/purchase/{order.report_code}")

    assert 'value="Jane Doe"' not in guest.content.decode()
    page = signed_in.content.decode()
    assert 'value="Jane Doe"' in page and f'value="{BUYER}"' in page
    assert 'value="Acme Industries"' in page and 'value="DE123456789"' in page
    assert {"private", "no-store"} <= set(signed_in["Cache-Control"].replace(" ", "").split(","))


def signed_in_buyer(client, django_user_model):
    user = django_user_model.objects.create_user("buyer", email=BUYER)
    EmailAddress.objects.create(user=user, email=BUYER, verified=True, primary=True)
    client.force_login(user)
    return user


def test_a_buyer_downloads_everything_stored_about_them(client, django_user_model):
    order = OrderFactory(email=BUYER)
    EnquiryFactory(email=BUYER, message="Does it cover Brazil?")
    EnquiryFactory(email="someone.else@example.org", message="Not mine")
    signed_in_buyer(client, django_user_model)

    response = client.get("/account/data.json")

    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = response.json()
    assert data["account"]["addresses"] == [{"email": BUYER, "verified": True, "primary": True}]
    [stored] = data["stored_under_each_address"]
    assert [row["number"] for row in stored["orders"]] == [order.number]
    assert [row["message"] for row in stored["enquiries"]] == ["Does it cover Brazil?"]
    assert client.get("/account/data.json", HTTP_HOST="testserver").status_code == 200
    client.logout()
    assert client.get("/account/data.json").status_code == 302


def test_deleting_the_account_anonymises_leads_and_keeps_orders(client, django_user_model):
    order = OrderFactory(email=BUYER)
    enquiry = EnquiryFactory(email=BUYER, message="Does it cover Brazil?")
    user = signed_in_buyer(client, django_user_model)

    assert "Delete my account" in text_of(client.get("/account/delete"))
    response = client.post("/account/delete")

    assert response.status_code == 303
    assert not django_user_model.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=BUYER).exists()
    enquiry.refresh_from_db()
    assert enquiry.email != BUYER and enquiry.anonymised_at is not None
    order.refresh_from_db()
    assert order.email == BUYER
    assert client.get("/account/").status_code == 302


def test_staff_see_customers_with_their_proved_addresses_and_orders(
    staff_client, django_user_model
):
    order = OrderFactory(email=BUYER)
    user = django_user_model.objects.create_user("buyer", email=BUYER)
    EmailAddress.objects.create(user=user, email=BUYER, verified=True, primary=True)

    listing = staff_client.get("/admin/accounts/buyer/")
    change = staff_client.get(f"/admin/accounts/buyer/{user.pk}/change/")

    assert listing.status_code == 200 and BUYER in listing.content.decode()
    assert "editor@example.com" not in listing.content.decode()
    assert order.number in change.content.decode()


def test_the_customer_list_costs_the_same_queries_however_many_customers(
    staff_client, django_user_model, django_assert_max_num_queries
):
    for n in range(5):
        email = f"buyer{n}@example.org"
        OrderFactory(email=email)
        user = django_user_model.objects.create_user(f"buyer{n}", email=email)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)

    with django_assert_max_num_queries(8):
        listing = staff_client.get("/admin/accounts/buyer/")

    assert listing.content.decode().count('<td class="field-orders">1</td>') == 5
