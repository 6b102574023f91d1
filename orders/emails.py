"""The delivery e-mail: the invoice PDF attached and a download link to the full report.

Rendered from ``templates/emails/order_delivery.{subject.txt,txt,html}``; header values come
from validated single-line form fields.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from portal.metrics import CountedEmail

from .invoices import invoice_filename, render_invoice_pdf
from .models import DownloadLink, Order


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def download_url(link: DownloadLink) -> str:
    from .services import download_token

    return absolute(reverse("orders:download", kwargs={"token": download_token(link)}))


def confirmation_message(order: Order) -> EmailMultiAlternatives:
    """The order-received e-mail: the order page's address and how to pay. No attachment:
    the pro-forma invoice is one click away on the order page and rendering it here would
    put a PDF render on the e-mail queue."""
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "order": order,
        "order_url": absolute(order.get_absolute_url()),
        "invoice_url": absolute(reverse("orders:invoice", kwargs={"token": order.token})),
        "bank_details": settings.ORDER_BANK_DETAILS if order.provider == "bank_transfer" else {},
        "payment_terms_days": settings.ORDER_PAYMENT_TERMS_DAYS,
    }
    subject = " ".join(render_to_string("emails/order_received.subject.txt", context).split())
    message = CountedEmail(
        kind="order_received",
        subject=subject,
        body=render_to_string("emails/order_received.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.email],
        reply_to=[settings.SALES_EMAIL],
    )
    message.attach_alternative(render_to_string("emails/order_received.html", context), "text/html")
    return message


def delivery_message(order: Order, *, link: DownloadLink) -> EmailMultiAlternatives:
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "order": order,
        "link": link,
        "download_url": download_url(link),
        "order_url": absolute(order.get_absolute_url()),
        "link_days": max(1, settings.ORDER_LINK_MAX_AGE // 86400),
    }
    subject = " ".join(render_to_string("emails/order_delivery.subject.txt", context).split())
    message = CountedEmail(
        kind="order_delivery",
        subject=subject,
        body=render_to_string("emails/order_delivery.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.email],
        reply_to=[settings.SALES_EMAIL],
    )
    message.attach_alternative(render_to_string("emails/order_delivery.html", context), "text/html")
    message.attach(invoice_filename(order), render_invoice_pdf(order), "application/pdf")
    return message
