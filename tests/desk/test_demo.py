"""The demo's staff desk has activity to show, loaded once."""

import pytest

from desk.demo import demo_activity_load
from desk.selectors import dashboard
from enquiries.models import Enquiry, SampleRequest
from orders.models import Order
from reports.demo.loader import demo_catalogue_load

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_dashboard_months_of_activity_once(staff_user, staff_client):
    demo_catalogue_load()

    written = demo_activity_load()
    again = demo_activity_load()

    board = dashboard(user=staff_user)
    statuses = set(Order.objects.values_list("status", flat=True))
    assert (
        written == SampleRequest.objects.count() + Enquiry.objects.count() + Order.objects.count()
    )
    assert again == 0
    assert {"paid", "pending_payment"} <= statuses and len(statuses) >= 3
    assert board.funnel_reports and board.funnel_categories and board.unanswered
    assert staff_client.get("/admin/").status_code == 200
