import pytest
from django.core.cache import cache
from tinyhtml5.parser import HTMLParser as Html5Parser

from reports.models import RelatedReport
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    ReportCompanyFactory,
    ReportFactory,
    ReportSegmentFactory,
    SegmentFactory,
)
from tests.reports.search_catalogue import build_catalogue
from tests.reports.test_search import facet_links, result_count, result_titles
from tests.reports.test_views import build_report, text_of, tree_of


@pytest.fixture
def catalogue(db):
    return build_catalogue()


@pytest.mark.smoke
def test_segment_page_lists_every_published_report_covering_it(client, catalogue):
    response = client.get("/segments/application/hospitals/")

    assert response.status_code == 200
    assert "Market research reports covering Hospitals" in text_of(response)
    assert sorted(result_titles(response)) == ["Cancer Screening Market", "Oncology Drugs Market"]
    assert client.get("/segments/application/nowhere/").status_code == 404
    assert client.get("/segments/nodim/hospitals/").status_code == 404


def test_region_page_and_country_page(client, catalogue):
    region = client.get("/regions/europe/")
    country = client.get("/regions/germany/")

    assert sorted(result_titles(region)) == ["Oncology Drugs Market", "Solar Panels Market"]
    assert "covering Germany" in text_of(country)
    assert result_titles(country) == ["Oncology Drugs Market"]
    assert client.get("/regions/hospitals/").status_code == 404


def test_browse_pages_have_facets_that_narrow_within_the_page(client, catalogue):
    response = client.get("/regions/europe/")
    links = {label: (count, href) for _, label, count, href in facet_links(response)}

    assert "Europe" not in links
    count, href = links["Healthcare"]
    narrowed = client.get("/regions/europe/" + href)
    assert count == 1 and result_titles(narrowed) == ["Oncology Drugs Market"]


def test_company_page_lists_its_reports_with_facets(client, catalogue):
    response = client.get("/companies/hoffmann-pharma/")

    assert "Reports profiling Hoffmann Pharma" in text_of(response)
    assert result_titles(response) == ["Oncology Drugs Market"]
    assert result_titles(client.get("/companies/hoffmann-pharma/", {"q": "wind"})) == []


def test_category_page_searches_within_the_category(client, catalogue):
    response = client.get("/categories/healthcare/", {"q": "oncology"})

    assert sorted(result_titles(response)) == ["Cancer Screening Market", "Oncology Drugs Market"]
    assert '<link rel="alternate" type="application/atom+xml"' in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/categories/healthcare/",
        "/segments/application/hospitals/",
        "/regions/europe/",
        "/companies/hoffmann-pharma/",
    ],
)
def test_list_pages_are_canonical_plain_and_noindex_with_facets(client, catalogue, settings, path):
    plain = client.get(path).content.decode()
    faceted = client.get(path, {"year": "2024"}).content.decode()

    assert f'<link rel="canonical" href="{settings.SITE_URL}{path}">' in plain
    assert "noindex" not in plain
    assert f'<link rel="canonical" href="{settings.SITE_URL}{path}">' in faceted
    assert '<meta name="robots" content="noindex, follow">' in faceted


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("-3", "The page number must be a whole number from 1 upwards."),
        ("x", "The page number must be a whole number from 1 upwards."),
        ("7", "There is no page 7: these results have 1 page."),
    ],
)
def test_bad_pages_on_browse_pages_are_404_with_a_message(client, catalogue, page, message):
    response = client.get("/regions/europe/", {"page": page})

    assert response.status_code == 404
    assert message in text_of(response)


@pytest.mark.parametrize(
    ("path", "grow"),
    [
        ("/categories/oncology/", "category"),
        ("/segments/application/hospitals/", "segment"),
        ("/regions/europe/", "segment"),
        ("/companies/hoffmann-pharma/", "company"),
        ("/reports/", "category"),
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(
    client, catalogue, django_assert_max_num_queries, path, grow
):
    with django_assert_max_num_queries(14) as few:
        assert client.get(path).status_code == 200
    for i in range(12):
        report = ReportFactory(title=f"Grown {i} Market", category=catalogue["oncology"])
        ReportSegmentFactory(report=report, segment=catalogue["hospitals"])
        ReportSegmentFactory(report=report, segment=catalogue["europe"])
        ReportSegmentFactory(
            report=report, segment=SegmentFactory(dimension=catalogue["hospitals"].dimension)
        )
        ReportCompanyFactory(report=report, company=catalogue["roche"])
    with django_assert_max_num_queries(14) as many:
        response = client.get(path)

    assert result_count(response) >= 12
    assert len(many.captured_queries) == len(few.captured_queries)


# --- Related reports on the report page --------------------------------------------------


def test_report_page_lists_manual_related_reports_first_then_similar_ones(client, db):
    report = build_report(n=2)
    company = report.company_links.first().company
    sharing = ReportFactory(title="Sharing Player Market", category=CategoryFactory())
    ReportCompanyFactory(report=sharing, company=company)
    ReportFactory(title="Same Category Market", category=report.category)
    chosen = ReportFactory(title="Chosen By Editor Market", category=CategoryFactory())
    unrelated = ReportFactory(title="Unrelated Market", category=CategoryFactory())
    hidden = ReportFactory(title="Draft Related Market", category=report.category, draft=True)
    RelatedReport.objects.create(report=report, related=chosen, position=0)
    RelatedReport.objects.create(report=report, related=hidden, position=1)

    tree = tree_of(client.get(report.get_absolute_url()))
    section = tree.find(".//section[@class='related-reports']")
    titles = [" ".join("".join(h.itertext()).split()) for h in section.iter("h3")]

    assert titles[0] == "Chosen By Editor Market"
    assert set(titles[1:]) == {"Sharing Player Market", "Same Category Market"}
    assert unrelated.title not in titles and hidden.title not in titles


def test_related_reports_cost_the_same_queries_however_many_reports_share(
    client, db, django_assert_max_num_queries
):
    report = build_report(n=2)
    company = report.company_links.first().company
    ReportCompanyFactory(report=ReportFactory(category=CategoryFactory()), company=company)
    cache.clear()
    with django_assert_max_num_queries(12) as few:
        client.get(report.get_absolute_url())
    for _ in range(20):
        ReportCompanyFactory(report=ReportFactory(category=report.category), company=company)
    cache.clear()
    with django_assert_max_num_queries(12) as many:
        response = client.get(report.get_absolute_url())

    assert len(many.captured_queries) == len(few.captured_queries)
    related = tree_of(response).find(".//section[@class='related-reports']")
    assert len(list(related.iter("h3"))) == 6


def test_company_page_lists_published_reports_only(client, db):
    company = CompanyFactory(name="Solo Corp", slug="solo-corp")
    ReportCompanyFactory(company=company, report=ReportFactory(title="Listed Market"))
    ReportCompanyFactory(company=company, report=ReportFactory(title="Draft Market", draft=True))

    titles = result_titles(client.get("/companies/solo-corp/"))

    assert titles == ["Listed Market"]


@pytest.mark.parametrize(
    "url",
    [
        "/reports/?q=oncology&category=oncology&segment=application:hospitals",
        "/reports/?q=zzzqqq",
        "/categories/healthcare/",
        "/companies/hoffmann-pharma/",
    ],
)
def test_list_pages_are_well_formed_html5_without_inline_styles(client, catalogue, url):
    html = client.get(url).content.decode()

    parser = Html5Parser()
    parser.parse(html)
    assert parser.errors == []
    assert " style=" not in html and "<style" not in html and "<script" not in html
