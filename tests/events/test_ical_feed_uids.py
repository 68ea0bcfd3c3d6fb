"""`feed.ics` names every event once: two imported calendars carrying the same event (the
same UID), or a neighbour republishing one of ours, give distinct UIDs, which stay the same
through changes; our own events keep theirs."""

import re
from datetime import datetime

import pytest
from icalendar import Calendar

from events.importer import import_feed
from tests.events.calendar_feeds import make_calendar, sample
from tests.events.factories import CPH

pytestmark = pytest.mark.django_db

FEED = "/api/v2/events/feed.ics"
WINDOW = {"from": "2026-11-01", "to": "2027-11-30"}
AABENRAA = sample("aabenraa.ics")


def at(*args):
    return datetime(*args, tzinfo=CPH)


def uids_parsed(response):
    """Every VEVENT's UID, as the icalendar library reads the feed."""
    assert response.status_code == 200, response.content
    return [str(event["uid"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]


def uids_read(response):
    """Every UID line of the feed, read by hand (RFC 5545 3.1: lines unfolded first)."""
    text = re.sub(r"\r\n[ \t]", "", response.content.decode())
    return re.findall(r"^UID(?:;[^:]*)?:(.*)\r$", text, flags=re.M)


@pytest.fixture
def two_calendars_of_the_same_feed():
    first = make_calendar()
    second = make_calendar(name="Region Syddanmark", feed_url="https://regionsyddanmark.dk/k.ics")
    for calendar in (first, second):
        import_feed(calendar, AABENRAA)
    assert first.events.count() == second.events.count() == 6
    return first, second


def test_every_uid_occurs_once_in_the_feed(client, make_event, two_calendars_of_the_same_feed):
    own = make_event(title="CaféNy", start=at(2027, 1, 12, 17), end=at(2027, 1, 12, 19))

    response = client.get(FEED, WINDOW)

    parsed, read = uids_parsed(response), uids_read(response)
    assert sorted(parsed) == sorted(read)
    assert len(parsed) == 13  # 6 rows from each calendar, and ours
    assert len(set(parsed)) == len(parsed)
    assert f"event-{own.translation_key}@velkomst.sonderborg.dk" in parsed


def test_an_imported_uid_stays_through_changes_and_reimports(
    client, two_calendars_of_the_same_feed
):
    first, _second = two_calendars_of_the_same_feed
    before = set(uids_parsed(client.get(FEED, WINDOW)))

    changed = AABENRAA.replace(b"SUMMARY:Frivilligdag", b"SUMMARY:Frivilligdag i byen")
    report = import_feed(first, changed)

    assert report.updated == 1
    assert set(uids_parsed(client.get(FEED, WINDOW))) == before


def test_a_neighbour_republishing_our_event_does_not_collide_with_it(client, make_event):
    own = make_event(title="CaféNy", start=at(2027, 1, 12, 17), end=at(2027, 1, 12, 19))
    ours = f"event-{own.translation_key}@velkomst.sonderborg.dk"
    republished = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Aabenraa//DA\r\nBEGIN:VEVENT\r\n"
        f"UID:{ours}\r\nDTSTAMP:20261101T090000Z\r\nSUMMARY:CaféNy i Sønderborg\r\n"
        "DTSTART;TZID=Europe/Copenhagen:20270112T170000\r\n"
        "DTEND;TZID=Europe/Copenhagen:20270112T190000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert import_feed(make_calendar(), republished.encode()).created == 1

    parsed = uids_parsed(client.get(FEED, WINDOW))

    assert len(parsed) == len(set(parsed)) == 2
    assert ours in parsed
