from allauth.account.models import EmailAddress
from django.contrib import admin
from django.db.models import Count, F, Func, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from orders.models import Order

from .models import Buyer
from .selectors import library_orders


class EmailAddressInline(admin.TabularInline):
    model = EmailAddress
    extra = 0
    fields = ["email", "verified", "primary"]


@admin.register(Buyer)
class BuyerAdmin(admin.ModelAdmin):
    """Customers (accounts that are not staff) with their addresses, orders and sign-ins.
    Orders join a customer by proved address, so they are listed here, not edited."""

    list_display = ["email", "proved", "orders", "last_login", "date_joined"]
    search_fields = ["email", "emailaddress__email"]
    list_filter = ["date_joined"]
    fields = ["email", "is_active", "date_joined", "last_login", "order_list"]
    readonly_fields = ["date_joined", "last_login", "order_list"]
    inlines = [EmailAddressInline]

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
