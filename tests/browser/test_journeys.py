"""Every visitor and staff journey in a real browser, as a person would do it: links and
buttons clicked, forms filled through their labels, on the live server with a real Celery
worker, Redis and SMTP server (one of each for the module, ``worker_stack``).

Every page a journey reaches is audited (``BrowserSession.audit``): no console error, no
CSP violation, and, except on Django admin pages, no serious or critical axe-core finding.
Each journey keeps a screenshot of its last page in ``tests/artifacts/``.

PostgreSQL only (the worker process shares the test database), like the other worker tests.
"""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext, override
from pypdf import PdfReader

from reports.models import FigureKind, LicenceTier
from tests.factories import (
    CategoryFactory,
    DimensionFactory,
    LicenceFactory,
    MarketFigureFactory,
    ReportFactory,
    ReportSegmentFactory,
    SectionFactory,
    SegmentFactory,
)
from tests.support.pdf import pdf_fonts
from tests.support.text import text_body

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("use_worker_stack"),
]

TIMEOUT = 30_000
MAIL_TIMEOUT = 90
SAMPLE_LINK = re.compile(r"https?://\S+/enquiry/sample/\S+")
REPORT_LINK = re.compile(r"https?://\S+/download/report/\S+")
STAFF_PASSWORD = "a-long-staff-password-for-journeys"
BUYER = {
    "name": "Jane Doe",
    "email": "jane.doe@acme-industries.com",
    "company": "Acme Industries",
}


@pytest.fixture
def journey(browser_session):
    return browser_session


def finish(session, page, name: str) -> None:
    """Keep the journey's last page as ``tests/artifacts/<name>.png``; every page the
    journey reached must have been audited."""
    session.screenshot(page, name)
    assert session.unaudited() == []


@pytest.fixture
def healthcare_report(sample_report):
    """The populated sample report, filed under Healthcare › Digital health."""
    healthcare = CategoryFactory(name="Healthcare", slug="healthcare", parent=None)
    digital = CategoryFactory(name="Digital health", slug="digital-health", parent=healthcare)
    sample_report.category = digital
    sample_report.save()
    return sample_report


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@publisher.example", password=STAFF_PASSWORD
    )


def mail_to(stack, address: str, count: int = 1) -> list:
    """The messages to ``address``, once ``count`` of them arrived at the SMTP server."""

    def mine():
        return [message for message in stack.smtp.messages if message["To"] == address]

    with stack.smtp.condition:
        stack.smtp.condition.wait_for(lambda: len(mine()) >= count, timeout=MAIL_TIMEOUT)
        received = mine()
        everyone = [message["To"] for message in stack.smtp.messages]
    assert len(received) >= count, f"mail to {address}: {everyone}\n{stack.worker.output()}"
    return received


def pdf_text(body: bytes) -> list[str]:
    assert body[:5] == b"%PDF-", body[:200]
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(body)).pages]


def wait_for_charts(page) -> None:
    """Point at each chart, as a reader does (``charts.js`` loads Plotly on the visitor's
    first interaction), until Plotly replaced every server-drawn one (``data-chart-state``)."""
    for box in page.locator("[data-chart-id]").all():
        box.hover()
    page.wait_for_function(
        """() => {
          const boxes = document.querySelectorAll("[data-chart-id]");
          return boxes.length > 0 &&
            [...boxes].every((box) => box.dataset.chartState === "interactive");
        }""",
        timeout=TIMEOUT,
    )


def follow(locator) -> None:
    """Click a link or submit button and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation(timeout=TIMEOUT):
        locator.click()


def admin_login(session, path: str):
    """A staff member's browser at the admin ``path``, after the login form."""
    page = session.open_page(path)
    session.audit(page, axe=False)
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    follow(page.get_by_role("button", name="Log in"))
    return page


def test_browse_from_home_to_a_report_and_read_its_charts(journey, healthcare_report):
    page = journey.open_page("/")
    journey.audit(page)

    follow(
        page.get_by_role("region", name="Browse by industry").get_by_role(
            "link", name="Healthcare", exact=True
        )
    )
    page.get_by_role("heading", level=1, name="Healthcare market research reports").wait_for()
    journey.audit(page)
    follow(page.get_by_role("link", name="Medical Second Opinion Market").first)
    page.get_by_role("heading", level=1, name="Medical Second Opinion Market").wait_for()
    wait_for_charts(page)
    journey.audit(page)

    market = page.locator('[data-chart-id="market-size"]')
    assert market.locator(".xtick text").all_text_contents() == [
        "2019",
        "2023",
        "2024",
        "2027",
        "2031",
    ]
    assert "CAGR 2024–2031: 10.1%" in market.inner_text()
    region = page.locator('[data-chart-id="share-region"]')
    region.scroll_into_view_if_needed()
    region.locator("g.slice path.surface").first.hover()
    assert "North America" in region.locator(".hovertext").first.text_content(timeout=TIMEOUT)
    journey.audit(page)
    finish(journey, page, "browse")


@pytest.fixture
def searchable_catalogue(db):
    """Four reports: three mention telehealth, two of those in Healthcare."""
    healthcare = CategoryFactory(name="Healthcare", slug="healthcare")
    electronics = CategoryFactory(name="Electronics", slug="electronics")
    region = DimensionFactory(slug="region", name="Region")
    america = SegmentFactory(dimension=region, name="North America", slug="north-america")
    europe = SegmentFactory(dimension=region, name="Europe", slug="europe")
    reports = [
        ("Telehealth Platforms Market", healthcare, europe, None),
        ("Medical Second Opinion Market", healthcare, america, "Telehealth drives demand."),
        ("Telehealth Hardware Market", electronics, america, None),
        ("Industrial Robots Market", electronics, america, None),
    ]
    for title, category, segment, section in reports:
        report = ReportFactory(title=title, category=category)
        ReportSegmentFactory(report=report, segment=segment, share_percent=Decimal("40"))
        LicenceFactory(report=report, tier=LicenceTier.SINGLE, price=Decimal("3500"))
        if section:
            SectionFactory(report=report, heading="Drivers", body=f"<p>{section}</p>")


def result_titles(page) -> list[str]:
    return sorted(page.locator(".search-hits h3").all_inner_texts())


def test_search_with_facets(journey, searchable_catalogue):
    page = journey.open_page("/")
    journey.audit(page)

    header = page.get_by_role("banner")
    header.get_by_role("searchbox", name="Search reports").fill("telehealth")
    follow(header.get_by_role("button", name="Search"))
    page.get_by_role("heading", level=1, name="Search results for “telehealth”").wait_for()
    journey.audit(page)
    assert result_titles(page) == [
        "Medical Second Opinion Market",
        "Telehealth Hardware Market",
        "Telehealth Platforms Market",
    ]

    facets = page.get_by_role("complementary", name="Refine")
    follow(facets.get_by_role("region", name="Category").get_by_role("link", name="Healthcare"))
    page.get_by_role("link", name="Category: Healthcare (remove)").wait_for()
    journey.audit(page)
    assert result_titles(page) == ["Medical Second Opinion Market", "Telehealth Platforms Market"]
    assert "category=healthcare" in page.url

    follow(page.get_by_role("link", name="Category: Healthcare (remove)"))
    page.get_by_role("link", name="Category: Healthcare (remove)").wait_for(state="detached")
    journey.audit(page)
    assert len(result_titles(page)) == 3
    assert page.get_by_role("searchbox", name="Search the reports").input_value() == "telehealth"
    finish(journey, page, "search")


def fill_lead_form(page, *, message: str | None = None) -> None:
    page.get_by_label("Full name").fill(BUYER["name"])
    page.get_by_label("Business e-mail").fill(BUYER["email"])
    page.get_by_label("Company").fill(BUYER["company"])
    page.get_by_label("Job title").fill("Head of Strategy")
    page.get_by_label("Country").select_option(label="United Kingdom")
    if message is not None:
        page.get_by_label("Your question").fill(message)
    page.get_by_label("I agree to be contacted about this request.").check()


def test_request_a_sample_and_open_the_pdf_from_the_email(journey, use_worker_stack, sample_report):
    page = journey.open_page(sample_report.get_absolute_url())
    wait_for_charts(page)
    journey.audit(page)

    follow(
        page.get_by_role("navigation", name="Get this report", exact=True).get_by_role(
            "link", name="Request a free sample"
        )
    )
    journey.audit(page)
    fill_lead_form(page)
    follow(page.get_by_role("button", name=re.compile("sample", re.IGNORECASE)))
    page.get_by_text("Thank you – your sample is on its way").wait_for()
    journey.audit(page)
    finish(journey, page, "sample")

    [message] = mail_to(use_worker_stack, BUYER["email"])
    link = SAMPLE_LINK.search(text_body(message)).group(0)
    response = page.request.get(link)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(pdf_text(response.body()))
    assert "Medical Second Opinion Market" in text
    assert "Sample" in text


def test_send_a_pre_purchase_enquiry(journey, use_worker_stack, sample_report):
    page = journey.open_page(sample_report.get_absolute_url())
    wait_for_charts(page)
    journey.audit(page)

    follow(
        page.get_by_role("navigation", name="Get this report", exact=True).get_by_role(
            "link", name="Ask a question before buying"
        )
    )
    journey.audit(page)
    fill_lead_form(page, message="Does the report cover Brazil by application?")
    follow(page.locator("form.lead-form").get_by_role("button"))
    page.get_by_text("we received your question").wait_for()
    journey.audit(page)
    finish(journey, page, "enquiry")

    [ack] = mail_to(use_worker_stack, BUYER["email"])
    assert "Medical Second Opinion Market" in text_body(ack)
    assert "Does the report cover Brazil by application?" in text_body(ack)
    [notification] = mail_to(use_worker_stack, use_worker_stack.sales_email)
    assert BUYER["email"] in text_body(notification)


def place_enterprise_order_by_bank_transfer(page) -> str:
    """Fill in the checkout on ``page`` as ``BUYER`` and place the order; its number."""
    page.get_by_label("Enterprise").check()
    page.get_by_label("Full name").fill(BUYER["name"])
    page.get_by_label("Business e-mail").fill(BUYER["email"])
    page.get_by_label("Company").fill(BUYER["company"])
    page.get_by_label("Country").select_option(label="Germany")
    page.get_by_label("Billing address").fill("Hauptstraße 1\n10115 Berlin")
    page.get_by_label("Bank transfer").check()
    page.get_by_label("I accept the terms of sale.").check()
    follow(page.get_by_role("button", name="Place the order"))
    heading = page.get_by_role("heading", level=1, name=re.compile(r"^Order "))
    return heading.inner_text(timeout=TIMEOUT).removeprefix("Order ").strip()


def test_buy_by_bank_transfer_staff_marks_paid_and_the_buyer_downloads(
    journey, use_worker_stack, sample_report, staff
):
    page = journey.open_page(sample_report.get_absolute_url())
    wait_for_charts(page)
    journey.audit(page)
    follow(page.get_by_role("link", name="Buy now"))
    journey.audit(page)

    order_number = place_enterprise_order_by_bank_transfer(page)
    journey.audit(page)
    details = page.locator("main").inner_text()
    assert "Please transfer" in details and "IBAN" in details and order_number in details

    admin = admin_login(journey, reverse("admin:index"))
    journey.audit(admin, axe=False)
    follow(admin.locator(f'a[href="{reverse("admin:orders_order_changelist")}"]').first)
    journey.audit(admin, axe=False)
    admin.get_by_role("row").filter(has_text=order_number).get_by_role("checkbox").check()
    admin.get_by_role("combobox", name=re.compile("^Action")).select_option(
        label="Mark paid (bank transfer received) and deliver"
    )
    follow(admin.get_by_role("button", name="Go"))
    admin.get_by_text("1 order(s) marked paid.").wait_for()
    journey.audit(admin, axe=False)

    delivery = next(
        message
        for message in mail_to(use_worker_stack, BUYER["email"], count=2)
        if REPORT_LINK.search(text_body(message))
    )
    link = REPORT_LINK.search(text_body(delivery)).group(0)
    response = page.request.get(link)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pages = pdf_text(response.body())
    unmarked = [
        number
        for number, text in enumerate(pages, 1)
        if BUYER["name"] not in text or order_number not in text
    ]
    assert pages and unmarked == []

    page.reload()
    page.get_by_role("link", name="Download the full report (PDF)").wait_for()
    journey.audit(page)
    finish(journey, page, "purchase")


@pytest.fixture
def draft_report(db):
    report = ReportFactory(
        draft=True,
        code=2200301,
        title="Cold Chain Logistics Market",
        slug="cold-chain-logistics",
        category=CategoryFactory(name="Logistics", slug="logistics"),
    )
    for year, value, kind in [(2023, "10.0", FigureKind.HISTORIC), (2031, "20.0", "forecast")]:
        MarketFigureFactory(report=report, year=year, value=Decimal(value), kind=kind)
    SectionFactory(
        report=report,
        heading="Market overview",
        body="<p>Pharmaceuticals hold XX% of the cold chain market.</p>",
    )
    LicenceFactory(report=report, tier=LicenceTier.SINGLE, price=Decimal("3500"))
    return report


def test_staff_edit_a_report_see_the_integrity_error_and_publish(journey, draft_report, staff):
    public_url = f"{journey.base_url}{draft_report.get_absolute_url()}"
    page = admin_login(journey, reverse("admin:index"))
    journey.audit(page, axe=False)
    assert page.request.get(public_url).status == 404

    follow(page.locator(f'a[href="{reverse("admin:reports_report_changelist")}"]').first)
    journey.audit(page, axe=False)
    follow(page.get_by_role("link", name="Cold Chain Logistics Market"))
    findings = page.locator(".field-integrity_findings")
    findings.wait_for()
    journey.audit(page, axe=False)
    assert "1 error(s) (block publishing), 0 warning(s), 1 note(s)." in findings.inner_text()
    assert 'placeholder text "XX%"' in findings.inner_text()

    follow(page.get_by_role("button", name="Publish"))
    page.get_by_text("was not published").wait_for()
    journey.audit(page, axe=False)

    content = page.locator("#task-content")
    if content.get_attribute("open") is None:
        content.locator("summary").first.click()
    editor = page.locator(".ProseMirror").filter(has_text="XX%")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Pharmaceuticals hold 41% of the cold chain market.")
    follow(page.get_by_role("button", name="Save and continue editing"))
    page.get_by_text("0 error(s) (block publishing), 0 warning(s), 1 note(s).").wait_for()
    journey.audit(page, axe=False)
    assert "Note: Whole-market figures do not cover the forecast period" in (findings.inner_text())
    follow(page.get_by_role("button", name="Publish"))
    page.get_by_text("is published.").wait_for()
    journey.audit(page, axe=False)

    follow(page.get_by_role("link", name="View on site"))
    page.get_by_role("heading", level=1, name="Cold Chain Logistics Market").wait_for()
    wait_for_charts(page)
    journey.audit(page)
    assert "Pharmaceuticals hold 41% of the cold chain market." in page.inner_text("main")
    assert page.request.get(public_url).status == 200
    finish(journey, page, "admin-publish")


COLLEAGUE = "sam.lee@acme-industries.com"
SIGN_IN_CODE = re.compile(r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4})\s*$", re.M)


def sign_in_with_code(session, email: str):
    """A new browser signs in as ``email`` with the code the portal e-mails (allauth sends
    it from the web process, so it lands in the test's outbox), and lands on the library."""
    page = session.open_page(reverse("account_request_login_code"))
    session.audit(page)
    page.locator("input[name=email]").fill(email)
    follow(page.get_by_role("button", name="Request Code"))
    session.audit(page)
    code = SIGN_IN_CODE.search(mail.outbox[-1].body).group(1)
    assert mail.outbox[-1].to == [email]
    page.locator("input[name=code]").fill(code)
    follow(page.get_by_role("button", name="Confirm"))
    page.get_by_role("heading", level=1, name="My library").wait_for()
    session.audit(page)
    return page


def download_from_library(page, edition: int) -> list[str]:
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name=f"Download edition {edition} (PDF)").click()
    return pdf_text(Path(download.value.path()).read_bytes())


def test_a_team_buys_reads_shares_and_receives_the_new_edition(
    journey, use_worker_stack, sample_report, staff
):
    page = journey.open_page(reverse("purchase", kwargs={"code": sample_report.code}))
    journey.audit(page)
    order_number = place_enterprise_order_by_bank_transfer(page)
    journey.audit(page)

    admin = admin_login(journey, reverse("admin:orders_order_changelist"))
    journey.audit(admin, axe=False)
    admin.get_by_role("row").filter(has_text=order_number).get_by_role("checkbox").check()
    admin.get_by_role("combobox", name=re.compile("^Action")).select_option(
        label="Mark paid (bank transfer received) and deliver"
    )
    follow(admin.get_by_role("button", name="Go"))
    journey.audit(admin, axe=False)
    mail_to(use_worker_stack, BUYER["email"], count=2)

    buyer = sign_in_with_code(journey, BUYER["email"])
    assert "1 used of unlimited" in buyer.locator("main").inner_text()
    pages = download_from_library(buyer, 1)
    assert all(f"Downloaded by {BUYER['name']} <{BUYER['email']}>" in text for text in pages)
    buyer.get_by_label("Colleague's e-mail").fill(COLLEAGUE)
    follow(buyer.get_by_role("button", name="Give a seat"))
    buyer.get_by_text(f"{COLLEAGUE} has a seat").wait_for()
    journey.audit(buyer)
    [invitation] = mail_to(use_worker_stack, COLLEAGUE)
    assert f"{BUYER['name']} ({BUYER['company']}) gave you a seat" in text_body(invitation)

    colleague = sign_in_with_code(journey, COLLEAGUE)
    follow(colleague.get_by_role("button", name="Accept the seat"))
    colleague.get_by_text("is in your library").wait_for()
    journey.audit(colleague)
    pages = download_from_library(colleague, 1)
    assert all(f"Downloaded by {COLLEAGUE}, {BUYER['company']}" in text for text in pages)

    admin.goto(
        f"{journey.base_url}{reverse('admin:reports_report_change', args=[sample_report.pk])}"
    )
    journey.audit(admin, axe=False)
    follow(admin.get_by_role("link", name="New edition"))
    journey.audit(admin, axe=False)
    admin.get_by_label("What changed").fill("Adds the 2025 actuals.")
    follow(admin.get_by_role("button", name="Publish edition 2"))
    admin.get_by_text("Edition 2 of").wait_for()
    journey.audit(admin, axe=False)
    announcement = [
        m
        for m in mail_to(use_worker_stack, BUYER["email"], count=3)
        if "New edition 2" in m["Subject"]
    ]
    assert len(announcement) == 1 and "Adds the 2025 actuals." in text_body(announcement[0])

    for reader, name in [(buyer, BUYER["name"]), (colleague, COLLEAGUE)]:
        reader.reload()
        journey.audit(reader)
        pages = download_from_library(reader, 2)
        assert f"order {order_number} – edition 2" in pages[0]
        assert f"Downloaded by {name}" in pages[0]
    finish(journey, colleague, "team-library")


def japanese(text: str) -> str:
    with override("ja"):
        return gettext(text)


def test_a_visitor_in_japanese_requests_a_sample_and_reads_it_in_japanese(
    journey, use_worker_stack, sample_report
):
    page = journey.open_page("/ja/")
    journey.audit(page)
    assert page.locator("html").get_attribute("lang") == "ja"
    follow(page.get_by_role("link", name="Medical Second Opinion Market").first)
    assert "/ja/medical-second-opinion-r1541508" in page.url
    journey.audit(page)
    follow(
        page.get_by_role("navigation", name=japanese("Get this report"), exact=True).get_by_role(
            "link", name=japanese("Request a free sample")
        )
    )
    journey.audit(page)
    page.get_by_label(japanese("Full name")).fill("山田 花子")
    page.get_by_label(japanese("Business e-mail")).fill(BUYER["email"])
    page.get_by_label(japanese("Company"), exact=False).first.fill("株式会社アクメ")
    page.get_by_label(japanese("Job title")).fill("経営企画部長")
    page.get_by_label(japanese("Country")).select_option(value="JP")
    page.get_by_label(japanese("I agree to be contacted about this request.")).check()
    follow(page.locator("form.lead-form").get_by_role("button"))
    page.get_by_text(japanese("Thank you – your sample is on its way")).wait_for()
    journey.audit(page)
    finish(journey, page, "sample-ja")

    [message] = mail_to(use_worker_stack, BUYER["email"])
    link = SAMPLE_LINK.search(text_body(message)).group(0)
    assert "/ja/enquiry/sample/" in link
    response = page.request.get(link)
    assert response.status == 200
    first_page = pdf_text(response.body())[0]
    assert japanese("Sample date") in first_page
    assert any("CJK" in font for font in pdf_fonts(response.body()))
