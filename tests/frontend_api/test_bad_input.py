"""Bad input is a 400 that names the parameter and the allowed values; never a 500."""

import pytest

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
    ],
)
def test_page_filters_name_the_parameter(client, home, params, parameter):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_an_unknown_page_is_a_404_with_a_message(client, home):
    response = client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert response.json() == {"message": "No Page matches the given query."}
