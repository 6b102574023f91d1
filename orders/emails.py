"""The delivery e-mail: the invoice PDF attached and a download link to the full report.

Rendered from ``templates/emails/order_delivery.{subject.txt,txt,html}``; header values come
from validated single-line form fields.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .invoices import invoice_filename, render_invoice_pdf
from .models import DownloadLink, Order


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def download_url(link: DownloadLink) -> str:
    from .services import download_token

    return absolute(reverse("orders:download", kwargs={"token": download_token(link)}))


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
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/order_delivery.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.email],
        reply_to=[settings.SALES_EMAIL],
    )
    message.attach_alternative(render_to_string("emails/order_delivery.html", context), "text/html")
    message.attach(invoice_filename(order), render_invoice_pdf(order), "application/pdf")
    return message
