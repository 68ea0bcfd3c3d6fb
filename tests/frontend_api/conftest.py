import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so a cached response never crosses tests."""
    cache.clear()
    yield
    cache.clear()


def items(response):
    assert response.status_code == 200, response.content[:500]
    return response.json()["items"]
