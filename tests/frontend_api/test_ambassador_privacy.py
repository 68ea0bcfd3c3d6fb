"""Ambassadors' contact details are public only when the ambassador opted in."""

import json

import pytest

from tests.factories import AmbassadorFactory


@pytest.fixture
def ambassadors(community):
    shy = AmbassadorFactory(community=community, email="shy@example.dk", phone="+45 11 11 11 11")
    open_ = AmbassadorFactory(
        community=community,
        email="open@example.dk",
        phone="+45 22 22 22 22",
        contact_public=True,
    )
    community.save_revision().publish()
    return shy, open_


def test_the_page_detail_shows_only_opted_in_contact_details(client, community, ambassadors):
    response = client.get(f"/api/v2/pages/{community.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "shy@example.dk" not in body and "+45 11 11 11 11" not in body
    people = {person["name"]: person for person in json.loads(body)["ambassadors"]}
    shy, open_ = ambassadors
    assert people[shy.name]["public_email"] is None
    assert people[open_.name]["public_email"] == "open@example.dk"
    assert people[open_.name]["public_phone"] == "+45 22 22 22 22"


@pytest.mark.parametrize("fields", ["*", "ambassadors", "ambassadors(*)", "ambassadors(email)"])
def test_no_field_selection_reveals_hidden_contact_details(client, community, ambassadors, fields):
    response = client.get("/api/v2/pages/", {"type": "communities.CommunityPage", "fields": fields})
    assert "shy@example.dk" not in response.content.decode()


def test_an_ambassadors_languages_are_a_list_of_codes(client, community):
    AmbassadorFactory(community=community, languages=["da", "pl"])
    community.save_revision().publish()
    response = client.get(f"/api/v2/communities/{community.pk}/")
    assert [person["languages"] for person in response.json()["ambassadors"]] == [["da", "pl"]]
