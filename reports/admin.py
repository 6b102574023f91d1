"""Admin for the catalogue. Status changes go through ``reports.services`` so that the
integrity checks and the cache revision cannot be bypassed: status and publication date are
read-only on the form, and publishing is an action or the change page's "Publish" button.

New reports get the default licences in ``save_related`` when none were entered.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from reversion.admin import VersionAdmin

from segments.models import ReportSegment

from . import admin_actions
from .admin_workflow import (
    review_panel,
    review_steps_allowed,
    review_view,
    schedule_panel,
    schedule_view,
)
from .change_page import PlacedFinding, figures_preview, findings_placed, task_groups
from .integrity import ERROR, LEVELS, NOTE, WARNING, report_findings
from .languages import (
    TranslationIncomplete,
    report_language_publish,
    report_language_statuses,
    report_language_unpublish,
    report_translations_saved,
    translation_languages,
)
from .models import (
    Category,
    Company,
    Faq,
    Licence,
    MarketFigure,
    Report,
    ReportCompany,
    ReportEdition,
    ReportLanguage,
    ReportStatus,
    Section,
    TocEntry,
)
from .rich_text import RichTextInline, media_with_nonce
from .search.index import search_index_batch
from .services import (
    PUBLISH_PERMISSION,
    NotPublisher,
    ReportNotPublishable,
    licences_apply_defaults,
    report_archive,
    report_mark_changed,
    report_publish,
    report_unpublish,
)
from .transfer.admin_views import catalogue_import_view
from .versions import admin_views as versions
from .versions.services import edit_token


class PublicationYearFilter(admin.SimpleListFilter):
    title = "publication year"
    parameter_name = "published_year"

    def lookups(self, request, model_admin):
        years = (
            Report.objects.filter(published_at__isnull=False)
            .annotate(year=ExtractYear("published_at"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            raise IncorrectLookupParameters(f"Not a year: {value!r}")
        return queryset.filter(published_at__year=int(value))


class FindingsFilter(admin.SimpleListFilter):
    """Reports by their integrity findings as last counted (``Report.findings_errors``)."""

    title = "integrity findings"
    parameter_name = "findings"

    def lookups(self, request, model_admin):
        return [
            ("errors", "Errors (block publishing)"),
            ("warnings", "Warnings only"),
            ("none", "None"),
            ("unchecked", "Not counted yet"),
        ]

    def queryset(self, request, queryset):
        return {
            "errors": lambda: queryset.filter(findings_errors__gt=0),
            "warnings": lambda: queryset.filter(findings_errors=0, findings_warnings__gt=0),
            "none": lambda: queryset.filter(findings_errors=0, findings_warnings=0),
            "unchecked": lambda: queryset.filter(findings_errors=None),
        }.get(self.value(), lambda: queryset)()


class SectionInline(RichTextInline, TranslationStackedInline):
    model = Section
    rich_fields = ("body",)
    extra = 0
    fields = ["position", "kind", "heading", "body"]


class TocEntryInline(TranslationTabularInline):
    model = TocEntry
    extra = 0
    fields = ["position", "level", "title"]


class FaqInline(RichTextInline, TranslationStackedInline):
    model = Faq
    rich_fields = ("answer",)
    extra = 0
    fields = ["position", "question", "answer"]


class MarketFigureInline(admin.TabularInline):
    model = MarketFigure
    extra = 0
    fields = ["segment", "year", "value", "precision", "kind", "is_estimate"]
    autocomplete_fields = ["segment"]
    verbose_name_plural = "market figures (segment blank: whole market)"


class ReportCompanyInline(TranslationTabularInline):
    model = ReportCompany
    extra = 0
    fields = ["position", "company", "market_share", "blurb"]
    autocomplete_fields = ["company"]


class ReportSegmentInline(admin.TabularInline):
    model = ReportSegment
    extra = 0
    fields = [
        "position",
        "segment",
        "share_percent",
        "share_of",
        "value",
        "value_year",
        "narrative",
    ]
    autocomplete_fields = ["segment", "share_of"]
    verbose_name = "segment"
    verbose_name_plural = "segments (siblings: same dimension and same “share of”)"


class LicenceInline(TranslationTabularInline):
    model = Licence
    extra = 0
    fields = ["tier", "price", "currency", "seats", "update_months", "upgrade_price", "description"]
    verbose_name_plural = "licences (left empty on a new report: the default licences)"


class ReportEditionInline(admin.TabularInline):
    """Past and current editions; a new one is published with the "New edition" button."""

    model = ReportEdition
    extra = 0
    fields = ["number", "published_on", "published_by", "notes"]
    readonly_fields = ["number", "published_on", "published_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


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
        admin_actions.change_category,
        admin_actions.export_csv,
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
            return [fs for fs in fieldsets if fs[0] not in ("Integrity", "Translations")]
        return fieldsets

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
            report.draft_shown = getattr(request, "report_draft_shown", False)
            report.can_publish = self.has_publish_permission(request)
            report.review_steps_allowed = review_steps_allowed(request.user)
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
        """A save of a published report says that it made a draft, not a live change."""
        if getattr(request, "report_saving_draft", False) and level == messages.SUCCESS:
            message = versions.DRAFT_SAVED
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
        """Counts, then each finding linked to the field it is about (``findings_placed``,
        run by ``render_change_form``, which also shows it at the field)."""
        if obj is None or obj.pk is None:
            return "Checked once the report is saved."
        placed = getattr(obj, "placed_findings", None)
        if placed is None:
            placed = [PlacedFinding(finding) for finding in report_findings(report=obj)]
        if not placed:
            return format_html('<p class="integrity-ok">{}</p>', "No issues found.")
        by_level = {level: [p for p in placed if p.finding.level == level] for level in LEVELS}
        return format_html(
            "<p>{} error(s) (block publishing), {} warning(s), {} note(s).</p>{}{}{}",
            len(by_level[ERROR]),
            len(by_level[WARNING]),
            len(by_level[NOTE]),
            _findings_list(by_level[ERROR], "errorlist integrity-findings", "Error:"),
            _findings_list(by_level[WARNING], "integrity-findings", "Warning:"),
            _findings_list(by_level[NOTE], "integrity-findings integrity-notes", "Note:"),
        )

    def get_queryset(self, request):
        published = ReportLanguage.objects.filter(published_at__isnull=False)
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("languages", queryset=published, to_attr="published"))
        )

    @admin.display(description="Findings", ordering="-findings_errors")
    def findings(self, obj: Report) -> str:
        """Open integrity errors and warnings as last counted, linked to the change page's
        integrity group."""
        if obj.findings_errors is None:
            return "not counted"
        if not obj.findings_errors and not obj.findings_warnings:
            return "none"
        parts = []
        if obj.findings_errors:
            parts.append(
                format_html(
                    '<strong class="findings-errors">{} error{}</strong>',
                    obj.findings_errors,
                    "s" if obj.findings_errors > 1 else "",
                )
            )
        if obj.findings_warnings:
            parts.append(
                f"{obj.findings_warnings} warning{'s' if obj.findings_warnings > 1 else ''}"
            )
        return format_html(
            '<a href="{}#task-integrity">{}</a>',
            self._change_url(obj),
            format_html_join(", ", "{}", ((part,) for part in parts)),
        )

    @admin.display(description="Also published in")
    def published_languages(self, obj: Report) -> str:
        names = dict(translation_languages())
        return ", ".join(
            names.get(record.language, record.language) for record in getattr(obj, "published", [])
        )

    @admin.display(description="Translations")
    def translations(self, obj: Report) -> str:
        """Each language's state (what is missing, out of date, published), with its
        publish or unpublish button (which submits to its own address)."""
        if obj is None or obj.pk is None:
            return "Translated once the report is saved."
        rows = []
        for status in report_language_statuses(obj):
            if status.published:
                action, label = "unpublish", f"Unpublish {status.name}"
            elif status.complete:
                action, label = "publish", f"Publish {status.name}"
            else:
                action, label = "", ""
            button = (
                format_html(
                    '<button type="submit" class="button" formnovalidate formaction="{}">{}</button>',
                    reverse(
                        f"admin:reports_report_language_{action}",
                        args=[obj.pk, status.language],
                    ),
                    label,
                )
                if action
                else ""
            )
            missing = (
                format_html(
                    "<details><summary>{} of {} missing</summary>{}</details>",
                    len(status.missing),
                    status.total,
                    ", ".join(status.missing),
                )
                if status.missing and status.state != "missing"
                else ""
            )
            rows.append(
                (
                    status.name,
                    status.language,
                    {"missing": "Not translated", "incomplete": "Incomplete"}.get(
                        status.state, "Complete"
                    ),
                    missing,
                    "English changed since" if status.out_of_date else "",
                    "Published" if status.published else "Not published",
                    button,
                )
            )
        return format_html(
            '<table class="translation-status"><thead><tr><th scope="col">Language</th>'
            '<th scope="col">Text</th><th scope="col">English</th><th scope="col">Visitors</th>'
            '<th scope="col"></th></tr></thead><tbody>{}</tbody></table>',
            format_html_join(
                "",
                '<tr><th scope="row" lang="{1}">{0}</th><td>{2}{3}</td><td>{4}</td>'
                "<td>{5}</td><td>{6}</td></tr>",
                rows,
            ),
        )

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
                self.message_user(request, _refusal_message(report, refusal), messages.ERROR)
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
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/language/<str:language>/publish/",
                self.admin_site.admin_view(require_POST(self.language_publish_view)),
                name=f"{info[0]}_{info[1]}_language_publish",
            ),
            path(
                "<path:object_id>/language/<str:language>/unpublish/",
                self.admin_site.admin_view(require_POST(self.language_unpublish_view)),
                name=f"{info[0]}_{info[1]}_language_unpublish",
            ),
            path(
                "<path:object_id>/review/<str:action>/",
                self.admin_site.admin_view(require_POST(partial(review_view, self))),
                name=f"{info[0]}_{info[1]}_review",
            ),
            path(
                "<path:object_id>/schedule/",
                self.admin_site.admin_view(require_POST(partial(schedule_view, self))),
                name=f"{info[0]}_{info[1]}_schedule",
            ),
            path(
                "<path:object_id>/draft/<str:action>/",
                self.admin_site.admin_view(require_POST(partial(versions.draft_action_view, self))),
                name=f"{info[0]}_{info[1]}_draft",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(partial(versions.compare_view, self)),
                name=f"{info[0]}_{info[1]}_compare",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{info[0]}_{info[1]}_preview",
            ),
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name=f"{info[0]}_{info[1]}_publish",
            ),
            path(
                "<path:object_id>/new-edition/",
                self.admin_site.admin_view(self.new_edition_view),
                name=f"{info[0]}_{info[1]}_new_edition",
            ),
            path(
                "import/",
                self.admin_site.admin_view(partial(catalogue_import_view, model_admin=self)),
                name=f"{info[0]}_{info[1]}_import",
            ),
            *super().get_urls(),
        ]

    def _get_report_or_404(self, request: HttpRequest, object_id: str) -> Report:
        report = self.get_object(request, object_id)
        if report is None:
            raise Http404("No such report.")
        return report

    def preview_view(self, request: HttpRequest, object_id: str):
        """The public page of the report as it would look, whatever its status."""
        report = self._get_report_or_404(request, object_id)
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        from .selectors import report_for_page
        from .views import render_report_page

        return render_report_page(request, report_for_page(code=report.code), preview=True)

    def publish_view(self, request: HttpRequest, object_id: str):
        report = self._get_report_or_404(request, object_id)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        try:
            report_publish(report=report, by=request.user)
        except NotPublisher as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
        except ReportNotPublishable as refusal:
            self.message_user(request, _refusal_message(report, refusal), messages.ERROR)
        else:
            self.message_user(request, f"{report} is published.", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[report.pk])
        )

    def language_publish_view(self, request: HttpRequest, object_id: str, language: str):
        """Publish one language of the report; refused, with what is missing, until every
        text with English is translated."""
        return self._language_view(request, object_id, language, publish=True)

    def language_unpublish_view(self, request: HttpRequest, object_id: str, language: str):
        """Show the report in English again to that language's visitors (text kept)."""
        return self._language_view(request, object_id, language, publish=False)

    def _language_view(self, request: HttpRequest, object_id: str, language: str, *, publish):
        report = self._get_report_or_404(request, object_id)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        name = dict(translation_languages()).get(language)
        if name is None:
            raise Http404("No such language.")
        if not self.has_publish_permission(request):
            self.message_user(request, NotPublisher(request.user).message, messages.ERROR)
        elif not publish:
            report_language_unpublish(report=report, language=language, by=request.user)
            self.message_user(
                request, f"{report} is shown in English to visitors in {name}.", messages.SUCCESS
            )
        else:
            try:
                report_language_publish(report=report, language=language, by=request.user)
            except TranslationIncomplete as refusal:
                self.message_user(request, refusal.messages[0], messages.ERROR)
            else:
                self.message_user(request, f"{report} is published in {name}.", messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(report))

    def _change_url(self, report: Report) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[report.pk]
        )

    def new_edition_view(self, request: HttpRequest, object_id: str):
        """GET: what a new edition does, with a box for the notes buyers read; POST: publish
        it (``orders.editions.edition_publish``), which e-mails the buyers with updates."""
        from orders.editions import EditionError, edition_publish, entitled_orders

        report = self._get_report_or_404(request, object_id)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        if not self.has_publish_permission(request):
            self.message_user(request, NotPublisher(request.user).message, messages.ERROR)
            return HttpResponseRedirect(self._change_url(report))
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[report.pk]
        )
        if request.method == "POST":
            try:
                edition = edition_publish(
                    report=report, by=request.user, notes=request.POST.get("notes", "")[:4000]
                )
            except EditionError as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Edition {edition.number} of {report} is published; buyers with updates "
                    "receive it by e-mail.",
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        upcoming = ReportEdition(report=report, number=report.edition + 1)
        upcoming.created_at = timezone.now()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": report,
            "title": f"New edition of {report.title}",
            "next_edition": report.edition + 1,
            "entitled": entitled_orders(upcoming).count(),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/reports/report/new_edition.html", context)

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


def _findings_list(placed, css_class: str, label: str) -> str:
    if not placed:
        return ""
    return format_html(
        '<ul class="{}">{}</ul>',
        css_class,
        format_html_join(
            "",
            '<li class="integrity-{}"><strong>{}</strong> {}{}{}</li>',
            (
                (
                    item.finding.level,
                    label,
                    item.finding.message,
                    format_html(' <q class="integrity-quote">{}</q>', item.finding.quote)
                    if item.finding.quote and item.finding.quote not in item.finding.message
                    else "",
                    format_html(' <a href="#{}">Go to the field</a>', item.anchor)
                    if item.anchor
                    else "",
                )
                for item in placed
            ),
        ),
    )


def _refusal_message(report: Report, refusal: ReportNotPublishable) -> str:
    return f"{report} was not published: " + "; ".join(refusal.messages)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "headquarters", "website"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
