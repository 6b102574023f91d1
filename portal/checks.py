"""Checks of a deployment's settings that must stop it from serving, not from building.

The production settings require a cache shared by every web process
(``REQUIRE_SHARED_CACHE``): each gunicorn worker would otherwise count submissions and
cache pages on its own, so a limit of 10 would let 10 × workers × machines through. The
requirement is a system check (``manage.py check`` and ``migrate`` report it) and is
enforced when the WSGI/ASGI application starts; it is not raised while the settings load,
so build steps that never touch the cache (``collectstatic`` in the Docker image) run
without one.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
SHARED_CACHE_MESSAGE = (
    "CACHE_URL must name a cache shared by every web process in production, "
    "e.g. CACHE_URL=redis://redis:6379/1."
)


@register(Tags.caches)
def shared_cache_check(app_configs=None, **kwargs) -> list[Error]:
    if getattr(settings, "REQUIRE_SHARED_CACHE", False) and (
        settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES
    ):
        return [Error(SHARED_CACHE_MESSAGE, id="portal.E001")]
    return []


def require_shared_cache() -> None:
    """Refuse to serve (``ImproperlyConfigured``) where ``shared_cache_check`` fails."""
    if shared_cache_check():
        raise ImproperlyConfigured(SHARED_CACHE_MESSAGE)
