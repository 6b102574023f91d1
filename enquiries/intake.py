"""Taking in a visitor's sample request or enquiry, the same way from every door (the web
form in ``enquiries.views``, the JSON API in ``reports.api.leads``).

``lead_submit`` runs the steps in this order, so the limits can never drift apart between
doors: the per-IP limit (before any parsing work), the honeypot (a filled one is accepted
silently and nothing is recorded), validation, the per-address limit, then the service
that writes the row and queues its work on commit. Each door turns the outcome into its
own response: a page and a redirect, or JSON and a status code.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from portal.ratelimit import over_limit
from reports.models import Report

from . import services
from .forms import EnquiryForm, LeadForm, SampleRequestForm


class LeadKind(enum.StrEnum):
    SAMPLE = "sample"
    ENQUIRY = "enquiry"


LEAD_FORMS: dict[LeadKind, tuple[type[LeadForm], Callable]] = {
    LeadKind.SAMPLE: (SampleRequestForm, services.sample_request_create),
    LeadKind.ENQUIRY: (EnquiryForm, services.enquiry_create),
}


class LeadOutcome(enum.Enum):
    LIMITED = "limited"
    IGNORED = "ignored"
    INVALID = "invalid"
    ACCEPTED = "accepted"


@dataclass(frozen=True)
class LeadSubmitted:
    outcome: LeadOutcome
    form: LeadForm | None = None

    @property
    def email(self) -> str:
        return self.form.cleaned_data["email"] if self.outcome is LeadOutcome.ACCEPTED else ""


def lead_submit(*, kind: LeadKind, report: Report, data, ip: str) -> LeadSubmitted:
    """Take in ``data`` (a dict or QueryDict of the lead form's fields) sent from ``ip``
    about the published ``report``. ``form`` is set unless the per-IP limit stopped it:
    INVALID carries the form with its errors."""
    form_class, create = LEAD_FORMS[kind]
    window = settings.ENQUIRY_RATE_LIMIT_WINDOW
    if over_limit(scope="ip", key=ip, limit=settings.ENQUIRY_RATE_LIMIT_PER_IP, window=window):
        return LeadSubmitted(LeadOutcome.LIMITED)
    form = form_class(data)
    if form.is_honeypot_filled:
        return LeadSubmitted(LeadOutcome.IGNORED, form)
    if not form.is_valid():
        return LeadSubmitted(LeadOutcome.INVALID, form)
    if over_limit(
        scope="email",
        key=form.cleaned_data["email"],
        limit=settings.ENQUIRY_RATE_LIMIT_PER_EMAIL,
        window=window,
    ):
        return LeadSubmitted(LeadOutcome.LIMITED, form)
    create(report=report, submission=form.submission(ip_address=ip or None))
    return LeadSubmitted(LeadOutcome.ACCEPTED, form)
