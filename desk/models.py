"""What the staff desk keeps of its own: the searches that found nothing."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class UnansweredSearch(models.Model):
    """How many times one search, as normalised (``services.normalised_query``), found
    nothing on one day. Who searched is never kept: no user, address or session."""

    query = models.CharField(max_length=100)
    day = models.DateField()
    count = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "search that found nothing"
        verbose_name_plural = "searches that found nothing"
        ordering = ["-day", "-count"]
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="unanswered_search_once_a_day"),
            models.CheckConstraint(condition=Q(count__gte=1), name="unanswered_search_counted"),
        ]
        indexes = [models.Index(fields=["day"], name="unanswered_search_day")]

    def __str__(self) -> str:
        return f"“{self.query}” on {self.day}: {self.count}"


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for review"
    SENT_BACK = "sent_back", "Sent back"
    APPROVED = "approved", "Approved"


class ReviewEvent(models.Model):
    """One step of a report's review: who submitted, approved or sent it back, when, and
    (sending back) what should change. Kept for the report's history; never edited."""

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="review_events"
    )
    action = models.CharField(max_length=12, choices=ReviewAction.choices)
    comment = models.TextField(blank=True, max_length=4000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="sent_back") | ~Q(comment=""),
                name="review_sent_back_says_why",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.report_id})"
