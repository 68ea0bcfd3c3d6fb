"""The API takes no staff passwords: HTTP Basic credentials, right or wrong, change nothing
(a 401 for a wrong one would let anyone try passwords without limit)."""

import base64

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.mark.parametrize("password", ["wrong", "right"])
def test_basic_credentials_are_ignored(client, home, password):
    UserFactory(username="editor", password="right", is_superuser=True)
    anonymous = client.get("/api/v2/pages/")
    response = client.get("/api/v2/pages/", HTTP_AUTHORIZATION=basic("editor", password))
    assert response.status_code == 200
    assert response.json() == anonymous.json()
