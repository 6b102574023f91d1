import xml.etree.ElementTree as ET

import pytest

from tests.reports.search_catalogue import build_catalogue

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def catalogue(db):
    return build_catalogue()


def locs(response) -> dict[str, str]:
    """loc → lastmod of a sitemap or sitemap index."""
    root = ET.fromstring(response.content)
    return {
        node.find(f"{SM}loc").text: getattr(node.find(f"{SM}lastmod"), "text", None)
        for node in root
    }


@pytest.mark.smoke
def test_sitemap_index_points_at_split_sitemaps_with_lastmod(client, catalogue, settings):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    entries = locs(response)
    assert set(entries) == {
        f"{settings.SITE_URL}/sitemap-reports.xml",
        f"{settings.SITE_URL}/sitemap-categories.xml",
        f"{settings.SITE_URL}/sitemap-companies.xml",
    }
    assert all(entries.values())


def test_reports_sitemap_lists_published_reports_only(client, catalogue, settings):
    entries = locs(client.get("/sitemap-reports.xml"))

    expected = {
        settings.SITE_URL + catalogue[key].get_absolute_url()
        for key in ("drugs", "screening", "panels", "turbines")
    }
    assert set(entries) == expected
    assert all(entries.values())


def test_category_and_company_sitemaps_skip_what_has_no_published_report(
    client, catalogue, settings
):
    categories = locs(client.get("/sitemap-categories.xml"))
    companies = locs(client.get("/sitemap-companies.xml"))

    assert set(categories) == {
        f"{settings.SITE_URL}/categories/{slug}/" for slug in ("healthcare", "oncology", "energy")
    }
    assert set(companies) == {
        f"{settings.SITE_URL}/companies/hoffmann-pharma/",
        f"{settings.SITE_URL}/companies/gamesa-windworks/",
    }


def test_unpublished_report_leaves_the_sitemap(client, catalogue, staff_user):
    from reports.services import report_unpublish

    report_unpublish(report=catalogue["turbines"], by=staff_user)

    assert not [loc for loc in locs(client.get("/sitemap-reports.xml")) if "wind-turbine" in loc]
    assert not [loc for loc in locs(client.get("/sitemap-companies.xml")) if "gamesa" in loc]


@pytest.mark.smoke
def test_atom_feed_lists_new_published_reports_newest_first(client, catalogue):
    response = client.get("/feeds/reports.atom")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    titles = [
        e.find(f"{ATOM}title").text for e in ET.fromstring(response.content).iter(f"{ATOM}entry")
    ]
    assert titles[-1] == "Wind Turbine Market"
    assert set(titles) == {
        "Oncology Drugs Market",
        "Solar Panels Market",
        "Cancer Screening Market",
        "Wind Turbine Market",
    }


def test_rss_and_category_feeds(client, catalogue):
    rss = ET.fromstring(client.get("/feeds/reports.rss").content)
    category = ET.fromstring(client.get("/feeds/categories/healthcare.atom").content)

    assert len(rss.findall("./channel/item")) == 4
    titles = {e.find(f"{ATOM}title").text for e in category.iter(f"{ATOM}entry")}
    assert titles == {"Oncology Drugs Market", "Cancer Screening Market"}
    assert client.get("/feeds/categories/nope.atom").status_code == 404


@pytest.mark.smoke
def test_robots_txt_names_the_sitemap(client, db, settings):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()
