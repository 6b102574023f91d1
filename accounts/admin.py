from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.db.models import Count, F, Func, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from orders.models import DownloadLink, Order, Seat

from .models import Buyer, Profile
from .selectors import library_orders, verified_emails


class EmailAddressInline(admin.TabularInline):
    model = EmailAddress
    extra = 0
    fields = ["email", "verified", "primary"]


class ProfileInline(admin.StackedInline):
    model = Profile
    extra = 0
    can_delete = False
    fields = ["full_name", "company", "country", "billing_address", "vat_number"]


@admin.register(Buyer)
class BuyerAdmin(admin.ModelAdmin):
    """Customers (accounts that are not staff) with their addresses, orders and sign-ins.
    Orders join a customer by proved address, so they are listed here, not edited."""

    list_display = ["email", "proved", "orders", "last_login", "date_joined"]
    search_fields = ["email", "emailaddress__email"]
    list_filter = ["date_joined"]
    fields = [
        "email",
        "is_active",
        "date_joined",
        "last_login",
        "order_list",
        "seat_list",
        "download_list",
    ]
    readonly_fields = ["date_joined", "last_login", "order_list", "seat_list", "download_list"]
    inlines = [EmailAddressInline, ProfileInline]
    actions = ["send_sign_in_link"]

    @admin.action(description="E-mail the selected customers a sign-in link")
    def send_sign_in_link(self, request, queryset) -> None:
        from .services import sign_in_link_send

        for user in queryset:
            sign_in_link_send(user=user)
        self.message_user(
            request, f"Sign-in e-mail queued for {queryset.count()} customer(s).", messages.SUCCESS
        )

    @admin.display(description="seats on colleagues' licences")
    def seat_list(self, obj) -> str:
        seats = Seat.objects.filter(email__in=verified_emails(user=obj)).select_related("order")
        if not seats:
            return "None."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> on {} ({}) – {}</li>',
                (
                    (
                        reverse("admin:orders_seat_change", args=[seat.pk]),
                        seat.email,
                        seat.order.number,
                        seat.order.report_title,
                        "taken back"
                        if seat.released_at
                        else ("accepted" if seat.accepted_at else "invited"),
                    )
                    for seat in seats
                ),
            ),
        )

    @admin.display(description="downloads")
    def download_list(self, obj) -> str:
        links = DownloadLink.objects.filter(
            reader_email__in=verified_emails(user=obj)
        ).select_related("order")[:50]
        if not links:
            return "None."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} – {}: {} of {} download(s), link of {}</li>",
                (
                    (
                        link.order.number,
                        link.order.report_title,
                        link.download_count,
                        link.max_downloads,
                        link.created_at.strftime("%d %b %Y %H:%M"),
                    )
                    for link in links
                ),
            ),
        )

    def get_queryset(self, request):
        proved = EmailAddress.objects.filter(user=OuterRef(OuterRef("pk")), verified=True)
        orders = (
            Order.objects.filter(email__in=proved.values("email"))
            .order_by()
            .annotate(count=Func(F("id"), function="COUNT"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .filter(is_staff=False)
            .annotate(
                proved_count=Count("emailaddress", filter=Q(emailaddress__verified=True)),
                order_count=Subquery(orders),
            )
        )

    @admin.display(description="proved addresses", ordering="proved_count")
    def proved(self, obj) -> int:
        return obj.proved_count

    @admin.display(description="orders", ordering="order_count")
    def orders(self, obj) -> int:
        return obj.order_count or 0

    @admin.display(description="orders of proved addresses")
    def order_list(self, obj) -> str:
        orders = library_orders(user=obj)
        if not orders:
            return "None."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> – {} ({})</li>',
                (
                    (
                        reverse("admin:orders_order_change", args=[o.pk]),
                        o.number,
                        o.report_title,
                        o.get_status_display(),
                    )
                    for o in orders
                ),
            ),
        )
