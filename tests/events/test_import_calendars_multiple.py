"""A stream of several VCALENDARs (RFC 5545 allows it; Outlook exports one per calendar) is
imported whole; a stream that is cut off, or has something outside its calendars, changes
nothing."""

from datetime import datetime

import pytest

from events.importer import import_feed
from tests.events.calendar_feeds import feed_file, make_calendar, sample
from tests.events.factories import CPH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OUTLOOK = feed_file("outlook-two-calendars.ics")
#: the endings of the four Outlook UIDs (Outlook's are 112 hex digits)
RUNNING, WINTER_BATH, OPEN_DAY, SEASON = "C3D4E5F6", "D4E5F6A7", "E5F6A7B8", "F6A7B8C9"


def local(*args):
    return datetime(*args, tzinfo=CPH)


def by_uid_end(calendar):
    return {event.uid[-8:]: event for event in calendar.events.all()}


def test_both_calendars_of_an_outlook_export_are_imported():
    calendar = make_calendar(name="Foreninger", feed_url="https://forening.dk/export.ics")

    report = import_feed(calendar, OUTLOOK)

    assert report.ok, report.error
    assert (report.in_feed, report.created, report.skipped) == (4, 4, [])
    events = by_uid_end(calendar)
    assert sorted(events) == sorted([RUNNING, WINTER_BATH, OPEN_DAY, SEASON])
    # Windows zone names, defined by each calendar's own VTIMEZONE
    running = events[RUNNING]
    assert (running.title, running.start) == ("Løbeklub for tilflyttere", local(2027, 1, 5, 19))
    assert running.rrule.startswith("FREQ=WEEKLY") and running.exdates == ["2027-03-30"]
    assert [o.start for o in running.occurrences(local(2027, 3, 29), local(2027, 4, 7))] == [
        local(2027, 4, 6, 19)  # 30 March cancelled; summer time starts in between
    ]
    assert events[OPEN_DAY].start == local(2027, 6, 12, 10)  # W. Europe, summer time
    season = events[SEASON]
    assert (season.all_day, season.start, season.end) == (
        True,
        local(2027, 5, 1),
        local(2027, 5, 3),
    )
    assert events[WINTER_BATH].place_name == "Sønderborg Havbad"


def test_a_second_import_of_the_export_changes_nothing():
    calendar = make_calendar()
    import_feed(calendar, OUTLOOK)

    report = import_feed(calendar, OUTLOOK)

    assert (report.unchanged, report.created, report.updated, report.deleted) == (4, 0, 0, 0)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        # cut off in the second calendar: the parser alone would drop it silently
        (OUTLOOK[: OUTLOOK.rindex(b"BEGIN:VALARM")], "cut off"),
        (OUTLOOK[: OUTLOOK.rindex(b"END:VCALENDAR")], "cut off"),
        # an event after the last calendar
        (OUTLOOK + b"BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n", "VEVENT outside a calendar"),
        # an event and no calendar at all
        (b"BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:y\r\nEND:VEVENT\r\n", "VEVENT outside a calendar"),
    ],
)
def test_a_stream_cut_off_or_with_strays_changes_nothing(data, reason):
    calendar = make_calendar()
    import_feed(calendar, OUTLOOK)
    before = list(calendar.events.order_by("uid").values())

    report = import_feed(calendar, data)

    assert not report.ok
    assert "not valid iCalendar" in report.error and reason in report.error
    assert list(calendar.events.order_by("uid").values()) == before


def test_a_byte_order_mark_is_no_stray():
    calendar = make_calendar()

    report = import_feed(calendar, b"\xef\xbb\xbf" + sample("aabenraa.ics"))

    assert report.ok and report.created == 6
