"""Staff views of sample requests and enquiries: filters, search, CSV export, the
"re-send sample" and "mark answered" actions (both through the services), and one
person's data export and erasure (``enquiries.privacy``)."""

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from portal.admin_filters import PresentCountryFilter
from portal.csv_export import csv_download

from . import privacy, services
from .models import CategoryContact, Enquiry, SampleRequest

LEAD_EXPORT_FIELDS = [
    "id",
    "created_at",
    "status",
    "report__code",
    "report__title",
    "full_name",
    "email",
    "company",
    "job_title",
    "country",
    "phone",
    "lead_quality",
    "message",
    "assignee__username",
]


def _csv_response(queryset: QuerySet, *, prefix: str, extra: list[str]) -> HttpResponse:
    fields = LEAD_EXPORT_FIELDS + extra
    rows = queryset.order_by("-created_at").values_list(*fields)
    return csv_download(prefix=prefix, header=fields, rows=rows)


class LeadAdmin(admin.ModelAdmin):
    date_hierarchy = "created_at"
    search_fields = ["full_name", "email", "company", "job_title", "report__title", "=report__code"]
    list_select_related = ["report", "assignee"]
    autocomplete_fields = ["assignee"]
    raw_id_fields = ["report"]
    list_display_lead = [
        "created_at",
        "full_name",
        "email",
        "company",
        "report",
        "country",
        "lead_quality",
        "status",
    ]
    visitor_fields = [
        "full_name",
        "email",
        "lead_quality",
        "company",
        "job_title",
        "country",
        "phone",
        "message",
        "consent",
        "ip_address",
    ]
    readonly_fields = [
        "report",
        *visitor_fields,
        "created_at",
        "updated_at",
        "queued_at",
        "requeue_count",
        "last_error",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Export this person's data (JSON)")
    def export_person_data(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        emails = sorted(set(queryset.values_list("email", flat=True)))
        if len(emails) != 1:
            self.message_user(
                request,
                "Select the rows of one person (one e-mail address) to export their data.",
                messages.ERROR,
            )
            return None
        data = privacy.person_data_export(email=emails[0])
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.json"'
        return response

    @admin.action(description="Erase this person's data (anonymise every lead of the address)")
    def erase_person_data(self, request: HttpRequest, queryset: QuerySet):
        emails = sorted(
            set(queryset.filter(anonymised_at__isnull=True).values_list("email", flat=True))
        )
        if not emails:
            self.message_user(request, "The selected rows are already anonymised.")
            return None
        if request.POST.get("post") == "yes":
            total = 0
            for email in emails:
                total += privacy.person_erase(email=email, by=request.user).total
            self.message_user(
                request,
                f"Erased the data of {len(emails)} person(s): {total} lead(s) anonymised. "
                "Orders are kept for the invoices.",
                messages.SUCCESS,
            )
            return None
        from orders.models import Order

        people = [
            {
                "email": email,
                "sample_requests": SampleRequest.objects.filter(email=email).count(),
                "enquiries": Enquiry.objects.filter(email=email).count(),
                "orders": Order.objects.filter(email__iexact=email).count(),
            }
            for email in emails
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase personal data",
            "opts": self.model._meta,
            "people": people,
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "erase_person_data",
        }
        return TemplateResponse(request, "admin/enquiries/erase_person_data.html", context)


@admin.register(SampleRequest)
class SampleRequestAdmin(LeadAdmin):
    list_display = [
        *LeadAdmin.list_display_lead,
        "download_count",
        "assignee",
    ]
    list_filter = [
        "status",
        "lead_quality",
        ("country", PresentCountryFilter),
        "created_at",
        ("report", admin.RelatedOnlyFieldListFilter),
    ]
    readonly_fields = [
        *LeadAdmin.readonly_fields,
        "status",
        "render_attempts",
        "pdf_name",
        "rendered_at",
        "email_sent_at",
        "failed_at",
        "download_count",
        "last_downloaded_at",
    ]
    fieldsets = [
        (None, {"fields": ["report", "status", "assignee", "internal_notes"]}),
        ("Visitor", {"fields": LeadAdmin.visitor_fields}),
        (
            "Delivery",
            {
                "fields": [
                    "created_at",
                    "queued_at",
                    "render_attempts",
                    "requeue_count",
                    "rendered_at",
                    "pdf_name",
                    "email_sent_at",
                    "download_count",
                    "last_downloaded_at",
                    "failed_at",
                    "last_error",
                    "updated_at",
                ]
            },
        ),
    ]
    actions = ["resend_sample", "export_csv", "export_person_data", "erase_person_data"]

    @admin.action(description="Re-send sample (drawn again if the report changed)")
    def resend_sample(self, request: HttpRequest, queryset: QuerySet[SampleRequest]) -> None:
        count = 0
        for sample_request in queryset:
            services.sample_resend(sample_request=sample_request)
            count += 1
        self.message_user(request, f"{count} sample(s) queued to be sent again.", messages.SUCCESS)

    @admin.action(description="Export selected to CSV")
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return _csv_response(
            queryset, prefix="sample-requests", extra=["email_sent_at", "download_count"]
        )


@admin.register(Enquiry)
class EnquiryAdmin(LeadAdmin):
    list_display = [
        *LeadAdmin.list_display_lead,
        "delivery",
        "assignee",
    ]
    list_filter = [
        "status",
        "delivery",
        "lead_quality",
        ("country", PresentCountryFilter),
        "created_at",
        ("report", admin.RelatedOnlyFieldListFilter),
    ]
    list_editable = ["status"]
    readonly_fields = [
        *LeadAdmin.readonly_fields,
        "delivery",
        "acknowledged_at",
        "notified_at",
        "notified_to",
        "answered_at",
    ]
    fieldsets = [
        (None, {"fields": ["report", "status", "assignee", "internal_notes", "message"]}),
        ("Visitor", {"fields": [f for f in LeadAdmin.visitor_fields if f != "message"]}),
        (
            "Delivery",
            {
                "fields": [
                    "created_at",
                    "delivery",
                    "acknowledged_at",
                    "notified_to",
                    "notified_at",
                    "answered_at",
                    "queued_at",
                    "requeue_count",
                    "last_error",
                    "updated_at",
                ]
            },
        ),
    ]
    actions = ["mark_answered", "export_csv", "export_person_data", "erase_person_data"]

    def save_model(self, request, obj, form, change) -> None:
        if "status" in form.changed_data and obj.status == "answered" and not obj.answered_at:
            obj.answered_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description="Mark answered")
    def mark_answered(self, request: HttpRequest, queryset: QuerySet[Enquiry]) -> None:
        for enquiry in queryset:
            services.enquiry_mark_answered(enquiry=enquiry, by=request.user)
        self.message_user(request, f"{queryset.count()} enquiry(ies) marked answered.")

    @admin.action(description="Export selected to CSV")
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return _csv_response(
            queryset, prefix="enquiries", extra=["delivery", "notified_to", "answered_at"]
        )


@admin.register(CategoryContact)
class CategoryContactAdmin(admin.ModelAdmin):
    list_display = ["category", "email"]
    search_fields = ["category__name", "email"]
    autocomplete_fields = ["category"]
