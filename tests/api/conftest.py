import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle and rate-limit counters live in the cache: every test starts at zero."""
    cache.clear()
    yield
    cache.clear()
