"""Staff reading leads in the admin: the lists and each lead's page."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EnquiryFactory, SampleRequestFactory
from tests.support.text import text_of

pytestmark = pytest.mark.django_db


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


def test_lead_csv_export_neutralises_formulas_typed_by_visitors(admin_client):
    lead = SampleRequestFactory(company='=HYPERLINK("http://evil.example")')

    response = admin_client.post(
        "/admin/enquiries/samplerequest/",
        {"action": "export_csv", "_selected_action": [lead.pk]},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"].startswith('attachment; filename="sample-requests-')
    assert rows[0][:3] == ["id", "created_at", "status"]
    assert rows[1][rows[0].index("company")] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][rows[0].index("email")] == lead.email


@pytest.mark.django_db
def test_the_enquiry_list_costs_the_same_queries_for_many_assigned_rows(
    admin_client, admin_user, django_assert_max_num_queries
):
    EnquiryFactory(assignee=admin_user)
    with CaptureQueriesContext(connection) as one_row:
        admin_client.get("/admin/enquiries/enquiry/")
    EnquiryFactory.create_batch(10, assignee=admin_user)

    with django_assert_max_num_queries(len(one_row.captured_queries)):
        listing = text_of(admin_client.get("/admin/enquiries/enquiry/"))

    assert "11 enquiries" in listing
