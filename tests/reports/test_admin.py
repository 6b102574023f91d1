import html
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import Licence, Report, ReportStatus, SearchDocument, TocEntry
from reports.services import report_publish
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

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reports_report_changelist")


def change_url(report):
    return reverse("admin:reports_report_change", args=[report.pk])


def clean_draft(**kwargs):
    report = ReportFactory(draft=True, **kwargs)
    MarketFigureFactory(report=report, year=2024, value=Decimal("2.5"))
    MarketFigureFactory(report=report, year=2031, value=Decimal("4.6"))
    return report


def form_post_data(response) -> dict:
    """The POST a browser would send for the admin form in ``response``, unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)
    return data


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_changelist_lists_reports(staff_client):
    report = ReportFactory(title="Medical Second Opinion Market", code=1541508)
    response = staff_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "Medical Second Opinion Market" in response.text
    assert str(report.code) in response.text


@pytest.mark.parametrize("term", ["Second Opinion", "1541508", "Cleveland"])
def test_changelist_search_by_title_code_and_company(staff_client, term):
    report = ReportFactory(title="Medical Second Opinion Market", code=1541508)
    ReportCompanyFactory(report=report, company=CompanyFactory(name="Cleveland Clinic"))
    ReportFactory(title="Card Scanners Market")

    response = staff_client.get(CHANGELIST, {"q": term})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [report]


def test_changelist_filters(staff_client):
    health = CategoryFactory(name="Healthcare", slug="healthcare")
    draft = ReportFactory(draft=True, category=health)
    published = ReportFactory(published_at=datetime(2023, 5, 1, 10, tzinfo=UTC))
    year = 2023

    by_category = staff_client.get(CHANGELIST, {"category__id__exact": health.pk})
    by_status = staff_client.get(CHANGELIST, {"status__exact": "draft"})
    by_year = staff_client.get(CHANGELIST, {"published_year": str(year)})

    assert list(by_category.context["cl"].result_list) == [draft]
    assert list(by_status.context["cl"].result_list) == [draft]
    assert list(by_year.context["cl"].result_list) == [published]
    assert f"?published_year={year}" in staff_client.get(CHANGELIST).text


def test_bad_year_filter_is_not_a_server_error(staff_client):
    ReportFactory()
    response = staff_client.get(CHANGELIST, {"published_year": "abc"})
    assert response.status_code == 302
    assert "e=1" in response["Location"]


def test_add_form_loads_and_new_report_gets_default_licences(staff_client, settings):
    category = CategoryFactory()
    add_url = reverse("admin:reports_report_add")
    page = staff_client.get(add_url)
    assert page.status_code == 200
    data = form_post_data(page)
    data.update(
        code="1541508",
        title_en_gb="Medical Second Opinion Market",
        slug="medical-second-opinion",
        category=str(category.pk),
        historic_start_year="2019",
        base_year="2023",
        forecast_start_year="2024",
        forecast_end_year="2031",
        currency="EUR",
        unit="billion",
    )

    response = staff_client.post(add_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    report = Report.objects.get(code=1541508)
    assert report.status == ReportStatus.DRAFT
    tiers = set(report.licences.values_list("tier", flat=True))
    assert tiers == {item["tier"] for item in settings.REPORT_DEFAULT_LICENCES}
    assert set(report.licences.values_list("currency", flat=True)) == {"EUR"}


def test_change_form_shows_every_inline(staff_client):
    report = clean_draft(title="Widget Market")
    SectionFactory(report=report, heading="Market overview")
    TocEntryFactory(report=report, title="Introduction")
    FaqFactory(report=report, question="How big is it?")
    ReportCompanyFactory(report=report, company=CompanyFactory(name="Acme Corp"))
    ReportSegmentFactory(report=report, segment=SegmentFactory(name="Hospitals"))
    LicenceFactory(report=report, price=Decimal("1234.00"))

    response = staff_client.get(change_url(report))

    assert response.status_code == 200
    for text in ["Market overview", "Introduction", "How big is it?", "Acme Corp", "Hospitals"]:
        assert text in response.text
    assert "1234.00" in response.text


def test_change_form_post_saves_inlines_and_bumps_revision(staff_client):
    report = clean_draft()
    section = SectionFactory(report=report, heading="Market overview")
    LicenceFactory(report=report)
    page = staff_client.get(change_url(report))
    data = form_post_data(page)
    prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is TocEntry
    )
    section_prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model.__name__ == "Section"
    )
    data[f"{section_prefix}-0-body_en_gb"] = "<p>Edited<script>alert(1)</script></p>"
    data[f"{prefix}-TOTAL_FORMS"] = "1"
    data.update({f"{prefix}-0-position": "1", f"{prefix}-0-level": "1"})
    data[f"{prefix}-0-title_en_gb"] = "Executive summary"

    response = staff_client.post(change_url(report), data)

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "<p>Edited</p>"
    assert list(report.toc_entries.values_list("title", flat=True)) == ["Executive summary"]
    assert Licence.objects.filter(report=report).count() == 1
    report.refresh_from_db()
    assert report.revision == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored document is PostgreSQL's")
def test_change_form_post_with_inlines_rebuilds_the_search_document_once(staff_client):
    report = clean_draft()
    SectionFactory.create_batch(5, report=report)
    LicenceFactory(report=report)
    data = form_post_data(staff_client.get(change_url(report)))
    data["title_en_gb"] = "Orbital Refuelling Market"

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.post(change_url(report), data)

    assert response.status_code == 302
    assert len([q for q in queries.captured_queries if "setweight(" in q["sql"]]) == 1
    assert SearchDocument.objects.filter(
        pk=report.pk, search_vector=SearchQuery("orbital")
    ).exists()


def test_change_form_cannot_set_status(staff_client):
    report = clean_draft()
    data = form_post_data(staff_client.get(change_url(report)))
    data["status"] = "published"
    data["title_en_gb"] = "Renamed Market"
    response = staff_client.post(change_url(report), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Renamed Market"
    assert report.status == ReportStatus.DRAFT


def test_change_page_shows_findings_with_levels(staff_client):
    report = ReportFactory(draft=True)
    SectionFactory(report=report, heading="Market overview", body="<p>XX% <b>up</b></p>")

    response = staff_client.get(change_url(report))

    assert (
        '<li class="integrity-error"><strong>Error:</strong> Section &quot;Market overview&quot;: '
        'placeholder text &quot;XX%&quot; <a href="#id_sections-0-body_en_gb">Go to the field</a>'
        "</li>" in response.text
    )
    assert '<li class="integrity-note"><strong>Note:</strong> No whole-market' in response.text


def test_findings_are_escaped(staff_client):
    report = ReportFactory(draft=True)
    SectionFactory(report=report, heading="<i>Overview</i>", body="<p>TBD</p>")
    response = staff_client.get(change_url(report))
    assert "Section &quot;&lt;i&gt;Overview&lt;/i&gt;&quot;: placeholder text" in response.text


def test_clean_report_change_page_says_no_issues(staff_client):
    report = clean_draft()
    response = staff_client.get(change_url(report))
    assert "No issues found." in response.text


def test_publish_action_refuses_bad_report_and_publishes_the_others(staff_client):
    bad = ReportFactory(draft=True, title="Bad Market")
    SectionFactory(report=bad, heading="Market overview", body="<p>Up XX% in 2023.</p>")
    good = clean_draft(title="Good Market")

    response = staff_client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [bad.pk, good.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert f'{bad} was not published: Section "Market overview": placeholder text "XX%"' in texts(
        response
    )
    assert "1 report(s) published." in texts(response)
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.status == ReportStatus.DRAFT
    assert good.status == ReportStatus.PUBLISHED
    assert good.published_at is not None


@pytest.mark.parametrize(
    "action, status",
    [("unpublish_selected", ReportStatus.DRAFT), ("archive_selected", ReportStatus.ARCHIVED)],
)
def test_unpublish_and_archive_actions(staff_client, action, status):
    report = ReportFactory()
    response = staff_client.post(
        CHANGELIST, {"action": action, "_selected_action": [report.pk]}, follow=True
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == status


def test_publish_button_shows_refusal_and_publishes_clean_report(staff_client):
    bad = ReportFactory(draft=True)
    FaqFactory(report=bad, question="How big?", answer="<p>USD XX million</p>")
    good = clean_draft()
    publish = "admin:reports_report_publish"

    change_page = staff_client.get(change_url(bad))
    assert reverse(publish, args=[bad.pk]) in change_page.text

    refused = staff_client.post(reverse(publish, args=[bad.pk]), follow=True)
    published = staff_client.post(reverse(publish, args=[good.pk]), follow=True)

    assert 'FAQ "How big?": placeholder text "USD XX million"' in refused.text.replace(
        "&quot;", '"'
    )
    assert refused.redirect_chain[-1][0] == change_url(bad)
    assert f"{good} is published." in texts(published)
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.status == ReportStatus.DRAFT
    assert good.status == ReportStatus.PUBLISHED


def test_publish_url_refuses_get(staff_client):
    report = clean_draft()
    response = staff_client.get(reverse("admin:reports_report_publish", args=[report.pk]))
    assert response.status_code == 405
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_preview_shows_draft_to_staff(staff_client):
    report = clean_draft(title="Secret Widget Market")
    preview = reverse("admin:reports_report_preview", args=[report.pk])

    assert preview in staff_client.get(change_url(report)).text
    response = staff_client.get(preview)

    assert response.status_code == 200
    assert "Secret Widget Market" in response.text
    assert response["X-Robots-Tag"] == "noindex"


def test_preview_redirects_anonymous_to_login(client):
    report = clean_draft()
    preview = reverse("admin:reports_report_preview", args=[report.pk])
    response = client.get(preview)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_preview_of_missing_report_is_404(staff_client):
    response = staff_client.get(reverse("admin:reports_report_preview", args=[999999]))
    assert response.status_code == 404


def test_category_and_company_admins_list_and_search(staff_client):
    CategoryFactory(name="Healthcare", slug="healthcare")
    CategoryFactory(name="Energy", slug="energy")
    CompanyFactory(name="Cleveland Clinic")
    CompanyFactory(name="Penn Medicine")

    categories = staff_client.get(reverse("admin:reports_category_changelist"), {"q": "health"})
    companies = staff_client.get(reverse("admin:reports_company_changelist"), {"q": "clinic"})

    assert [c.name for c in categories.context["cl"].result_list] == ["Healthcare"]
    assert [c.name for c in companies.context["cl"].result_list] == ["Cleveland Clinic"]
    assert staff_client.get(reverse("admin:reports_category_add")).status_code == 200
    assert staff_client.get(reverse("admin:reports_company_add")).status_code == 200


def test_segment_admins_list_search_and_filter(staff_client):
    region = DimensionFactory(slug="region")
    kind = DimensionFactory(slug="type")
    america = SegmentFactory(dimension=region, name="North America")
    usa = SegmentFactory(dimension=region, name="USA", parent=america, country="US")
    SegmentFactory(dimension=kind, name="Hospitals")
    url = reverse("admin:segments_segment_changelist")

    by_name = staff_client.get(url, {"q": "hospitals"})
    by_country = staff_client.get(url, {"q": "United States"})
    by_dimension = staff_client.get(url, {"dimension__id__exact": region.pk})
    dimensions = staff_client.get(reverse("admin:segments_dimension_changelist"))

    assert [s.name for s in by_name.context["cl"].result_list] == ["Hospitals"]
    assert list(by_country.context["cl"].result_list) == [usa]
    assert {s.name for s in by_dimension.context["cl"].result_list} == {"North America", "USA"}
    assert dimensions.status_code == 200 and "Region" in dimensions.text
    assert staff_client.get(reverse("admin:segments_segment_add")).status_code == 200


def test_segment_autocomplete_for_report_links(staff_client):
    SegmentFactory(dimension=DimensionFactory(slug="region"), name="Europe")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "eur",
            "app_label": "segments",
            "model_name": "reportsegment",
            "field_name": "share_of",
        },
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Europe (Region)"]


def test_view_on_site_only_for_published_reports(staff_client):
    draft = clean_draft()
    published = ReportFactory()
    assert "View on site" not in staff_client.get(change_url(draft)).text
    assert "View on site" in staff_client.get(change_url(published)).text


@pytest.mark.parametrize(
    "parent_slug, message",
    [
        ("healthcare", '"Healthcare" cannot be its own parent category.'),
        (
            "services",
            '"Services" cannot be the parent of "Healthcare": it is already inside it '
            "(Healthcare › Services), so the categories would go round in a loop. "
            "Choose another parent.",
        ),
        (
            "clinics",
            '"Clinics" cannot be the parent of "Healthcare": it is already inside it '
            "(Healthcare › Services › Clinics), so the categories would go round in a loop. "
            "Choose another parent.",
        ),
    ],
)
def test_category_form_refuses_a_parent_that_would_make_a_loop(staff_client, parent_slug, message):
    healthcare = CategoryFactory(name="Healthcare", slug="healthcare")
    services = CategoryFactory(name="Services", slug="services", parent=healthcare)
    CategoryFactory(name="Clinics", slug="clinics", parent=services)
    url = reverse("admin:reports_category_change", args=[healthcare.pk])

    response = staff_client.post(
        url,
        {
            "name": "Healthcare",
            "slug": "healthcare",
            "description": "Renamed as well.",
            "position": "0",
            "parent": str(CategoryFactory(slug=parent_slug).pk),
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == [message]
    assert html.escape(message) in response.text
    healthcare.refresh_from_db()
    assert (healthcare.parent_id, healthcare.description) == (None, "Reports on this industry.")


def test_category_form_accepts_a_parent_elsewhere_in_the_tree(staff_client):
    healthcare = CategoryFactory(name="Healthcare", slug="healthcare")
    services = CategoryFactory(name="Services", slug="services", parent=healthcare)
    energy = CategoryFactory(name="Energy", slug="energy")
    url = reverse("admin:reports_category_change", args=[services.pk])
    data = {"name": "Services", "slug": "services", "position": "0", "parent": str(energy.pk)}

    response = staff_client.post(url, {**data, "description": "", "_save": "Save"})

    assert response.status_code == 302
    services.refresh_from_db()
    assert services.parent_id == energy.pk


def test_image_from_another_host_is_a_warning_on_the_change_page_and_publishing_goes_on(
    staff_client, settings
):
    settings.SITE_URL = "https://reports.example"
    report = clean_draft()
    SectionFactory(
        report=report,
        heading="Drivers",
        body='<p>Demand rises.</p><img src="https://cdn.example.com/chart.png" alt="Chart">',
    )

    change_page = staff_client.get(change_url(report))
    published = staff_client.post(
        reverse("admin:reports_report_publish", args=[report.pk]), follow=True
    )

    assert "0 error(s) (block publishing), 1 warning(s), 0 note(s)." in change_page.text
    assert (
        '<li class="integrity-warning"><strong>Warning:</strong> Section &quot;Drivers&quot; '
        "shows an image from cdn.example.com: browsers block it on the report page and it is "
        "left out of the PDF. Remove it, or use an image stored on this site.</li>"
    ) in change_page.text
    assert f"{report} is published." in texts(published)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED


def test_a_draft_may_leave_its_base_year_empty_and_a_published_report_may_not(staff_client):
    draft = clean_draft()
    data = form_post_data(staff_client.get(change_url(draft)))
    data["base_year"] = ""
    assert staff_client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.base_year is None

    published = clean_draft()
    report_publish(report=published, by=None)
    data = form_post_data(staff_client.get(change_url(published)))
    data["base_year"] = ""
    response = staff_client.post(change_url(published), data)
    assert response.status_code == 200
    assert "A published report needs this year: unpublish it to leave it empty." in response.text
    published.refresh_from_db()
    assert published.base_year is not None
