import re

import pytest
from django.core.cache import cache
from django.db import connection

from reports.models import Category, Company, Section
from reports.search import engine, matching
from reports.search.frequent import frequent_lexemes_refresh, frequent_word_counts
from reports.search.index import search_generation
from reports.services import report_mark_changed, report_publish, report_unpublish
from segments.models import Segment
from tests.factories import ReportFactory, SectionFactory
from tests.reports.search_catalogue import build_catalogue
from tests.reports.test_views import text_of, tree_of

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="weighted ranking, ts_headline and pg_trgm exist on PostgreSQL only",
)


@pytest.fixture
def catalogue(db):
    return build_catalogue()


def result_titles(response) -> list[str]:
    tree = tree_of(response)
    hits = tree.find(".//ul[@class='report-list search-hits']")
    if hits is None:
        return []
    return [" ".join("".join(h.itertext()).split()) for h in hits.iter("h3")]


def result_count(response) -> int:
    heading = tree_of(response).find(".//h2[@id='results-heading']")
    return int(re.search(r"\(([\d,]+)\)", "".join(heading.itertext()))[1].replace(",", ""))


def facet_links(response) -> list[tuple[str, str, int]]:
    """(group, label, count, href) of every facet option shown."""
    found = []
    for section in tree_of(response).iter("section"):
        if section.get("class") != "facet":
            continue
        group = "".join(section.find("h3").itertext())
        for li in section.iter("li"):
            link = li.find("a")
            count = int(re.search(r"\(([\d,]+)\)", "".join(li.itertext()))[1].replace(",", ""))
            found.append((group, "".join(link.itertext()), count, link.get("href")))
    return found


@pytest.mark.smoke
def test_a_query_finds_title_headline_and_section_matches_but_never_drafts(client, catalogue):
    response = client.get("/reports/", {"q": "oncology"})

    assert response.status_code == 200
    assert sorted(result_titles(response)) == [
        "Cancer Screening Market",
        "Oncology Drugs Market",
        "Solar Panels Market",
    ]
    assert "Oncology Secret Market" not in text_of(response)


@postgres_only
def test_ranking_puts_title_before_headline_before_section_body(client, catalogue):
    response = client.get("/reports/", {"q": "oncology"})

    assert result_titles(response) == [
        "Oncology Drugs Market",
        "Cancer Screening Market",
        "Solar Panels Market",
    ]


def test_company_and_segment_names_are_searchable(client, catalogue):
    assert result_titles(client.get("/reports/", {"q": "Hoffmann"})) == ["Oncology Drugs Market"]
    assert result_titles(client.get("/reports/", {"q": "targeted therapy"})) == [
        "Oncology Drugs Market"
    ]


@pytest.mark.smoke
def test_snippets_highlight_the_matched_words(client, catalogue):
    html = client.get("/reports/", {"q": "screening"}).content.decode()

    assert re.search(r"<mark>[Ss]creening</mark>", html)


def test_snippets_escape_the_text_around_the_highlight(client, catalogue):
    ReportFactory(title="Lab Market", summary="<b>bold</b> claims about reagents")

    html = client.get("/reports/", {"q": "reagents"}).content.decode()

    assert "<b>bold</b>" not in html and "<mark>reagents</mark>" in html


@pytest.mark.smoke
def test_a_typo_finds_the_intended_reports_and_says_what_was_searched(client, catalogue):
    response = client.get("/reports/", {"q": "oncolgy"})

    assert "Oncology Drugs Market" in result_titles(response)
    assert "Showing results for oncology" in text_of(response)


@postgres_only
def test_a_typo_in_a_company_name_finds_its_reports(client, catalogue):
    response = client.get("/reports/", {"q": "Hofman"})

    assert result_titles(response) == ["Oncology Drugs Market"]


def test_no_results_suggest_removing_filters(client, catalogue):
    response = client.get("/reports/", {"q": "turbine", "category": "oncology"})

    text = text_of(response)
    assert result_titles(response) == []
    assert "No reports match “turbine” with these filters." in text
    assert "Try removing a filter" in text


@pytest.mark.smoke
def test_every_facet_count_is_the_number_of_results_its_link_gives(client, catalogue):
    for params in ({}, {"q": "market"}, {"q": "oncology"}):
        response = client.get("/reports/", params)
        links = facet_links(response)

        assert {group for group, *_ in links} >= {"Category", "Publication year", "Licence"}
        for group, label, count, href in links:
            followed = client.get("/reports/" + href)
            assert result_count(followed) == count, (params, group, label)


def test_category_facet_counts_subcategories_in_their_parent(client, catalogue):
    links = {label: count for group, label, count, _ in facet_links(client.get("/reports/"))}

    assert links["Healthcare"] == 2 and links["Oncology"] == 2 and links["Energy"] == 2


def test_facets_combine_and_each_can_be_removed(client, catalogue):
    url = "/reports/?category=oncology&segment=application:hospitals&year=2024"
    response = client.get(url)

    assert result_titles(response) == ["Oncology Drugs Market"]
    chips = {
        "".join(a.itertext()).split(" ×")[0].strip(): a.get("href")
        for a in tree_of(response).find(".//section[@class='search-chips']").iter("a")
    }
    assert set(chips) == {
        "Category: Oncology",
        "Application: Hospitals",
        "Published in 2024",
        "Clear all",
    }
    without_year = client.get("/reports/" + chips["Published in 2024"])
    assert sorted(result_titles(without_year)) == [
        "Cancer Screening Market",
        "Oncology Drugs Market",
    ]
    without_category = client.get("/reports/" + chips["Category: Oncology"])
    assert result_titles(without_category) == ["Oncology Drugs Market"]


def test_price_and_licence_facets_filter(client, catalogue):
    cheap = client.get("/reports/", {"price": "under-3000"})
    enterprise = client.get("/reports/", {"licence": "enterprise"})

    assert result_titles(cheap) == ["Cancer Screening Market"]
    assert result_titles(enterprise) == ["Oncology Drugs Market"]


def test_sort_by_price_and_newest(client, catalogue):
    by_price = result_titles(client.get("/reports/", {"sort": "price"}))
    newest = result_titles(client.get("/reports/", {"sort": "newest", "q": "market"}))

    assert by_price == [
        "Cancer Screening Market",
        "Oncology Drugs Market",
        "Wind Turbine Market",
        "Solar Panels Market",
    ]
    assert newest[-1] == "Wind Turbine Market"


def test_filtered_results_sort_and_page_by_price_and_newest(client, catalogue, settings):
    settings.REPORTS_PER_PAGE = 3
    filtered = {"licence": "single"}

    by_price = [
        result_titles(client.get("/reports/", {**filtered, "sort": "price", "page": page}))
        for page in (1, 2)
    ]
    newest = [
        result_titles(client.get("/reports/", {**filtered, "sort": "newest", "page": page}))
        for page in (1, 2)
    ]

    assert by_price == [
        ["Cancer Screening Market", "Oncology Drugs Market", "Wind Turbine Market"],
        ["Solar Panels Market"],
    ]
    assert newest == [
        ["Solar Panels Market", "Oncology Drugs Market", "Cancer Screening Market"],
        ["Wind Turbine Market"],
    ]


def test_drafts_are_in_no_facet(client, catalogue):
    text = text_of(client.get("/reports/", {"q": "oncology"}))

    assert "Secret Segment" not in text
    assert result_count(client.get("/reports/", {"category": "oncology"})) == 2


def test_publishing_and_unpublishing_show_and_hide_a_report(client, catalogue, staff_user):
    draft = catalogue["draft"]
    report_publish(report=draft, by=staff_user)
    assert "Oncology Secret Market" in result_titles(client.get("/reports/", {"q": "secret"}))

    report_unpublish(report=draft, by=staff_user)
    assert result_titles(client.get("/reports/", {"q": "secret"})) == []


@pytest.mark.smoke
def test_an_edited_section_is_found_by_its_new_word(client, catalogue):
    section = SectionFactory(report=catalogue["turbines"], body="<p>Blades and towers.</p>")
    assert result_titles(client.get("/reports/", {"q": "perovskite"})) == []

    Section.objects.filter(pk=section.pk).update(body="<p>Perovskite coatings on blades.</p>")
    report_mark_changed(report=catalogue["turbines"])

    assert result_titles(client.get("/reports/", {"q": "perovskite"})) == ["Wind Turbine Market"]


def test_a_section_saved_outside_the_services_is_indexed_too(client, catalogue):
    section = catalogue["panels"].sections.get()
    section.body = "<p>Bifacial modules.</p>"
    section.save()

    assert result_titles(client.get("/reports/", {"q": "bifacial"})) == ["Solar Panels Market"]
    assert "Solar Panels Market" not in result_titles(client.get("/reports/", {"q": "wards"}))


def test_a_renamed_company_is_found_under_its_new_name(client, catalogue):
    company = Company.objects.get(slug="gamesa-windworks")
    company.name = "Vestergaard Rotors"
    company.save()

    assert result_titles(client.get("/reports/", {"q": "Vestergaard"})) == ["Wind Turbine Market"]


def test_renamed_segments_and_categories_show_their_new_names_in_the_facets(client, catalogue):
    before = {label for _, label, _, _ in facet_links(client.get("/reports/", {"q": "market"}))}
    assert {"Hospitals", "Oncology"} <= before

    hospitals = Segment.objects.get(slug="hospitals")
    hospitals.name = "Hospitals and Clinics"
    hospitals.save()
    oncology = Category.objects.get(slug="oncology")
    oncology.name = "Cancer Care"
    oncology.save()

    after = {label for _, label, _, _ in facet_links(client.get("/reports/", {"q": "market"}))}
    assert {"Hospitals and Clinics", "Cancer Care"} <= after
    assert not {"Hospitals", "Oncology"} & after


@pytest.fixture
def common_words_known(catalogue, monkeypatch):
    """The catalogue, its documents analysed and the minimum size for words in nearly every
    report lifted, so the words in all four reports count as such."""
    monkeypatch.setattr(matching, "UBIQUITOUS_MIN_REPORTS", 0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reports_searchdoc")
    return catalogue


@postgres_only
def test_a_word_in_nearly_every_report_lists_the_catalogue_with_a_note(client, common_words_known):
    response = client.get("/reports/", {"q": "markets"})

    assert "“markets” is in nearly every report, so every report is listed" in text_of(response)
    assert result_count(response) == 4
    assert result_titles(client.get("/reports/", {"q": "markets", "licence": "single"})) == [
        "Solar Panels Market",
        "Oncology Drugs Market",
        "Cancer Screening Market",
        "Wind Turbine Market",
    ]
    assert "Wind Turbine Market" not in result_titles(
        client.get("/reports/", {"q": "oncology market"})
    )
    assert result_titles(client.get("/reports/", {"q": "market -oncology"})) == [
        "Wind Turbine Market"
    ]


@postgres_only
def test_a_word_in_nearly_every_report_is_left_out_of_a_query_of_other_words(
    client, common_words_known
):
    oncology = result_titles(client.get("/reports/", {"q": "oncology"}))

    response = client.get("/reports/", {"q": "Oncology  markets market"})

    assert "“markets” and “market” are in nearly every report, so the search left them out." in (
        text_of(response)
    )
    assert len(oncology) == 3
    assert result_titles(response) == oncology
    assert (
        tree_of(response).find(".//input[@id='search-q']").get("value") == "Oncology markets market"
    )

    as_written = client.get("/reports/", {"q": "oncology or markets"})
    assert "nearly every report" not in text_of(as_written)
    assert result_count(as_written) == 4
    quoted = client.get("/reports/", {"q": '"oncology drugs" markets'})
    assert "nearly every report" not in text_of(quoted)
    assert result_titles(quoted) == ["Oncology Drugs Market"]
    assert "nearly every report" not in text_of(client.get("/reports/", {"q": "oncology"}))


@pytest.mark.smoke
def test_an_empty_query_shows_the_catalogue(client, catalogue):
    response = client.get("/reports/", {"q": "  "})

    assert response.status_code == 200
    assert result_count(response) == 4


@pytest.mark.smoke
@pytest.mark.parametrize("q", ["the", "A", "of the", "-the"])
def test_a_query_of_only_stop_words_shows_the_catalogue_with_a_note(client, catalogue, q):
    response = client.get("/reports/", {"q": q})

    assert "Your search had only words too common to look for" in text_of(response)
    assert result_count(response) == 4


@pytest.mark.smoke
def test_stop_words_beside_other_words_change_nothing(client, catalogue):
    assert sorted(result_titles(client.get("/reports/", {"q": "the oncology of"}))) == sorted(
        result_titles(client.get("/reports/", {"q": "oncology"}))
    )


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("x" * 201, "searches are limited to 200"),
        ("!!! ??? ***", "no letters or digits"),
        ("\x01\x02", "All market research reports"),
        ('"unterminated OR -', 'No reports match “"unterminated OR -”.'),
        ("<script>alert(1)</script>", "Search results for “<script>alert(1)</script>”"),
        ("a & | ! ( ) : * ' \\", "Search results for “a & | ! ( ) : * ' \\”"),
    ],
)
def test_malformed_queries_get_a_page_with_a_message_never_an_error(client, catalogue, q, message):
    response = client.get("/reports/", {"q": q})

    assert response.status_code == 200
    assert message in text_of(response)
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"price": "free"},
        {"licence": "pirate"},
        {"sort": "random"},
        {"segment": "no-colon"},
        {"segment": "type:unknown"},
        {"category": "nope"},
    ],
)
def test_unusable_filters_are_ignored_with_a_message(client, catalogue, query):
    response = client.get("/reports/", query)

    assert response.status_code == 200
    assert tree_of(response).find(".//div[@class='notice search-messages']") is not None
    assert result_count(response) == 4


@pytest.mark.smoke
@pytest.mark.parametrize("page", ["abc", "-1", "0", "2", "1.5", "99999999999999999999", ""])
def test_bad_page_numbers_are_404_with_a_message(client, catalogue, page):
    response = client.get("/reports/", {"page": page})

    assert response.status_code == 404
    assert "page" in text_of(response).lower()
    assert "Go to the first page of these results" in text_of(response)


def test_search_pages_are_noindex_and_point_at_the_plain_list(client, catalogue, settings):
    html = client.get("/reports/", {"q": "oncology"}).content.decode()
    plain = client.get("/reports/").content.decode()

    assert '<meta name="robots" content="noindex, follow">' in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}/reports/">' in html
    assert "noindex" not in plain


def test_the_search_page_works_without_javascript_and_labels_its_fields(client, catalogue):
    tree = tree_of(client.get("/reports/", {"q": "oncology", "category": "oncology"}))
    form = tree.find(".//main//form[@role='search']")

    assert form.get("method") == "get"
    labels = {label.get("for") for label in form.iter("label")}
    assert {"search-q", "search-sort"} <= labels
    hidden = {
        (i.get("name"), i.get("value")) for i in form.iter("input") if i.get("type") == "hidden"
    }
    assert ("category", "oncology") in hidden
    assert not [s for s in tree.iter("script") if s.get("type") != "application/ld+json"]


def test_search_runs_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(14) as few:
        client.get("/reports/", {"q": "market", "segment": "application:hospitals"})
    for i in range(15):
        ReportFactory(title=f"Extra {i} Market")
    with django_assert_max_num_queries(14) as many:
        client.get("/reports/", {"q": "market", "segment": "application:hospitals"})

    assert len(many.captured_queries) == len(few.captured_queries)


@postgres_only
def test_a_search_for_a_frequent_word_shows_what_counting_its_matches_shows(
    client, catalogue, monkeypatch, settings
):
    """With a word's counts kept by the database (``reports.search.frequent``) a search
    reads them, and its first results only from the latest years, or the lowest prices,
    that hold enough of them; the page must be the one counting every match gives, in
    every order."""
    monkeypatch.setattr(engine, "RANK_CAP", 2)
    settings.REPORTS_PER_PAGE = 2
    queries = [
        {"q": "oncology"},
        {"q": "oncology", "sort": "newest"},
        {"q": "oncology", "sort": "price"},
        {"q": "oncolgy"},
        {"q": "markets", "sort": "newest"},
        {"q": "markets", "sort": "price"},
    ]

    def pages() -> list:
        """Each query on an empty cache: counts cached by an earlier sort of the same word
        would let the page read its results without the kept counts."""
        shown = []
        for query in queries:
            cache.clear()
            response = client.get("/reports/", query)
            shown.append((result_titles(response), result_count(response), facet_links(response)))
        return shown

    counted = pages()
    frequent_lexemes_refresh(lexemes=["oncolog", "market"])
    assert frequent_word_counts("oncology", search_generation())["total"] == 3

    assert pages() == counted
    assert counted[0][:2] == (["Oncology Drugs Market", "Solar Panels Market"], 3)
    assert counted[3][0] == counted[0][0]
