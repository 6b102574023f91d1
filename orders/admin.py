"""Orders in admin: filters, search, the status history, the actions that move orders
(through ``orders.services`` only), CSV export and a revenue page."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from portal.admin_filters import PresentCountryFilter
from portal.csv_export import csv_download

from . import editions, selectors, services
from .models import DownloadLink, EditionCopy, Invoice, Order, OrderEvent, ProviderEvent, Seat
from .seats import SeatError, seat_move, seat_release


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor_label", "note"]
    readonly_fields = fields
    verbose_name_plural = "status history"

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class DownloadLinkInline(admin.TabularInline):
    model = DownloadLink
    extra = 0
    can_delete = False
    fields = [
        "created_at",
        "watermark",
        "edition_copy",
        "expires_at",
        "download_count",
        "max_downloads",
        "last_downloaded_at",
    ]
    readonly_fields = fields
    verbose_name_plural = "download links (who asked, and how often they downloaded)"

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class SeatInline(admin.TabularInline):
    """Colleagues' seats; moved or taken back on the seat's own page (``SeatAdmin``)."""

    model = Seat
    extra = 0
    can_delete = False
    fields = [
        "seat_link",
        "slot",
        "email",
        "created_at",
        "accepted_at",
        "released_at",
        "released_by",
    ]
    readonly_fields = fields
    verbose_name_plural = "seats given to colleagues"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="seat")
    def seat_link(self, seat: Seat) -> str:
        return format_html(
            '<a href="{}">Seat {}</a>', reverse("admin:orders_seat_change", args=[seat.pk]), seat.pk
        )


class EditionCopyInline(admin.TabularInline):
    model = EditionCopy
    extra = 0
    can_delete = False
    fields = ["edition", "created_at", "rendered_at", "sent_at", "render_attempts", "last_error"]
    readonly_fields = fields
    verbose_name_plural = "later editions delivered under the update period"

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class InvoiceInline(admin.StackedInline):
    model = Invoice
    extra = 0
    can_delete = False
    fields = ["number", "issued_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


CSV_COLUMNS = [
    ("number", "Order"),
    ("created_at", "Created"),
    ("status", "Status"),
    ("provider", "Provider"),
    ("report_code", "Report code"),
    ("report_title", "Report"),
    ("licence_tier_label", "Licence"),
    ("currency", "Currency"),
    ("net_amount", "Net"),
    ("tax_amount", "Tax"),
    ("total_amount", "Total"),
    ("full_name", "Name"),
    ("email", "E-mail"),
    ("company", "Company"),
    ("country", "Country"),
    ("vat_number", "VAT number"),
    ("paid_at", "Paid"),
]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "created_at",
        "status",
        "provider",
        "report_code",
        "licence_tier_label",
        "total_display",
        "company",
        "email",
        "country",
        "invoice_number",
    ]
    list_filter = [
        "status",
        "provider",
        ("report", admin.RelatedOnlyFieldListFilter),
        ("created_at", admin.DateFieldListFilter),
        ("country", PresentCountryFilter),
    ]
    search_fields = ["number", "email", "company"]
    date_hierarchy = "created_at"
    list_select_related = ["invoice"]
    actions = [
        "mark_paid",
        "cancel",
        "refund",
        "resend_delivery",
        "extend_updates",
        "export_csv",
    ]
    inlines = [InvoiceInline, OrderEventInline, SeatInline, EditionCopyInline, DownloadLinkInline]
    change_list_template = "orders/admin_change_list.html"
    summary_fields = ["number", "status", "order_page", "report", "report_title"]
    licence_fields = [
        "licence",
        "licence_tier_label",
        "licence_seats",
        "edition",
        "licence_update_months",
        "updates_until",
        "upgrade_of",
        "currency",
        "net_amount",
        "tax_rate",
        "tax_amount",
        "total_amount",
    ]
    buyer_fields = ["full_name", "email", "company", "country", "billing_address", "vat_number"]
    payment_fields = [
        "provider",
        "provider_reference",
        "provider_payment_id",
        "created_at",
        "paid_at",
        "licence_valid_until",
        "rendered_at",
        "render_attempts",
        "confirmation_sent_at",
        "delivery_sent_at",
        "delivery_count",
        "last_error",
        "ip_address",
    ]
    readonly_fields = summary_fields + licence_fields + payment_fields
    fieldsets = [
        (None, {"fields": summary_fields}),
        ("Licence and amounts", {"fields": licence_fields}),
        ("Buyer", {"fields": buyer_fields}),
        ("Payment and delivery", {"fields": payment_fields}),
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Total", ordering="total_amount")
    def total_display(self, order: Order) -> str:
        return f"{order.currency} {order.total_amount:,}"

    @admin.display(description="Invoice")
    def invoice_number(self, order: Order) -> str:
        invoice = getattr(order, "invoice", None)
        return invoice.number if invoice else "—"

    @admin.display(description="Buyer's order page")
    def order_page(self, order: Order) -> str:
        return format_html('<a href="{0}">{0}</a>', order.get_absolute_url())

    def _apply(self, request, queryset, service, verb: str, **kwargs) -> None:
        moved = skipped = 0
        for order in queryset:
            if service(order=order, actor=request.user, **kwargs):
                moved += 1
            else:
                skipped += 1
        if moved:
            self.message_user(request, f"{moved} order(s) {verb}.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} order(s) skipped: their status does not allow this.",
                messages.WARNING,
            )

    @admin.action(description="Mark paid (bank transfer received) and deliver")
    def mark_paid(self, request, queryset) -> None:
        self._apply(request, queryset, services.order_mark_paid, "marked paid")

    @admin.action(description="Cancel (unpaid orders)")
    def cancel(self, request, queryset) -> None:
        self._apply(request, queryset, services.order_cancel, "cancelled", note="By staff.")

    @admin.action(description="Record refund (links stop working)")
    def refund(self, request, queryset) -> None:
        self._apply(request, queryset, services.order_refund, "refunded", note="By staff.")

    @admin.action(description="Re-send delivery e-mail with a fresh link")
    def resend_delivery(self, request, queryset) -> None:
        self._apply(request, queryset, services.order_resend_delivery, "queued for re-delivery")

    @admin.action(description="Extend the update period by 12 months (new editions free)")
    def extend_updates(self, request, queryset) -> None:
        extended = 0
        for order in queryset.filter(status__in=services.PAID_STATUSES):
            editions.order_extend_updates(order=order, months=12, by=request.user)
            extended += 1
        self.message_user(
            request,
            f"{extended} paid order(s) get new editions for 12 more months.",
            messages.SUCCESS,
        )

    @admin.action(description="Export selected orders as CSV")
    def export_csv(self, request, queryset) -> HttpResponse:
        orders = queryset.select_related("invoice").order_by("created_at", "id")
        return csv_download(
            prefix="orders",
            header=[label for _field, label in CSV_COLUMNS] + ["Invoice"],
            rows=(
                [getattr(order, field) for field, _label in CSV_COLUMNS]
                + [order.invoice.number if hasattr(order, "invoice") else ""]
                for order in orders
            ),
        )

    def get_urls(self):
        urls = super().get_urls()
        revenue = path(
            "revenue/",
            self.admin_site.admin_view(self.revenue_view),
            name="orders_order_revenue",
        )
        return [revenue, *urls]

    def revenue_view(self, request: HttpRequest) -> TemplateResponse:
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Revenue",
            "by_report": selectors.revenue_by_report(),
            "by_month": selectors.revenue_by_month(),
            "changelist_url": reverse("admin:orders_order_changelist"),
        }
        return TemplateResponse(request, "orders/admin_revenue.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "revenue_url": reverse("admin:orders_order_revenue"),
        }
        return super().changelist_view(request, extra_context)


@admin.register(ProviderEvent)
class ProviderEventAdmin(admin.ModelAdmin):
    list_display = ["received_at", "provider", "event_type", "event_id", "order", "outcome"]
    list_filter = ["provider", "event_type"]
    list_select_related = ["order"]
    search_fields = ["event_id", "order__number"]
    readonly_fields = ["provider", "event_id", "event_type", "order", "outcome", "received_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SeatMoveForm(forms.ModelForm):
    move_to = forms.EmailField(
        label="Move this seat to",
        required=False,
        help_text="A colleague's address: the seat is taken from its holder and offered to "
        "them, with an invitation e-mail.",
    )

    class Meta:
        model = Seat
        fields = []

    def clean_move_to(self) -> str:
        """Refuse on the form what ``seats.seat_move`` would refuse, so staff see why."""
        email = (self.cleaned_data.get("move_to") or "").strip().lower()
        seat = self.instance
        if email and seat.released_at is not None:
            raise forms.ValidationError("This seat was taken back: it cannot be moved.")
        if email and (
            email == seat.order.email
            or Seat.objects.filter(order=seat.order, email=email, released_at__isnull=True).exists()
        ):
            raise forms.ValidationError(f"{email} already has a seat on this licence.")
        return email


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    """Seats colleagues hold on multi-user and enterprise orders. Staff move a seat to
    another address or take it back; both go through ``orders.seats``."""

    form = SeatMoveForm
    list_display = ["email", "order", "slot", "created_at", "accepted_at", "released_at"]
    list_filter = [("released_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "order__number", "order__email", "order__company"]
    list_select_related = ["order"]
    actions = ["take_back"]
    readonly_fields = [
        "order",
        "slot",
        "seat_limit",
        "email",
        "invited_by",
        "created_at",
        "invitation_sent_at",
        "accepted_at",
        "released_at",
        "released_by",
    ]
    fields = readonly_fields + ["move_to"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        target = form.cleaned_data.get("move_to")
        if not target:
            return
        try:
            moved = seat_move(seat=obj, to_email=target, by=request.user)
        except SeatError as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(request, f"Seat {obj.slot} moved to {moved.email}.", messages.SUCCESS)

    def save_related(self, request, form, formsets, change) -> None:
        """Nothing related is edited here."""

    def response_change(self, request, obj):
        """Back to the seats, with ``save_model``'s message only (the seat row itself is
        not changed: a move releases it and creates another)."""
        return HttpResponseRedirect(reverse("admin:orders_seat_changelist"))

    @admin.action(description="Take the selected seats back")
    def take_back(self, request, queryset) -> None:
        released = sum(
            seat_release(seat=seat, by_label=f"staff: {request.user.get_username()}")
            for seat in queryset.filter(released_at__isnull=True)
        )
        self.message_user(request, f"{released} seat(s) taken back.", messages.SUCCESS)
