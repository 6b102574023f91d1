"""Invoice numbers (sequential per year, without gaps) and the invoice PDF.

A number is taken in the transaction that records the payment: the year's counter row is
locked (``select_for_update``), incremented and the invoice written before the lock is
released at commit, so concurrent payments queue on the lock and a rolled-back payment
gives its number back. The PDF is drawn on demand from the order's snapshot, so it is the
same whenever it is drawn; before payment it is a pro-forma without an invoice number.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.pdf import render_pdf

from .models import Invoice, InvoiceCounter, Order

INVOICE_TEMPLATE = "pdf/invoice.html"


@transaction.atomic
def invoice_assign(*, order: Order) -> Invoice:
    """The order's invoice, numbered now if it has none. Call inside the payment's
    transaction; the counter row stays locked until that transaction ends."""
    existing = Invoice.objects.filter(order=order).first()
    if existing is not None:
        return existing
    issued_at = order.paid_at or timezone.now()
    year = timezone.localtime(issued_at).year
    InvoiceCounter.objects.get_or_create(year=year)
    counter = InvoiceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return Invoice.objects.create(
        order=order,
        year=year,
        sequence=counter.last_number,
        number=f"{settings.ORDER_INVOICE_PREFIX}-{year}-{counter.last_number:05d}",
        issued_at=issued_at,
    )


def _invoice_of(order: Order) -> Invoice | None:
    """The order's invoice through the relation (cached by ``select_related`` or the first
    access), None before payment."""
    return getattr(order, "invoice", None)


def invoice_context(order: Order) -> dict:
    invoice = _invoice_of(order)
    return {
        "order": order,
        "invoice": invoice,
        "proforma": invoice is None,
        "seller": settings.ORDER_SELLER,
        "bank": settings.ORDER_BANK_DETAILS,
        "issued_on": timezone.localdate(invoice.issued_at if invoice else order.created_at),
    }


def invoice_filename(order: Order) -> str:
    invoice = _invoice_of(order)
    return f"invoice-{invoice.number}.pdf" if invoice else f"proforma-{order.number}.pdf"


def render_invoice_pdf(order: Order) -> bytes:
    """The invoice (paid orders) or pro-forma invoice (pending ones) of ``order``."""
    return render_pdf(INVOICE_TEMPLATE, invoice_context(order))
