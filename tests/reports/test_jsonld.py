import json
from decimal import Decimal

import pytest
from tinyhtml5.parser import HTMLParser as Html5Parser

from reports import jsonld
from reports.models import LicenceTier
from reports.selectors import category_chain, report_for_page
from tests.factories import CategoryFactory, FaqFactory, LicenceFactory, ReportFactory


def ld_blocks(response) -> list[dict]:
    tree = Html5Parser(namespace_html_elements=False).parse(response.content.decode())
    return [
        json.loads(script.text)
        for script in tree.iter("script")
        if script.get("type") == "application/ld+json"
    ]


def by_type(blocks: list[dict]) -> dict[str, dict]:
    return {block["@type"]: block for block in blocks}


@pytest.fixture
def report(db):
    parent = CategoryFactory(name="Healthcare", slug="healthcare")
    category = CategoryFactory(name="Healthcare Services", slug="services", parent=parent)
    report = ReportFactory(
        code=1541508,
        slug="medical-second-opinion",
        title="Medical Second Opinion Market",
        category=category,
    )
    LicenceFactory(report=report, tier=LicenceTier.SINGLE, price=Decimal("3500.00"))
    LicenceFactory(report=report, tier=LicenceTier.MULTI, price=Decimal("5250.00"), seats=5)
    LicenceFactory(
        report=report, tier=LicenceTier.ENTERPRISE, price=Decimal("7000.99"), currency="EUR"
    )
    return report


@pytest.mark.smoke
def test_report_page_carries_product_and_breadcrumbs_as_json_ld(client, report):
    blocks = by_type(ld_blocks(client.get(report.get_absolute_url())))

    assert set(blocks) == {"WebPage", "Product", "BreadcrumbList"}
    assert blocks["WebPage"]["inLanguage"] == "en-GB"
    assert all(block["@context"] == "https://schema.org" for block in blocks.values())


def test_product_has_one_offer_per_licence_at_the_licence_price(client, report, settings):
    settings.SITE_URL = "https://reports.example.org"
    product = by_type(ld_blocks(client.get(report.get_absolute_url())))["Product"]

    licences = list(report.licences.order_by("price"))
    assert [(Decimal(offer["price"]), offer["priceCurrency"]) for offer in product["offers"]] == [
        (licence.price, licence.currency) for licence in licences
    ]
    assert {offer["@type"] for offer in product["offers"]} == {"Offer"}
    assert {offer["url"] for offer in product["offers"]} == {
        "https://reports.example.org/purchase/1541508"
    }
    assert all(
        offer["availability"].startswith("https://schema.org/") for offer in product["offers"]
    )
    assert product["sku"] == "1541508"
    assert product["name"] == "Medical Second Opinion Market"
    assert product["description"] == report.summary
    assert product["category"] == "Healthcare > Healthcare Services"
    assert product["brand"]["name"] == settings.PUBLISHER_NAME


def test_breadcrumb_list_runs_from_home_to_the_report(client, report, settings):
    settings.SITE_URL = "https://reports.example.org"
    crumbs = by_type(ld_blocks(client.get(report.get_absolute_url())))["BreadcrumbList"]

    items = crumbs["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3, 4]
    assert [item["name"] for item in items] == [
        "Home",
        "Healthcare",
        "Healthcare Services",
        "Medical Second Opinion Market",
    ]
    assert items[0]["item"] == "https://reports.example.org/"
    assert items[-1]["item"] == "https://reports.example.org/medical-second-opinion-r1541508"


def test_faq_page_lists_questions_with_plain_text_answers(client, report):
    FaqFactory(report=report, question="Who are the key players?", answer="<p>HCA &amp; AXA.</p>")
    FaqFactory(report=report, question="What is the CAGR?", answer="<p><em>9.1%</em></p>")

    faq_page = by_type(ld_blocks(client.get(report.get_absolute_url())))["FAQPage"]

    assert [
        (item["@type"], item["name"], item["acceptedAnswer"]["text"])
        for item in faq_page["mainEntity"]
    ] == [
        ("Question", "Who are the key players?", "HCA & AXA."),
        ("Question", "What is the CAGR?", "9.1%"),
    ]


def test_text_that_could_close_the_script_element_is_escaped(client, report):
    report.title = "Evil </script><script>alert(1)</script> & Co Market"
    report.save()

    response = client.get(report.get_absolute_url())

    assert "</script><script>alert(1)" not in response.content.decode()
    product = by_type(ld_blocks(response))["Product"]
    assert product["name"] == "Evil </script><script>alert(1)</script> & Co Market"


def test_report_blocks_without_faqs_or_licences(db):
    report = ReportFactory()
    loaded = report_for_page(code=report.code)

    blocks = jsonld.report_blocks(
        loaded, category_path=category_chain(loaded.category), language="en-GB"
    )

    assert [block["@type"] for block in blocks] == ["WebPage", "Product", "BreadcrumbList"]
    assert blocks[0]["inLanguage"] == "en-GB"
    assert blocks[1]["offers"] == []
