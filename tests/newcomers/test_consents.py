"""Consents: one purpose at a time, each change a new record with the version and the exact
text shown, withdrawable at any time."""

import hashlib

import pytest

from guide.models import Municipality
from newcomers import consents
from newcomers.consent_texts import TEXTS
from newcomers.models import Account, ConsentRecord
from tests.newcomers.helpers import sign_in

pytestmark = pytest.mark.django_db

PURPOSES = ["ambassador_contact", "community_invitations", "meetup_visibility", "mentor_matching"]


def give(client, auth, purpose, given=True):
    return client.post(
        "/api/v2/me/consents/",
        {"purpose": purpose, "given": given},
        content_type="application/json",
        **auth,
    )


def states(client, auth):
    response = client.get("/api/v2/me/consents/", **auth)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return {item["purpose"]: item for item in response.json()["items"]}


def test_nothing_is_given_until_asked(client, home):
    auth = sign_in(client)
    found = states(client, auth)
    assert list(found) == PURPOSES
    assert not any(state["given"] for state in found.values())
    assert all(state["recorded_at"] is None for state in found.values())
    municipality = Municipality.objects.get(site=home.get_site())
    assert municipality.name in found["ambassador_contact"]["text"]
    assert found["mentor_matching"]["text_version"] == TEXTS["mentor_matching"][0]


def test_a_consent_is_recorded_with_its_text_and_withdrawn_by_another_record(client, home):
    auth = sign_in(client, language="en")
    response = give(client, auth, "ambassador_contact")
    assert response.status_code == 201
    state = response.json()
    assert state["given"] is True
    record = ConsentRecord.objects.get()
    assert (record.purpose, record.given, record.source) == ("ambassador_contact", True, "api")
    assert record.text_version == TEXTS["ambassador_contact"][0]
    assert record.text_language == "en"
    assert record.text_sha256 == hashlib.sha256(state["text"].encode()).hexdigest()
    now = states(client, auth)["ambassador_contact"]
    assert (now["given"], now["recorded_version"]) == (True, record.text_version)
    assert states(client, auth)["community_invitations"]["given"] is False  # one purpose each

    assert give(client, auth, "ambassador_contact", given=False).status_code == 201
    assert states(client, auth)["ambassador_contact"]["given"] is False
    history = ConsentRecord.objects.order_by("recorded_at", "pk")
    assert [r.given for r in history] == [True, False]  # nothing overwritten


def test_the_text_is_in_the_accounts_language(client, home):
    english = sign_in(client, email="en@example.com", language="en")
    german = sign_in(client, email="de@example.com", language="de")
    give(client, german, "meetup_visibility")
    assert ConsentRecord.objects.get().text_language == "de"
    assert (
        states(client, english)["meetup_visibility"]["text_version"]
        == states(client, german)["meetup_visibility"]["text_version"]
    )


def test_the_text_is_in_the_language_the_page_asks_for(client, home):
    """(The website asks in the page's language, which may not be the account's.)"""
    auth = sign_in(client, language="en")
    name = Municipality.objects.get(site=home.get_site()).name
    english = consents.text("mentor_matching", "en", name)[1]
    german = consents.text("mentor_matching", "de", name)[1]
    assert english != german
    assert states(client, auth)["mentor_matching"]["text"] == english
    asked = client.get("/api/v2/me/consents/", {"locale": "de"}, **auth).json()["items"]
    assert next(i for i in asked if i["purpose"] == "mentor_matching")["text"] == german
    response = client.post(
        "/api/v2/me/consents/?locale=de",
        {"purpose": "mentor_matching", "given": True},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="de",
        **auth,
    )
    assert response.status_code == 201 and response.json()["text"] == german
    record = ConsentRecord.objects.get()
    assert record.text_language == "de"
    assert record.text_sha256 == hashlib.sha256(german.encode()).hexdigest()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"purpose": "marketing", "given": True}, "purpose"),
        ({"purpose": "mentor_matching", "given": "perhaps"}, "given"),
        ({"purpose": "mentor_matching"}, "given"),
        ({"purpose": "mentor_matching", "given": True, "version": "9"}, "version"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, home, body, field):
    auth = sign_in(client)
    response = client.post("/api/v2/me/consents/", body, content_type="application/json", **auth)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not ConsentRecord.objects.exists()


def test_consents_need_a_session(client, home):
    response = client.post(
        "/api/v2/me/consents/",
        {"purpose": "mentor_matching", "given": True},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not ConsentRecord.objects.exists()


def test_the_accounts_consenting_to_a_purpose_are_those_whose_latest_record_gives_it(client, home):
    ana = sign_in(client, email="ana@example.com")
    bo = sign_in(client, email="bo@example.com")
    sign_in(client, email="cy@example.com")  # never asked
    give(client, ana, "ambassador_contact")
    give(client, bo, "ambassador_contact")
    give(client, bo, "ambassador_contact", given=False)
    give(client, bo, "mentor_matching")
    consenting = Account.objects.consenting("ambassador_contact")
    assert list(consenting.values_list("email", flat=True)) == ["ana@example.com"]
    assert Account.objects.consenting("mentor_matching").get().email == "bo@example.com"
