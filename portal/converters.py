"""Path converters for the secrets in our addresses: ``<order_token:token>`` and
``<link_token:token>``.

A segment that cannot be such a secret does not match, so the resolver answers 404 before
any view runs: no query sees it (PostgreSQL answers a NUL in a string literal with an
error, not an empty result) and no page echoes it back. The patterns live beside the code
that makes the tokens (``orders.models``, ``portal.signed_links``). The URL modules that
use them import this one, which registers them once.
"""

from django.urls import register_converter
from django.urls.converters import StringConverter

from orders.models import ORDER_TOKEN_PATTERN
from portal.signed_links import LINK_TOKEN_PATTERN


class OrderTokenConverter(StringConverter):
    regex = ORDER_TOKEN_PATTERN


class LinkTokenConverter(StringConverter):
    regex = LINK_TOKEN_PATTERN


register_converter(OrderTokenConverter, "order_token")
register_converter(LinkTokenConverter, "link_token")
