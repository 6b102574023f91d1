"""Personal data of leads: anonymisation after the retention period, and one person's
export and erasure on request.

Contracts:

- Anonymising a lead replaces who the person is (name, e-mail, company, job title, phone,
  message, IP address, the staff's notes about them, the last delivery error, which can
  quote the address) and stamps ``anonymised_at``. What remains (report, country, lead
  quality, dates, statuses) still counts for statistics but names nobody. The e-mail
  becomes ``anonymised-<pk>@anonymised.invalid``: unique per row, so the duplicate checks
  never join two anonymised rows, and undeliverable by definition (RFC 2606).
- The periodic pass (``lead_anonymise``) touches only finished rows: sample requests that
  were sent or failed, enquiries whose e-mails went out or failed and that the sales team
  is not working on (status "in progress"). A row still being processed is never changed
  under a task. Rows already anonymised are skipped, so running it again changes nothing;
  it works in batches, each in its own transaction, locking with ``skip_locked``.
- ``person_erase`` anonymises every lead with the address at once, whatever its state;
  unfinished work for those rows is stopped (marked failed) in the same transaction, so no
  e-mail goes to the person afterwards.
- Orders are left whole by both: invoices must keep the buyer's name, company, address and
  e-mail for the statutory retention period, which the erasure request does not override.
  ``person_data_export`` includes them.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .models import DeliveryStatus, Enquiry, EnquiryStatus, SampleRequest, SampleStatus

logger = logging.getLogger(__name__)

ANONYMOUS_NAME = "Anonymised"
ANONYMOUS_DOMAIN = "anonymised.invalid"
LEAD_MODELS = (SampleRequest, Enquiry)


@dataclass(frozen=True)
class AnonymiseResult:
    sample_requests: int = 0
    enquiries: int = 0

    @property
    def total(self) -> int:
        return self.sample_requests + self.enquiries


def _anonymous_values(now: datetime) -> dict:
    return {
        "full_name": ANONYMOUS_NAME,
        "email": Concat(
            Value("anonymised-"),
            Cast("pk", output_field=CharField()),
            Value(f"@{ANONYMOUS_DOMAIN}"),
            output_field=CharField(),
        ),
        "company": "",
        "job_title": "",
        "phone": "",
        "message": "",
        "ip_address": None,
        "internal_notes": "",
        "last_error": "",
        "anonymised_at": now,
        "updated_at": now,
    }


def _finished(model) -> Q:
    if model is SampleRequest:
        return Q(status__in=[SampleStatus.SENT, SampleStatus.FAILED])
    return Q(delivery__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED]) & ~Q(
        status=EnquiryStatus.IN_PROGRESS
    )


def _anonymise_batches(queryset: QuerySet, *, now: datetime, batch_size: int) -> int:
    """Anonymise the rows of ``queryset`` that are not yet anonymised, ``batch_size`` per
    transaction; the filter is applied again under the row lock."""
    done = 0
    while True:
        with transaction.atomic():
            pks = list(
                queryset.filter(anonymised_at__isnull=True)
                .select_for_update(skip_locked=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not pks:
                return done
            done += queryset.model.objects.filter(pk__in=pks).update(**_anonymous_values(now))
        if len(pks) < batch_size:
            return done


def lead_anonymise(
    *, created_before: datetime, batch_size: int = 500, now: datetime | None = None
) -> AnonymiseResult:
    """Anonymise every finished, not yet anonymised sample request and enquiry created
    before ``created_before``. Idempotent; returns how many rows it changed."""
    now = now or timezone.now()
    counts = {}
    for model in LEAD_MODELS:
        queryset = model.objects.filter(_finished(model), created_at__lt=created_before)
        counts[model] = _anonymise_batches(queryset, now=now, batch_size=batch_size)
    result = AnonymiseResult(sample_requests=counts[SampleRequest], enquiries=counts[Enquiry])
    if result.total:
        logger.info(
            "Anonymised %d sample request(s) and %d enquiry(ies) created before %s",
            result.sample_requests,
            result.enquiries,
            created_before.isoformat(),
        )
    return result


def _rows(queryset: QuerySet) -> list[dict]:
    fields = [field.attname for field in queryset.model._meta.concrete_fields]
    return [
        json.loads(json.dumps(row, cls=DjangoJSONEncoder))
        for row in queryset.order_by("created_at", "pk").values(*fields)
    ]


def person_data_export(*, email: str) -> dict:
    """Every sample request, enquiry, order, seat and download link stored under ``email``
    (case-insensitive), each row with all its stored fields, as JSON-ready data."""
    from orders.models import DownloadLink, Order, Seat

    email = email.strip().lower()
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "sample_requests": _rows(SampleRequest.objects.filter(email__iexact=email)),
        "enquiries": _rows(Enquiry.objects.filter(email__iexact=email)),
        "orders": _rows(Order.objects.filter(email__iexact=email)),
        "seats": _rows(Seat.objects.filter(email__iexact=email)),
        "downloads": _rows(DownloadLink.objects.filter(reader_email__iexact=email)),
    }


@transaction.atomic
def person_erase(*, email: str, by) -> AnonymiseResult:
    """Anonymise every lead stored under ``email`` now, stopping unfinished work on them,
    and record the erasure in the admin history of each row (``by`` is the staff user).
    Orders are kept (see the module docstring)."""
    email = email.strip().lower()
    now = timezone.now()
    reason = "Erased at the person's request."
    SampleRequest.objects.filter(
        email__iexact=email, status__in=[SampleStatus.RECEIVED, SampleStatus.RENDERING]
    ).update(status=SampleStatus.FAILED, failed_at=now, updated_at=now)
    Enquiry.objects.filter(email__iexact=email, delivery=DeliveryStatus.PENDING).update(
        delivery=DeliveryStatus.FAILED, updated_at=now
    )
    counts = {}
    for model in LEAD_MODELS:
        pks = list(
            model.objects.select_for_update()
            .filter(email__iexact=email, anonymised_at__isnull=True)
            .values_list("pk", flat=True)
        )
        queryset = model.objects.filter(pk__in=pks)
        counts[model] = queryset.update(**_anonymous_values(now))
        if pks and by is not None:
            LogEntry.objects.log_actions(
                user_id=by.pk,
                queryset=model.objects.filter(pk__in=pks),
                action_flag=CHANGE,
                change_message=reason,
            )
    result = AnonymiseResult(sample_requests=counts[SampleRequest], enquiries=counts[Enquiry])
    logger.info(
        "Erased a person's data: %d sample request(s), %d enquiry(ies), by user %s",
        result.sample_requests,
        result.enquiries,
        getattr(by, "pk", None),
    )
    return result
