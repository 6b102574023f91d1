"""``reverse()`` remembered: the address of a page whose arguments were seen before.

Why: a result list links twelve reports and their categories, and ``reverse()`` costs
about 0.1 ms a call (it rebuilds the candidate path and tests it against the pattern),
a tenth of a cold list page's Python at 100,000 reports (bench/search.py). An address is a
pure function of the view name, its arguments, the URLconf, the script prefix and the
language, so the last three are part of the key, and the memory is cleared whenever Django clears its own
URL caches (a changed ``ROOT_URLCONF`` in tests).
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, override


@functools.lru_cache(maxsize=16384)
def _reverse(viewname: str, kwargs: tuple, urlconf: str | None, prefix: str, language) -> str:
    with override(language):
        return reverse(viewname, kwargs=dict(kwargs), urlconf=urlconf)


def cached_reverse(viewname: str, **kwargs) -> str:
    """``reverse(viewname, kwargs=kwargs)``, remembered for the current URLconf, script
    prefix and language (whose prefix, /ja/ …, the address carries). Arguments must be
    hashable (slugs, codes)."""
    return _reverse(
        viewname,
        tuple(sorted(kwargs.items())),
        get_urlconf(),
        get_script_prefix(),
        get_language(),
    )


@receiver(setting_changed)
def _forget_on_urlconf_change(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
