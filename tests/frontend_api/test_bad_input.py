"""Bad input is a 400 that names the parameter and the allowed values; never a 500."""

from datetime import UTC, datetime

import pytest
from wagtail.models import Page

ENDPOINTS = ["/api/v2/pages/", "/api/v2/communities/", "/api/v2/images/", "/api/v2/documents/"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    "params, parameter, allowed",
    [
        ({"fields": "no_such_field"}, "fields", "title"),
        ({"limit": "101"}, "limit", "0-100"),
        ({"limit": "-1"}, "limit", "0-100"),
        ({"offset": "x"}, "offset", None),
        ({"locale": "fr"}, "locale", "da"),
        ({"origin": "mars"}, "origin", "abroad"),
        ({"order": "no_such_field"}, "order", "random"),
        ({"children": "maybe"}, "children", "1"),
        ({"fallback": "perhaps"}, "fallback", "0"),
        ({"no_such_parameter": "1"}, "no_such_parameter", "limit"),
    ],
)
def test_bad_input_names_the_parameter_and_what_it_allows(
    client, home, endpoint, params, parameter, allowed
):
    response = client.get(endpoint, params)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert body["message"]
    if allowed is not None:
        assert allowed in body["allowed"]


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"type": "nowhere.Nothing"}, "type"),
        ({"child_of": "abc"}, "child_of"),
        ({"child_of": "999999"}, "child_of"),
        ({"descendant_of": "-3"}, "descendant_of"),
        ({"translation_of": "x"}, "translation_of"),
        ({"order": "random,title"}, "order"),
        # a moment no database takes: PostgreSQL's offsets end at ±15:59
        ({"first_published_at": "0810-09-13T02:01:52.81+19:19"}, "first_published_at"),
        ({"last_published_at": "yesterday"}, "last_published_at"),
    ],
)
def test_page_filters_name_the_parameter(client, home, params, parameter):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_a_moment_filter_still_finds_its_pages(client, home):
    Page.objects.filter(pk=home.pk).update(
        first_published_at=datetime(2026, 1, 2, 2, 4, 5, tzinfo=UTC)
    )
    moment = "2026-01-02T03:04:05+01:00"
    found = client.get("/api/v2/pages/", {"first_published_at": moment}).json()["items"]
    assert [item["id"] for item in found] == [home.pk]


def test_an_unknown_page_is_a_404_with_a_message(client, home):
    response = client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert response.json() == {"message": "No Page matches the given query."}
