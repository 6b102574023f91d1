import json

import pytest
from django.core.cache import cache

from reports.html import sanitize_html
from reports.models import Category, Report
from reports.transfer.importer import catalogue_import, records_from_jsonl
from tests.factories import ReportFactory


@pytest.fixture(autouse=True)
def _forget_cached_charts():
    """Charts are cached per report id and revision, and SQLite reuses the ids of rolled-back
    reports: another test's report 1 at revision 1 must not be shown this one's chart."""
    yield
    cache.clear()


def _document(code: int, **overrides) -> dict:
    return {
        "code": code,
        "slug": f"market-{code}",
        "title": f"Market {code}",
        "status": "published",
        "category": {"slug": "widgets", "name": "Widgets"},
        "periods": {
            "historic_start_year": 2019,
            "base_year": 2023,
            "forecast_start_year": 2024,
            "forecast_end_year": 2031,
        },
        "figures": [{"year": 2024, "value": "1.5"}, {"year": 2031, "value": "3"}],
        "sections": [{"kind": "overview", "heading": "Overview", "body": "<p>Grows.</p>"}],
        "faqs": [{"question": "How big?", "answer": "<p>Big.</p>"}],
        "players": [{"company": {"name": "Acme Corp"}, "blurb": "Makes widgets."}],
        "segments": [
            {"dimension": {"slug": "type", "name": "Type"}, "name": "Small", "share_percent": "40"},
            {"dimension": {"slug": "type"}, "name": "Large", "share_percent": "60"},
        ],
        **overrides,
    }


def _lines(*documents: dict) -> list[str]:
    return [json.dumps(document) for document in documents]


@pytest.mark.django_db
def test_reimport_of_unchanged_reports_writes_nothing_and_a_change_rewrites_that_report(client):
    first = catalogue_import(records=records_from_jsonl(_lines(_document(801), _document(802))))
    assert (first.created, first.problems) == ([801, 802], [])
    revisions = dict(Report.objects.values_list("code", "revision"))

    again = catalogue_import(records=records_from_jsonl(_lines(_document(801), _document(802))))
    assert (again.updated, again.unchanged, again.problems) == ([801, 802], [801, 802], [])
    assert dict(Report.objects.values_list("code", "revision")) == revisions

    changed = _document(802, faqs=[{"question": "How big?", "answer": "<p>Bigger now.</p>"}])
    third = catalogue_import(records=records_from_jsonl(_lines(_document(801), changed)))
    assert (third.updated, third.unchanged) == ([801, 802], [801])
    assert dict(Report.objects.values_list("code", "revision")) == {
        801: revisions[801],
        802: revisions[802] + 1,
    }
    report = Report.objects.get(code=802)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Bigger now." in page
    assert [s.heading for s in report.sections.all()] == ["Overview"]
    assert [link.segment.name for link in report.segment_links.all()] == ["Small", "Large"]


@pytest.mark.django_db
def test_texts_with_tabs_backslashes_and_line_breaks_are_stored_as_sent():
    body = "<p>Tab\there, a back\\slash, \\N and \\t literally,\nline two\r\nline three.</p>"
    blurb = "Column\tone\\two\nnext line"
    document = _document(
        811,
        sections=[{"heading": "Odd\\Heading", "body": body}],
        players=[{"company": {"name": "Acme Corp"}, "blurb": blurb}],
    )
    result = catalogue_import(records=records_from_jsonl(_lines(document)))
    assert result.problems == []
    report = Report.objects.get(code=811)
    section = report.sections.get()
    assert (section.heading, section.body) == ("Odd\\Heading", sanitize_html(body))
    assert report.company_links.get().blurb == blurb
    again = catalogue_import(records=records_from_jsonl(_lines(document)))
    assert again.unchanged == [811]


@pytest.mark.django_db
def test_a_bad_record_in_a_later_batch_is_reported_by_line_and_its_batch_still_imported():
    ReportFactory(code=900, slug="taken-slug")
    documents = [_document(821), _document(822), _document(823), _document(824)]
    documents[2] = _document(823, slug="taken-slug")
    handled = []
    result = catalogue_import(
        records=records_from_jsonl(["", *_lines(*documents, _document(821))]),
        batch_size=2,
        progress=handled.append,
    )
    assert [(p.line, p.code, p.message) for p in result.problems] == [
        (4, 823, 'The slug "taken-slug" belongs to report 900.'),
        (6, 821, "Report 821 is already on line 2."),
    ]
    assert sorted(result.created) == [821, 822, 824]
    assert sum(handled) == 5
    assert Report.objects.filter(code__in=[821, 822, 823, 824]).count() == 3


@pytest.mark.django_db
def test_a_document_whose_categories_loop_is_refused_and_the_others_import():
    looping = _document(
        901, category={"slug": "widgets", "parent": {"slug": "gadgets", "parent": "widgets"}}
    )

    result = catalogue_import(records=records_from_jsonl(_lines(looping, _document(902))))

    assert result.created == [902]
    [problem] = result.problems
    assert (problem.line, problem.code) == (1, 901)
    assert problem.message.startswith('"Gadgets" cannot be the parent of "Widgets"')
    assert Category.objects.get(slug="widgets").parent_id is None
