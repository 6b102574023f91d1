"""Admin for the catalogue. Status changes go through ``reports.services`` so that the
integrity checks and the cache revision cannot be bypassed: status and publication date are
read-only on the form, and publishing is an action or the change page's "Publish" button.

New reports get the default licences in ``save_related`` when none were entered.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import path
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin
from reversion.admin import VersionAdmin

from ..languages import report_translations_saved, translation_languages
from ..models import Report, ReportLanguage, ReportStatus
from ..search.index import search_index_batch
from ..services import (
    PUBLISH_PERMISSION,
    NotPublisher,
    ReportNotPublishable,
    licences_apply_defaults,
    report_archive,
    report_mark_changed,
    report_publish,
    report_unpublish,
)
from ..transfer.admin_views import catalogue_import_view
from ..versions import admin_views as versions
from ..versions.services import edit_token
from . import actions as bulk_actions
from . import report_views
from .change_page import figures_preview, findings_placed, task_groups
from .filters import FindingsFilter, PublicationYearFilter
from .inlines import (
    FaqInline,
    LicenceInline,
    MarketFigureInline,
    ReportCompanyInline,
    ReportEditionInline,
    ReportSegmentInline,
    SectionInline,
    TocEntryInline,
)
from .panels import findings_cell, integrity_panel, translations_panel
from .report_views import refusal_message
from .rich_text import media_with_nonce
from .text_languages import hidden_columns, shown_languages, without_columns
from .workflow import review_panel, review_steps_allowed, review_view, schedule_panel, schedule_view


class ReportChangeForm(forms.ModelForm):
    """The report's form with the token of what it was loaded on (``edit_token``): a form
    posted after someone else saved, published or discarded is refused, not applied."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)


@admin.register(Report)
class ReportAdmin(VersionAdmin, TranslationAdmin):
    form = ReportChangeForm
    object_history_template = "admin/reports/report/object_history.html"
    change_list_template = None
    list_display = [
        "code",
        "title",
        "category",
        "status",
        "review_state",
        "findings",
        "published_at",
        "published_languages",
    ]
    list_display_links = ["code", "title"]
    list_filter = [
        ("category", admin.RelatedOnlyFieldListFilter),
        "status",
        "review_state",
        FindingsFilter,
        PublicationYearFilter,
    ]
    list_select_related = ["category"]
    search_fields = ["title", "code__exact", "company_links__company__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category"]
    actions = [
        "publish_selected",
        "unpublish_selected",
        "archive_selected",
        bulk_actions.change_category,
        bulk_actions.export_csv,
    ]
    readonly_fields = [
        "status",
        "published_at",
        "edition",
        "edition_date",
        "revision",
        "created_at",
        "updated_at",
        "integrity_findings",
        "translations",
        "draft",
        "review",
        "schedule",
        "figures_as_published",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["code", "title", "slug", "category", "headline", "summary", "edit_token"]},
        ),
        (
            "Periods and figures",
            {
                "fields": [
                    ("historic_start_year", "base_year"),
                    ("forecast_start_year", "forecast_end_year"),
                    ("currency", "unit"),
                    "page_count",
                    "figures_as_published",
                ]
            },
        ),
        (
            "Publication",
            {
                "fields": [
                    "draft",
                    "review",
                    "schedule",
                    "featured",
                    ("status", "published_at"),
                    ("edition", "edition_date"),
                    ("revision", "created_at", "updated_at"),
                ]
            },
        ),
        ("Integrity", {"fields": ["integrity_findings"]}),
        ("Translations", {"fields": ["translations"]}),
    ]
    inlines = [
        SectionInline,
        TocEntryInline,
        FaqInline,
        MarketFigureInline,
        ReportCompanyInline,
        ReportSegmentInline,
        LicenceInline,
        ReportEditionInline,
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            fieldsets = [fs for fs in fieldsets if fs[0] not in ("Integrity", "Translations")]
        return without_columns(fieldsets, hidden_columns(Report, shown_languages(request, obj)))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None or obj.pk is None:
            return form
        current = edit_token(obj)

        class StaleFormRefused(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["edit_token"].initial = current

            def clean(self):
                if self.data.get("edit_token") != current:
                    raise forms.ValidationError(versions.conflict_message(obj), code="stale")
                return super().clean()

        return StaleFormRefused

    def get_object(self, request, object_id, from_field=None):
        report = super().get_object(request, object_id, from_field)
        if report is not None:
            report.shown_revision_id = getattr(request, "report_shown_revision_id", None)
            report.can_publish = self.has_publish_permission(request)
            report.review_steps_allowed = review_steps_allowed(request.user)
            report.shown_languages = shown_languages(request, report)
        return report

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return versions.edit_view(self, request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        return versions.revision_view(self, request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        return versions.history_view(self, request, object_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        raise Http404("Deleted reports are not recovered here: import the report again.")

    def recover_view(self, request, version_id, extra_context=None):
        raise Http404("Deleted reports are not recovered here: import the report again.")

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        """A save of a published report makes a draft, which the edit view announces once
        it is kept (``versions.edit_view``): the stock "changed successfully" is dropped."""
        if getattr(request, "report_saving_draft", False) and level == messages.SUCCESS:
            return None
        return super().message_user(request, message, level, *args, **kwargs)

    @admin.display(description="Draft")
    def draft(self, obj: Report) -> str:
        return versions.draft_panel(obj, can_publish=getattr(obj, "can_publish", False))

    @admin.display(description="Review")
    def review(self, obj: Report) -> str:
        return review_panel(obj)

    @admin.display(description="As published")
    def figures_as_published(self, obj: Report) -> str:
        return figures_preview(obj)

    @admin.display(description="Scheduled publication")
    def schedule(self, obj: Report) -> str:
        return schedule_panel(obj)

    @admin.display(description="Integrity findings")
    def integrity_findings(self, obj: Report) -> str:
        return integrity_panel(obj)

    def get_queryset(self, request):
        published = ReportLanguage.objects.filter(published_at__isnull=False)
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("languages", queryset=published, to_attr="published"))
        )

    @admin.display(description="Findings", ordering="-findings_errors")
    def findings(self, obj: Report) -> str:
        return findings_cell(obj)

    @admin.display(description="Also published in")
    def published_languages(self, obj: Report) -> str:
        names = dict(translation_languages())
        return ", ".join(
            names.get(record.language, record.language) for record in getattr(obj, "published", [])
        )

    @admin.display(description="Translations")
    def translations(self, obj: Report) -> str:
        return translations_panel(obj)

    def view_on_site(self, obj: Report) -> str | None:
        return obj.get_absolute_url() if obj.is_public else None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with search_index_batch():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with search_index_batch():
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        with search_index_batch():
            return super().changelist_view(request, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        report = form.instance
        if not change and not report.licences.exists():
            licences_apply_defaults(report=report)
        report_mark_changed(report=report)
        request.report_languages_edited = _languages_edited(
            [form, *(f for formset in formsets for f in formset.forms)]
        )
        report_translations_saved(report=report, languages=request.report_languages_edited)

    def _run(self, request, queryset, service, done: str) -> None:
        succeeded = 0
        for report in queryset:
            try:
                service(report=report, by=request.user)
            except NotPublisher as refusal:
                self.message_user(request, refusal.message, messages.ERROR)
                return
            except ReportNotPublishable as refusal:
                self.message_user(request, refusal_message(report, refusal), messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{succeeded} report(s) {done}.", messages.SUCCESS)

    @admin.action(description="Publish selected reports", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run(request, queryset, report_publish, "published")

    @admin.action(description="Unpublish selected reports (back to draft)", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._run(request, queryset, report_unpublish, "unpublished")

    @admin.action(description="Archive selected reports", permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._run(request, queryset, report_archive, "archived")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        """The Publisher role's (``reports.services.PUBLISH_PERMISSION``): the bulk actions
        are offered and the buttons shown only with it; the services check it again."""
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_urls(self):
        """The report's own pages, each a view taking this admin first; ``post`` ones
        refuse any other method."""
        own = [
            (
                "<path:object_id>/language/<str:language>/publish/",
                "language_publish",
                True,
                report_views.language_publish_view,
            ),
            (
                "<path:object_id>/language/<str:language>/unpublish/",
                "language_unpublish",
                True,
                report_views.language_unpublish_view,
            ),
            ("<path:object_id>/review/<str:action>/", "review", True, review_view),
            ("<path:object_id>/schedule/", "schedule", True, schedule_view),
            ("<path:object_id>/draft/<str:action>/", "draft", True, versions.draft_action_view),
            ("<path:object_id>/history/compare/", "compare", False, versions.compare_view),
            ("<path:object_id>/preview/", "preview", False, report_views.preview_view),
            ("<path:object_id>/publish/", "publish", True, report_views.publish_view),
            ("<path:object_id>/new-edition/", "new_edition", False, report_views.new_edition_view),
            ("import/", "import", False, catalogue_import_view),
        ]
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            *(
                path(
                    route,
                    self.admin_site.admin_view(
                        require_POST(partial(view, self)) if post else partial(view, self)
                    ),
                    name=f"{prefix}_{name}",
                )
                for route, name, post, view in own
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            publisher = self.has_publish_permission(request)
            context["can_publish"] = publisher and obj.status != ReportStatus.PUBLISHED
            context["can_publish_edition"] = publisher and obj.status == ReportStatus.PUBLISHED
        if obj is not None and obj.pk:
            obj.placed_findings = findings_placed(
                obj, context["adminform"], context["inline_admin_formsets"]
            )
        context["task_groups"] = task_groups(context["adminform"], context["inline_admin_formsets"])
        context["media"] = media_with_nonce(request, context["media"])
        return super().render_change_form(request, context, add, change, form_url, obj)


def _languages_edited(forms) -> set[str]:
    """The translation languages whose text any of ``forms`` changed (a field named
    ``<field>_<language>``, e.g. ``title_zh_hans``)."""
    suffixes = {"_" + code.replace("-", "_"): code for code, _ in translation_languages()}
    return {
        code
        for form in forms
        if form.has_changed()
        for name in form.changed_data
        for suffix, code in suffixes.items()
        if name.endswith(suffix)
    }
