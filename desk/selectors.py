"""The figures on the admin index (the staff desk's dashboard), read for one moment.

Periods run in the site's time zone: "this week" from Monday 00:00 and "this month" from
the 1st, each up to now, against the same span of the week or month before (Monday to
the same weekday and hour of last week), so that a Tuesday morning is not compared with
a whole week. Orders count when paid, revenue is their net amount in each currency (no
conversion); refunded orders count neither. Leads count when received.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from enquiries.models import Enquiry, SampleRequest
from orders.models import PAID_STATUSES, Order
from reports.models import Category, Report, ReportStatus, ReviewState

from .models import UnansweredSearch

FUNNEL_DAYS = 30
FUNNEL_ROWS = 10
UNANSWERED_ROWS = 10


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Period:
    """A period up to now and the same span of the period before."""

    key: str
    label: str
    current: Span
    previous: Span


@dataclass(frozen=True)
class Compared:
    """One figure in a period and in the period before."""

    label: str
    current: int | Decimal
    previous: int | Decimal

    @property
    def change_percent(self) -> int | None:
        """The change in whole percent; None when there was nothing before."""
        if not self.previous:
            return None
        return round((self.current - self.previous) * 100 / self.previous)


@dataclass(frozen=True)
class FunnelRow:
    """Leads and orders of one report or category over the last ``FUNNEL_DAYS`` days."""

    name: str
    samples: int
    enquiries: int
    orders: int
    report_id: int | None = None

    @property
    def order_rate(self) -> int | None:
        """Orders per hundred leads, where there were leads."""
        leads = self.samples + self.enquiries
        return round(self.orders * 100 / leads) if leads else None


@dataclass
class Dashboard:
    now: datetime
    periods: list[tuple[Period, list[Compared]]] = field(default_factory=list)
    funnel_reports: list[FunnelRow] = field(default_factory=list)
    funnel_categories: list[FunnelRow] = field(default_factory=list)
    unanswered: list[tuple[str, int]] = field(default_factory=list)
    funnel_since: date | None = None
    review_counts: dict[str, int] = field(default_factory=dict)
    """Reports submitted for review and approved but not published (with the view
    permission on reports)."""
    blocked: list[Report] = field(default_factory=list)
    """Reports whose integrity errors block publishing, most errors first."""
    blocked_total: int = 0


def periods(now: datetime) -> list[Period]:
    """This week and this month up to ``now``, each with the same span before it."""
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    week_start = midnight - timedelta(days=local.weekday())
    month_start = midnight.replace(day=1)
    last_month_start = (month_start - timedelta(days=1)).replace(day=1)
    last_month_end = min(last_month_start + (local - month_start), month_start)
    return [
        Period(
            "week",
            "This week",
            Span(week_start, local),
            Span(week_start - timedelta(days=7), local - timedelta(days=7)),
        ),
        Period(
            "month",
            "This month",
            Span(month_start, local),
            Span(last_month_start, last_month_end),
        ),
    ]


def _in(span: Span, column: str) -> Q:
    return Q(**{f"{column}__gte": span.start, f"{column}__lt": span.end})


def _counted(rows: QuerySet, column: str, spans: dict[str, Span]) -> dict[str, int]:
    """How many of ``rows`` fall in each span by ``column``: one query."""
    earliest = min(span.start for span in spans.values())
    return rows.filter(**{f"{column}__gte": earliest}).aggregate(
        **{name: Count("pk", filter=_in(span, column)) for name, span in spans.items()}
    )


def _period_figures(
    period_list: list[Period], *, leads: bool, orders: bool
) -> list[list[Compared]]:
    spans = {}
    for period in period_list:
        spans[f"{period.key}_now"] = period.current
        spans[f"{period.key}_before"] = period.previous
    samples = _counted(SampleRequest.objects, "created_at", spans) if leads else {}
    enquiries = _counted(Enquiry.objects, "created_at", spans) if leads else {}
    paid = Order.objects.filter(status__in=PAID_STATUSES)
    bought = _counted(paid, "paid_at", spans) if orders else {}
    revenue: dict[str, dict[str, Decimal]] = defaultdict(dict)
    if orders:
        earliest = min(span.start for span in spans.values())
        sums = (
            paid.filter(paid_at__gte=earliest)
            .values("currency")
            .annotate(
                **{
                    name: Sum("net_amount", filter=_in(span, "paid_at"))
                    for name, span in spans.items()
                }
            )
            .order_by("currency")
        )
        for row in sums:
            for name in spans:
                revenue[row["currency"]][name] = row[name] or Decimal(0)
    figures = []
    for period in period_list:
        now, before = f"{period.key}_now", f"{period.key}_before"
        compared = []
        if leads:
            compared.append(Compared("Sample requests", samples[now], samples[before]))
            compared.append(Compared("Enquiries", enquiries[now], enquiries[before]))
        if orders:
            compared.append(Compared("Orders paid", bought[now], bought[before]))
            for currency, amounts in revenue.items():
                compared.append(Compared(f"Revenue ({currency})", amounts[now], amounts[before]))
        figures.append(compared)
    return figures


def _funnel(since: datetime) -> dict[int, list[int]]:
    """report id → [sample requests, enquiries, orders paid] since ``since``: three
    grouped queries."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    sources = [
        SampleRequest.objects.filter(created_at__gte=since),
        Enquiry.objects.filter(created_at__gte=since),
        Order.objects.filter(status__in=PAID_STATUSES, paid_at__gte=since),
    ]
    for position, rows in enumerate(sources):
        for key, n in rows.values_list("report_id").annotate(n=Count("pk")).order_by():
            counts[key][position] = n
    return counts


def _top(counts: dict[int, list[int]]) -> list[tuple[int, list[int]]]:
    ranked = sorted(counts.items(), key=lambda item: (-sum(item[1]), -item[1][2], item[0]))
    return ranked[:FUNNEL_ROWS]


BLOCKED_ROWS = 10


def dashboard(*, now: datetime | None = None, user) -> Dashboard:
    """What ``user`` may see of the dashboard at ``now``: lead figures with the view
    permission on sample requests and enquiries, orders and revenue with the one on
    orders, the funnel with both, and the searches that found nothing to all staff.
    About a dozen queries whatever the number of leads (each counted by an index on its
    date)."""
    now = now or timezone.now()
    leads = user.has_perm("enquiries.view_samplerequest") and user.has_perm(
        "enquiries.view_enquiry"
    )
    orders = user.has_perm("orders.view_order")
    board = Dashboard(now=now)
    period_list = periods(now)
    if leads or orders:
        board.periods = list(
            zip(period_list, _period_figures(period_list, leads=leads, orders=orders), strict=True)
        )
    if leads and orders:
        since = timezone.localtime(now) - timedelta(days=FUNNEL_DAYS)
        board.funnel_since = since.date()
        per_report = _funnel(since)
        by_report = _top(per_report)
        titles = dict(
            Report.objects.filter(pk__in=[pk for pk, _ in by_report]).values_list(
                "pk", "title_en_gb"
            )
        )
        board.funnel_reports = [
            FunnelRow(titles.get(pk, f"#{pk}"), *counts, report_id=pk) for pk, counts in by_report
        ]
        per_category: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        # A plain QuerySet: modeltranslation's translates nothing here and costs 20 µs a row.
        categories = (
            QuerySet(Report).filter(pk__in=list(per_report)).values_list("pk", "category_id")
        )
        for report_id, category_id in categories:
            per_category[category_id] = [
                a + b for a, b in zip(per_category[category_id], per_report[report_id], strict=True)
            ]
        by_category = _top(per_category)
        names = dict(
            Category.objects.filter(pk__in=[pk for pk, _ in by_category]).values_list("pk", "name")
        )
        board.funnel_categories = [
            FunnelRow(names.get(pk, f"#{pk}"), *counts) for pk, counts in by_category
        ]
    if user.has_perm("reports.view_report"):
        board.review_counts = Report.objects.aggregate(
            submitted=Count("pk", filter=Q(review_state=ReviewState.SUBMITTED)),
            approved=Count(
                "pk",
                filter=Q(review_state=ReviewState.APPROVED) & ~Q(status=ReportStatus.PUBLISHED),
            ),
            blocked=Count("pk", filter=Q(findings_errors__gt=0)),
        )
        board.blocked_total = board.review_counts.pop("blocked")
        if board.blocked_total:
            board.blocked = list(
                Report.objects.filter(findings_errors__gt=0)
                .only("pk", "code", "title", "status", "findings_errors", "findings_warnings")
                .order_by("-findings_errors", "-pk")[:BLOCKED_ROWS]
            )
    first_day = timezone.localdate(now) - timedelta(days=FUNNEL_DAYS - 1)
    board.unanswered = list(
        UnansweredSearch.objects.filter(day__gte=first_day)
        .values("query")
        .annotate(total=Sum("count"))
        .order_by("-total", "query")
        .values_list("query", "total")[:UNANSWERED_ROWS]
    )
    return board
