"""The private cancel link: GET shows what would be cancelled, POST cancels, frees the seats
and moves the first on the waiting list who fit up (with an e-mail)."""

import pytest
from django.core import mail

from events.models import OccurrenceSeats, Registration, RegistrationStatus
from events.registrations import seats_left
from tests.events.registration_helpers import cancel_path, committed, last_mail_to, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def event(make_event):
    return make_event(registration=True, seats=4, title="Bustur på velkomstdagen")


def status_of(email):
    return Registration.objects.get(email=email).status


def test_the_page_shows_what_will_be_cancelled_and_changes_nothing(client, event):
    post(client, event, email="a@example.dk", seats=3, name="Ana Lopez")
    response = client.get(cancel_path(last_mail_to("a@example.dk")))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bustur på velkomstdagen" in page
    assert "Ana Lopez" in page
    assert '<form method="post">' in page
    assert response["Referrer-Policy"] == "same-origin"
    assert status_of("a@example.dk") == RegistrationStatus.CONFIRMED
    assert OccurrenceSeats.objects.get().taken == 3


def test_cancelling_frees_the_seats_and_moves_up_the_first_who_fit(client, event):
    post(client, event, email="a@example.dk", seats=3)
    post(client, event, email="big@example.dk", seats=4)  # waiting, first
    post(client, event, email="b@example.dk", seats=2)  # waiting, second
    post(client, event, email="c@example.dk", seats=1)  # the last seat: confirmed
    post(client, event, email="d@example.dk", seats=1)  # waiting, third
    path = cancel_path(last_mail_to("a@example.dk"))
    mail.outbox.clear()
    response = committed(client.post, path)
    assert response.status_code == 200
    assert "cancelled" in response.content.decode()
    assert status_of("a@example.dk") == RegistrationStatus.CANCELLED
    # three seats free: the first waiting (4 seats) does not fit; the next two do
    assert status_of("big@example.dk") == RegistrationStatus.WAITING
    assert status_of("b@example.dk") == RegistrationStatus.CONFIRMED
    assert status_of("d@example.dk") == RegistrationStatus.CONFIRMED
    assert OccurrenceSeats.objects.get().taken == 4
    assert seats_left([(event, event.start)])[(event.translation_key, event.start)] == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["b@example.dk", "d@example.dk"]
    promoted = last_mail_to("b@example.dk")
    assert "Bustur på velkomstdagen" in promoted.subject
    # the promoted registrant's new link cancels, and gives the seats on again
    committed(client.post, cancel_path(promoted))
    assert status_of("b@example.dk") == RegistrationStatus.CANCELLED
    assert OccurrenceSeats.objects.get().taken == 2


def test_cancelling_a_waiting_registration_frees_no_seats(client, event):
    post(client, event, email="a@example.dk", seats=4)
    post(client, event, email="w@example.dk", seats=1)
    committed(client.post, cancel_path(last_mail_to("w@example.dk")))
    assert status_of("w@example.dk") == RegistrationStatus.CANCELLED
    assert status_of("a@example.dk") == RegistrationStatus.CONFIRMED
    assert OccurrenceSeats.objects.get().taken == 4


def test_cancelling_twice_changes_nothing_more(client, event):
    post(client, event, email="a@example.dk", seats=2)
    path = cancel_path(last_mail_to("a@example.dk"))
    committed(client.post, path)
    response = committed(client.post, path)
    assert response.status_code == 200
    assert "cancelled already" in response.content.decode()
    assert OccurrenceSeats.objects.get().taken == 0
    assert "<form" not in client.get(path).content.decode()


@pytest.mark.parametrize("token", ["forged-token", "x" * 300])
def test_an_unknown_or_forged_link_shows_a_clear_page_and_changes_nothing(client, event, token):
    post(client, event, email="a@example.dk", seats=2)
    for method in (client.get, client.post):
        response = committed(method, f"/events/registrations/{token}/cancel/")
        assert response.status_code == 404
        assert "does not work" in response.content.decode()
    assert status_of("a@example.dk") == RegistrationStatus.CONFIRMED
    assert OccurrenceSeats.objects.get().taken == 2
