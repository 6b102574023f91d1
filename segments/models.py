"""Segmentation: the dimensions a market is cut by, their segments, and a report's shares.

Regions hold countries through ``Segment.parent``; a country segment carries an ISO 3166
code, so only real countries can be entered as countries.
"""

from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField


class Dimension(models.Model):
    """A way of cutting a market: type, application, region, end user …"""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_geographic = models.BooleanField(
        default=False,
        help_text="Regions and countries. Children of a geographic segment must be countries.",
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Segment(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="segments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    country = CountryField(
        blank=True, help_text="ISO 3166 country, for a country segment inside a region."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["dimension__position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "slug"], name="segment_unique_slug"),
            models.UniqueConstraint(
                fields=["dimension", "country"],
                condition=~Q(country=""),
                name="segment_unique_country",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="segment_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.dimension.name})" if self.dimension_id else self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.parent_id and self.parent.dimension_id != self.dimension_id:
            errors["parent"] = "The parent must be in the same dimension."
        if (
            self.dimension_id
            and self.dimension.is_geographic
            and self.parent_id
            and not self.country
        ):
            errors["country"] = (
                "A segment inside a region is a country: choose it from the ISO list."
            )
        if self.country and not (self.dimension_id and self.dimension.is_geographic):
            errors["country"] = "Only segments of a geographic dimension can be countries."
        if errors:
            raise ValidationError(errors)


class ReportSegment(models.Model):
    """A report's coverage of a segment, with an optional share (%) and value for a year.

    ``share_of`` says what the share is a share *of*: blank means the whole market, a
    segment means that segment's market (a country's share of its region). Shares with the
    same ``share_of`` in one dimension are siblings and should add up to 100.
    """

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="segment_links"
    )
    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="report_links")
    position = models.PositiveSmallIntegerField(default=0)
    share_percent = models.DecimalField(
        "share (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    share_of = models.ForeignKey(
        Segment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank: share of the whole market.",
    )
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    value_year = models.PositiveSmallIntegerField(null=True, blank=True)
    narrative = models.TextField(blank=True)

    class Meta:
        ordering = ["segment__dimension__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "segment"], name="report_segment_unique"),
            models.CheckConstraint(
                condition=Q(share_percent__isnull=True)
                | Q(share_percent__gte=0, share_percent__lte=100),
                name="report_segment_share_0_100",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="report_segment_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value_year__isnull=False),
                name="report_segment_value_has_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.segment} in {self.report_id}"
