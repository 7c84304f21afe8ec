import pytest

from tandem.api.services import token_create


@pytest.fixture(autouse=True)
def _fresh_rate_windows():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def bearer(user, school, *, write=False, days=30) -> dict:
    _row, token = token_create(user=user, school=school, name="test", days=days, can_write=write)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
