"""POST /api/v2/events/<id>/registrations/: seats while they last, then the waiting list;
every bad input a 400 naming its field with nothing saved."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from events.models import OccurrenceSeats, Registration
from tests.conftest import translate
from tests.events.registration_helpers import body, cancel_path, post, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_event):
    return make_event(registration=True, seats=5, title="Velkomstdag")


def nothing_saved():
    return not Registration.objects.exists() and not OccurrenceSeats.objects.filter(taken__gt=0)


def test_seats_are_confirmed_and_an_email_in_the_registrants_language_has_a_cancel_link(
    client, event
):
    translate(event, "en")
    response = post(client, event, seats=3, language="en")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "confirmed"
    assert data["position"] is None
    assert data["seats"] == 3
    assert datetime.datetime.fromisoformat(data["occurrence"]) == event.start
    registration = Registration.objects.get()
    assert registration.event_key == event.translation_key
    assert registration.consent is True
    [message] = mail.outbox
    assert message.to == ["amira@example.dk"]
    assert "confirmed" in message.subject
    assert "Velkomstdag" in message.subject
    assert "Amira Haddad" in message.body
    assert f"{event.start.astimezone(datetime.UTC).year}" in message.body
    assert client.get(cancel_path(message)).status_code == 200


def test_the_email_speaks_the_registrants_language(client, event):
    post(client, event, language="da", email="da@example.dk")
    post(client, event, language="de", email="de@example.dk")
    start = timezone.localtime(event.start)
    for language in ("da", "de"):
        with translation.override(language):
            month = date_format(start, "F")
        [message] = [m for m in mail.outbox if m.to == [f"{language}@example.dk"]]
        assert month in message.body
        assert "/events/registrations/" in message.body


def test_when_seats_run_out_registrants_wait_in_order(client, event):
    assert post(client, event, seats=4, email="a@example.dk").json()["status"] == "confirmed"
    second = post(client, event, seats=2, email="b@example.dk").json()
    assert (second["status"], second["position"]) == ("waiting", 1)
    third = post(client, event, seats=1, email="c@example.dk").json()
    # one seat is left and fits: the waiting list is for those who do not fit
    assert (third["status"], third["position"]) == ("confirmed", None)
    fourth = post(client, event, seats=1, email="d@example.dk").json()
    assert (fourth["status"], fourth["position"]) == ("waiting", 2)
    assert OccurrenceSeats.objects.get().taken == 5
    waiting_mail = [m for m in mail.outbox if m.to == ["b@example.dk"]][0]
    assert "waiting list" in waiting_mail.subject
    assert "number 1" in waiting_mail.body


def test_a_registration_through_a_translation_counts_against_the_same_seats(client, event):
    english = translate(event, "en")
    post(client, event, seats=4)
    response = post(client, english, seats=2, occurrence=english.start.isoformat())
    assert response.json()["status"] == "waiting"
    assert OccurrenceSeats.objects.count() == 1


def test_a_local_date_names_the_events_only_date_that_day(client, event):
    local_day = event.start.date().isoformat()
    response = post(client, event, occurrence=local_day)
    assert response.status_code == 201
    assert datetime.datetime.fromisoformat(response.json()["occurrence"]) == event.start


def test_a_date_of_a_repeating_event_is_one_of_its_dates(client, make_event):
    event = make_event(registration=True, rrule="FREQ=WEEKLY;COUNT=4")
    third = event.start + datetime.timedelta(weeks=2)
    response = post(client, event, occurrence=third.isoformat())
    assert response.status_code == 201
    assert Registration.objects.get().occurrence == third


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", ""),
        ("name", "x" * 201),
        ("email", "not-an-address"),
        ("email", None),
        ("seats", 0),
        ("seats", 11),
        ("seats", "many"),
        ("language", "fr"),
        ("consent", "perhaps"),
        ("occurrence", "next tuesday"),
        ("occurrence", "9999-12-31"),
        ("occurrence", "9999-12-31T23:59:59.999999+00:00"),
        ("occurrence", "0001-01-01T00:00:00-12:00"),
        ("occurrence", "0001-01-01"),
        ("occurrence", ""),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(client, event, field, value):
    response = post(client, event, **{field: value})
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert nothing_saved()
    assert not mail.outbox


@pytest.mark.parametrize("field", ["occurrence", "name", "email", "seats", "language", "consent"])
def test_a_missing_field_is_named(client, event, field):
    data = body(event)
    del data[field]
    response = client.post(url(event), data, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert nothing_saved()


def test_an_unknown_field_is_named(client, event):
    response = post(client, event, phone="12345678")
    assert response.status_code == 400
    assert "phone" in response.json()["errors"]
    assert nothing_saved()


@pytest.mark.parametrize("content", [[1, 2], "{not json", b"\xbb\xff"])
def test_a_body_that_is_not_a_json_object_is_refused(client, event, content):
    response = client.post(url(event), content, content_type="application/json")
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    assert nothing_saved()


def test_more_seats_than_the_event_has_is_refused(client, make_event):
    event = make_event(registration=True, seats=3)
    response = post(client, event, seats=4)
    assert response.status_code == 400
    assert "3" in response.json()["errors"]["seats"][0]
    assert nothing_saved()


def test_a_date_the_event_does_not_have_is_refused(client, event):
    response = post(
        client, event, occurrence=(event.start + datetime.timedelta(hours=1)).isoformat()
    )
    assert response.status_code == 400
    assert "occurrence" in response.json()["errors"]
    response = post(
        client, event, occurrence=(event.start + datetime.timedelta(days=1)).date().isoformat()
    )
    assert response.status_code == 400
    assert "occurrence" in response.json()["errors"]
    assert nothing_saved()


def test_a_past_date_is_refused(client, make_event):
    event = make_event(
        registration=True,
        start=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=2),
        end=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=2, hours=-1),
    )
    response = post(client, event)
    assert response.status_code == 400
    assert "passed" in response.json()["errors"]["occurrence"][0]
    assert nothing_saved()


def test_a_cancelled_date_of_a_repeating_event_is_refused(client, make_event):
    event = make_event(registration=True, rrule="FREQ=WEEKLY;COUNT=3")
    second = event.start + datetime.timedelta(weeks=1)
    event.exdates = [second.date().isoformat()]
    event.save()
    response = post(client, event, occurrence=second.isoformat())
    assert response.status_code == 400
    assert "occurrence" in response.json()["errors"]


def test_an_event_without_registration_here_says_so(client, make_event):
    event = make_event()
    response = post(client, event)
    assert response.status_code == 400
    assert "event" in response.json()["errors"]
    assert nothing_saved()


@pytest.mark.parametrize("id", ["999999", "null,null", "9" * 30, "²"])
def test_an_id_of_no_event_is_a_json_404(client, event, id):
    response = client.post(
        f"/api/v2/events/{id}/registrations/", body(event), content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["message"]
    assert nothing_saved()


def test_an_unknown_or_unpublished_event_is_a_404(client, event):
    assert (
        client.post(
            "/api/v2/events/999999/registrations/", body(event), content_type="application/json"
        ).status_code
        == 404
    )
    event.unpublish()
    assert post(client, event).status_code == 404
    assert nothing_saved()


def test_an_unknown_query_parameter_is_named(client, event):
    response = client.post(url(event) + "?foo=1", body(event), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["parameter"] == "foo"


def test_registrations_are_rate_limited_per_address_with_retry_after(client, event, settings):
    settings.REGISTRATION_RATE = "3/hour"
    for n in range(3):
        assert post(client, event, email=f"p{n}@example.dk").status_code == 201
    response = post(client, event, email="p4@example.dk")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "message" in response.json()
    assert Registration.objects.count() == 3
    other = client.post(
        url(event),
        body(event, email="p5@example.dk"),
        content_type="application/json",
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 201


def test_get_is_not_allowed(client, event):
    assert client.get(url(event)).status_code == 405
