"""Reads for the order pages and the staff revenue view."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from reports.models import Licence, Report

from .models import ORDER_TOKEN_PATTERN, PAID_STATUSES, DownloadLink, Order

ORDER_TOKEN_RE = re.compile(ORDER_TOKEN_PATTERN)


def licences_for_sale(report: Report) -> QuerySet[Licence]:
    """The report's licences, cheapest first: the rows its purchase page, its JSON-LD and
    the checkout form's choices show."""
    return Licence.objects.filter(report=report).order_by("price", "id")


def order_by_token(*, token: str) -> Order | None:
    """The order a token names, or None; a string that cannot be a token is never queried."""
    if not ORDER_TOKEN_RE.fullmatch(token):
        return None
    return Order.objects.select_related("report", "invoice").filter(token=token).first()


def current_link(order: Order) -> DownloadLink | None:
    """The newest link that still works by date and count, or None."""
    return (
        DownloadLink.objects.filter(order=order, expires_at__gt=timezone.now())
        .order_by("-created_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class RevenueRow:
    label: str
    currency: str
    orders: int
    net: Decimal
    total: Decimal


def paid_orders() -> QuerySet[Order]:
    """Orders whose money we hold: paid or fulfilled (refunded and cancelled excluded)."""
    return Order.objects.filter(status__in=PAID_STATUSES)


def revenue_by_report() -> list[RevenueRow]:
    rows = (
        paid_orders()
        .values("report_code", "report_title", "currency")
        .annotate(orders=Count("id"), net=Sum("net_amount"), total=Sum("total_amount"))
        .order_by("-total", "report_code")
    )
    return [
        RevenueRow(
            f"{row['report_title']} (r{row['report_code']})",
            row["currency"],
            row["orders"],
            row["net"],
            row["total"],
        )
        for row in rows
    ]


def revenue_by_month() -> list[RevenueRow]:
    rows = (
        paid_orders()
        .annotate(month=TruncMonth("paid_at"))
        .values("month", "currency")
        .annotate(orders=Count("id"), net=Sum("net_amount"), total=Sum("total_amount"))
        .order_by("-month", "currency")
    )
    return [
        RevenueRow(
            row["month"].strftime("%Y-%m") if row["month"] else "—",
            row["currency"],
            row["orders"],
            row["net"],
            row["total"],
        )
        for row in rows
    ]
