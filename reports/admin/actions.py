"""Bulk actions of the report list beyond publishing (which ``ReportAdmin`` runs through
``reports.services`` and the Publisher role): export to CSV and change of category."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from portal.csv_export import csv_download

from ..models import Category
from ..services import reports_recategorise

EXPORT_FIELDS = {
    "code": "code",
    "title": "title_en_gb",
    "category": "category__name",
    "status": "status",
    "published_at": "published_at",
    "edition": "edition",
    "price_from": "price_from",
}


@admin.action(description="Export selected to CSV", permissions=["view"])
def export_csv(modeladmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
    rows = queryset.order_by("code").values_list(*EXPORT_FIELDS.values())
    return csv_download(prefix="reports", header=list(EXPORT_FIELDS), rows=rows)


class CategoryChoiceForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.order_by("name"), help_text="The selected reports move here."
    )


@admin.action(description="Move selected to another category", permissions=["change"])
def change_category(modeladmin, request: HttpRequest, queryset: QuerySet):
    """First a page asking for the category, then the move (``reports_recategorise``)."""
    form = CategoryChoiceForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        moved = reports_recategorise(
            reports=queryset, category=form.cleaned_data["category"], by=request.user
        )
        modeladmin.message_user(
            request,
            f"{moved} report(s) moved to {form.cleaned_data['category'].name}.",
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Move reports to another category",
        "opts": modeladmin.model._meta,
        "form": form,
        "reports": queryset.order_by("code"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action": "change_category",
    }
    return TemplateResponse(request, "admin/reports/report/change_category.html", context)
