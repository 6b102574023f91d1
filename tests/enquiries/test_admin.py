"""Staff reading leads in the admin: the lists and each lead's page."""

import re

import pytest

from tests.factories import EnquiryFactory, SampleRequestFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize(
    ("factory", "path"),
    [(SampleRequestFactory, "samplerequest"), (EnquiryFactory, "enquiry")],
)
def test_staff_see_each_lead_in_the_list_and_on_its_page(admin_client, factory, path):
    lead = factory(full_name="Priya Raman", company="Northwind Health", job_title="CFO")

    listing = text_of(admin_client.get(f"/admin/enquiries/{path}/"))
    page = admin_client.get(f"/admin/enquiries/{path}/{lead.pk}/change/")
    text = text_of(page)

    assert "Priya Raman" in listing and lead.email in listing and "Northwind Health" in listing
    assert page.status_code == 200
    for shown in ["Visitor", "Delivery", "Priya Raman", lead.email, "Northwind Health", "CFO"]:
        assert shown in text


def test_an_enquiry_shows_the_question_once_at_the_top(admin_client):
    enquiry = EnquiryFactory(message="Does the report cover Japan separately?")

    text = text_of(admin_client.get(f"/admin/enquiries/enquiry/{enquiry.pk}/change/"))

    assert text.count("Does the report cover Japan separately?") == 1
    assert text.index("Does the report cover Japan") < text.index("Visitor")
