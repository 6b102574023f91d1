"""The demo's staff desk has activity to show, loaded once."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from desk.demo import demo_activity_load
from desk.models import ReviewEvent
from desk.selectors import dashboard
from enquiries.models import Enquiry, SampleRequest
from orders.models import Order
from reports.demo.loader import demo_catalogue_load
from reports.models import Report, ReportDraft

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
    assert Report.objects.filter(review_state="submitted").count() == 1
    assert list(ReviewEvent.objects.order_by("created_at").values_list("action", flat=True)) == [
        "submitted",
        "sent_back",
        "submitted",
    ]
    drafted = ReportDraft.objects.get(state="pending").report
    live_headline = drafted.headline
    assert "led by North America" not in live_headline
    history = staff_client.get(reverse("admin:reports_report_history", args=[drafted.pk]))
    assert [row["kind"] for row in history.context["rows"]] == [
        "Draft: pending",
        "Draft: replaced by a later draft",
        "Saved (live now)",
    ]
    change = staff_client.get(reverse("admin:reports_report_change", args=[drafted.pk]))
    assert "led by North America" in change.context["adminform"].form["headline_en_gb"].value()
    assert "A draft is pending" in change.text


def test_the_demo_prints_an_author_and_an_editor_who_can_sign_in(client, settings):
    settings.DEBUG = True
    demo_catalogue_load()
    out = io.StringIO()

    call_command("demo_desk", stdout=out)
    logins = dict(
        re.findall(r"(Author|Editor) login: \S+  user: (\S+  password: \S+)", out.getvalue())
    )

    assert set(logins) == {"Author", "Editor"}
    for login in logins.values():
        username, password = re.match(r"(\S+)  password: (\S+)", login).groups()
        signed_in = client.post(
            "/admin/login/?next=/admin/reports/report/",
            {"username": username, "password": password},
            follow=True,
        )
        assert signed_in.redirect_chain[-1][0] == "/admin/reports/report/"
        client.logout()
