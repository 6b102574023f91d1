"""The messages the enquiries app sends, each as HTML with a plain-text alternative.

Each builder renders ``templates/emails/<name>.{subject.txt,txt,html}`` through
``portal.emails.templated_email``.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from portal.emails import templated_email
from portal.signed_links import link_days, link_token
from portal.site import absolute_url

from .models import CategoryContact, Enquiry, SampleRequest

DOWNLOAD_SALT = "enquiries.sample-download"


def sample_download_token(sample_request: SampleRequest) -> str:
    """A signed, timestamped token naming this request and its current download key."""
    return link_token(pk=sample_request.pk, key=sample_request.download_key, salt=DOWNLOAD_SALT)


def sample_download_url(sample_request: SampleRequest) -> str:
    path = reverse(
        "enquiries:sample_download", kwargs={"token": sample_download_token(sample_request)}
    )
    return absolute_url(path)


def sample_ready_message(sample_request: SampleRequest) -> EmailMultiAlternatives:
    report = sample_request.report
    return templated_email(
        "sample_ready",
        {
            "lead": sample_request,
            "report": report,
            "download_url": sample_download_url(sample_request),
            "link_days": link_days(settings.SAMPLE_LINK_MAX_AGE),
            "report_url": absolute_url(report.get_absolute_url()),
            "purchase_url": absolute_url(reverse("purchase", kwargs={"code": report.code})),
        },
        to=[sample_request.email],
    )


def enquiry_recipient(enquiry: Enquiry) -> str:
    """The nearest contact on the report's category or its ancestors, else the sales team."""
    category = enquiry.report.category
    chain = [category, *reversed(category.ancestors())]
    contacts = {
        contact.category_id: contact.email
        for contact in CategoryContact.objects.filter(category__in=chain)
    }
    for node in chain:
        if node.pk in contacts:
            return contacts[node.pk]
    return settings.SALES_EMAIL


def enquiry_ack_message(enquiry: Enquiry) -> EmailMultiAlternatives:
    report = enquiry.report
    return templated_email(
        "enquiry_ack",
        {
            "lead": enquiry,
            "report": report,
            "report_url": absolute_url(report.get_absolute_url()),
        },
        to=[enquiry.email],
    )


def enquiry_notification_message(enquiry: Enquiry, *, to: str) -> EmailMultiAlternatives:
    path = reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])
    return templated_email(
        "enquiry_notification",
        {
            "lead": enquiry,
            "report": enquiry.report,
            "admin_url": absolute_url(path),
        },
        to=[to],
        reply_to=[enquiry.email],
    )
