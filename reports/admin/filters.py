"""List filters of the report admin."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models.functions import ExtractYear

from ..models import Report


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
