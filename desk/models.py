"""What the staff desk keeps of its own: the searches that found nothing."""

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
