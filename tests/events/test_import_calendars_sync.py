"""Importing again keeps the calendar in step with the feed: nothing written when nothing
changed, changed events updated, vanished ones removed; a broken feed changes nothing."""

import itertools
import re
from datetime import timedelta

import hypothesis
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import strategies as st

from events.importer import import_feed
from events.models import ExternalCalendar, ImportedEvent
from tests.events.calendar_feeds import feed, make_calendar, sample, vevent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
WRITE = re.compile(r'^\s*(INSERT|UPDATE|DELETE)\b.*"events_importedevent"', re.I)


def snapshot(calendar):
    return {
        (row["uid"], row["recurrence_id"]): row
        for row in ImportedEvent.objects.filter(calendar=calendar).values()
    }


def event_writes(queries):
    return [query["sql"] for query in queries if WRITE.match(query["sql"])]


def weekly(uid, summary="Strikkecafé", day="20270105"):
    return vevent(
        uid,
        f"DTSTART;TZID=Europe/Copenhagen:{day}T100000",
        f"DTEND;TZID=Europe/Copenhagen:{day}T120000",
        "RRULE:FREQ=WEEKLY",
        summary=summary,
    )


@pytest.mark.parametrize("name", ["aabenraa.ics", "flensburg.ics"])
def test_a_second_run_changes_nothing(name):
    calendar = make_calendar()
    import_feed(calendar, sample(name))
    before = snapshot(calendar)

    with CaptureQueriesContext(connection) as queries:
        report = import_feed(calendar, sample(name))

    assert (report.created, report.updated, report.deleted, report.writes) == (0, 0, 0, 0)
    assert report.unchanged == len(before)
    assert event_writes(queries.captured_queries) == []
    assert snapshot(calendar) == before  # updated_at and content alike


def test_a_changed_event_is_updated_and_the_others_left_alone():
    calendar = make_calendar()
    import_feed(calendar, feed(weekly("a"), weekly("b")))
    before = snapshot(calendar)

    report = import_feed(calendar, feed(weekly("a", summary="Strikkecafé med kaffe"), weekly("b")))

    after = snapshot(calendar)
    assert (report.updated, report.unchanged, report.created) == (1, 1, 0)
    assert after[("a", "")]["title"] == "Strikkecafé med kaffe"
    assert after[("a", "")]["updated_at"] > before[("a", "")]["updated_at"]
    assert after[("a", "")]["created_at"] == before[("a", "")]["created_at"]
    assert after[("a", "")]["id"] == before[("a", "")]["id"]
    assert after[("b", "")] == before[("b", "")]


def test_an_event_gone_from_the_feed_is_removed():
    calendar = make_calendar()
    other = make_calendar(name="Flensburg", feed_url="https://flensburg.de/cal.ics")
    import_feed(calendar, feed(weekly("a"), weekly("b")))
    import_feed(other, feed(weekly("b")))

    report = import_feed(calendar, feed(weekly("a")))

    assert report.deleted == 1
    assert list(calendar.events.values_list("uid", flat=True)) == ["a"]
    assert other.events.filter(uid="b").exists()  # another calendar's UID b stays


def test_a_new_override_cancels_its_date_on_the_master_and_its_removal_restores_it():
    calendar = make_calendar()
    moved = vevent(
        "a",
        "RECURRENCE-ID;TZID=Europe/Copenhagen:20270112T100000",
        "DTSTART;TZID=Europe/Copenhagen:20270113T100000",
        "DTEND;TZID=Europe/Copenhagen:20270113T120000",
        summary="Strikkecafé (onsdag)",
    )
    import_feed(calendar, feed(weekly("a")))

    report = import_feed(calendar, feed(weekly("a"), moved))
    assert (report.created, report.updated) == (1, 1)
    assert calendar.events.get(recurrence_id="").exdates == ["2027-01-12"]

    report = import_feed(calendar, feed(weekly("a")))
    assert (report.deleted, report.updated) == (1, 1)
    assert calendar.events.get().exdates == []


def test_a_new_default_category_reaches_the_events_without_one_of_their_own():
    calendar = make_calendar(categories=["culture"])
    run = vevent("b", "DTSTART:20270105T100000", "DTEND:20270105T110000", "CATEGORIES:Sport")
    data = feed(weekly("a"), run)
    import_feed(calendar, data)
    calendar.categories = ["social"]
    calendar.save()

    report = import_feed(calendar, data)

    assert (report.updated, report.unchanged) == (1, 1)
    assert dict(calendar.events.values_list("uid", "categories")) == {
        "a": ["social"],
        "b": ["sport"],
    }


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body>Service unavailable</body></html>",
        b"",
        # cut off in the middle of a download
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Str",
    ],
)
def test_a_feed_that_cannot_be_parsed_leaves_the_events_as_they_were(data):
    calendar = make_calendar()
    import_feed(calendar, sample("aabenraa.ics"))
    before, report_before = snapshot(calendar), calendar.last_report

    report = import_feed(calendar, data)

    assert not report.ok
    assert "not valid iCalendar" in report.error
    assert snapshot(calendar) == before
    calendar.refresh_from_db()
    assert "not valid iCalendar" in calendar.last_error
    assert calendar.last_report == report_before  # the last import that read the feed


def test_a_successful_import_clears_the_last_error():
    calendar = make_calendar(last_error="The server answered 404 Not Found.")
    import_feed(calendar, feed(weekly("a")))
    calendar.refresh_from_db()
    assert calendar.last_error == ""


@pytest.mark.parametrize("events", [3, 1200])
def test_reading_the_existing_events_takes_one_query_however_many(events):
    calendar = make_calendar()
    data = feed(*(weekly(f"uid-{n}") for n in range(events)))
    import_feed(calendar, data)

    with CaptureQueriesContext(connection) as queries:
        report = import_feed(calendar, data)

    assert report.unchanged == events
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    # the calendar as it is now (locked), its events
    assert len(reads) == 2 and "events_importedevent" in reads[1]
    # the two reads, the calendar's bookkeeping, the transaction's savepoint and its release
    assert len(queries.captured_queries) == 5


AABENRAA = sample("aabenraa.ics")
EXAMPLES = itertools.count()
EDITS = st.lists(
    st.tuples(
        st.integers(0, len(AABENRAA) - 1),
        st.integers(0, 40),
        st.sampled_from([b"", b":", b";", b"\r\n", b"=", b",", b"TZID=Europe/", b"\xff", b"9"]),
    ),
    min_size=1,
    max_size=12,
)


@hypothesis.settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(edits=EDITS)
def test_a_damaged_feed_never_breaks_the_import(edits):
    data = bytearray(AABENRAA)
    for position, length, replacement in edits:
        data[position : position + length] = replacement
    calendar = make_calendar(feed_url=f"https://x.dk/{next(EXAMPLES)}.ics")
    import_feed(calendar, AABENRAA)
    before = snapshot(calendar)

    report = import_feed(calendar, bytes(data))

    if not report.ok:
        assert snapshot(calendar) == before
    # whatever was imported can be shown: every row expands, none ends before it starts
    for event in calendar.events.all():
        assert event.end >= event.start
        event.occurrences(event.start, event.start + timedelta(days=400))


def test_defaults_changed_while_the_feed_was_fetched_are_the_imported_events(db):
    fetched = make_calendar()  # the importer's copy, read before the fetch
    ExternalCalendar.objects.filter(pk=fetched.pk).update(
        languages=["en"], audiences=["eu"], categories=["sport"]
    )
    import_feed(fetched, feed(weekly("uid-1")))
    event = ImportedEvent.objects.get()
    assert (event.languages, event.audiences, event.categories) == (["en"], ["eu"], ["sport"])
