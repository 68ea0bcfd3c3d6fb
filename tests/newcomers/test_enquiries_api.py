"""Questions to the municipality through the API: stored, routed to the right contact, who
is told; a bad field is a 400 naming it with nothing stored; a client that asks too often is
held back; a signed-in newcomer sees their own enquiries and no one else's."""

import pytest
from django.core import mail

from newcomers import enquiries
from newcomers.models import Account, Enquiry
from tests.guide.factories import ContactFactory
from tests.newcomers.enquiry_helpers import ENQUIRIES, ask, contacts, question
from tests.newcomers.helpers import AABENRAA, sign_in

pytestmark = pytest.mark.django_db


def test_a_question_is_stored_routed_and_its_contact_told(client, home):
    people = contacts(home.get_site())
    response = ask(client)
    assert response.status_code == 201
    receipt = response.json()
    assert set(receipt) == {"message", "topic", "language", "received_at"}  # no id
    assert response["Cache-Control"] == "private, no-store"
    enquiry = Enquiry.objects.get()
    assert (enquiry.topic, enquiry.language, enquiry.status) == ("housing", "en", "assigned")
    assert enquiry.contact == people["housing_en"]
    assert enquiry.account is None
    [notice] = mail.outbox
    assert notice.to == ["housing@example.dk"]
    assert f"/admin/enquiries/{enquiry.pk}/" in notice.body
    assert enquiry.message not in notice.body  # the question stays in the admin
    assert "ana@example.com" not in notice.body


def test_the_routing_rule(home, aabenraa):
    site = home.get_site()
    assert enquiries.route(site, "housing", "en") is None  # no contacts: the coordinators
    people = contacts(site)
    ContactFactory(site=aabenraa.site, email="x@example.dk", topics=["school"], sort_order=0)
    ContactFactory(site=site, email="", topics=["school"], languages=["en"])  # no address
    assert enquiries.route(site, "housing", "en") == people["housing_en"]  # topic and language
    assert enquiries.route(site, "housing", "da") == people["housing_da"]  # the first in order
    assert enquiries.route(site, "tax", "de") == people["housing_en"]  # the topic, any language
    assert enquiries.route(site, "school", "en") == people["general"]  # the general contact
    assert enquiries.route(aabenraa.site, "housing", "en") is None  # never another's


def test_without_a_contact_the_coordinators_are_told(client, home, coordinator):
    coordinator.email = "koordinator@example.dk"
    coordinator.save()
    assert ask(client).status_code == 201
    assert Enquiry.objects.get().status == "new"
    assert [m.to for m in mail.outbox] == [["koordinator@example.dk"]]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"topic": "weather"}, "topic"),
        ({"language": "fr"}, "language"),
        ({"message": ""}, "message"),
        ({"message": "x" * 5001}, "message"),
        ({"email": "nope"}, "email"),
        ({"name": "x" * 101}, "name"),
        ({"id": 3}, "id"),
    ],
)
def test_a_bad_field_is_named_and_nothing_stored(client, home, changes, field):
    response = ask(client, **changes)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


def test_a_client_that_asks_too_often_is_held_back(client, home, settings):
    settings.ENQUIRY_RATE = "2/hour"
    assert [ask(client).status_code for _ in range(3)] == [201, 201, 429]
    assert Enquiry.objects.count() == 2
    held = ask(client, extra={"REMOTE_ADDR": "127.0.0.1"})
    assert held.status_code == 429 and int(held["Retry-After"]) > 0
    assert ask(client, extra={"REMOTE_ADDR": "10.0.0.9"}).status_code == 201  # another client


def test_a_newcomer_sees_their_own_enquiries_and_no_one_elses(
    client, home, aabenraa, django_assert_num_queries
):
    contacts(home.get_site())
    ana = sign_in(client, email="ana@example.com")
    ben = sign_in(client, email="ben@example.com")
    assert ask(client, extra=ana, message="Ana's first").status_code == 201
    assert ask(client, extra=ana, message="Ana's second").status_code == 201
    assert ask(client, extra=ben, message="Ben's").status_code == 201
    assert ask(client, message="Anonymous").status_code == 201
    anas = Enquiry.objects.filter(account=Account.objects.get(email="ana@example.com"))
    assert anas.count() == 2
    enquiries.answer(anas.get(message="Ana's first"), "Try the housing office.", user=None)

    with django_assert_num_queries(4):  # the site, the session, the enquiries, their answers
        response = client.get("/api/v2/me/enquiries/", **ana)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    items = response.json()["items"]
    assert [item["message"] for item in items] == ["Ana's second", "Ana's first"]
    assert items[1]["status"] == "answered"
    assert [a["text"] for a in items[1]["answers"]] == ["Try the housing office."]

    bens = Enquiry.objects.get(message="Ben's")
    anonymous = Enquiry.objects.get(message="Anonymous")
    mine = client.get(f"/api/v2/me/enquiries/{items[0]['id']}/", **ana)
    assert mine.json()["message"] == "Ana's second"
    for other in (bens, anonymous):
        assert client.get(f"/api/v2/me/enquiries/{other.pk}/", **ana).status_code == 404
    assert client.get("/api/v2/me/enquiries/").status_code == 401
    assert client.get("/api/v2/me/enquiries/abc/", **ana).json()["parameter"] == "id"

    # the same address at another municipality is another account, with none of these
    elsewhere = sign_in(client, email="ana@example.com", host=AABENRAA)
    assert client.get("/api/v2/me/enquiries/", **elsewhere).json()["items"] == []
    for enquiry in anas:
        assert client.get(f"/api/v2/me/enquiries/{enquiry.pk}/", **elsewhere).status_code == 404
    # and Ana's session is no session there
    assert client.get("/api/v2/me/enquiries/", **{**ana, "HTTP_HOST": AABENRAA}).status_code == 401


def test_an_enquiry_at_another_municipality_goes_to_its_own_contact(client, home, aabenraa):
    contacts(home.get_site())
    theirs = ContactFactory(site=aabenraa.site, email="aabenraa@example.dk", topics=["housing"])
    assert ask(client, host=AABENRAA).status_code == 201
    enquiry = Enquiry.objects.get()
    assert (enquiry.site, enquiry.contact) == (aabenraa.site, theirs)
    assert [m.to for m in mail.outbox] == [["aabenraa@example.dk"]]


def test_an_ended_session_is_refused_not_ignored(client, home):
    response = client.post(
        ENQUIRIES, question(), content_type="application/json", HTTP_AUTHORIZATION="Bearer nope"
    )
    assert response.status_code == 401
    assert not Enquiry.objects.exists()
