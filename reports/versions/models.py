"""A draft: a saved version of a published report that its page does not show yet."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class DraftState(models.TextChoices):
    PENDING = "pending", "Pending"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Replaced by a later draft"
    DISCARDED = "discarded", "Discarded"


class ReportDraft(models.Model):
    """Changes to a published report saved by staff, held in a django-reversion revision
    until a publisher publishes them (``services.draft_publish``).

    A report has at most one pending draft (a database constraint): saving again replaces
    it with a new revision built on it, and the older one stays in the history as
    superseded, so every saved version can still be compared and restored."""

    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="drafts")
    revision = models.OneToOneField(
        "reversion.Revision", on_delete=models.CASCADE, related_name="report_draft"
    )
    state = models.CharField(
        max_length=12, choices=DraftState.choices, default=DraftState.PENDING, db_index=True
    )
    languages = models.JSONField(
        default=list,
        blank=True,
        help_text="Translation languages whose text the draft changed: marked as translated "
        "from the English of the day when the draft is published.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "reports"
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(state="pending"),
                name="report_one_pending_draft",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", decided_at__isnull=True)
                | (~Q(state="pending") & Q(decided_at__isnull=False)),
                name="report_draft_decided_when_not_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"Draft of report {self.report_id} ({self.get_state_display()})"
