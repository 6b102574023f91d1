"""The dashboard on the admin index: this week's and month's figures against the same span
before, the funnel per report and category, and the searches that found nothing."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from desk.models import UnansweredSearch
from desk.selectors import dashboard
from enquiries.models import Enquiry, SampleRequest
from orders.models import Order, OrderStatus
from tests.factories import (
    CategoryFactory,
    EnquiryFactory,
    LicenceFactory,
    OrderFactory,
    ReportFactory,
    SampleRequestFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)
"""A Wednesday: this week runs from Monday 7 December, last week's span is Monday 30
November to Wednesday 2 December 10:00; this month's span last month ends 9 November 10:00."""


def at(model, when: datetime, **kwargs):
    row = {SampleRequest: SampleRequestFactory, Enquiry: EnquiryFactory}[model](**kwargs)
    model.objects.filter(pk=row.pk).update(created_at=when)
    return row


def paid_order(when: datetime, *, status=OrderStatus.PAID, **kwargs) -> Order:
    order = OrderFactory(**kwargs)
    Order.objects.filter(pk=order.pk).update(status=status, paid_at=when)
    return order


def figures(board, period: str) -> dict[str, tuple]:
    for candidate, compared in board.periods:
        if candidate.key == period:
            return {f.label: (f.current, f.previous, f.change_percent) for f in compared}
    raise AssertionError(period)


def test_each_period_is_compared_with_the_same_span_before(staff_user):
    report = ReportFactory()
    for when in (
        datetime(2026, 12, 7, 0, 5, tzinfo=UTC),
        datetime(2026, 12, 9, 9, 0, tzinfo=UTC),
        datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 5, 9, 0, tzinfo=UTC),
    ):
        at(SampleRequest, when, report=report)
    at(SampleRequest, datetime(2026, 12, 2, 11, 0, tzinfo=UTC), report=report)
    at(SampleRequest, datetime(2026, 11, 20, 9, 0, tzinfo=UTC), report=report)
    at(Enquiry, datetime(2026, 12, 8, 9, 0, tzinfo=UTC), report=report)
    usd = LicenceFactory(report=report, price=Decimal("3500"), currency="USD")
    eur = LicenceFactory(report=report, price=Decimal("2900"), currency="EUR", tier="multi")
    paid_order(datetime(2026, 12, 8, 12, 0, tzinfo=UTC), report=report, licence=usd)
    paid_order(datetime(2026, 12, 3, 12, 0, tzinfo=UTC), report=report, licence=eur)
    paid_order(
        datetime(2026, 12, 8, 13, 0, tzinfo=UTC),
        report=report,
        licence=usd,
        status=OrderStatus.REFUNDED,
    )

    board = dashboard(now=NOW, user=staff_user)

    week, month = figures(board, "week"), figures(board, "month")
    assert week["Sample requests"] == (2, 1, 100)
    assert month["Sample requests"] == (4, 1, 300)
    assert week["Enquiries"] == (1, 0, None)
    assert week["Orders paid"] == (1, 0, None) and month["Orders paid"] == (2, 0, None)
    assert week["Revenue (USD)"][:2] == (Decimal("3500"), Decimal("0"))
    assert month["Revenue (EUR)"][:2] == (Decimal("2900"), Decimal("0"))


def test_the_funnel_follows_each_report_and_category_from_sample_to_order(staff_user):
    energy, health = CategoryFactory(name="Energy"), CategoryFactory(name="Health")
    pumps, scans = ReportFactory(category=energy), ReportFactory(category=health)
    for _ in range(3):
        at(SampleRequest, datetime(2026, 12, 1, tzinfo=UTC), report=pumps)
    at(Enquiry, datetime(2026, 12, 2, tzinfo=UTC), report=pumps)
    paid_order(datetime(2026, 12, 3, tzinfo=UTC), report=pumps)
    at(SampleRequest, datetime(2026, 12, 4, tzinfo=UTC), report=scans)
    at(SampleRequest, datetime(2026, 10, 1, tzinfo=UTC), report=scans)

    board = dashboard(now=NOW, user=staff_user)

    rows = [(r.name, r.samples, r.enquiries, r.orders, r.order_rate) for r in board.funnel_reports]
    assert rows == [(pumps.title, 3, 1, 1, 25), (scans.title, 1, 0, 0, 0)]
    categories = [(r.name, r.samples, r.orders) for r in board.funnel_categories]
    assert categories == [("Energy", 3, 1), ("Health", 1, 0)]


def test_searches_that_found_nothing_are_counted_without_who_searched(client, staff_client):
    ReportFactory(title="Heat Pump Market")
    for q in ("Zyxwvut  Gadgets", "zyxwvut gadgets", "ZYXWVUT GADGETS", "heat pump"):
        assert client.get("/reports/", {"q": q}).status_code == 200
    client.get("/reports/", {"q": "zyxwvut gadgets", "page": "2"})

    rows = list(UnansweredSearch.objects.values_list("query", "count"))
    page = staff_client.get("/admin/").content.decode()

    assert rows == [("zyxwvut gadgets", 3)]
    assert {f.name for f in UnansweredSearch._meta.get_fields()} == {"id", "query", "day", "count"}
    assert re.search(r"<th scope=\"row\">zyxwvut gadgets</th><td[^>]*>3</td>", page)


def test_the_admin_index_shows_the_figures_with_charts_beside_tables(staff_client):
    report = ReportFactory(title="Heat Pump Market")
    SampleRequestFactory(report=report)
    EnquiryFactory(report=report)

    page = staff_client.get("/admin/").content.decode()

    assert "This week" in page and "This month" in page
    assert re.search(r"<th scope=\"row\">Sample requests</th>\s*<td[^>]*>1</td>", page)
    assert f">{report.title}</a>" in page
    assert "0 reports submitted for review" in page
    assert page.count('role="img"') == 1
    assert '<title id="desk-leads-by-category-title">Leads by category' in page


def test_staff_see_only_the_figures_their_permissions_allow(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="a-long-test-password")
    clerk.is_staff = True
    clerk.save()
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_samplerequest", "view_enquiry"])
    )
    client.force_login(clerk)

    page = client.get("/admin/").content.decode()

    assert "Sample requests" in page
    assert "Orders paid" not in page and "Revenue" not in page
    assert "Sample → enquiry → order" not in page
