"""Filters and tags for the catalogue pages.

Rich text is re-sanitised at render time (``sanitized_html``) because a row written with
``QuerySet.update`` or raw SQL skips the models' ``save()`` sanitising.
"""

import json
from decimal import Decimal

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from reports.figures import format_amount
from reports.html import sanitize_html
from reports.models import Report
from reports.search.index import request_search_generation
from reports.selectors import nav_categories

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def sanitized_html(value: str) -> SafeString:
    """The allow-listed HTML of ``value``, safe to output unescaped."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 - sanitised just above


@register.filter
def amount(value: Decimal | None, report: Report) -> str:
    """A figure in the report's currency and unit, e.g. ``USD 2.5 billion``."""
    if value is None:
        return ""
    return format_amount(value, currency=report.currency, unit=report.get_unit_display())


def _number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


@register.filter
def price(value: Decimal, currency: str) -> str:
    """``USD 3,500`` or ``USD 3,500.50``: cents only when there are some."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"{currency} {int(value):,}"
    return f"{currency} {value:,.2f}"


@register.filter
def percent(value: Decimal | None) -> str:
    """``40%`` or ``12.5%``; empty for an unknown share."""
    if value is None:
        return ""
    return f"{_number(Decimal(value))}%"


@register.filter
def web_url(value: str) -> str:
    """``value`` if it is an http(s) URL, else empty: a stored URL never becomes a
    ``javascript:`` link."""
    value = (value or "").strip()
    return value if value.lower().startswith(("https://", "http://")) else ""


@register.filter
def ld_json(value: dict) -> SafeString:
    """A ``<script type="application/ld+json">`` block with <, > and & escaped as in
    Django's ``json_script``, so no string in the data can close the element."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def site_nav_categories(context) -> list:
    request = context.get("request")
    generation = request_search_generation(request) if request is not None else None
    return nav_categories(generation=generation)


@register.simple_tag
def sales_email() -> str:
    return settings.SALES_EMAIL
