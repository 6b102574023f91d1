"""A report's text in other languages: English until a language is published, publishing
only a complete translation, staff seeing what is missing or out of date."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from portal.i18n import language_column
from reports.languages import (
    TranslationIncomplete,
    report_language_publish,
    report_language_statuses,
    report_language_unpublish,
    report_translations_saved,
)
from reports.models import ReportLanguage, Section
from reports.services import report_mark_changed
from tests.factories import (
    FaqFactory,
    LicenceFactory,
    ReportFactory,
    SectionFactory,
    seed_chart_report,
)
from tests.reports.test_admin import form_post_data

pytestmark = pytest.mark.django_db

JA_TITLE = "医療セカンドオピニオン市場"


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def hits(html: str) -> str:
    """The search's result list ("" when nothing matched)."""
    found = re.search(r'<ul class="report-list search-hits">.*?</ul>', html, re.S)
    return found.group(0) if found else ""


def canonical(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)


def in_language(html: str) -> str:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(
        block["inLanguage"] for block in map(json.loads, blocks) if block["@type"] == "WebPage"
    )


@pytest.fixture
def report():
    report = seed_chart_report(headline="", summary="The market by type and region.")
    SectionFactory(report=report, heading="Overview", body="<p>The market grows.</p>")
    FaqFactory(report=report, question="How big?", answer="<p>USD 4.6 billion.</p>")
    LicenceFactory(report=report, description="One named reader.")
    return report


def translate_fully(report, language="ja"):
    """Every text of ``report`` in ``language`` (Japanese text whatever the language: the
    completeness rules do not read it)."""

    def put(row, **values):
        for name, value in values.items():
            setattr(row, language_column(name, language), value)
        row.save()

    put(report, title=JA_TITLE, summary="タイプ別・地域別の市場。")
    put(
        report.sections.get(),
        heading="概要",
        body="<p>市場は成長している。<script>x()</script></p>",
    )
    put(report.faqs.get(), question="市場規模は？", answer="<p>46億米ドル。</p>")
    put(report.licences.get(), description="指名された1名の読者。")
    report_translations_saved(report=report, languages=[language])


def test_a_language_not_published_shows_english_with_a_note(client, report, settings):
    report.title_ja = JA_TITLE
    report.save()
    report_mark_changed(report=report)

    page = client.get(f"/ja/{report.slug}-r{report.code}").content.decode()

    assert '<h1 id="report-title">Medical Second Opinion Market</h1>' in page
    assert JA_TITLE not in page
    assert "日本語" in re.search(r'<p class="translation-note".*?</p>', page, re.S).group(0)
    assert canonical(page) == f"{settings.SITE_URL}/{report.slug}-r{report.code}"
    assert set(alternates(page)) == {"en-gb", "x-default"}
    assert in_language(page) == "en-GB"


def test_publishing_is_refused_until_every_text_is_translated(report):
    report.title_ja = JA_TITLE
    report.save()

    with pytest.raises(TranslationIncomplete) as refusal:
        report_language_publish(report=report, language="ja", by=None)

    assert "summary" in refusal.value.missing
    assert (
        "Section 1: heading" in refusal.value.missing and "FAQ 1: answer" in refusal.value.missing
    )
    assert "Licence 1: description" in refusal.value.missing
    assert "headline" not in refusal.value.missing  # no English headline: nothing to translate
    assert not ReportLanguage.objects.filter(published_at__isnull=False).exists()


def test_a_published_language_shows_its_text_its_own_canonical_and_alternates(
    client, report, settings
):
    translate_fully(report)
    report_language_publish(report=report, language="ja", by=None)

    page = client.get(f"/ja/{report.slug}-r{report.code}").content.decode()
    english = client.get(f"/{report.slug}-r{report.code}").content.decode()

    assert f'<h1 id="report-title">{JA_TITLE}</h1>' in page
    assert "市場は成長している。" in page and "<script>x()" not in page
    assert "市場規模は？" in page and "指名された1名の読者。" in page
    assert 'class="translation-note"' not in page
    address = f"{settings.SITE_URL}/ja/{report.slug}-r{report.code}"
    assert canonical(page) == address
    assert alternates(page) == alternates(english)
    assert alternates(english)["ja"] == address
    assert set(alternates(english)) == {"en-gb", "ja", "x-default"}
    assert in_language(page) == "ja"
    assert JA_TITLE not in english
    assert Section.objects.get().body_ja == "<p>市場は成長している。</p>"


def test_a_text_left_empty_reads_english_and_unpublishing_brings_english_back(client, report):
    translate_fully(report)
    report_language_publish(report=report, language="ja", by=None)
    address = f"/ja/{report.slug}-r{report.code}"

    assert JA_TITLE in client.get(address).content.decode()
    report_language_unpublish(report=report, language="ja", by=None)
    page = client.get(address).content.decode()

    assert JA_TITLE not in page and "Medical Second Opinion Market" in page


def test_staff_see_missing_complete_and_out_of_date(report):
    translate_fully(report)
    statuses = {status.language: status for status in report_language_statuses(report)}
    assert statuses["ja"].state == "complete" and not statuses["ja"].out_of_date
    assert statuses["ko"].state == "missing" and statuses["ko"].total == 7

    report.summary = "The market by type, application and region."
    report.save()
    statuses = {status.language: status for status in report_language_statuses(report)}
    assert statuses["ja"].out_of_date

    report_translations_saved(report=report, languages=["ja"])
    assert not {s.language: s for s in report_language_statuses(report)}["ja"].out_of_date


def test_the_admin_lists_each_language_and_refuses_an_incomplete_one(staff_client, report):
    report.title_ja = JA_TITLE
    report.save()
    change = reverse("admin:reports_report_change", args=[report.pk])

    page = staff_client.get(change).content.decode()
    response = staff_client.post(
        reverse("admin:reports_report_language_publish", args=[report.pk, "ja"]), follow=True
    )

    table = re.search(r'<table class="translation-status">.*?</table>', page, re.S).group(0)
    assert "日本語" in table and "Incomplete" in table and "Not translated" in table
    assert "日本語 cannot be published: 6 text(s) are not translated yet" in (
        response.content.decode()
    )
    assert not ReportLanguage.objects.filter(published_at__isnull=False).exists()


def test_the_admin_publishes_a_complete_language(staff_client, report):
    translate_fully(report)
    change = reverse("admin:reports_report_change", args=[report.pk])
    page = staff_client.get(change).content.decode()
    publish = reverse("admin:reports_report_language_publish", args=[report.pk, "ja"])
    assert f'formaction="{publish}"' in page

    staff_client.post(publish)

    assert ReportLanguage.objects.get(language="ja").published_at is not None
    assert (
        staff_client.post(
            reverse("admin:reports_report_language_publish", args=[report.pk, "xx"])
        ).status_code
        == 404
    )


def test_saving_a_language_in_the_admin_records_what_it_was_translated_from(staff_client, report):
    """The report is published: the text saved is a draft until the draft is published."""
    from reports.versions.services import draft_publish

    change = reverse("admin:reports_report_change", args=[report.pk])
    assert "title_de" not in staff_client.get(change).context["adminform"].form.fields
    change += "?text=de"
    data = form_post_data(staff_client.get(change))
    data["title_de"] = "Markt für ärztliche Zweitmeinungen"

    response = staff_client.post(change, data)

    assert response.status_code == 302
    assert not ReportLanguage.objects.filter(report=report).exists()
    draft_publish(report=report, by=None)
    record = ReportLanguage.objects.get(report=report)
    assert (record.language, record.published_at) == ("de", None)
    assert record.english_digest


def test_the_seed_report_reads_in_japanese_and_korean(client):
    from reports.demo import seed_ja, seed_ko
    from reports.demo.loader import demo_catalogue_load

    demo_catalogue_load()

    for code, text in (("ja", seed_ja.TRANSLATION), ("ko", seed_ko.TRANSLATION)):
        page = client.get(f"/{code}/medical-second-opinion-r1541508").content.decode()
        assert f'<h1 id="report-title">{text["title"]}</h1>' in page
        assert text["faqs"][0][0] in page and text["segments"]["Hospitals"] in page
        assert set(alternates(page)) == {"en-gb", "ja", "ko", "x-default"}
    german = client.get("/de/medical-second-opinion-r1541508").content.decode()
    assert 'class="translation-note"' in german and "Medical Second Opinion Market" in german


@pytest.mark.parametrize(
    ("language", "field", "text", "query"),
    [
        ("ja", "title_ja", JA_TITLE, "セカンドオピニオン"),
        ("ko", "title_ko", "의료 세컨드 오피니언 시장", "세컨드 오피니언"),
        ("de", "summary_de", "Der Markt für ärztliche Zweitmeinungen.", "zweitmeinung"),
    ],
)
def test_a_search_in_a_language_finds_the_reports_published_in_it(
    client, report, language, field, text, query
):
    for code in ("ja", "ko", "de"):
        translate_fully(report, code)
    setattr(report, field, text)
    report.save()
    report_mark_changed(report=report)

    before = client.get(f"/{language}/reports/", {"q": query}).content.decode()
    report_language_publish(report=report, language=language, by=None)
    found = client.get(f"/{language}/reports/", {"q": query}).content.decode()
    english = client.get("/reports/", {"q": query}).content.decode()

    link = f'href="/{language}/{report.slug}-r{report.code}"'
    assert link not in hits(before)
    assert link in hits(found)
    assert f'href="/{report.slug}-r{report.code}"' not in hits(english)
    assert '<section class="facet"' in found


@pytest.mark.parametrize(
    ("language", "body", "query", "absent"),
    [
        ("ja", "<p>遠隔診療の需要が伸びている。</p>", "遠隔診療", "遠隔医療"),
        ("ja", "<p>病院向けの需要。</p>", "病", "猫"),
        ("zh-hans", "<p>远程医疗需求增长。</p>", "远程", "近程"),
        ("ko", "<p>원격 진료 수요가 늘고 있다.</p>", "진료", "진단"),
        ("fr", "<p>Les réseaux hospitaliers.</p>", "réseau hospitalier", "réseau ferroviaire"),
        ("es", "<p>Las clínicas privadas.</p>", "clínica privada", "clínica pública"),
    ],
)
def test_a_search_in_a_language_reads_its_sections_with_that_languages_rules(
    client, report, language, body, query, absent
):
    """Chinese, Japanese and Korean words are found inside longer runs of characters but
    only as written; French and Spanish words under their own stemming."""
    translate_fully(report, language)
    section = report.sections.get()
    setattr(section, language_column("body", language), body)
    section.save()
    report_language_publish(report=report, language=language, by=None)
    link = f'href="/{language}/{report.slug}-r{report.code}"'

    found = client.get(f"/{language}/reports/", {"q": query}).content.decode()
    other = client.get(f"/{language}/reports/", {"q": absent}).content.decode()
    report_language_unpublish(report=report, language=language, by=None)
    unpublished = client.get(f"/{language}/reports/", {"q": query}).content.decode()

    assert link in hits(found)
    assert link not in hits(other)
    assert report.slug not in hits(unpublished)


def test_a_search_in_japanese_ranks_a_word_in_the_title_above_one_in_a_section(client, report):
    translate_fully(report)
    report_language_publish(report=report, language="ja", by=None)
    newer = ReportFactory(title="Telehealth Market", headline="", summary="Telehealth.")
    SectionFactory(report=newer, heading="Overview", body="<p>The market grows.</p>")
    FaqFactory(report=newer, question="How big?", answer="<p>Large.</p>")
    LicenceFactory(report=newer, description="One reader.")
    newer.published_at = report.published_at + timedelta(days=30)
    newer.save()
    translate_fully(newer)
    newer.title_ja = "遠隔医療市場"
    newer.save()
    section = newer.sections.get()
    section.body_ja = "<p>医療セカンドオピニオンの利用が広がる。</p>"
    section.save()
    report_language_publish(report=newer, language="ja", by=None)

    def order(sort: str) -> list[str]:
        html = client.get("/ja/reports/", {"q": "セカンドオピニオン", "sort": sort}).content
        return re.findall(r'href="/ja/([a-z0-9-]+-r\d+)"', hits(html.decode()))

    titled, in_section = f"{report.slug}-r{report.code}", f"{newer.slug}-r{newer.code}"
    assert order("relevance").index(titled) < order("relevance").index(in_section)
    assert order("newest").index(in_section) < order("newest").index(titled)


def test_english_words_still_find_reports_on_a_translated_page_and_mixed_scripts_are_safe(
    client, report
):
    found = client.get("/ja/reports/", {"q": "medical second opinion"})
    mixed = client.get("/ko/reports/", {"q": "医療 market 세컨드 Ünï ✓ %' OR 1=1 --"})
    operators = client.get("/ja/reports/", {"q": "医'療 \\ & | ! <-> :* (市場"})

    assert f'href="/ja/{report.slug}-r{report.code}"' in hits(found.content.decode())
    assert mixed.status_code == 200 and operators.status_code == 200


def test_a_language_gets_its_sitemap_once_a_report_is_published_in_it(client, report, settings):
    sitemap = f"{settings.SITE_URL}/sitemap-reports-ja.xml"
    assert sitemap not in client.get("/sitemap.xml").content.decode()
    translate_fully(report)
    report_language_publish(report=report, language="ja", by=None)

    index = client.get("/sitemap.xml").content.decode()
    entries = client.get("/sitemap-reports-ja.xml").content.decode()

    assert f"<loc>{sitemap}</loc>" in index
    assert f"<loc>{settings.SITE_URL}/ja/{report.slug}-r{report.code}</loc>" in entries
    assert "<loc>" not in client.get("/sitemap-reports-ko.xml").content.decode()


def test_a_language_feed_announces_the_reports_published_in_it(client, report):
    assert JA_TITLE not in client.get("/ja/feeds/reports.atom").content.decode()
    translate_fully(report)
    report_language_publish(report=report, language="ja", by=None)

    feed = client.get("/ja/feeds/reports.atom").content.decode()

    assert f"<title>{JA_TITLE}</title>" in feed
    assert f"/ja/{report.slug}-r{report.code}" in feed
    assert JA_TITLE not in client.get("/feeds/reports.atom").content.decode()


def test_the_admin_unpublishes_a_language(staff_client, report):
    translate_fully(report)
    report_language_publish(report=report, language="ja", by=None)

    staff_client.post(reverse("admin:reports_report_language_unpublish", args=[report.pk, "ja"]))

    assert ReportLanguage.objects.get(language="ja").published_at is None


def test_the_press_release_is_written_in_each_language(client, report):
    translate_fully(report)
    report_language_publish(report=report, language="ja", by=None)

    japanese = client.get(f"/ja/{report.slug}-r{report.code}/press-release.md").content.decode()
    english = client.get(f"/{report.slug}-r{report.code}/press-release.md").content.decode()
    html = client.get(f"/ja/{report.slug}-r{report.code}/press-release.html").content.decode()

    assert f"# {JA_TITLE}" in japanese
    assert "**市場規模と予測**" in japanese and "$46億" in japanese
    assert "サンプル" in japanese and "Get a Sample PDF" not in japanese
    assert '<html lang="ja">' in html
    assert "**Market Size and Forecast**" in english and "USD 4.6 billion" in english
    assert JA_TITLE not in english


def test_the_api_gives_a_published_language_with_lang(client, report):
    translate_fully(report)
    detail = f"/api/v1/reports/{report.code}/"

    unpublished = client.get(detail, {"lang": "ja"}).json()
    report_language_publish(report=report, language="ja", by=None)
    published = client.get(detail, {"lang": "ja"}).json()
    listed = client.get("/api/v1/reports/", {"lang": "ja"}).json()
    english = client.get(detail).json()

    assert unpublished["title"] == "Medical Second Opinion Market"
    assert published["title"] == JA_TITLE
    assert listed["results"][0]["title"] == JA_TITLE
    assert english["title"] == "Medical Second Opinion Market"
    assert english["translations"]["ja"]["title"] == JA_TITLE
    assert english["translations"]["ja"]["published"] is True
    refused = client.get(detail, {"lang": "xx"})
    assert refused.status_code == 400 and "lang" in refused.json()["errors"]
