"""The payment-provider interface and the registry built from settings.

Providers are the classes listed (as dotted paths) in ``settings.ORDER_PAYMENT_PROVIDERS``,
in the order the checkout offers them; nothing is discovered by signals or imports. An
order records the ``identifier`` of the provider chosen at checkout and keeps it.

Contracts every provider honours:

- ``is_enabled()`` reads settings only (no network): a provider whose credentials are unset
  is disabled, is not offered at checkout, and its webhook answers 404.
- ``start_payment(order=...)`` is called once the order is committed, outside any
  transaction, and may be called again for the same order (the visitor retries). It returns
  a ``PaymentStart``; it never changes the order's status. It raises ``ProviderError`` when
  the provider cannot be reached or refuses, and the order stays pending. Each attempt
  stamps ``order.updated_at`` (``orders.services.order_start_payment``), so an idempotency
  key derived from it is shared by the duplicates of one attempt and never by the retry
  that follows a failure.
- ``handle_event(payload=..., headers=...)`` receives a provider's HTTP callback with the
  raw body. It authenticates it before reading it (``SignatureError`` otherwise), records the
  event id once (``ProviderEvent``) in the same transaction as its effect, and moves orders
  only through ``orders.services`` with their conditional transitions, so a duplicated,
  replayed, late or out-of-order event never pays or fulfils twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from orders.models import Order


class ProviderError(Exception):
    """The provider could not start the payment (unreachable, refused, misconfigured)."""


class SignatureError(Exception):
    """A callback's authenticity could not be established; nothing was read from it."""


class UnsupportedEvent(Exception):
    """The provider takes no HTTP callbacks."""


@dataclass(frozen=True)
class PaymentStart:
    """What the buyer does next: go to ``redirect_url`` (a hosted payment page), or, when it
    is empty, read the instructions on the order page (bank transfer). ``reference`` is the
    provider's id for this attempt, stored on the order."""

    redirect_url: str = ""
    reference: str = ""


@dataclass(frozen=True)
class EventResult:
    """``duplicate``: the event id had been seen before and nothing was done.
    ``outcome``: a short note of what the event did, stored with the event id."""

    event_id: str
    event_type: str
    duplicate: bool
    outcome: str


class PaymentProvider:
    identifier: str = ""
    display_name: str = ""
    description: str = ""

    def is_enabled(self) -> bool:
        raise NotImplementedError

    def start_payment(self, *, order: Order) -> PaymentStart:
        raise NotImplementedError

    def handle_event(self, *, payload: bytes, headers: Mapping[str, str]) -> EventResult:
        raise UnsupportedEvent(self.identifier)


@cache
def _load(path: str) -> PaymentProvider:
    provider = import_string(path)()
    if not provider.identifier:
        raise ValueError(f"{path} has no identifier")
    return provider


def all_providers() -> list[PaymentProvider]:
    return [_load(path) for path in settings.ORDER_PAYMENT_PROVIDERS]


def enabled_providers() -> list[PaymentProvider]:
    return [provider for provider in all_providers() if provider.is_enabled()]


def get_provider(identifier: str, *, enabled_only: bool = True) -> PaymentProvider | None:
    for provider in all_providers():
        if provider.identifier == identifier:
            if enabled_only and not provider.is_enabled():
                return None
            return provider
    return None
