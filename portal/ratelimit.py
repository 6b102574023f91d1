"""The client's IP address behind our proxies, and fixed-window submission counters.

Counters live in Django's cache (``CACHES["default"]``; Redis in production, so every web
process shares them).
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
    the current ``window`` seconds."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    cache_key = f"enquiries:rl:{scope}:{digest}:{int(time.time() // window)}"
    if cache.add(cache_key, 1, timeout=window + 1):
        return 1 > limit
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.add(cache_key, 1, timeout=window + 1)
        count = 1
    return count > limit


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
