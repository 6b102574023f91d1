"""The client's IP address behind our proxies, and fixed-window submission counters.

Counters live in Django's cache (``CACHES["default"]``; Redis in production, so every web
process shares them). A limit never stands between a visitor and a stored request: while
the cache cannot be reached the check is skipped (fails open), logged and counted in
``portal_rate_limits_unchecked_total``, since losing a genuine buyer's request costs more
than a few unlimited submissions during an outage.
"""

import hashlib
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.metrics import RATE_LIMITS_UNCHECKED

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The address of whoever connected to our outermost proxy.

    With ``TRUSTED_PROXY_COUNT`` proxies in front, each appends the address it saw to
    ``X-Forwarded-For``; the entry ``TRUSTED_PROXY_COUNT`` places from the right is the one
    our first proxy wrote. Entries left of it come from the client and are ignored, so a
    forged header cannot change the address. Without proxies, ``REMOTE_ADDR``.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def over_limit(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one hit for ``key`` in ``scope``; True once more than ``limit`` hits fell in
    the current ``window`` seconds. False, with a warning, when the counters cannot be
    reached."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    cache_key = f"enquiries:rl:{scope}:{digest}:{int(time.time() // window)}"
    try:
        count = _count_hit(cache_key, timeout=window + 1)
    except Exception as error:
        count = None
        logger.warning("Rate limit %s not checked: %s: %s", scope, type(error).__name__, error)
    else:
        if count is None:
            logger.warning("Rate limit %s not checked: the cache cannot be reached", scope)
    if count is None:
        RATE_LIMITS_UNCHECKED.labels(scope=scope).inc()
        return False
    return count > limit


def _count_hit(cache_key: str, *, timeout: int) -> int | None:
    """The hit count after this hit, or None when the cache answered nothing (django-redis
    returns None from an operation it could not carry out)."""
    added = cache.add(cache_key, 1, timeout=timeout)
    if added is None:
        return None
    if added:
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:
        return None if cache.add(cache_key, 1, timeout=timeout) is None else 1


def rate_limited_response(request: HttpRequest, report) -> HttpResponse:
    """The 429 page a visitor sees over a submission limit, with ``Retry-After``."""
    response = render(
        request,
        "enquiries/rate_limited.html",
        {"report": report, "retry_minutes": max(1, settings.ENQUIRY_RATE_LIMIT_WINDOW // 60)},
        status=429,
    )
    response["Retry-After"] = str(settings.ENQUIRY_RATE_LIMIT_WINDOW)
    return response
