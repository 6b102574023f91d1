import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import RequestFactory
from tinyhtml5.parser import HTMLParser as Html5Parser

from reports.models import Company, Faq, FigureKind, LicenceTier, ReportStatus, Section
from reports.selectors import report_for_page
from reports.views import render_report_page
from segments.models import Segment
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    DimensionFactory,
    FaqFactory,
    LicenceFactory,
    MarketFigureFactory,
    ReportCompanyFactory,
    ReportFactory,
    ReportSegmentFactory,
    SectionFactory,
    SegmentFactory,
    TocEntryFactory,
)
from tests.support.text import text_of

COUNTRY_CODES = ["US", "CA", "MX", "BR", "AR", "CO", "CL", "PE", "EC", "UY"]


def build_report(*, n: int = 2, code: int = 1541508, slug: str = "medical-second-opinion", **kw):
    """A published report in Healthcare › Healthcare Services with ``n`` sections, key
    players, type segments and countries (under North America), figures 2020 and 2027."""
    root = CategoryFactory(slug="healthcare", name="Healthcare")
    child = CategoryFactory(slug="healthcare-services", name="Healthcare Services", parent=root)
    kw.setdefault("title", "Medical Second Opinion Market")
    report = ReportFactory(code=code, slug=slug, category=child, **kw)
    MarketFigureFactory(report=report, year=2020, value=Decimal("2.5"), kind=FigureKind.HISTORIC)
    MarketFigureFactory(report=report, year=2027, value=Decimal("4.6"), kind=FigureKind.FORECAST)
    for i in range(n):
        SectionFactory(report=report, heading=f"Heading {i}", body=f"<p>Body text {i}.</p>")
        ReportCompanyFactory(
            report=report,
            company=CompanyFactory(name=f"Player {i}", slug=f"player-{i}"),
            blurb=f"Blurb about player {i}.",
        )
    kind = DimensionFactory(slug="type", name="Type", position=1)
    for i in range(n):
        ReportSegmentFactory(
            report=report,
            segment=SegmentFactory(dimension=kind, name=f"Kind {i}"),
            share_percent=Decimal("45.00") if i == 0 else Decimal("5.50"),
        )
    region = DimensionFactory(slug="region", name="Region", position=2)
    america, _ = Segment.objects.get_or_create(
        dimension=region, slug="north-america", defaults={"name": "North America"}
    )
    ReportSegmentFactory(report=report, segment=america, share_percent=Decimal("40"))
    for country in COUNTRY_CODES[:n]:
        segment, _ = Segment.objects.get_or_create(
            dimension=region,
            country=country,
            defaults={"name": f"Land {country}", "slug": country.lower(), "parent": america},
        )
        ReportSegmentFactory(
            report=report, segment=segment, share_percent=Decimal("80"), share_of=america
        )
    TocEntryFactory(report=report, level=1, title="Introduction")
    TocEntryFactory(report=report, level=2, title="Scope of the study")
    TocEntryFactory(report=report, level=1, title="Market dynamics")
    FaqFactory(report=report, question="How big is the market?", answer="<p>Large.</p>")
    LicenceFactory(report=report, tier=LicenceTier.SINGLE, price=Decimal("3500"), seats=1)
    LicenceFactory(
        report=report,
        tier=LicenceTier.ENTERPRISE,
        price=Decimal("7000.50"),
        seats=0,
        description="Everyone in the buying company.",
    )
    return report


def tree_of(response):
    return Html5Parser(namespace_html_elements=False).parse(response.content.decode())


def element_text(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


@pytest.fixture
def report(db):
    return build_report()


# --- Report page: status codes and addresses -------------------------------------------------


@pytest.mark.smoke
def test_report_page_answers_at_its_canonical_url(client, report):
    response = client.get("/medical-second-opinion-r1541508")

    assert response.status_code == 200
    assert "<h1" in response.content.decode()
    assert "Medical Second Opinion Market" in text_of(response)


@pytest.mark.smoke
@pytest.mark.parametrize(
    "path", ["/wrong-slug-r1541508", "/medical-second-opinion-r1541508/", "/x-r1541508/"]
)
def test_other_spellings_of_the_address_redirect_permanently(client, report, path):
    response = client.get(path)

    assert response.status_code == 301
    assert response["Location"] == "/medical-second-opinion-r1541508"


@pytest.mark.parametrize("trait", ["draft", "archived"])
def test_draft_and_archived_reports_are_not_found(client, db, trait):
    ReportFactory(code=2000001, slug="hidden", **{trait: True})

    assert client.get("/hidden-r2000001").status_code == 404
    assert client.get("/enquiry/request-sample/2000001").status_code == 404
    assert client.get("/purchase/2000001").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/medical-second-opinion-r999",
        "/a-r99999999999999999999999",
        "/a-r0",
        "/enquiry/request-sample/42",
        "/enquiry/pre-order-enquiry/99999999999999999999",
        "/purchase/7",
    ],
)
def test_unknown_or_absurd_report_codes_are_not_found_on_any_report_address(client, report, path):
    assert client.get(path).status_code == 404


def test_staff_preview_of_a_draft_has_a_banner_and_is_not_indexed(db):
    draft = build_report(status=ReportStatus.DRAFT, published_at=None)
    request = RequestFactory().get("/admin/preview")

    response = render_report_page(request, report_for_page(code=draft.code), preview=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview – not published" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Not yet published" in html


def test_public_page_has_no_preview_banner_nor_noindex(client, report):
    html = client.get(report.get_absolute_url()).content.decode()

    assert "Preview – not published" not in html
    assert "noindex" not in html


# --- Report page: what a reader sees ---------------------------------------------------------


def test_key_facts_show_the_computed_cagr_with_its_years_and_the_periods(client, report):
    text = text_of(client.get(report.get_absolute_url()))

    assert "Market size 2020 USD 2.5 billion" in text
    assert "Market size 2027 USD 4.6 billion" in text
    assert "CAGR 2020–2027 9.1%" in text
    assert "forecast period)" not in text
    assert "Base year 2023" in text
    assert "Forecast period 2024–2031" in text
    assert "Historic period 2019–2023" in text
    assert "Pages 120" in text
    assert f"Published {report.published_at:%-d %B %Y}" in text


def test_cagr_over_the_forecast_period_says_so(client, db):
    report = ReportFactory()
    MarketFigureFactory(report=report, year=2024, value=Decimal("100"))
    MarketFigureFactory(report=report, year=2031, value=Decimal("180"))

    text = text_of(client.get(report.get_absolute_url()))

    assert "CAGR 2024–2031 (forecast period) 8.8%" in text


def test_a_report_without_figures_shows_no_cagr(client, db):
    report = ReportFactory()

    text = text_of(client.get(report.get_absolute_url()))

    assert "CAGR" not in text
    assert "Forecast period 2024–2031" in text


def test_breadcrumbs_lead_from_home_through_the_categories(client, report):
    tree = tree_of(client.get(report.get_absolute_url()))
    crumbs = tree.find(".//nav[@aria-label='Breadcrumb']")

    assert [element_text(li) for li in crumbs.iter("li")] == [
        "Home",
        "Healthcare",
        "Healthcare Services",
        "Medical Second Opinion Market",
    ]


def test_market_figures_table_lists_years_values_and_kinds(client, report):
    tree = tree_of(client.get(report.get_absolute_url()))
    table = next(t for t in tree.iter("table") if "size by year" in element_text(t.find("caption")))

    rows = [element_text(tr) for tr in table.find("tbody").iter("tr")]
    assert rows == ["2020 USD 2.5 billion Historic", "2027 USD 4.6 billion Forecast"]


def test_key_players_have_blurbs_and_link_to_their_company_page(client, report):
    html = client.get(report.get_absolute_url()).content.decode()
    text = text_of(client.get(report.get_absolute_url()))

    assert 'href="/companies/player-0/"' in html
    assert "Player 1 Blurb about player 1." in text


def test_segment_shares_are_shown_by_dimension(client, report):
    text = text_of(client.get(report.get_absolute_url()))

    assert "By type" in text
    assert "Kind 0 45% Whole market" in text
    assert "Kind 1 5.5% Whole market" in text


def test_countries_are_listed_under_their_region_with_iso_names(client, report):
    tree = tree_of(client.get(report.get_absolute_url()))
    table = next(t for t in tree.iter("table") if "by region" in element_text(t.find("caption")))

    groups = [[element_text(tr) for tr in tbody.iter("tr")] for tbody in table.iter("tbody")]
    assert groups == [
        [
            "North America 40% Whole market",
            "North America: United States of America 80% North America",
            "North America: Canada 80% North America",
        ]
    ]


def test_table_of_contents_is_nested_by_level(client, report):
    tree = tree_of(client.get(report.get_absolute_url()))
    toc = tree.find(".//section[@class='toc']/ol")

    top = toc.findall("li")
    assert [li.text.strip() for li in top] == ["Introduction", "Market dynamics"]
    assert element_text(top[0].find("ol")) == "Scope of the study"


def test_faqs_are_disclosure_widgets(client, report):
    tree = tree_of(client.get(report.get_absolute_url()))
    details = tree.find(".//section[@class='faqs']/details")

    assert element_text(details.find("summary")) == "How big is the market?"
    assert "Large." in element_text(details)


def test_licences_show_price_with_currency_seats_and_description(client, report):
    text = text_of(client.get(report.get_absolute_url()))

    assert "Single user USD 3,500 1 reader" in text
    assert (
        "Enterprise USD 7,000.50 Unlimited readers in your company Everyone in the buying company."
        in text
    )


def test_calls_to_action_link_to_sample_enquiry_and_purchase(client, report):
    html = client.get(report.get_absolute_url()).content.decode()

    assert 'href="/enquiry/request-sample/1541508"' in html
    assert 'href="/enquiry/pre-order-enquiry/1541508"' in html
    assert 'href="/purchase/1541508"' in html


def test_head_has_canonical_description_and_open_graph(client, report, settings):
    settings.SITE_URL = "https://reports.example.org"
    html = client.get(report.get_absolute_url()).content.decode()

    canonical = "https://reports.example.org/medical-second-opinion-r1541508"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta name="description" content="{report.summary}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{report.title}">' in html


def test_unsafe_html_written_past_save_never_reaches_the_page(client, report):
    unsafe = (
        '<p>Kept text.</p><script>alert("s")</script><img src="x.png" onerror="alert(1)">'
        '<a href="javascript:alert(2)">link</a>'
    )
    Section.objects.filter(report=report).update(body=unsafe)
    Faq.objects.filter(report=report).update(answer=unsafe)

    response = client.get(report.get_absolute_url())

    html = response.content.decode()
    assert "Kept text." in html
    assert "alert" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<script>" not in html


def test_page_obeys_the_content_security_policy(client, report):
    response = client.get(report.get_absolute_url())
    html = response.content.decode()

    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attrs, body in scripts:
        is_data = 'type="application/ld+json"' in attrs or 'type="application/json"' in attrs
        is_our_file = re.search(r'src="/static/[^"]+\.js"', attrs) and not body.strip()
        assert is_data or is_our_file, f"inline or foreign script: <script{attrs}>"
    assert " style=" not in html
    assert "<style" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_report_page_is_well_formed_html5(client, report):
    html = client.get(report.get_absolute_url()).content.decode()

    parser = Html5Parser()
    parser.parse(html)
    assert parser.errors == []

    void = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}

    class Balance(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack = []

        def handle_starttag(self, tag, attrs):
            if tag not in void:
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
            self.stack.pop()

    balance = Balance()
    balance.feed(html)
    assert balance.stack == []


def test_page_has_landmarks_skip_link_and_one_h1(client, report):
    tree = tree_of(client.get(report.get_absolute_url()))

    assert tree.find(".//a[@class='skip-link']").get("href") == "#main"
    assert tree.find(".//main").get("id") == "main"
    assert tree.find(".//header") is not None and tree.find(".//footer") is not None
    assert len(list(tree.iter("h1"))) == 1


def test_report_page_runs_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    small = build_report(n=1, code=3000001, slug="small")
    large = build_report(n=10, code=3000010, slug="large")
    bound = 12
    client.get("/reports/")  # reads the category rows the site navigation is built from

    with django_assert_max_num_queries(bound) as few:
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(bound) as many:
        response = client.get(large.get_absolute_url())

    assert response.status_code == 200
    assert "Heading 9" in text_of(response) and "Player 9" in text_of(response)
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Home, category and company pages --------------------------------------------------------


@pytest.mark.smoke
def test_home_lists_latest_featured_and_categories(client, db):
    parent = CategoryFactory(name="Energy", slug="energy")
    CategoryFactory(name="Solar Power", slug="solar", parent=parent)
    ReportFactory(title="Featured Turbines Market", featured=True, category=parent)
    ReportFactory(title="Plain Pumps Market")
    ReportFactory(title="Secret Draft Market", draft=True)

    response = client.get("/")

    text = text_of(response)
    assert response.status_code == 200
    assert "Featured reports Featured Turbines Market" in text
    assert "Plain Pumps Market" in text
    assert "Secret Draft Market" not in text
    assert "Energy Solar Power" in text
    assert '<link rel="canonical" href="http://127.0.0.1:8000/">' in response.content.decode()


def test_category_lists_its_and_its_subcategories_published_reports(client, db):
    parent = CategoryFactory(name="Energy", slug="energy")
    child = CategoryFactory(name="Solar Power", slug="solar", parent=parent)
    ReportFactory(title="Grid Market", category=parent)
    ReportFactory(title="Panel Market", category=child)
    ReportFactory(title="Hidden Market", category=child, draft=True)
    ReportFactory(title="Other Market")

    response = client.get("/categories/energy/")

    text = text_of(response)
    assert response.status_code == 200
    assert "Grid Market" in text and "Panel Market" in text
    assert "Hidden Market" not in text and "Other Market" not in text
    html = response.content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/categories/energy/">' in html
    assert '<meta name="description" content="Reports on this industry.">' in html


def test_category_paginates(client, db, settings):
    settings.REPORTS_PER_PAGE = 2
    category = CategoryFactory(slug="energy")
    for i in range(5):
        ReportFactory(title=f"Report {i} Market", category=category)

    first, last = client.get("/categories/energy/"), client.get("/categories/energy/?page=3")

    assert "Page 1 of 3" in text_of(first)
    assert 'href="?page=2"' in first.content.decode()
    assert last.status_code == 200
    assert "Page 3 of 3" in text_of(last)
    assert "?page=3" in re.search(r'rel="canonical" href="([^"]+)"', last.content.decode())[1]


@pytest.mark.parametrize("page", ["abc", "-1", "0", "4", "1.5", "99999999999999999999999", ""])
def test_bad_page_numbers_are_not_found(client, db, settings, page):
    settings.REPORTS_PER_PAGE = 2
    category = CategoryFactory(slug="energy")
    for _ in range(5):
        ReportFactory(category=category)

    assert client.get("/categories/energy/", {"page": page}).status_code == 404


def test_empty_category_and_unknown_category(client, db):
    CategoryFactory(slug="empty", name="Empty")

    assert "No reports have been published" in text_of(client.get("/categories/empty/"))
    assert client.get("/categories/nope/").status_code == 404


def site_nav_names(response) -> list[str]:
    nav = tree_of(response).find(".//nav[@aria-label='Main']")
    return ["".join(link.itertext()) for link in nav.iter("a")]


def test_categories_added_renamed_moved_and_deleted_show_at_once(client, db):
    energy = CategoryFactory(name="Energy", slug="energy")
    assert "Energy" in site_nav_names(client.get("/reports/"))

    solar = CategoryFactory(name="Solar Power", slug="solar")
    assert "Solar Power" in site_nav_names(client.get("/reports/"))
    assert client.get("/categories/solar/").status_code == 200

    solar.parent = energy
    solar.name = "Photovoltaics"
    solar.save()
    page = client.get("/categories/solar/")
    assert "Photovoltaics" not in site_nav_names(page)
    crumbs = tree_of(page).find(".//nav[@aria-label='Breadcrumb']")
    assert [element_text(li) for li in crumbs.iter("li")] == ["Home", "Energy", "Photovoltaics"]
    assert "Photovoltaics" in text_of(client.get("/categories/energy/"))

    solar.delete()
    assert client.get("/categories/solar/").status_code == 404
    assert "Photovoltaics" not in text_of(client.get("/categories/energy/"))


def test_company_page_shows_profile_and_the_published_reports_profiling_it(client, db):
    company = CompanyFactory(
        name="Cleveland Clinic",
        slug="cleveland-clinic",
        website="https://my.clevelandclinic.org",
        headquarters="US",
        description="A nonprofit academic medical centre.",
    )
    ReportCompanyFactory(company=company, report=ReportFactory(title="Second Opinion Market"))
    ReportCompanyFactory(company=company, report=ReportFactory(title="Draft Market", draft=True))

    response = client.get("/companies/cleveland-clinic/")

    text = text_of(response)
    assert response.status_code == 200
    assert "Headquarters United States of America" in text
    assert 'href="https://my.clevelandclinic.org"' in response.content.decode()
    assert "A nonprofit academic medical centre." in text
    assert "Second Opinion Market" in text
    assert "Draft Market" not in text
    assert client.get("/companies/unknown/").status_code == 404


def test_company_website_that_is_not_http_is_not_linked(client, db):
    CompanyFactory(slug="evil", website="https://x.test")
    Company.objects.filter(slug="evil").update(website="javascript:alert(1)")

    assert "javascript:" not in client.get("/companies/evil/").content.decode()


# --- Placeholders, privacy, errors -----------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/enquiry/request-sample/1541508", "Request a free sample"),
        ("/enquiry/pre-order-enquiry/1541508", "Ask a question before buying"),
        ("/purchase/1541508", "Buy this report"),
    ],
)
def test_sample_enquiry_and_purchase_pages_name_the_report_and_the_sales_address(
    client, report, settings, path, heading
):
    settings.SALES_EMAIL = "desk@reports.example.org"

    response = client.get(path)

    text = text_of(response)
    assert response.status_code == 200
    assert heading in text
    assert "Medical Second Opinion Market" in text
    assert 'href="mailto:desk@reports.example.org' in response.content.decode()


@pytest.mark.smoke
def test_privacy_page(client, db):
    response = client.get("/privacy/")

    assert response.status_code == 200
    assert "Privacy notice" in text_of(response)
    assert 'href="/privacy/"' in client.get("/").content.decode()


@pytest.mark.smoke
def test_not_found_page_offers_search_and_a_way_home(client, db):
    response = client.get("/no/such/page")

    tree = tree_of(response)
    form = tree.find(".//form[@role='search']")
    assert response.status_code == 404
    assert form.get("action") == "/reports/" and form.get("method") == "get"
    field = form.find(".//input[@name='q']")
    assert tree.find(f".//label[@for='{field.get('id')}']") is not None
    assert tree.find(".//main//a[@href='/']") is not None


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/categories/healthcare/",
        "/companies/player-0/",
        "/enquiry/request-sample/1541508",
        "/privacy/",
        "/no/such/page",
    ],
)
def test_every_page_parses_as_html5_without_errors(client, report, path):
    response = client.get(path)

    parser = Html5Parser()
    parser.parse(response.content.decode())
    assert parser.errors == []
    assert " style=" not in response.content.decode()
