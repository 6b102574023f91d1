"""Payment providers: the interface (``base``) and the providers listed in
``settings.ORDER_PAYMENT_PROVIDERS``."""

from .base import (
    EventResult,
    PaymentProvider,
    PaymentStart,
    ProviderError,
    SignatureError,
    enabled_providers,
    get_provider,
)

__all__ = [
    "EventResult",
    "PaymentProvider",
    "PaymentStart",
    "ProviderError",
    "SignatureError",
    "enabled_providers",
    "get_provider",
]
