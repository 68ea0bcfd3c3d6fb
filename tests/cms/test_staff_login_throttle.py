"""The admin's sign-in refuses after too many failures, per username and per client address,
with the same answer whether or not the user exists."""

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # the messages asserted

LOGIN = "/admin/login/"
REFUSED = "Too many failed sign-in attempts"


@pytest.fixture(autouse=True)
def three_attempts(settings):
    settings.STAFF_LOGIN_ATTEMPTS = 3


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def errors(response):
    return response.context["form"].non_field_errors()


def test_a_username_is_refused_after_its_failures_from_any_address(client, coordinator):
    for n in range(3):
        response = attempt(client, "coordinator", "wrong", address=f"10.0.1.{n}")
        assert response.status_code == 200 and REFUSED not in str(errors(response))
    right = attempt(client, "coordinator", PASSWORD, address="10.0.1.9")
    assert REFUSED in str(errors(right))
    assert "_auth_user_id" not in client.session

    # a username nobody has gets the very same answers
    for n in range(3):
        attempt(client, "nobody", "wrong", address=f"10.0.2.{n}")
    assert errors(attempt(client, "nobody", PASSWORD, address="10.0.2.9")) == errors(right)

    # other users are not affected
    assert attempt(client, "someone", "wrong", address="10.0.3.1").status_code == 200
    assert REFUSED not in str(errors(attempt(client, "someone", "wrong", address="10.0.3.1")))


def test_an_address_is_refused_after_its_failures_for_any_username(client, coordinator):
    for name in ("anna", "bo", "coordinator"):
        attempt(client, name, "wrong", address="10.0.4.1")
    assert REFUSED in str(errors(attempt(client, "coordinator", PASSWORD, address="10.0.4.1")))
    # from elsewhere, the coordinator (one failure so far) signs in, which clears their count
    assert attempt(client, "coordinator", PASSWORD, address="10.0.4.2").status_code == 302
    client.logout()
    for _ in range(2):
        attempt(client, "coordinator", "wrong", address="10.0.4.3")
    assert attempt(client, "coordinator", PASSWORD, address="10.0.4.4").status_code == 302


def test_the_limit_holds_for_its_window_only(client, coordinator, settings):
    from django.core.cache import cache

    for _ in range(3):
        attempt(client, "coordinator", "wrong")
    assert REFUSED in str(errors(attempt(client, "coordinator", PASSWORD)))
    # the window's end is the cache entries' expiry
    cache.clear()
    assert attempt(client, "coordinator", PASSWORD).status_code == 302
