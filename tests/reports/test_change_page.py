"""The report change page is organised by task: one collapsible group per task, the first
open, and the group holding a form error open after a refused save."""

import re

import pytest

from reports.charts.spec import cagr_label
from reports.selectors import market_cagr
from tests.factories import FaqFactory, ReportFactory, SectionFactory, seed_chart_report
from tests.reports.test_admin import form_post_data

pytestmark = pytest.mark.django_db

TASKS = ["content", "figures", "players", "licences", "publication", "integrity"]


def groups(html: str) -> dict[str, str]:
    """Task slug → the markup of its group (up to the next group)."""
    starts = [
        (m.start(), m.group(1))
        for m in re.finditer(r'<details class="report-task" id="task-([a-z]+)"', html)
    ]
    ends = [start for start, _ in starts[1:]] + [html.index("</form>", starts[-1][0])]
    return {slug: html[start:end] for (start, slug), end in zip(starts, ends, strict=True)}


def is_open(group: str) -> bool:
    return re.match(r"<details [^>]*\bopen>", group) is not None


@pytest.fixture
def report():
    report = seed_chart_report()
    SectionFactory(report=report, heading="Overview")
    FaqFactory(report=report)
    return report


def test_the_change_page_shows_one_task_at_a_time_in_working_order(staff_client, report):
    html = staff_client.get(f"/admin/reports/report/{report.pk}/change/").content.decode()

    found = groups(html)

    assert list(found) == TASKS
    assert [slug for slug, group in found.items() if is_open(group)] == ["content", "integrity"]
    assert 'id="sections-group"' in found["content"] and 'id="faqs-group"' in found["content"]
    assert 'id="figures-group"' in found["figures"] and 'name="base_year"' in found["figures"]
    assert cagr_label(market_cagr(report)) in found["figures"]
    assert '<svg role="img" aria-labelledby="chart-market-size-title"' in found["figures"]
    assert 'id="licences-group"' in found["licences"]
    assert "Integrity findings" in found["integrity"]


def test_a_refused_save_opens_the_group_holding_the_error(staff_client, report):
    url = f"/admin/reports/report/{report.pk}/change/"
    data = form_post_data(staff_client.get(url))
    data["base_year"] = "not a year"

    response = staff_client.post(url, data)
    found = groups(response.content.decode())

    assert response.status_code == 200
    assert is_open(found["figures"]) and is_open(found["integrity"])
    assert not is_open(found["content"]) and not is_open(found["licences"])


def test_each_finding_links_to_its_field_and_the_field_shows_it(staff_client):
    report = ReportFactory(draft=True, headline="Worth USD XX million by 2031.")
    FaqFactory(report=report, question="How big?", answer="<p>It holds XX% of the market.</p>")

    page = staff_client.get(f"/admin/reports/report/{report.pk}/change/")

    faq_prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model.__name__ == "Faq"
    )
    findings = page.text[page.text.index('class="errorlist integrity-findings"') :]
    assert '<a href="#id_headline_en_gb">Go to the field</a>' in findings
    assert f'<a href="#id_{faq_prefix}-0-answer_en_gb">Go to the field</a>' in findings
    help_of_answer = re.search(
        rf'id="id_{faq_prefix}-0-answer_en_gb_helptext">(.*?)</div>', page.text, re.S
    ).group(1)
    assert 'Error (blocks publishing): FAQ "How big?": placeholder text "XX%"' in (
        help_of_answer.replace("&quot;", '"')
    )
    help_of_question = re.search(
        rf'id="id_{faq_prefix}-0-question_en_gb_helptext">(.*?)</div>', page.text, re.S
    )
    assert help_of_question is None or "placeholder" not in help_of_question.group(1)


def test_the_page_shows_english_and_the_begun_translations_unless_asked(staff_client):
    from reports.models import ReportLanguage

    report = ReportFactory(draft=True)
    SectionFactory(report=report, heading="Overview")
    ReportLanguage.objects.create(report=report, language="ja", english_digest="x")
    url = f"/admin/reports/report/{report.pk}/change/"

    def columns(page):
        section = next(
            inline.formset
            for inline in page.context["inline_admin_formsets"]
            if inline.formset.model.__name__ == "Section"
        )
        return (
            sorted(n for n in page.context["adminform"].form.fields if n.startswith("title_")),
            sorted(n for n in section.forms[0].fields if n.startswith("body_")),
        )

    default = staff_client.get(url)
    assert columns(default) == (["title_en_gb", "title_ja"], ["body_en_gb", "body_ja"])
    assert f'<a href="{url}?text=de">Edit the text in Deutsch</a>' in default.text
    german = staff_client.get(url, {"text": "de"})
    assert columns(german) == (["title_de", "title_en_gb"], ["body_de", "body_en_gb"])
    every = staff_client.get(url, {"text": "all"})
    assert len(columns(every)[0]) == 7

    data = form_post_data(default)
    data["title_en_gb"] = "Renamed Market"
    report.title_de = "Umbenannter Markt"
    report.save()
    assert staff_client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert (report.title_en_gb, report.title_de) == ("Renamed Market", "Umbenannter Markt")
