"""The API takes no staff passwords: HTTP Basic credentials, right or wrong, change nothing
(a 401 for a wrong one would let anyone try passwords without limit). The admin's session
still authenticates (wagtail-localize's choosers)."""

import base64

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.mark.parametrize("url", ["/api/v2/pages/", "/api/v2/communities/"])
def test_basic_credentials_get_no_different_answer(client, home, url):
    UserFactory(username="staff", is_superuser=True)
    anonymous = client.get(url)
    right = client.get(url, HTTP_AUTHORIZATION=basic("staff", PASSWORD))
    wrong = client.get(url, HTTP_AUTHORIZATION=basic("staff", "wrong"))
    assert anonymous.status_code == right.status_code == wrong.status_code == 200
    assert right.json() == wrong.json() == anonymous.json()
