"""The buyer's e-mails: the order-received message, and the delivery with the invoice PDF
attached and a download link to the full report (``portal.emails.templated_email``)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from portal.emails import templated_email
from portal.signed_links import link_days
from portal.site import absolute_url

from .invoices import invoice_filename
from .models import DownloadLink, Order


def download_url(link: DownloadLink) -> str:
    from .services import download_token

    return absolute_url(reverse("orders:download", kwargs={"token": download_token(link)}))


def confirmation_message(order: Order) -> EmailMultiAlternatives:
    """The order-received e-mail: the order page's address and how to pay. No attachment:
    the pro-forma invoice is one click away on the order page and rendering it here would
    put a PDF render on the e-mail queue."""
    context = {
        "order": order,
        "order_url": absolute_url(order.get_absolute_url()),
        "invoice_url": absolute_url(reverse("orders:invoice", kwargs={"token": order.token})),
        "bank_details": settings.ORDER_BANK_DETAILS if order.provider == "bank_transfer" else {},
        "payment_terms_days": settings.ORDER_PAYMENT_TERMS_DAYS,
    }
    return templated_email(
        "order_received", context, to=[order.email], reply_to=[settings.SALES_EMAIL]
    )


def delivery_message(
    order: Order, *, link: DownloadLink, invoice_pdf: bytes
) -> EmailMultiAlternatives:
    context = {
        "order": order,
        "link": link,
        "download_url": download_url(link),
        "order_url": absolute_url(order.get_absolute_url()),
        "link_days": link_days(settings.ORDER_LINK_MAX_AGE),
    }
    message = templated_email(
        "order_delivery", context, to=[order.email], reply_to=[settings.SALES_EMAIL]
    )
    message.attach(invoice_filename(order), invoice_pdf, "application/pdf")
    return message


def seat_invitation_message(seat) -> EmailMultiAlternatives:
    """The colleague's invitation: who gave the seat, and where to sign in to accept it."""
    order = seat.order
    context = {
        "seat": seat,
        "order": order,
        "library_url": absolute_url(reverse("accounts:library")),
    }
    return templated_email("seat_invitation", context, to=[seat.email], reply_to=[order.email])


def new_edition_message(copy, *, notes: str) -> EmailMultiAlternatives:
    """The one e-mail a buyer with updates gets when a new edition reaches their library."""
    context = {
        "copy": copy,
        "order": copy.order,
        "notes": notes,
        "library_url": absolute_url(reverse("accounts:library")),
    }
    return templated_email(
        "new_edition", context, to=[copy.order.email], reply_to=[settings.SALES_EMAIL]
    )
