"""Drafts of published reports, versions, compare and restore, through the admin as staff
use it (reports.versions)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from reversion.models import Version

from reports.models import DraftState, Report, ReportDraft, ReviewState
from tests.factories import (
    CompanyFactory,
    MarketFigureFactory,
    ReportCompanyFactory,
    ReportFactory,
)
from tests.reports.test_admin import form_post_data, texts

pytestmark = pytest.mark.django_db


def change_url(report):
    return reverse("admin:reports_report_change", args=[report.pk])


def history_url(report):
    return reverse("admin:reports_report_history", args=[report.pk])


def draft_url(report, action):
    return reverse("admin:reports_report_draft", args=[report.pk, action])


def published_report(**kwargs):
    report = ReportFactory(title="Medical Second Opinion Market", **kwargs)
    MarketFigureFactory(report=report, year=2024, value=Decimal("2.5"))
    MarketFigureFactory(report=report, year=2031, value=Decimal("4.6"))
    return report


def formset_of(page, model_name: str):
    """The change page's inline formset of rows of ``model_name`` (e.g. "MarketFigure")."""
    return next(
        inline.formset
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model.__name__ == model_name
    )


def edit(client, report, **changes):
    """Open the change page, change the fields given, save; returns the response."""
    data = form_post_data(client.get(change_url(report)))
    data.update(changes)
    return client.post(change_url(report), data)


def test_editing_a_published_report_saves_a_draft_and_the_live_page_stays(as_role, client):
    report = published_report()
    author = as_role("Author")

    response = edit(author, report, title_en_gb="Second Opinion Services Market")

    assert response.status_code == 302
    assert "saved as a draft" in " ".join(texts(response))
    report.refresh_from_db()
    assert report.title == "Medical Second Opinion Market"
    assert "Medical Second Opinion Market" in client.get(report.get_absolute_url()).text
    page = author.get(change_url(report))
    assert page.context["adminform"].form["title_en_gb"].value() == "Second Opinion Services Market"
    assert "A draft is pending" in page.text
    assert "This form shows the pending draft" in page.text


def test_saving_the_draft_again_builds_on_it_and_keeps_the_earlier_one(as_role):
    report = published_report()
    author = as_role("Author")
    edit(author, report, title_en_gb="First Draft Market")
    edit(author, report, headline_en_gb="A new headline")

    drafts = list(ReportDraft.objects.filter(report=report).order_by("pk"))
    assert [draft.state for draft in drafts] == [DraftState.SUPERSEDED, DraftState.PENDING]
    page = author.get(change_url(report))
    form = page.context["adminform"].form
    assert form["title_en_gb"].value() == "First Draft Market"
    assert form["headline_en_gb"].value() == "A new headline"


def test_a_publisher_publishes_the_draft_and_an_author_may_not(as_role, client):
    report = published_report()
    edit(as_role("Author"), report, title_en_gb="Second Opinion Services Market")

    refused = as_role("Author").post(draft_url(report, "publish"))
    assert "needs the Publisher role" in " ".join(texts(refused))
    report.refresh_from_db()
    assert report.title == "Medical Second Opinion Market"

    published = as_role("Publisher").post(draft_url(report, "publish"))
    assert "is live" in " ".join(texts(published))
    report.refresh_from_db()
    assert report.title == "Second Opinion Services Market"
    assert report.status == "published"
    assert "Second Opinion Services Market" in client.get(report.get_absolute_url()).text
    assert not ReportDraft.objects.filter(report=report, state=DraftState.PENDING).exists()


def test_a_draft_with_blocking_errors_is_not_published(as_role):
    report = published_report(headline="The market grows.")
    publisher = as_role("Publisher")
    edit(publisher, report, headline_en_gb="The market is worth USD XX million.")

    response = publisher.post(draft_url(report, "publish"))

    assert 'placeholder text "USD XX million"' in " ".join(texts(response))
    assert "The draft was not published" in " ".join(texts(response))
    report.refresh_from_db()
    assert report.headline == "The market grows."
    assert ReportDraft.objects.get(report=report).state == DraftState.PENDING


def test_discarding_the_draft_leaves_the_live_page(as_role):
    report = published_report()
    author = as_role("Author")
    edit(author, report, title_en_gb="Abandoned Title Market")

    author.post(draft_url(report, "discard"))

    report.refresh_from_db()
    assert report.title == "Medical Second Opinion Market"
    page = author.get(change_url(report))
    assert page.context["adminform"].form["title_en_gb"].value() == "Medical Second Opinion Market"


def test_a_stale_form_is_refused_and_nothing_is_overwritten(as_role):
    report = published_report()
    stale = form_post_data(as_role("Author").get(change_url(report)))
    editor = as_role("Editor")
    edit(editor, report, title_en_gb="The Editor's Title Market")

    author = as_role("Author")
    stale["title_en_gb"] = "The Author's Title Market"
    response = author.post(change_url(report), stale)

    assert response.status_code == 200
    assert "This report changed after you opened it (editor saved it on" in response.text
    page = author.get(change_url(report))
    assert page.context["adminform"].form["title_en_gb"].value() == "The Editor's Title Market"


def test_a_form_opened_before_the_report_was_published_is_stale(as_role):
    report = ReportFactory(draft=True, title="Medical Second Opinion Market")
    MarketFigureFactory(report=report, year=2024, value=Decimal("2.5"))
    MarketFigureFactory(report=report, year=2031, value=Decimal("4.6"))
    author = as_role("Author")
    stale = form_post_data(author.get(change_url(report)))
    as_role("Publisher").post(reverse("admin:reports_report_publish", args=[report.pk]))

    stale["title_en_gb"] = "Too Late Market"
    response = as_role("Author").post(change_url(report), stale)

    assert "This report changed after you opened it" in response.text
    report.refresh_from_db()
    assert report.title == "Medical Second Opinion Market"


def test_history_compares_two_versions_field_by_field_figures_included(as_role):
    report = published_report()
    author = as_role("Author")
    edit(author, report, title_en_gb="Orbital Refuelling Market")
    page = author.get(change_url(report))
    data = form_post_data(page)
    figures = formset_of(page, "MarketFigure")
    data[f"{figures.prefix}-1-value"] = "5.1"
    author.post(change_url(report), data)

    history = author.get(history_url(report))
    assert history.status_code == 200
    assert "Draft: pending" in history.text
    assert "Draft: replaced by a later draft" in history.text
    versions = list(Version.objects.get_for_object(report).order_by("pk"))
    compare = author.get(
        reverse("admin:reports_report_compare", args=[report.pk]),
        {"a": versions[0].pk, "b": versions[-1].pk},
    )

    assert compare.status_code == 200
    [change] = compare.context["changes"]
    assert (change.kind, change.name, change.state) == ("market figure", "2031: 5.1", "changed")
    [value] = change.fields
    assert value.label == "value"
    assert "<del>4.6" in value.old and "<ins>5.1" in value.new
    assert "<td><ins>5.1" in compare.text


def test_compare_without_two_versions_says_so(as_role):
    report = published_report()
    response = as_role("Editor").get(
        reverse("admin:reports_report_compare", args=[report.pk]), {"a": "x"}
    )
    assert response.status_code == 302
    assert "Choose two versions" in " ".join(texts(response))


def test_restoring_an_earlier_version_of_a_published_report_makes_a_new_draft(as_role):
    report = published_report()
    publisher = as_role("Publisher")
    edit(publisher, report, title_en_gb="Renamed Once Market")
    publisher.post(draft_url(report, "publish"))
    edit(publisher, report, title_en_gb="Renamed Twice Market")
    publisher.post(draft_url(report, "publish"))
    first = Version.objects.get_for_object(report).order_by("pk").first()

    revision_url = reverse("admin:reports_report_revision", args=[report.pk, first.pk])
    page = publisher.get(revision_url)
    assert page.status_code == 200
    assert "Saving restores it as a new draft" in page.text
    response = publisher.post(revision_url, form_post_data(page))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Renamed Twice Market"
    draft = ReportDraft.objects.get(report=report, state=DraftState.PENDING)
    assert draft.revision.comment.startswith("Restored the version of")
    publisher.post(draft_url(report, "publish"))
    report.refresh_from_db()
    assert report.title == "Renamed Once Market"


def test_restoring_an_unpublished_report_applies_in_place_and_keeps_its_status(as_role):
    report = ReportFactory(draft=True, title="Original Title Market")
    author = as_role("Author")
    edit(author, report, headline_en_gb="First saved version")
    edit(author, report, title_en_gb="Changed Title Market")
    first = Version.objects.get_for_object(report).order_by("pk").first()
    revision_url = reverse("admin:reports_report_revision", args=[report.pk, first.pk])

    author.post(revision_url, form_post_data(author.get(revision_url)))

    report.refresh_from_db()
    assert report.title == "Original Title Market"
    assert report.status == "draft"


def test_restoring_a_version_naming_a_deleted_company_names_it(as_role):
    report = ReportFactory(draft=True)
    company = CompanyFactory(name="Vanished Health Inc")
    link = ReportCompanyFactory(report=report, company=company)
    author = as_role("Author")
    edit(author, report, headline_en_gb="With the company")
    with_company = Version.objects.get_for_object(report).order_by("pk").last()
    link.delete()
    edit(author, report, headline_en_gb="Without the company")
    company_id = company.pk
    company.delete()

    revision_url = reverse("admin:reports_report_revision", args=[report.pk, with_company.pk])
    response = author.get(revision_url)

    assert response.status_code == 302
    message = " ".join(texts(response))
    assert f"the company “Vanished Health Inc” (id {company_id})" in message
    assert "deleted since" in message
    assert Report.objects.get(pk=report.pk).headline == "Without the company"


def test_saving_after_approval_starts_the_review_again(as_role):
    report = published_report()
    Report.objects.filter(pk=report.pk).update(review_state=ReviewState.APPROVED)

    response = edit(as_role("Author"), report, title_en_gb="Changed After Approval Market")

    assert "submit it for review again" in " ".join(texts(response))
    report.refresh_from_db()
    assert report.review_state == ReviewState.WRITING


def test_a_publisher_schedules_the_draft_and_it_goes_live_then(as_role):
    from datetime import timedelta

    from django.utils import timezone

    from reports.services import publish_scheduled_reports

    report = published_report()
    publisher = as_role("Publisher")
    edit(publisher, report, title_en_gb="Scheduled Title Market")
    at = timezone.localtime() + timedelta(hours=2)

    response = publisher.post(
        reverse("admin:reports_report_schedule", args=[report.pk]),
        {"publish_at": at.strftime("%Y-%m-%dT%H:%M")},
    )

    assert "goes live on" in " ".join(texts(response))
    assert publish_scheduled_reports(now=timezone.now()) == ([], [])
    report.refresh_from_db()
    assert report.title == "Medical Second Opinion Market"
    assert publish_scheduled_reports(now=at + timedelta(minutes=1)) == ([report.code], [])
    report.refresh_from_db()
    assert report.title == "Scheduled Title Market"
    assert report.publish_scheduled_at is None


def test_a_published_report_without_a_draft_cannot_be_scheduled(as_role):
    report = published_report()
    response = as_role("Publisher").post(
        reverse("admin:reports_report_schedule", args=[report.pk]),
        {"publish_at": "2099-01-01T10:00"},
    )
    assert "published already and has no draft to publish" in " ".join(texts(response))


def test_a_pending_draft_naming_a_deleted_company_opens_on_the_live_page(as_role):
    report = published_report()
    company = CompanyFactory(name="Gone Diagnostics")
    author = as_role("Author")
    page = author.get(change_url(report))
    data = form_post_data(page)
    players = formset_of(page, "ReportCompany")
    data[f"{players.prefix}-TOTAL_FORMS"] = "1"
    data[f"{players.prefix}-0-company"] = str(company.pk)
    data[f"{players.prefix}-0-position"] = "1"
    assert author.post(change_url(report), data).status_code == 302
    held = ReportDraft.objects.get(report=report).revision.version_set.count()
    assert held == 4  # the report, its two figures and the key player
    company_id = company.pk
    type(company).objects.filter(pk=company_id).delete()

    response = author.get(change_url(report))

    assert response.status_code == 200
    assert f"the company “Gone Diagnostics” (id {company_id})" in " ".join(texts(response))
    assert response.context["adminform"].form["title_en_gb"].value() == report.title


def test_the_preview_shows_the_draft_and_the_live_page_keeps_its_charts(as_role, client):
    report = published_report()
    author = as_role("Author")
    page = author.get(change_url(report))
    data = form_post_data(page)
    figures = formset_of(page, "MarketFigure")
    data[f"{figures.prefix}-1-value"] = "9.9"
    data["title_en_gb"] = "Drafted Title Market"
    author.post(change_url(report), data)
    live_before = client.get(report.get_absolute_url()).text

    preview = author.get(reverse("admin:reports_report_preview", args=[report.pk]))

    assert "Drafted Title Market" in preview.text
    assert ">9.9<" in preview.text
    live = client.get(report.get_absolute_url()).text
    assert "Drafted Title Market" not in live and ">9.9<" not in live
    assert ">4.6<" in live and live.count(">4.6<") == live_before.count(">4.6<")
    report.refresh_from_db()
    assert report.title == "Medical Second Opinion Market"


def test_a_draft_saved_meanwhile_is_not_replaced_by_one_built_before_it(as_role):
    from reports.versions.services import DraftChangedMeanwhile, draft_store

    report = published_report()
    edit(as_role("Author"), report, title_en_gb="Saved First Market")
    first = ReportDraft.objects.get(report=report, state=DraftState.PENDING)

    with pytest.raises(DraftChangedMeanwhile):
        draft_store(
            report=report,
            revision=first.revision,
            versions=list(first.revision.version_set.all()),
            languages=(),
            by=None,
            built_on=None,
        )

    assert ReportDraft.objects.get(report=report, state=DraftState.PENDING) == first


def test_a_scheduled_draft_naming_a_deleted_company_is_refused_not_crashed(as_role):
    from datetime import timedelta

    from django.utils import timezone

    from reports.services import publish_scheduled_reports

    report = published_report()
    company = CompanyFactory(name="Gone Diagnostics")
    author = as_role("Author")
    page = author.get(change_url(report))
    data = form_post_data(page)
    players = formset_of(page, "ReportCompany")
    data[f"{players.prefix}-TOTAL_FORMS"] = "1"
    data[f"{players.prefix}-0-company"] = str(company.pk)
    data[f"{players.prefix}-0-position"] = "1"
    author.post(change_url(report), data)
    at = timezone.now() + timedelta(hours=1)
    Report.objects.filter(pk=report.pk).update(publish_scheduled_at=at)
    type(company).objects.filter(pk=company.pk).delete()

    assert publish_scheduled_reports(now=at + timedelta(minutes=1)) == ([], [report.code])
    report.refresh_from_db()
    assert report.publish_scheduled_at is None
    assert ReportDraft.objects.get(report=report).state == DraftState.PENDING
