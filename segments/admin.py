"""Admin for dimensions and segments. Segments are searched by name and by country, the
latter matched on the country's English name as well as its ISO code."""

from django.contrib import admin
from django.db.models import Q
from django_countries import countries
from modeltranslation.admin import TranslationAdmin

from .models import Dimension, Segment


@admin.register(Dimension)
class DimensionAdmin(TranslationAdmin):
    list_display = ["name", "position", "is_geographic"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Segment)
class SegmentAdmin(TranslationAdmin):
    list_display = ["name", "dimension", "parent", "country"]
    list_filter = ["dimension"]
    list_select_related = ["dimension", "parent__dimension"]
    search_fields = ["name", "slug", "=country"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("dimension")

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().casefold()
        if len(term) >= 2:
            codes = [code for code, name in countries if term in str(name).casefold()]
            if codes:
                results = results | queryset.filter(Q(country__in=codes))
        return results, may_have_duplicates
