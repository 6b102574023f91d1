"""Card payments through Stripe Checkout (hosted payment page) and Stripe's webhook.

``create_checkout_session`` is the only call to Stripe's servers, made with the ``stripe``
SDK's ``StripeClient`` at ``settings.STRIPE_API_BASE``: Stripe's own address, or in tests
the stand-in server of ``tests/support/stripe_api.py``. The webhook signature is checked
here rather than with ``stripe.Webhook.construct_event`` because that function decodes the
body as UTF-8 first (a body that is not UTF-8 raises ``UnicodeDecodeError``, not a
signature error), accepts timestamps from any distance in the future, and knows one secret
only; this check works on the raw bytes, bounds the clock skew both ways, and accepts any
configured secret, so a secret can be rolled with both the old and the new one set.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.site import absolute_url

from .base import EventResult, PaymentProvider, PaymentStart, ProviderError, SignatureError

logger = logging.getLogger(__name__)

ZERO_DECIMAL_CURRENCIES = frozenset(
    "BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split()
)
PAID_SESSION_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}


def minor_units(amount: Decimal, currency: str) -> int:
    """``Decimal("3500.00"), "USD"`` → 350000: the integer amount Stripe works in."""
    if currency.upper() in ZERO_DECIMAL_CURRENCIES:
        return int(amount.quantize(Decimal("1")))
    return int((amount * 100).quantize(Decimal("1")))


def verify_signature(
    *, payload: bytes, header: str | None, secrets: list[str], tolerance: int, now: float
) -> int:
    """Check a ``Stripe-Signature`` header (``t=<unix time>,v1=<hex>,v1=<hex>…``) against the
    raw body; return its timestamp.

    The expected signature is HMAC-SHA256, keyed by an endpoint secret, of
    ``b"<t>." + payload``. Any ``v1`` entry matching any configured secret passes (Stripe
    sends one per active secret while a secret is rolled); entries of other schemes (``v0``)
    are ignored. Comparisons are constant-time. A timestamp more than ``tolerance`` seconds
    away from ``now`` fails, so a captured delivery cannot be replayed later.
    """
    if not header:
        raise SignatureError("missing Stripe-Signature header")
    if not secrets:
        raise SignatureError("no webhook secret configured")
    timestamp: int | None = None
    signatures: list[bytes] = []
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise SignatureError("malformed timestamp") from None
        elif key == "v1" and value:
            signatures.append(value.encode("ascii", "replace"))
    if timestamp is None or not signatures:
        raise SignatureError("no timestamp or no v1 signature")
    signed = str(timestamp).encode("ascii") + b"." + payload
    expected = [
        hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest().encode("ascii")
        for secret in secrets
    ]
    matched = False
    for candidate in signatures:
        for digest in expected:
            matched |= hmac.compare_digest(digest, candidate)
    if not matched:
        raise SignatureError("no matching signature")
    if abs(now - timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance")
    return timestamp


class StripeCheckoutProvider(PaymentProvider):
    identifier = "stripe"
    display_name = _("Card (Stripe Checkout)")
    description = _("Pay by card on Stripe's secure payment page; the report follows at once.")

    def is_enabled(self) -> bool:
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRETS)

    def create_checkout_session(self, *, params: dict, idempotency_key: str):
        """The call to Stripe's servers: create a Checkout Session, return it (``id``,
        ``url``).

        The SDK retries a connection error once under the same idempotency key, so a
        request that reached Stripe before the connection broke does not open a second
        session. ``client.v1`` needs stripe 12.5 or later.
        """
        import stripe

        client = stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            max_network_retries=1,
            base_addresses={"api": settings.STRIPE_API_BASE},
        )
        return client.v1.checkout.sessions.create(
            params=params, options={"idempotency_key": idempotency_key}
        )

    def checkout_params(self, *, order) -> dict:
        order_page = absolute_url(order.get_absolute_url())
        metadata = {"order_id": str(order.pk), "order_number": order.number}
        return {
            "mode": "payment",
            "client_reference_id": order.number,
            "customer_email": order.email,
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": order.currency.lower(),
                        "unit_amount": minor_units(order.total_amount, order.currency),
                        "product_data": {
                            # Translators: The product name on Stripe's payment page.
                            "name": gettext("%(title)s – %(tier)s licence")
                            % {"title": order.report_title, "tier": order.licence_tier_label},
                            # Translators: The product description on Stripe's payment page.
                            "description": gettext("Report %(code)s, order %(number)s")
                            % {"code": order.report_code, "number": order.number},
                        },
                    },
                }
            ],
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "success_url": f"{order_page}?payment=done",
            "cancel_url": f"{order_page}?payment=cancelled",
        }

    def start_payment(self, *, order) -> PaymentStart:
        """Any failure is a ``ProviderError``: the buyer is told and the order stays
        pending. Stripe unreachable or failing on its side (connection, 5xx, rate limit) is
        logged as a warning; anything else (a refused request or key, an SDK without the
        API called) is a fault of ours and is logged as an error with its traceback, so it
        is not taken for a passing outage."""
        import stripe

        try:
            session = self.create_checkout_session(
                params=self.checkout_params(order=order),
                idempotency_key=f"order-{order.pk}-{order.number}-{order.updated_at.timestamp()}",
            )
        except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as exc:
            logger.warning("Stripe Checkout for order %s failed: %s", order.number, exc)
            raise ProviderError("The card payment page could not be opened.") from exc
        except Exception as exc:
            logger.exception("Stripe Checkout for order %s was refused or not sent", order.number)
            raise ProviderError("The card payment page could not be opened.") from exc
        return PaymentStart(redirect_url=session["url"], reference=session["id"])

    def handle_event(self, *, payload: bytes, headers: Mapping[str, str]) -> EventResult:
        verify_signature(
            payload=payload,
            header=headers.get("Stripe-Signature"),
            secrets=list(settings.STRIPE_WEBHOOK_SECRETS),
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE,
            now=time.time(),
        )
        try:
            event = json.loads(payload)
            event_id, event_type = str(event["id"]), str(event["type"])
            obj = event["data"]["object"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError("signed body is not a Stripe event") from exc
        from orders.models import ProviderEvent

        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = ProviderEvent.objects.create(
                        provider=self.identifier, event_id=event_id, event_type=event_type
                    )
            except IntegrityError:
                return EventResult(event_id, event_type, duplicate=True, outcome="duplicate")
            order, outcome = self._apply(event_id, event_type, obj)
            record.order = order
            record.outcome = outcome[:200]
            record.save(update_fields=["order", "outcome"])
        return EventResult(event_id, event_type, duplicate=False, outcome=outcome)

    def _order_for(self, obj: Mapping):
        from orders.models import Order

        metadata = obj.get("metadata") or {}
        order_id = str(metadata.get("order_id") or "")
        if order_id.isdigit():
            order = Order.objects.filter(pk=int(order_id), provider=self.identifier).first()
            if order is not None:
                return order
        number = obj.get("client_reference_id")
        if number:
            order = Order.objects.filter(number=number, provider=self.identifier).first()
            if order is not None:
                return order
        payment_id = obj.get("payment_intent")
        if payment_id:
            return Order.objects.filter(
                provider_payment_id=payment_id, provider=self.identifier
            ).first()
        return None

    def _apply(self, event_id: str, event_type: str, obj: Mapping):
        from orders import services

        actor = f"stripe: {event_id}"
        order = self._order_for(obj) if isinstance(obj, Mapping) else None
        if event_type in PAID_SESSION_EVENTS:
            if order is None:
                return None, "no matching order"
            if obj.get("payment_status") != "paid":
                return order, f"session {obj.get('payment_status')}, not paid yet"
            amount, currency = obj.get("amount_total"), str(obj.get("currency") or "").upper()
            if amount != minor_units(order.total_amount, order.currency) or currency != (
                order.currency
            ):
                logger.error("Stripe amount mismatch on order %s: %s %s", order, amount, currency)
                return order, f"amount mismatch: {amount} {currency}"
            moved = services.order_mark_paid(
                order=order, actor_label=actor, payment_id=str(obj.get("payment_intent") or "")
            )
            return order, "paid" if moved else f"not paid: order was {order.status}"
        if event_type == "checkout.session.expired":
            if order is None:
                return None, "no matching order"
            moved = services.order_cancel(
                order=order, actor_label=actor, note="Checkout session expired."
            )
            return order, "cancelled" if moved else "ignored"
        if event_type == "charge.refunded":
            if order is None:
                return None, "no matching order"
            if not obj.get("refunded"):
                return order, "partial refund: access kept"
            moved = services.order_refund(
                order=order, actor_label=actor, note="Refunded in Stripe."
            )
            return order, "refunded" if moved else "ignored"
        return order, "ignored event type"
