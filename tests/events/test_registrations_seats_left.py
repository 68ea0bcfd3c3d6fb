"""Seats left per date, as the calendar shows them: one query for any number of dates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import OccurrenceSeats
from events.registrations import seats_left
from tests.events.registration_helpers import post

pytestmark = pytest.mark.django_db


def test_seats_left_counts_taken_seats_per_date_and_never_goes_negative(make_event):
    event = make_event(registration=True, rrule="FREQ=WEEKLY;COUNT=3")
    open_event = make_event()
    first, second, third = (
        o.start for o in event.occurrences(event.start, event.start + datetime.timedelta(days=30))
    )
    OccurrenceSeats.objects.create(event_key=event.translation_key, start=first, taken=4)
    OccurrenceSeats.objects.create(event_key=event.translation_key, start=second, taken=12)
    pairs = [(event, first), (event, second), (event, third), (open_event, open_event.start)]
    with CaptureQueriesContext(connection) as queries:
        left = seats_left(pairs)
    assert len(queries) == 1
    key = event.translation_key
    assert left[(key, first)] == 6
    assert left[(key, second)] == 0
    assert left[(key, third)] == 10
    assert left[(open_event.translation_key, open_event.start)] is None
    # the same instant in another offset finds the same entry
    assert left[(key, first.astimezone(datetime.UTC))] == 6


def test_seats_left_without_registering_events_asks_nothing(make_event):
    event = make_event()
    with CaptureQueriesContext(connection) as queries:
        assert seats_left([(event, event.start)]) == {(event.translation_key, event.start): None}
    assert len(queries) == 0


def test_the_calendar_shows_fewer_seats_after_a_registration_also_when_cached(client, make_event):
    event = make_event(registration=True, seats=10)

    def listed():
        items = client.get("/api/v2/events/").json()["items"]
        return [item["seats_left"] for item in items if item["id"] == event.pk]

    assert listed() == [10]
    assert listed() == [10]  # now from the cache
    assert post(client, event, seats=3).status_code == 201
    assert listed() == [7]
