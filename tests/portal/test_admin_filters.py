"""Admin list filters offer only the values the rows hold."""

import re

import pytest

from tests.factories import CategoryFactory, OrderFactory, ReportFactory, SampleRequestFactory

pytestmark = pytest.mark.django_db


def filter_options(html: str, title: str) -> list[str]:
    section = re.search(rf"<summary>\s*By {title}\s*</summary>(.*?)</details>", html, re.S)
    assert section, title
    return re.findall(r"<a [^>]*>(.*?)</a>", section.group(1))


def test_the_lead_list_offers_only_the_countries_leads_come_from(staff_client):
    SampleRequestFactory(country="JP")
    SampleRequestFactory(country="GB", full_name="Olivia Brown")

    page = staff_client.get("/admin/enquiries/samplerequest/").content.decode()
    japan = staff_client.get("/admin/enquiries/samplerequest/", {"country": "JP"}).content.decode()

    assert filter_options(page, "country") == ["All", "Japan", "United Kingdom"]
    assert "Jane Doe" in japan and "Olivia Brown" not in japan


def test_the_order_list_offers_only_its_countries(staff_client):
    OrderFactory(country="DE")

    page = staff_client.get("/admin/orders/order/").content.decode()

    assert filter_options(page, "country") == ["All", "Germany"]


def test_the_report_list_offers_only_categories_with_reports(staff_client):
    ReportFactory(category=CategoryFactory(name="Energy"))
    ReportFactory(category=CategoryFactory(name="Healthcare"))
    CategoryFactory(name="Empty Shelf")

    page = staff_client.get("/admin/reports/report/").content.decode()

    assert filter_options(page, "category") == ["All", "Energy", "Healthcare"]
