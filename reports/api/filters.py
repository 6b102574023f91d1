"""Filters of the report list, the same as the catalogue's search page offers: free text,
category (with its subcategories), segment (type, application, region or country), key
player, featured, and the forecast horizon."""

from django.db.models import Q
from django_filters import rest_framework as filters

from reports import selectors
from reports.models import Report


class ReportFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q", max_length=200, label="Words in the title, headline or summary"
    )
    category = filters.CharFilter(
        method="filter_category", max_length=120, label="Category slug (subcategories included)"
    )
    segment = filters.CharFilter(
        method="filter_segment",
        max_length=120,
        label="Segment slug (a type, application, region or country)",
    )
    company = filters.CharFilter(
        field_name="company_links__company__slug",
        max_length=200,
        label="Company slug of a key player",
    )
    featured = filters.BooleanFilter()
    forecast_end_year = filters.NumberFilter(min_value=1900, max_value=2200)

    class Meta:
        model = Report
        fields = ["q", "category", "segment", "company", "featured", "forecast_end_year"]

    def filter_q(self, queryset, name, value):
        for word in value.split()[:8]:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(headline__icontains=word) | Q(summary__icontains=word)
            )
        return queryset

    def filter_category(self, queryset, name, value):
        category = selectors.category_by_slug(slug=value)
        if category is None:
            return queryset.none()
        return queryset.filter(category_id__in=selectors.category_descendant_ids(category))

    def filter_segment(self, queryset, name, value):
        return queryset.filter(
            Q(segment_links__segment__slug=value) | Q(segment_links__segment__parent__slug=value)
        ).distinct()
