"""JSON Lines documents carry a report's translations: imported, published when the
document says so and complete, refused with what is missing otherwise."""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from reports.models import Report, ReportLanguage
from segments.models import Segment

pytestmark = pytest.mark.django_db

DOCUMENT = {
    "code": 701,
    "slug": "heat-pump",
    "title": "Heat Pump Market",
    "summary": "Heat pumps by type and region.",
    "status": "published",
    "category": {"slug": "energy", "name": "Energy"},
    "periods": {
        "historic_start_year": 2019,
        "base_year": 2023,
        "forecast_start_year": 2024,
        "forecast_end_year": 2031,
    },
    "figures": [{"year": 2024, "value": "1.5"}, {"year": 2031, "value": "3"}],
    "sections": [{"kind": "overview", "heading": "Overview", "body": "<p>Grows.</p>"}],
    "segments": [
        {
            "dimension": {"slug": "type", "name": "Type", "names": {"de": "Typ"}},
            "slug": "air-source",
            "name": "Air source",
            "names": {"de": "Luftquelle"},
        }
    ],
    "licences": [{"tier": "single", "price": "3500", "seats": 1, "description": "One reader."}],
    "translations": {
        "de": {
            "published": True,
            "title": "Wärmepumpenmarkt",
            "summary": "Wärmepumpen nach Typ und Region.",
            "sections": [{"heading": "Überblick", "body": "<p>Wächst.<script>x()</script></p>"}],
            "licences": {"single": "Ein Leser."},
        }
    },
}


def run_import(tmp_path, *documents) -> str:
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in documents))
    err = io.StringIO()
    try:
        call_command(
            "import_catalogue", str(path), no_progress=True, stderr=err, stdout=io.StringIO()
        )
    except CommandError as error:
        return err.getvalue() + str(error)
    return err.getvalue()


def test_a_translated_document_is_published_in_its_languages(tmp_path, client):
    assert run_import(tmp_path, DOCUMENT) == ""

    report = Report.objects.get(code=701)
    assert (report.title_de, report.title_en_gb) == ("Wärmepumpenmarkt", "Heat Pump Market")
    assert report.sections.get().body_de == "<p>Wächst.</p>"
    assert ReportLanguage.objects.get(report=report, language="de").published_at is not None
    assert Segment.objects.get(slug="air-source").name_de == "Luftquelle"
    page = client.get("/de/heat-pump-r701").content.decode()
    assert "Wärmepumpenmarkt" in page and "Luftquelle" in page and "Typ" in page
    assert "Heat Pump Market" in client.get("/heat-pump-r701").content.decode()
    found = client.get("/de/reports/", {"q": "Wärmepumpen Luftquelle"}).content.decode()
    assert 'href="/de/heat-pump-r701"' in found


def test_a_published_translation_missing_a_text_is_refused_with_what_is_missing(tmp_path):
    document = copy.deepcopy(DOCUMENT)
    del document["translations"]["de"]["sections"]

    messages = run_import(tmp_path, document)

    assert "translations.de.published: Deutsch cannot be published: 2 text(s)" in messages
    assert "Section 1: heading, Section 1: body" in messages
    assert not Report.objects.filter(code=701).exists()


def test_an_unpublished_translation_may_be_incomplete_and_shows_english(tmp_path, client):
    document = copy.deepcopy(DOCUMENT)
    document["translations"]["de"] = {"published": False, "title": "Wärmepumpenmarkt"}

    assert run_import(tmp_path, document) == ""

    record = ReportLanguage.objects.get(language="de")
    assert record.published_at is None
    page = client.get("/de/heat-pump-r701").content.decode()
    assert "Wärmepumpenmarkt" not in page and "Heat Pump Market" in page


def test_bad_translations_get_clear_errors(tmp_path):
    document = copy.deepcopy(DOCUMENT)
    document["translations"]["xx"] = {"title": "?"}
    document["translations"]["de"]["sections"] *= 2

    messages = run_import(tmp_path, document)

    assert 'translations.xx: "xx" is not a translation language.' in messages
    assert "translations.de.sections: 2 items, but the report has 1 sections." in messages


def test_export_then_import_keeps_translations_and_reimport_changes_nothing(tmp_path):
    run_import(tmp_path, DOCUMENT)
    exported = tmp_path / "export.jsonl"
    call_command("export_catalogue", output=str(exported))
    [line] = exported.read_text().splitlines()
    assert json.loads(line)["translations"]["de"]["title"] == "Wärmepumpenmarkt"
    revision = Report.objects.get(code=701).revision

    out = io.StringIO()
    call_command("import_catalogue", str(exported), no_progress=True, stdout=out)

    assert "0 new, 1 updated" in out.getvalue()
    assert Report.objects.get(code=701).revision == revision
