"""Bank transfer against an invoice: the order waits; staff mark it paid in admin when the
money arrives (``orders.services.order_mark_paid``), which queues fulfilment."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .base import PaymentProvider, PaymentStart


class BankTransferProvider(PaymentProvider):
    identifier = "bank_transfer"
    display_name = _("Bank transfer (invoice)")
    description = _(
        "We issue a pro-forma invoice with our bank details; the report is delivered when "
        "the transfer reaches us."
    )

    def is_enabled(self) -> bool:
        return bool(settings.ORDER_BANK_DETAILS)

    def start_payment(self, *, order) -> PaymentStart:
        return PaymentStart(redirect_url="", reference=order.number)
