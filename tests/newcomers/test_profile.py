"""The newcomer's profile under /api/v2/me/: written whole, every bad field a 400 naming it,
and never served from a cache."""

import pytest

from communities.models import CommunityPage
from newcomers.models import NewcomerProfile
from tests.newcomers.helpers import AABENRAA, sign_in

pytestmark = pytest.mark.django_db


def profile(page, **changes):
    return {
        "first_name": "Ana",
        "language": "en",
        "moved_from_country": "pt",
        "household": ["children", "partner"],
        "community": page.id,
        "community_status": "considers",
        "interests": ["culture", "nature"],
        "moving_date": "2027-03-01",
        **changes,
    }


def copy(page, language):
    return CommunityPage.objects.get(
        translation_key=page.translation_key, locale__language_code=language
    )


def put(client, auth, body):
    return client.put("/api/v2/me/", body, content_type="application/json", **auth)


def test_a_new_account_has_an_empty_profile(client, home):
    auth = sign_in(client)
    body = client.get("/api/v2/me/", **auth).json()
    assert body == {
        "email": "ana@example.com",
        "first_name": "",
        "language": "en",
        "moved_from_country": "",
        "household": [],
        "community": None,
        "community_status": "",
        "interests": [],
        "moving_date": None,
    }


def test_the_profile_is_written_and_read_back(client, community):
    auth = sign_in(client)
    response = put(client, auth, profile(community, language="de"))
    assert response.status_code == 200, response.content
    stored = NewcomerProfile.objects.get()
    assert stored.moved_from_country == "PT"
    assert stored.community_key == community.translation_key
    assert stored.account.language == "de"
    body = client.get("/api/v2/me/", **auth).json()
    assert body["interests"] == ["culture", "nature"]
    assert body["community"] == copy(community, "de").id
    assert body["moving_date"] == "2027-03-01"


def test_a_community_chosen_in_one_language_is_answered_in_the_newcomers(client, community):
    """The profile keeps the community, not a copy: chosen from the English listing, it is
    answered as the German copy once the newcomer prefers German."""
    english, german = copy(community, "en"), copy(community, "de")
    auth = sign_in(client)
    assert put(client, auth, profile(english, language="en")).json()["community"] == english.id
    assert put(client, auth, profile(english, language="de")).json()["community"] == german.id


@pytest.mark.parametrize(
    "field, value",
    [
        ("interests", ["culture", "knitting"]),
        ("household", ["pets"]),
        ("moved_from_country", "XX"),
        ("moved_from_country", "Portugal"),
        ("language", "fr"),
        ("moving_date", "next spring"),
        ("community_status", "visits"),
        ("community", "Nordborg"),
        ("community", 999999),
        ("first_name", "A" * 101),
        ("email", "someone@else.dk"),
        ("nickname", "x"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, community, field, value):
    auth = sign_in(client)
    response = put(client, auth, profile(community, **{field: value}))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field], response.json()
    assert not NewcomerProfile.objects.exists()


def test_a_missing_field_is_named(client, community):
    auth = sign_in(client)
    body = profile(community)
    del body["moving_date"]
    response = put(client, auth, body)
    assert list(response.json()["errors"]) == ["moving_date"]


def test_a_community_needs_its_status_and_the_other_way_round(client, community):
    auth = sign_in(client)
    response = put(client, auth, profile(community, community_status=""))
    assert list(response.json()["errors"]) == ["community_status"]
    response = put(client, auth, profile(community, community=None))
    assert list(response.json()["errors"]) == ["community"]
    response = put(client, auth, profile(community, community=None, community_status=""))
    assert response.status_code == 200


def test_a_community_of_another_municipality_is_refused(client, community, aabenraa):
    auth = sign_in(client, host=AABENRAA)
    response = put(client, auth, profile(community))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["community"]


def test_the_body_must_be_an_object(client, home):
    auth = sign_in(client)
    response = client.put("/api/v2/me/", "[1]", content_type="application/json", **auth)
    assert response.status_code == 400


def test_personal_answers_are_never_cached(client, community):
    auth = sign_in(client)
    first = client.get("/api/v2/me/", **auth)
    assert first["Cache-Control"] == "private, no-store"
    assert "Authorization" in first["Vary"]
    put(client, auth, profile(community, first_name="Ana"))
    assert client.get("/api/v2/me/", **auth).json()["first_name"] == "Ana"
    put(client, auth, profile(community, first_name="Anna"))
    second = client.get("/api/v2/me/", **auth)
    assert second.json()["first_name"] == "Anna"
    assert not second.has_header("ETag")


def test_one_newcomer_never_sees_another(client, community):
    ana = sign_in(client, email="ana@example.com")
    bo = sign_in(client, email="bo@example.com")
    put(client, ana, profile(community, first_name="Ana"))
    assert client.get("/api/v2/me/", **bo).json()["first_name"] == ""
    assert client.get("/api/v2/me/", **ana).json()["first_name"] == "Ana"
