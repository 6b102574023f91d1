"""The site's languages: English at the addresses it always had, each other language under
its prefix, every page naming its versions (hreflang) and linking to them."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from portal.links import cached_reverse
from tests.factories import seed_chart_report

pytestmark = pytest.mark.django_db

LANGUAGES = ["en-gb", "ja", "ko", "zh-hans", "de", "fr", "es"]
BASE_DIR = Path(__file__).resolve().parents[2]


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_the_seed_links_stay_english_and_every_language_has_its_prefix(client, settings):
    report = seed_chart_report()
    english = client.get(f"/{report.slug}-r{report.code}")
    japanese = client.get(f"/ja/{report.slug}-r{report.code}")

    assert english.status_code == 200 and japanese.status_code == 200
    assert '<html lang="en-gb">' in english.content.decode()
    assert '<html lang="ja">' in japanese.content.decode()
    for path in (
        f"/enquiry/request-sample/{report.code}",
        f"/enquiry/pre-order-enquiry/{report.code}",
        f"/purchase/{report.code}",
    ):
        assert client.get(path).status_code == 200
        assert client.get(f"/de{path}").status_code == 200
    assert client.get(f"/xx/{report.slug}-r{report.code}").status_code == 404


def test_each_page_names_its_versions_and_its_own_canonical(client, settings):
    seed_chart_report()
    page = client.get("/fr/").content.decode()

    found = alternates(page)
    base = settings.SITE_URL
    assert found["x-default"] == f"{base}/"
    assert found["en-gb"] == f"{base}/"
    assert found["ja"] == f"{base}/ja/"
    assert set(found) == {*LANGUAGES, "x-default"}
    assert f'<link rel="canonical" href="{base}/fr/">' in page


def test_the_switcher_keeps_the_visitor_on_the_same_report(client):
    report = seed_chart_report()
    page = client.get(f"/{report.slug}-r{report.code}").content.decode()

    switcher = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S).group(0)
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', switcher))
    assert links == {
        (
            f"/{report.slug}-r{report.code}"
            if code == "en-gb"
            else f"/{code}/{report.slug}-r{report.code}"
        ): code
        for code in LANGUAGES
    }
    assert 'aria-current="true">English</a>' in switcher


def test_staff_and_machine_addresses_have_one_language(client):
    assert client.get("/ja/healthz").status_code == 404
    assert client.get("/ja/api/v1/reports/").status_code == 404
    page = client.get("/healthz")
    assert page.status_code == 200


def test_a_remembered_address_follows_the_language():
    report = seed_chart_report()

    english = cached_reverse("reports:detail", slug=report.slug, code=report.code)
    with override("ko"):
        korean = cached_reverse("reports:detail", slug=report.slug, code=report.code)

    assert english == f"/{report.slug}-r{report.code}"
    assert korean == f"/ko/{report.slug}-r{report.code}"
    assert reverse("reports:home") == "/"


CATALOGUES = sorted((BASE_DIR / "locale").glob("*/LC_MESSAGES/django.po"))


def test_every_language_has_a_complete_catalogue_whose_placeholders_match():
    from babel.messages.checkers import python_format
    from babel.messages.pofile import read_po

    assert {path.parts[-3] for path in CATALOGUES} == {"ja", "ko", "zh_Hans", "de", "fr", "es"}
    for path in CATALOGUES:
        with path.open("rb") as handle:
            catalogue = read_po(handle)
        for message in catalogue:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings), f"{path}: untranslated {message.id!r}"
            assert not message.fuzzy, f"{path}: fuzzy {message.id!r}"
            if message.python_format:
                python_format(catalogue, message)


@pytest.mark.parametrize("language", ["ja", "ko", "zh-hans", "de", "fr", "es"])
def test_a_page_in_another_language_speaks_it(client, language):
    seed_chart_report()
    page = client.get(f"/{language}/").content.decode()

    english = ["All reports", "Search reports", "Privacy"]
    with override(language):
        expected = [gettext(text) for text in english]
    assert all(text != source for text, source in zip(expected, english, strict=True))
    assert all(text in page for text in expected)
    assert f'<html lang="{language}">' in page


def test_dates_are_written_the_way_each_language_writes_them(client):
    from datetime import datetime

    from django.utils import timezone

    report = seed_chart_report(published_at=timezone.make_aware(datetime(2026, 3, 5, 12)))

    assert "5 March 2026" in client.get(f"/{report.slug}-r{report.code}").content.decode()
    assert "2026年3月5日" in client.get(f"/ja/{report.slug}-r{report.code}").content.decode()
    assert "5. März 2026" in client.get(f"/de/{report.slug}-r{report.code}").content.decode()
    assert "5 de marzo de 2026" in client.get(f"/es/{report.slug}-r{report.code}").content.decode()


def test_the_data_download_speaks_the_page_s_language(client):
    import csv
    import io

    report = seed_chart_report()
    response = client.get(f"/ja/{report.slug}-r{report.code}/data.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "出典" and rows[2] == ["通貨", "USD"]
    assert rows[5][:2] == [gettext_in("ja", "Series"), gettext_in("ja", "Dimension")]
    assert rows[5][0] != "Series"
    assert rows[6][0] == gettext_in("ja", "Market size")


def gettext_in(language: str, text: str) -> str:
    with override(language):
        return gettext(text)
