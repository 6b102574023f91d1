"""Personal data of leads: the periodic anonymisation after LEAD_RETENTION_DAYS, and one
person's export and erasure by staff through the admin."""

import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from enquiries.models import DeliveryStatus, Enquiry, EnquiryStatus, SampleRequest, SampleStatus
from enquiries.privacy import lead_anonymise
from enquiries.tasks import anonymise_expired_leads
from orders.models import Order
from tests.factories import EnquiryFactory, OrderFactory, SampleRequestFactory


def aged(obj, days: int):
    type(obj).objects.filter(pk=obj.pk).update(created_at=timezone.now() - timedelta(days=days))
    obj.refresh_from_db()
    return obj


def sent_sample(**kwargs) -> SampleRequest:
    return SampleRequestFactory(
        status=SampleStatus.SENT, email_sent_at=timezone.now(), ip_address="203.0.113.9", **kwargs
    )


def delivered_enquiry(**kwargs) -> Enquiry:
    now = timezone.now()
    return EnquiryFactory(
        delivery=DeliveryStatus.SENT, acknowledged_at=now, notified_at=now, **kwargs
    )


def assert_anonymised(lead) -> None:
    lead.refresh_from_db()
    assert lead.anonymised_at is not None
    assert lead.full_name == "Anonymised"
    assert lead.email == f"anonymised-{lead.pk}@anonymised.invalid"
    assert (lead.company, lead.job_title, lead.phone, lead.message) == ("", "", "", "")
    assert lead.ip_address is None
    assert lead.internal_notes == ""


def assert_untouched(lead) -> None:
    lead.refresh_from_db()
    assert lead.anonymised_at is None
    assert lead.full_name == "Jane Doe"
    assert lead.email.endswith("@acme-industries.com")


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_periodic_task_anonymises_old_finished_leads_only(settings):
    settings.LEAD_RETENTION_DAYS = 365
    settings.LEAD_ANONYMISE_BATCH_SIZE = 2
    old_sent = [aged(sent_sample(internal_notes="Called her twice."), 400) for _ in range(3)]
    old_failed = aged(
        SampleRequestFactory(status=SampleStatus.FAILED, failed_at=timezone.now()), 400
    )
    old_rendering = aged(SampleRequestFactory(status=SampleStatus.RENDERING), 400)
    recent_sent = aged(sent_sample(), 30)
    old_delivered = aged(delivered_enquiry(phone="+442079460958"), 400)
    old_pending = aged(EnquiryFactory(delivery=DeliveryStatus.PENDING), 400)
    old_being_worked_on = aged(delivered_enquiry(status=EnquiryStatus.IN_PROGRESS), 400)
    recent_delivered = aged(delivered_enquiry(), 30)

    anonymise_expired_leads.delay()

    for lead in [*old_sent, old_failed, old_delivered]:
        assert_anonymised(lead)
    for lead in [old_rendering, recent_sent, old_pending, old_being_worked_on, recent_delivered]:
        assert_untouched(lead)
    old_delivered.refresh_from_db()
    assert old_delivered.country == "GB" and old_delivered.delivery == DeliveryStatus.SENT

    stamps = {lead.pk: lead.anonymised_at for lead in SampleRequest.objects.all()}
    again = lead_anonymise(created_before=timezone.now() - timedelta(days=365))
    assert again.total == 0
    assert {lead.pk: lead.anonymised_at for lead in SampleRequest.objects.all()} == stamps


@pytest.fixture
def person():
    """Jane's two sample requests (one still rendering), an enquiry and an order; and
    someone else's sample request."""
    email = "jane@acme-industries.com"
    return {
        "email": email,
        "sent": sent_sample(email=email),
        "rendering": SampleRequestFactory(email=email, status=SampleStatus.RENDERING),
        "enquiry": EnquiryFactory(email=email),
        "order": OrderFactory(email=email, full_name="Jane Doe"),
        "other": sent_sample(email="john@acme-industries.com"),
    }


def run_action(client, model: str, action: str, pks: list[int], follow=False, **extra):
    url = reverse(f"admin:enquiries_{model}_changelist")
    data = {"action": action, "_selected_action": [str(pk) for pk in pks], **extra}
    return client.post(url, data, follow=follow)


@pytest.mark.django_db
def test_staff_export_one_persons_data_as_json(staff_client, person):
    response = run_action(staff_client, "samplerequest", "export_person_data", [person["sent"].pk])

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    data = json.loads(response.content)
    assert data["email"] == person["email"]
    assert sorted(row["id"] for row in data["sample_requests"]) == sorted(
        [person["sent"].pk, person["rendering"].pk]
    )
    assert [row["id"] for row in data["enquiries"]] == [person["enquiry"].pk]
    assert [row["id"] for row in data["orders"]] == [person["order"].pk]
    assert data["enquiries"][0]["message"] == "Does the report cover Brazil by application?"
    assert "john@" not in response.content.decode()


@pytest.mark.django_db
def test_export_refuses_rows_of_two_people(staff_client, person):
    response = run_action(
        staff_client,
        "samplerequest",
        "export_person_data",
        [person["sent"].pk, person["other"].pk],
        follow=True,
    )

    assert response.status_code == 200
    assert "Select the rows of one person" in response.content.decode()


@pytest.mark.django_db
def test_staff_erase_a_persons_data_after_confirming(staff_client, staff_user, person):
    confirm = run_action(staff_client, "enquiry", "erase_person_data", [person["enquiry"].pk])

    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert person["email"] in page
    assert "Yes, erase their data" in page
    assert_untouched(person["sent"])

    done = run_action(
        staff_client, "enquiry", "erase_person_data", [person["enquiry"].pk], post="yes"
    )

    assert done.status_code == 302
    for lead in (person["sent"], person["rendering"], person["enquiry"]):
        assert_anonymised(lead)
    person["rendering"].refresh_from_db()
    assert person["rendering"].status == SampleStatus.FAILED, "no sample goes out afterwards"
    person["enquiry"].refresh_from_db()
    assert person["enquiry"].delivery == DeliveryStatus.FAILED
    assert_untouched(person["other"])
    order = Order.objects.get(pk=person["order"].pk)
    assert (order.email, order.full_name) == (person["email"], "Jane Doe")
    assert (
        LogEntry.objects.filter(
            user=staff_user, change_message="Erased at the person's request."
        ).count()
        == 3
    )

    listing = staff_client.get(reverse("admin:enquiries_enquiry_changelist"), follow=True)
    assert person["email"] not in listing.content.decode()
