"""Sample requests and pre-purchase enquiries: the leads a report page collects.

A row is written in the same transaction that accepts the form, so an accepted request is
never lost: the tasks that render and send are queued on commit, and a periodic sweep
re-queues any row left pending (``enquiries.services.sweep_pending``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField


class LeadQuality(models.TextChoices):
    BUSINESS = "business", "Business address"
    FREE_MAIL = "free_mail", "Free-mail address"


class Lead(models.Model):
    """What both forms collect, and what the sales team adds to it."""

    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254, help_text="Stored lower-cased.")
    company = models.CharField(max_length=160)
    job_title = models.CharField(max_length=120)
    country = CountryField()
    phone = models.CharField(max_length=32, blank=True, help_text="E.164, e.g. +442079460958.")
    message = models.TextField(blank=True, max_length=4000)
    consent = models.BooleanField(help_text="Agreed to be contacted about this request.")
    lead_quality = models.CharField(
        max_length=12, choices=LeadQuality.choices, default=LeadQuality.BUSINESS, db_index=True
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    language = models.CharField(
        max_length=10,
        default="en-gb",
        db_default="en-gb",
        help_text="The language of the page the visitor used: their PDF and e-mails follow it.",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    internal_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When work for this row was last put on the queue."
    )
    requeue_count = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the visitor's personal data was replaced (enquiries.privacy).",
    )

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"


class SampleStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    RENDERING = "rendering", "Rendering"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class SampleRequest(Lead):
    """A request for the free sample PDF of a report.

    ``pdf_name`` is a name in the ``samples`` storage (``settings.STORAGES``), never a public
    URL; the visitor downloads it through a signed link bound to ``download_key``.
    """

    status = models.CharField(
        max_length=10, choices=SampleStatus.choices, default=SampleStatus.RECEIVED, db_index=True
    )
    download_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    render_attempts = models.PositiveSmallIntegerField(default=0)
    pdf_name = models.CharField(max_length=255, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    download_count = models.PositiveIntegerField(default=0)
    last_downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta(Lead.Meta):
        verbose_name = "sample request"
        indexes = [
            models.Index(fields=["report", "email", "-created_at"], name="sample_dupe_idx"),
            models.Index(
                fields=["queued_at"],
                condition=Q(status__in=["received", "rendering"]),
                name="sample_pending_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="sample_consent_given"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(email_sent_at__isnull=False),
                name="sample_sent_has_email_time",
            ),
            models.CheckConstraint(
                condition=Q(rendered_at__isnull=True) | ~Q(pdf_name=""),
                name="sample_rendered_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | Q(failed_at__isnull=False),
                name="sample_failed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(email__regex=r"^[^A-Z\r\n]+$"), name="sample_email_lower_one_line"
            ),
        ]


class EnquiryStatus(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In progress"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Enquiry(Lead):
    """A question asked before buying. ``status`` is the sales team's workflow;
    ``delivery`` is whether the acknowledgement and the team's notification went out."""

    status = models.CharField(
        max_length=12, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW, db_index=True
    )
    delivery = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    acknowledged_at = models.DateTimeField(
        null=True, blank=True, help_text="When the visitor's acknowledgement was sent."
    )
    notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the sales notification was sent."
    )
    notified_to = models.EmailField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta(Lead.Meta):
        verbose_name_plural = "enquiries"
        indexes = [
            models.Index(fields=["report", "email", "-created_at"], name="enquiry_dupe_idx"),
            models.Index(
                fields=["queued_at"],
                condition=Q(delivery="pending"),
                name="enquiry_pending_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="enquiry_consent_given"),
            models.CheckConstraint(
                condition=~Q(delivery="sent")
                | Q(acknowledged_at__isnull=False, notified_at__isnull=False),
                name="enquiry_sent_has_both_emails",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(answered_at__isnull=False),
                name="enquiry_answered_has_time",
            ),
            models.CheckConstraint(
                condition=Q(email__regex=r"^[^A-Z\r\n]+$"), name="enquiry_email_lower_one_line"
            ),
        ]


class CategoryContact(models.Model):
    """Who hears about enquiries on a category's reports instead of ``settings.SALES_EMAIL``.

    The nearest ancestor with a contact wins, so a contact on Healthcare covers Healthcare
    Services too.
    """

    category = models.OneToOneField(
        "reports.Category", on_delete=models.CASCADE, related_name="enquiry_contact"
    )
    email = models.EmailField()

    class Meta:
        verbose_name = "category enquiry contact"

    def __str__(self) -> str:
        return f"{self.category}: {self.email}"
