from decimal import Decimal

import pytest

from reports.integrity import (
    FigureItem,
    Periods,
    ReportContent,
    ShareLink,
    TextItem,
    find_issues,
    report_content,
    report_findings,
)
from tests.factories import (
    CompanyFactory,
    DimensionFactory,
    FaqFactory,
    MarketFigureFactory,
    ReportCompanyFactory,
    ReportFactory,
    ReportSegmentFactory,
    SectionFactory,
    SegmentFactory,
    TocEntryFactory,
)

PERIODS = Periods(
    historic_start_year=2019, base_year=2023, forecast_start_year=2024, forecast_end_year=2031
)
FULL_FIGURES = (
    FigureItem(year=2024, value=Decimal("2.5")),
    FigureItem(year=2031, value=Decimal("4.6")),
)


def content(**kwargs) -> ReportContent:
    kwargs.setdefault("periods", PERIODS)
    kwargs.setdefault("figures", FULL_FIGURES)
    return ReportContent(**kwargs)


def messages(findings, code):
    return [finding.message for finding in findings if finding.code == code]


def levels(findings, code):
    return {finding.level for finding in findings if finding.code == code}


def test_clean_content_has_no_findings():
    clean = content(texts=(TextItem("Title", "Widget market"),))
    assert find_issues(clean) == []


@pytest.mark.parametrize(
    "text, snippet",
    [
        ("<p>North America holds XX% of the market.</p>", "XX%"),
        ("Valued at USD XX million in 2023.", "USD XX million in 2023"),
        ("Valued at $XX.X billion.", "$XX.X billion"),
        ("The leader is [value].", "[value]"),
        ("The leader is [insert company name].", "[insert company name]"),
        ("Launch date TBD.", "TBD"),
        ("<p>Lorem ipsum dolor sit amet.</p>", "Lorem ipsum"),
    ],
)
def test_placeholder_is_an_error_naming_where_and_what(text, snippet):
    findings = find_issues(content(texts=(TextItem('Section "Market overview"', text),)))
    assert messages(findings, "placeholder") == [
        f'Section "Market overview": placeholder text "{snippet}"'
    ]
    assert levels(findings, "placeholder") == {"error"}


@pytest.mark.parametrize(
    "text",
    [
        "The XXL segment grows; Super Bowl XX was a record.",
        "Shares of 40% and a value of USD 2.5 billion.",
        "Prices are to be decided by each vendor [1].",
    ],
)
def test_ordinary_text_is_not_a_placeholder(text):
    findings = find_issues(content(texts=(TextItem("Summary", text),)))
    assert messages(findings, "placeholder") == []


def test_sibling_shares_over_100_is_an_error():
    shares = (
        ShareLink("Type", 1, "Hospitals", share_percent=Decimal("70")),
        ShareLink("Type", 2, "Insurers", share_percent=Decimal("40")),
        ShareLink("Region", 3, "Europe", share_percent=Decimal("60")),
    )
    findings = find_issues(content(shares=shares))
    assert levels(findings, "shares_over_100") == {"error"}
    [message] = messages(findings, "shares_over_100")
    assert "Type shares of the whole market add up to 110%" in message
    assert '"Hospitals" 70%' in message and '"Insurers" 40%' in message


def test_shares_of_different_parents_are_not_siblings():
    shares = (
        ShareLink("Region", 1, "North America", share_percent=Decimal("60")),
        ShareLink("Region", 2, "Europe", share_percent=Decimal("40")),
        ShareLink(
            "Region",
            3,
            "USA",
            parent=1,
            share_of=1,
            share_of_name="North America",
            share_percent=Decimal("85"),
        ),
        ShareLink(
            "Region",
            4,
            "Germany",
            parent=2,
            share_of=2,
            share_of_name="Europe",
            share_percent=Decimal("30"),
        ),
    )
    findings = find_issues(content(shares=shares))
    assert messages(findings, "shares_over_100") == []
    assert messages(findings, "child_beside_parent") == []


def test_child_listed_beside_its_parent_is_a_warning():
    shares = (
        ShareLink("Region", 1, "North America", share_percent=Decimal("40")),
        ShareLink("Region", 2, "Europe", share_percent=Decimal("30")),
        ShareLink("Region", 3, "USA", parent=1, share_percent=Decimal("15")),
        ShareLink("Region", 4, "Asia-Pacific", share_percent=Decimal("10")),
        ShareLink("Region", 5, "China", parent=4, share_percent=Decimal("5")),
    )
    findings = find_issues(content(shares=shares))
    assert levels(findings, "child_beside_parent") == {"warning"}
    assert messages(findings, "child_beside_parent") == [
        'Segment "USA" is listed beside its own parent "North America" in Region shares of '
        'the whole market: make it a share of "North America"',
        'Segment "China" is listed beside its own parent "Asia-Pacific" in Region shares of '
        'the whole market: make it a share of "Asia-Pacific"',
    ]
    assert not any(finding.is_error for finding in findings)


def test_shares_short_of_100_warn_only_when_every_sibling_has_a_share():
    all_stated = (
        ShareLink("Type", 1, "Hospitals", share_percent=Decimal("50")),
        ShareLink("Type", 2, "Insurers", share_percent=Decimal("30")),
    )
    findings = find_issues(content(shares=all_stated))
    assert levels(findings, "shares_not_100") == {"warning"}
    assert "add up to 80%, not 100%" in messages(findings, "shares_not_100")[0]

    one_unstated = (*all_stated, ShareLink("Type", 3, "Companies"))
    assert messages(find_issues(content(shares=one_unstated)), "shares_not_100") == []

    single = (ShareLink("Region", 4, "North America", share_percent=Decimal("40")),)
    assert messages(find_issues(content(shares=single)), "shares_not_100") == []

    complete = (*all_stated, ShareLink("Type", 3, "Companies", share_percent=Decimal("20")))
    assert messages(find_issues(content(shares=complete)), "shares_not_100") == []


def test_figure_outside_the_periods_is_an_error():
    figures = (
        *FULL_FIGURES,
        FigureItem(year=2018, value=Decimal("2")),
        FigureItem(year=2032, value=Decimal("5"), segment=7, segment_name="Cancer"),
    )
    findings = find_issues(content(figures=figures))
    assert levels(findings, "figure_outside_periods") == {"error"}
    assert messages(findings, "figure_outside_periods") == [
        "Figure 2018 (whole market) is outside the report's periods 2019–2031",
        'Figure 2032 (segment "Cancer") is outside the report\'s periods 2019–2031',
    ]


def test_figures_at_the_period_bounds_are_fine():
    figures = (*FULL_FIGURES, FigureItem(year=2019, value=Decimal("2")))
    assert messages(find_issues(content(figures=figures)), "figure_outside_periods") == []


def test_duplicated_figure_for_same_year_and_scope_is_an_error():
    figures = (
        *FULL_FIGURES,
        FigureItem(year=2024, value=Decimal("2.6")),
        FigureItem(year=2025, value=Decimal("1"), segment=7, segment_name="Cancer"),
        FigureItem(year=2025, value=Decimal("1.1"), segment=7, segment_name="Cancer"),
        FigureItem(year=2025, value=Decimal("1"), segment=8, segment_name="Diabetes"),
    )
    findings = find_issues(content(figures=figures))
    assert levels(findings, "figure_duplicated") == {"error"}
    assert messages(findings, "figure_duplicated") == [
        "Figure 2024 (whole market) is given 2 times",
        'Figure 2025 (segment "Cancer") is given 2 times',
    ]


def seed_like(text: str) -> ReportContent:
    return ReportContent(
        periods=Periods(
            historic_start_year=2019,
            base_year=2023,
            forecast_start_year=2024,
            forecast_end_year=2031,
        ),
        texts=(TextItem('Section "Major market players"', text),),
        figures=(
            FigureItem(year=2020, value=Decimal("2.5")),
            FigureItem(year=2027, value=Decimal("4.6")),
        ),
    )


def test_stated_cagr_differing_from_the_figures_is_a_warning_quoting_the_rate():
    findings = find_issues(
        seed_like("<p>projected to reach $4.6 billion by 2027, growing at a CAGR of 8.6%.</p>")
    )
    [finding] = [f for f in findings if f.code == "cagr_mismatch"]
    assert finding.level == "warning"
    assert finding.where == 'Section "Major market players"'
    assert finding.quote == "CAGR of 8.6%"
    assert '"figure 2.5" (2020) to "$4.6 billion" (2027) allow 8.93–9.27%' in finding.message


def test_stated_cagr_matching_the_figures_is_fine():
    findings = find_issues(seed_like("growing at a CAGR of 9.1% during the period"))
    assert messages(findings, "cagr_mismatch") == []


def test_every_stated_cagr_of_the_seed_is_its_own_warning():
    texts = (
        TextItem('Section "Overview"', "expected to grow at a CAGR of 10.1% during the period"),
        TextItem('Section "Players"', "growing at a CAGR of 8.6% during the forecast period"),
        TextItem('Section "Opportunities"', "a CAGR of around 7% during the forecast period"),
        TextItem("Summary", "A 5.2% CAGR is expected."),
    )
    findings = find_issues(
        ReportContent(periods=seed_like("").periods, texts=texts, figures=seed_like("").figures)
    )
    found = [(f.where, f.quote) for f in findings if f.code == "cagr_mismatch"]
    assert found == [
        ('Section "Overview"', "CAGR of 10.1%"),
        ('Section "Players"', "CAGR of 8.6%"),
        ('Section "Opportunities"', "CAGR of around 7%"),
        ("Summary", "5.2% CAGR"),
    ]


def test_figures_not_covering_the_forecast_period_is_a_note_naming_the_span():
    findings = find_issues(seed_like("No CAGR stated."))
    assert levels(findings, "figures_miss_forecast") == {"note"}
    [message] = messages(findings, "figures_miss_forecast")
    assert "forecast period 2024–2031" in message
    assert "no figure for 2024 and 2031" in message
    assert "2020–2027" in message


def test_figures_covering_the_forecast_period_do_not_warn():
    findings = find_issues(content(texts=(TextItem("Summary", "A CAGR of 9.1%."),)))
    assert messages(findings, "figures_miss_forecast") == []
    assert messages(findings, "cagr_mismatch") == []


def test_no_whole_market_figures_is_a_note():
    segment_only = (FigureItem(year=2024, value=Decimal("1"), segment=1, segment_name="Cancer"),)
    findings = find_issues(content(figures=segment_only))
    assert levels(findings, "no_figures") == {"note"}
    assert messages(find_issues(content()), "no_figures") == []


def test_errors_come_before_warnings_and_notes():
    findings = find_issues(
        content(
            figures=(),
            texts=(
                TextItem("Title", "XX% growth"),
                TextItem("Summary", "Worth USD 2.5 billion in 2024 and USD 2.7 billion in 2024."),
                TextItem("Headline", "Worth USD 1.2 billion in 2024, a CAGR of 5% over 2024-2031."),
            ),
        )
    )
    assert [(finding.level, finding.code) for finding in findings] == [
        ("error", "placeholder"),
        ("error", "value_conflict"),
        ("error", "value_conflict"),
        ("note", "no_figures"),
    ]


@pytest.mark.django_db
def test_report_content_reads_every_text_of_a_saved_report(django_assert_max_num_queries):
    report = ReportFactory(title="Widget Market")
    SectionFactory(report=report, heading="Market overview", body="<p>XX% growth</p>")
    TocEntryFactory(report=report, title="Chapter TBD")
    FaqFactory(report=report, question="How big?", answer="<p>USD XX million</p>")
    ReportCompanyFactory(
        report=report, company=CompanyFactory(name="Acme"), blurb="Lorem ipsum dolor."
    )
    region = DimensionFactory(slug="region")
    america = SegmentFactory(dimension=region, name="North America")
    ReportSegmentFactory(
        report=report,
        segment=america,
        share_percent=Decimal("40"),
        narrative="Holds [value] of the market.",
    )
    usa = SegmentFactory(dimension=region, name="USA", parent=america, country="US")
    ReportSegmentFactory(report=report, segment=usa, share_percent=Decimal("15"))
    MarketFigureFactory(report=report, year=2024, value=Decimal("2.5"))
    MarketFigureFactory(report=report, year=2031, value=Decimal("4.6"))

    with django_assert_max_num_queries(7):
        snapshot = report_content(report)
    found = find_issues(snapshot)
    assert messages(found, "placeholder") == [
        'Section "Market overview": placeholder text "XX%"',
        'Table of contents entry "Chapter TBD": placeholder text "TBD"',
        'FAQ "How big?": placeholder text "USD XX million"',
        'Key player "Acme": placeholder text "Lorem ipsum"',
        'Segment "North America": placeholder text "[value]"',
    ]
    assert messages(found, "child_beside_parent") == [
        'Segment "USA" is listed beside its own parent "North America" in Region shares of '
        'the whole market: make it a share of "North America"'
    ]
    assert report_findings(report=report) == found


@pytest.mark.django_db
def test_clean_saved_report_has_no_findings():
    report = ReportFactory()
    SectionFactory(report=report, body="<p>The market grows at a CAGR of 9.1%.</p>")
    MarketFigureFactory(report=report, year=2024, value=Decimal("2.5"))
    MarketFigureFactory(report=report, year=2031, value=Decimal("4.6"))
    assert report_findings(report=report) == []


REMOTE_IMAGE = (
    'Section "Drivers" shows an image from cdn.example.com: browsers block it on the report '
    "page and it is left out of the PDF. Remove it, or use an image stored on this site."
)


@pytest.mark.parametrize(
    "src",
    [
        "https://cdn.example.com/chart.png",
        "HTTP://CDN.example.com/chart.png",
        "//cdn.example.com/chart.png",
        " https://cdn.example.com/chart.png",
        "https:\\\\cdn.example.com\\chart.png",
        "\\\\cdn.example.com/chart.png",
        "https://cdn.exa\tmple.com/chart.png",
    ],
)
def test_an_image_from_another_host_is_a_warning_naming_where_and_the_host(settings, src):
    settings.SITE_URL = "https://reports.example"
    body = f'<p>Demand rises.</p><img src="{src}" alt="Chart"><img src="{src}">'

    findings = find_issues(
        content(texts=(TextItem('Section "Drivers"', f"Drivers\n{body}", body),))
    )

    assert messages(findings, "remote_image") == [REMOTE_IMAGE]
    assert levels(findings, "remote_image") == {"warning"}


@pytest.mark.parametrize(
    "body",
    [
        '<img src="/static/img/chart.png" alt="Chart">',
        '<img src="chart.png">',
        '<img src="https://reports.example/static/chart.png">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<p>See <a href="https://cdn.example.com/chart.png">the chart</a>.</p>',
        "<p>&lt;img src=&quot;https://cdn.example.com/chart.png&quot;&gt;</p>",
    ],
)
def test_own_relative_and_data_images_and_links_are_fine(settings, body):
    settings.SITE_URL = "https://reports.example"
    findings = find_issues(content(texts=(TextItem('Section "Drivers"', body, body),)))
    assert messages(findings, "remote_image") == []


def test_an_img_tag_in_plain_text_is_not_an_image(settings):
    text = '<img src="https://cdn.example.com/chart.png">'
    findings = find_issues(content(texts=(TextItem("Summary", text),)))
    assert messages(findings, "remote_image") == []


@pytest.mark.django_db
def test_saved_sections_and_faq_answers_are_checked_for_remote_images(settings):
    settings.SITE_URL = "https://reports.example"
    report = ReportFactory()
    SectionFactory(report=report, heading="Drivers", body='<img src="https://cdn.example.com/a">')
    FaqFactory(report=report, question="Who?", answer='<p><img src="//img.example.org/b.png"></p>')
    ReportCompanyFactory(report=report, blurb='<img src="https://logos.example.net/c.png">')

    findings = report_findings(report=report)

    assert messages(findings, "remote_image") == [
        REMOTE_IMAGE,
        'FAQ "Who?" shows an image from img.example.org: browsers block it on the report page '
        "and it is left out of the PDF. Remove it, or use an image stored on this site.",
    ]
