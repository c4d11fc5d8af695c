import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The per-address and per-account counters of earlier tests live in the cache."""
    cache.clear()
    yield
    cache.clear()
