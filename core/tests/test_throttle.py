from django.test import RequestFactory

from core.lib.throttle import too_many


def test_each_scope_and_address_has_its_own_count(settings):
    settings.PROXY_COUNT = 0
    first = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    other = RequestFactory().get("/", REMOTE_ADDR="192.0.2.11")
    assert [too_many(first, "test-scope", 2) for _ in range(3)] == [False, False, True]
    assert too_many(first, "another-scope", 2) is False
    assert too_many(other, "test-scope", 2) is False
