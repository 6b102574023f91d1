"""The inline rows of the report change page: sections, contents, FAQs, figures, key
players, segments, licences and editions."""

from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from segments.models import ReportSegment, Segment

from ..models import Faq, Licence, MarketFigure, ReportCompany, ReportEdition, Section, TocEntry
from .rich_text import RichTextInline
from .text_languages import ShownLanguagesInline


class SectionInline(ShownLanguagesInline, RichTextInline, TranslationStackedInline):
    model = Section
    rich_fields = ("body",)
    extra = 0
    fields = ["position", "kind", "heading", "body"]


class TocEntryInline(ShownLanguagesInline, TranslationTabularInline):
    model = TocEntry
    extra = 0
    fields = ["position", "level", "title"]


class FaqInline(ShownLanguagesInline, RichTextInline, TranslationStackedInline):
    model = Faq
    rich_fields = ("answer",)
    extra = 0
    fields = ["position", "question", "answer"]


class SegmentsWithDimensions:
    """Segment choices read with their dimension, which their name shows ("Hospitals
    (End user)"): one query per selected segment instead of two."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Segment:
            kwargs["queryset"] = Segment.objects.select_related("dimension")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        related = ["segment__dimension"]
        if self.model is ReportSegment:
            related.append("share_of__dimension")
        return super().get_queryset(request).select_related(*related)


class MarketFigureInline(SegmentsWithDimensions, admin.TabularInline):
    model = MarketFigure
    extra = 0
    fields = ["segment", "year", "value", "precision", "kind", "is_estimate"]
    autocomplete_fields = ["segment"]
    verbose_name_plural = "market figures (segment blank: whole market)"


class ReportCompanyInline(ShownLanguagesInline, TranslationTabularInline):
    model = ReportCompany
    extra = 0
    fields = ["position", "company", "market_share", "blurb"]
    autocomplete_fields = ["company"]


class ReportSegmentInline(SegmentsWithDimensions, admin.TabularInline):
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


class LicenceInline(ShownLanguagesInline, TranslationTabularInline):
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
