"""Activity for the demo's staff desk: a few months of sample requests, enquiries and
orders in their several statuses, and searches that found nothing, so that the dashboard
and the lists have something to show.

The rows are written as finished work (samples sent, enquiries delivered, orders paid,
refunded, cancelled or awaiting payment), so no sweep queues them again and no e-mail
goes out. Made-up people at ``example`` addresses; one fixed random seed, so every load
gives the same activity. Loaded once: a second run finds its rows and adds nothing.
"""

from __future__ import annotations

import itertools
import random
import secrets
from collections import defaultdict
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from enquiries.models import (
    DeliveryStatus,
    Enquiry,
    EnquiryStatus,
    SampleRequest,
    SampleStatus,
)
from orders.models import Order, OrderStatus
from reports.models import Licence, Report, ReportStatus, ReviewState

from .models import ReviewAction, ReviewEvent, UnansweredSearch

DOMAIN = "demo-leads.example"
PEOPLE = [
    ("Aiko Tanaka", "Strategy Lead", "Sakura Health", "JP"),
    ("Lukas Weber", "Market Analyst", "Nordlicht Kliniken", "DE"),
    ("Camille Martin", "Head of Insights", "Santé Conseil", "FR"),
    ("Priya Sharma", "Business Development Manager", "Lotus Diagnostics", "IN"),
    ("Min-jun Kim", "Research Manager", "Hanbit Medical", "KR"),
    ("Olivia Brown", "Consultant", "Thames Advisory", "GB"),
    ("Mateo García", "Product Manager", "Clínica Sol", "ES"),
    ("Emma Johnson", "VP Corporate Development", "Lakeside Capital", "US"),
]
UNANSWERED = [("quantum dot displays", 9), ("pet insurance", 6), ("lidar wearables", 3)]


def _when(rng: random.Random, now: datetime, days: int) -> datetime:
    """A moment in the last ``days`` days, more of them recent (a growing business)."""
    back = days * (1 - rng.random() ** 0.7)
    return now - timedelta(days=back, minutes=rng.randint(0, 600))


@transaction.atomic
def demo_activity_load(*, days: int = 120, per_day: float = 1.5, seed: int = 7) -> int:
    """Write the activity once, about ``per_day`` sample requests a day over ``days``
    days; returns the rows written (0 when already loaded or there is no published report
    to attach it to). ``bench/dashboard.py`` loads a year of it on a large catalogue."""
    if SampleRequest.objects.filter(email__endswith=f"@{DOMAIN}").exists():
        return 0
    reports = list(
        Report.objects.filter(status=ReportStatus.PUBLISHED, licences__isnull=False)
        .distinct()
        .order_by("pk")
        .only("pk", "code", "title_en_gb")
    )
    if not reports:
        return 0
    rng = random.Random(seed)
    now = timezone.now()
    weights = list(itertools.accumulate(len(reports) - n for n in range(len(reports))))
    samples, enquiries, orders = [], [], []
    for number in range(int(days * per_day)):
        report = rng.choices(reports, cum_weights=weights)[0]
        name, job, company, country = rng.choice(PEOPLE)
        email = f"{name.split()[0].lower()}.{number}@{DOMAIN}"
        person = {
            "report": report,
            "full_name": name,
            "email": email,
            "company": company,
            "job_title": job,
            "country": country,
            "consent": True,
        }
        received = _when(rng, now, days)
        failed = rng.random() < 0.03
        samples.append(
            (
                SampleRequest(
                    **person,
                    status=SampleStatus.FAILED if failed else SampleStatus.SENT,
                    email_sent_at=None if failed else received + timedelta(minutes=2),
                    failed_at=received + timedelta(minutes=5) if failed else None,
                    last_error="Demo: the mail server refused the address." if failed else "",
                ),
                received,
            )
        )
        if rng.random() < 0.35:
            asked = received + timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 9))
            if asked < now:
                status = rng.choice(list(EnquiryStatus))
                enquiries.append(
                    (
                        Enquiry(
                            **person,
                            message="Does the report break the market down by country?",
                            status=status,
                            delivery=DeliveryStatus.SENT,
                            acknowledged_at=asked,
                            notified_at=asked,
                            answered_at=asked + timedelta(hours=5)
                            if status == EnquiryStatus.ANSWERED
                            else None,
                        ),
                        asked,
                    )
                )
                if rng.random() < 0.45:
                    ordered = asked + timedelta(days=rng.randint(0, 10))
                    if ordered < now:
                        orders.append((report, person, ordered))
    rows = [*samples, *enquiries]
    for model in (SampleRequest, Enquiry):
        made = model.objects.bulk_create([row for row, _ in rows if isinstance(row, model)])
        moments = [moment for row, moment in rows if isinstance(row, model)]
        for row, moment in zip(made, moments, strict=True):
            row.created_at = moment
        model.objects.bulk_update(made, ["created_at"], batch_size=500)
    licences = defaultdict(list)
    for licence in Licence.objects.filter(report__in={report for report, _, _ in orders}):
        licences[licence.report_id].append(licence)
    made = Order.objects.bulk_create(
        _order(rng, report, rng.choice(licences[report.pk]), person, ordered, now)
        for report, person, ordered in orders
    )
    for order, (_, _, moment) in zip(made, orders, strict=True):
        order.created_at = moment
    Order.objects.bulk_update(made, ["created_at"], batch_size=500)
    _review_history(reports[-1], now)
    _draft_history(reports[0])
    today = timezone.localdate(now)
    UnansweredSearch.objects.bulk_create(
        UnansweredSearch(query=query, day=today - timedelta(days=offset), count=count)
        for query, count in UNANSWERED
        for offset in range(3)
    )
    return len(samples) + len(enquiries) + len(orders)


def _order(
    rng: random.Random, report: Report, licence: Licence, person: dict, ordered: datetime, now
) -> Order:
    status = rng.choices(
        [
            OrderStatus.PAID,
            OrderStatus.PENDING_PAYMENT,
            OrderStatus.CANCELLED,
            OrderStatus.REFUNDED,
        ],
        [70, 12, 10, 8],
    )[0]
    paid = status in (OrderStatus.PAID, OrderStatus.REFUNDED)
    return Order(
        report=report,
        licence=licence,
        report_title=report.title_en_gb,
        report_code=report.code,
        licence_tier=licence.tier,
        licence_tier_label=licence.get_tier_display(),
        licence_seats=licence.seats,
        licence_description=licence.description_en_gb or "",
        currency=licence.currency,
        net_amount=licence.price,
        total_amount=licence.price,
        full_name=person["full_name"],
        email=person["email"],
        company=person["company"],
        country=person["country"],
        billing_address=f"{person['company']}\n1 Example Street",
        provider=rng.choice(["stripe", "bank_transfer"]),
        status=status,
        paid_at=min(ordered + timedelta(hours=rng.randint(0, 48)), now) if paid else None,
    )


def demo_staff_member(role: str) -> tuple[str, str]:
    """The demo's member of ``role`` (``author``, ``editor``), created or given a fresh
    random password; returns the login."""
    username = role.lower()
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.com"}
    )
    password = secrets.token_urlsafe(12)
    user.is_staff = user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return username, password


def _review_history(report: Report, now) -> None:
    """``report`` waiting for review a second time, after an editor sent it back."""
    author, _ = get_user_model().objects.get_or_create(
        username="author", defaults={"email": "author@example.com", "is_staff": True}
    )
    editor, _ = get_user_model().objects.get_or_create(
        username="editor", defaults={"email": "editor@example.com", "is_staff": True}
    )
    steps = [
        (ReviewAction.SUBMITTED, author, "", 3),
        (ReviewAction.SENT_BACK, editor, "Please give the source of the 2031 forecast.", 2),
        (ReviewAction.SUBMITTED, author, "", 1),
    ]
    events = ReviewEvent.objects.bulk_create(
        ReviewEvent(report=report, action=action, by=by, comment=comment)
        for action, by, comment, _ in steps
    )
    for event, (_, _, _, days) in zip(events, steps, strict=True):
        event.created_at = now - timedelta(days=days)
    ReviewEvent.objects.bulk_update(events, ["created_at"])
    Report.objects.filter(pk=report.pk).update(review_state=ReviewState.SUBMITTED)


def _draft_history(report: Report) -> None:
    """``report`` with a history of versions and a pending draft by the author, for the
    history, compare and publish-the-draft pages."""
    from reports.versions.services import draft_save, version_save

    author = get_user_model().objects.get(username="author")
    editor = get_user_model().objects.get(username="editor")
    version_save(report=report, by=editor, comment="Published with the press release.")

    def new_headline(fresh: Report) -> None:
        fresh.headline = (fresh.headline.rstrip(".") + ", led by North America.").strip(", ")
        fresh.save()

    def figure_revised(fresh: Report) -> None:
        figure = fresh.figures.filter(segment=None).order_by("-year").first()
        if figure is not None:
            figure.value = figure.value + 1
            figure.save(update_fields=["value"])

    draft_save(report=report, by=author, comment="Changed the headline.", change=new_headline)
    draft_save(
        report=report, by=author, comment="Revised the forecast figure.", change=figure_revised
    )
