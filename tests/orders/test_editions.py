"""New editions: staff publish one, buyers whose updates run get it in their library with
one e-mail, the others are offered it at the upgrade price; the old edition is kept."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orders import editions, services
from orders.models import EditionCopy, Order
from reports.models import ReportEdition, ReportStatus
from tests.accounts.test_library import sign_in
from tests.factories import LicenceFactory, OrderFactory, ReportFactory
from tests.support.text import text_of

pytestmark = pytest.mark.django_db

WITH_UPDATES = "ana.lopez@northwind.example"
WITHOUT_UPDATES = "li.wei@contoso.example"


@pytest.fixture
def two_buyers(django_capture_on_commit_callbacks, fake_render):
    """One report bought twice: a multi-user licence with 12 months of updates and a
    single-user one with none (upgrade price USD 900)."""
    report = ReportFactory(title="Cold Chain Logistics Market")
    multi = LicenceFactory(report=report, tier="multi", seats=5, update_months=12)
    single = LicenceFactory(
        report=report, tier="single", update_months=0, upgrade_price=Decimal("900.00")
    )
    orders = []
    for email, licence in [(WITH_UPDATES, multi), (WITHOUT_UPDATES, single)]:
        order = OrderFactory(report=report, licence=licence, email=email)
        with django_capture_on_commit_callbacks(execute=True):
            services.order_mark_paid(order=order, actor_label="bank")
        order.refresh_from_db()
        orders.append(order)
    mail.outbox.clear()
    return report, orders[0], orders[1]


def publish_edition(staff_client, report, django_capture_on_commit_callbacks, notes=""):
    with django_capture_on_commit_callbacks(execute=True):
        return staff_client.post(
            reverse("admin:reports_report_new_edition", args=[report.pk]),
            {"notes": notes},
            follow=True,
        )


def test_buyers_with_updates_get_the_new_edition_once_and_others_an_upgrade_offer(
    staff_client, two_buyers, django_capture_on_commit_callbacks, fake_render
):
    report, updated, not_updated = two_buyers
    assert updated.updates_until > timezone.now() + timedelta(days=300)
    assert not_updated.updates_until is None
    form = staff_client.get(reverse("admin:reports_report_new_edition", args=[report.pk]))
    assert "1 order with updates running" in text_of(form)

    page = publish_edition(
        staff_client, report, django_capture_on_commit_callbacks, notes="Adds 2025 actuals."
    )

    assert "Edition 2 of" in text_of(page)
    report.refresh_from_db()
    assert (report.edition, report.edition_date) == (2, timezone.localdate())
    assert list(ReportEdition.objects.filter(report=report).values_list("number", flat=True)) == [
        2,
        1,
    ]
    [announcement] = mail.outbox
    assert announcement.to == [WITH_UPDATES]
    assert announcement.subject.endswith("New edition 2: Cold Chain Logistics Market")
    assert "Adds 2025 actuals." in announcement.body
    assert fake_render.count(updated.pk) == 2

    buyer = Client()
    sign_in(buyer, WITH_UPDATES)
    library = text_of(buyer.get("/account/"))
    assert "Edition 2" in library and "Download edition 2 (PDF)" in library
    pdf = buyer.post(reverse("accounts:download", kwargs={"number": updated.number}))
    pdf = buyer.get(pdf["Location"])
    assert f"-{updated.number}-edition-2.pdf" in pdf["Content-Disposition"]

    other = Client()
    sign_in(other, WITHOUT_UPDATES)
    library = text_of(other.get("/account/"))
    assert "Download edition 1 (PDF)" in library
    assert "Edition 2 is out. Your licence's updates have ended: get it for USD 900" in library


def test_the_upgrade_is_sold_at_the_upgrade_price_to_its_buyer_only(
    client, staff_client, two_buyers, django_capture_on_commit_callbacks
):
    report, _updated, not_updated = two_buyers
    publish_edition(staff_client, report, django_capture_on_commit_callbacks)
    buyer = Client()
    sign_in(buyer, WITHOUT_UPDATES)
    purchase = f"/purchase/{report.code}?upgrade={not_updated.number}"

    page = buyer.get(purchase)
    stranger = Client().get(purchase)

    assert "to edition 2: USD 900 instead of USD 3,500" in text_of(page)
    assert {"private", "no-store"} <= set(page["Cache-Control"].replace(" ", "").split(","))
    assert "USD 900" not in text_of(stranger)
    placed = buyer.post(
        purchase,
        {
            "upgrade": not_updated.number,
            "licence": not_updated.licence_id,
            "full_name": "Li Wei",
            "email": WITHOUT_UPDATES,
            "company": "Contoso",
            "country": "SG",
            "billing_address": "1 Marina Boulevard",
            "payment_method": "bank_transfer",
            "accept_terms": "on",
        },
    )
    assert placed.status_code == 303, text_of(placed)
    upgrade = Order.objects.get(upgrade_of=not_updated)
    assert (upgrade.net_amount, upgrade.edition) == (Decimal("900.00"), 2)


def test_a_repeated_fan_out_or_delivery_sends_nothing_twice(
    staff_client, two_buyers, django_capture_on_commit_callbacks
):
    report, updated, _ = two_buyers
    publish_edition(staff_client, report, django_capture_on_commit_callbacks)
    edition = ReportEdition.objects.get(report=report, number=2)
    copy = EditionCopy.objects.get(order=updated)

    with django_capture_on_commit_callbacks(execute=True):
        assert editions.edition_copies_create(edition_id=edition.pk) == 0
    assert editions.edition_copy_deliver(copy_id=copy.pk) is False
    assert len(mail.outbox) == 1


def test_an_edition_published_after_the_updates_ended_is_not_given(
    staff_client, two_buyers, django_capture_on_commit_callbacks
):
    report, updated, _ = two_buyers
    Order.objects.filter(pk=updated.pk).update(updates_until=timezone.now() - timedelta(days=1))

    publish_edition(staff_client, report, django_capture_on_commit_callbacks)

    assert not EditionCopy.objects.exists()
    assert mail.outbox == []


def test_staff_extend_the_update_period_and_the_next_edition_arrives(
    staff_client, two_buyers, django_capture_on_commit_callbacks
):
    report, _, not_updated = two_buyers

    staff_client.post(
        "/admin/orders/order/",
        {"action": "extend_updates", "_selected_action": [not_updated.pk]},
    )
    publish_edition(staff_client, report, django_capture_on_commit_callbacks)

    not_updated.refresh_from_db()
    assert not_updated.updates_until > timezone.now() + timedelta(days=359)
    assert "Updates extended by 12 months" in not_updated.events.last().note
    assert {m.to[0] for m in mail.outbox} == {WITH_UPDATES, WITHOUT_UPDATES}


def test_a_draft_report_gets_no_new_edition(staff_client, django_capture_on_commit_callbacks):
    report = ReportFactory(status=ReportStatus.DRAFT, published_at=None)

    page = publish_edition(staff_client, report, django_capture_on_commit_callbacks)

    assert "Only a published report can have a new edition." in text_of(page)
    report.refresh_from_db()
    assert report.edition == 1
