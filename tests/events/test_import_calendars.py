"""What an imported feed becomes in our calendar: times in every form a feed writes them,
repetition with its exceptions, places and categories; broken events skipped and named."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from events.importer import import_feed
from events.models import ImportedEvent
from tests.events.calendar_feeds import feed, make_calendar, sample, vevent

CPH = ZoneInfo("Europe/Copenhagen")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def local(*args):
    return datetime(*args, tzinfo=CPH)


def starts(events, window_start, window_end):
    """(local start, title) of every occurrence of `events` in the window, sorted."""
    return sorted(
        (occurrence.start.astimezone(CPH).replace(tzinfo=None), event.title)
        for event in events
        for occurrence in event.occurrences(window_start, window_end)
    )


def test_the_aabenraa_sample_is_imported_with_its_broken_events_named():
    calendar = make_calendar()
    report = import_feed(calendar, sample("aabenraa.ics"))

    assert report.ok
    assert (report.in_feed, report.created, report.cancelled) == (11, 6, 2)
    skipped = {item["uid"] or item["summary"]: item["reason"] for item in report.skipped}
    assert set(skipped) == {
        "broken-date@aabenraa.dk",
        "hourly-yoga@aabenraa.dk",
        "Åbent hus på Aabenraa Rådhus",
    }
    assert "DTSTART" in skipped["broken-date@aabenraa.dk"]
    assert "FREQ" in skipped["hourly-yoga@aabenraa.dk"]
    assert skipped["Åbent hus på Aabenraa Rådhus"] == "no UID"
    titles = set(calendar.events.values_list("title", flat=True))
    assert "Koncert i Sønderjyllandshallen (aflyst)" not in titles
    assert "Jobmesse Sønderjylland" in titles
    calendar.refresh_from_db()
    assert calendar.last_error == ""
    assert calendar.last_report["created"] == 6
    assert calendar.last_report["skipped_count"] == 3


def test_the_flensburg_sample_lands_in_local_time():
    calendar = make_calendar(name="Flensburg", feed_url="https://flensburg.de/cal.ics")
    report = import_feed(calendar, sample("flensburg.ics"))

    assert report.ok and report.created == 6
    assert {item["uid"] for item in report.skipped} == {
        "kaputt-ende@flensburg.de",
        "kaputt-regel@flensburg.de",
    }
    # TZID=Europe/Berlin 19:00 is 19:00 here too, in winter and in summer
    master = calendar.events.get(uid="20261203-stammtisch@flensburg.de", recurrence_id="")
    assert master.start == local(2026, 12, 3, 19)
    assert master.end == local(2026, 12, 3, 21, 30)
    assert starts([master], local(2027, 2, 1), local(2027, 6, 1)) == [
        (datetime(2027, 2, 4, 19), master.title),
        (datetime(2027, 3, 4, 19), master.title),
        # 1 April is moved to 31 March by an override of its own
        (datetime(2027, 5, 6, 19), master.title),
    ]
    # a floating time (no TZID, no Z) is local time
    run = calendar.events.get(uid="lauftreff@flensburg.de")
    assert run.start == local(2026, 12, 5, 9, 30)
    assert run.occurrences(local(2027, 3, 27), local(2027, 3, 28))[0].start == local(
        2027, 3, 27, 9, 30
    )
    # UTC (Z) 18:00 in February is 19:00 here; the extra date (RDATE) in March too
    talk = calendar.events.get(uid="vortrag-2027@flensburg.de")
    assert [o.start for o in talk.occurrences(local(2027, 1, 1), local(2027, 12, 31))] == [
        local(2027, 2, 18, 19),
        local(2027, 3, 18, 19),
    ]


def test_a_date_makes_an_all_day_event_whose_end_date_is_exclusive():
    calendar = make_calendar()
    import_feed(calendar, sample("aabenraa.ics"))

    market = calendar.events.get(uid="julemarked-2026@aabenraa.dk")
    # DTSTART 11 December, DTEND 14 December: Friday to Sunday
    assert market.all_day
    assert (market.start, market.end) == (local(2026, 12, 11), local(2026, 12, 14))
    assert starts([market], local(2026, 12, 13, 12), local(2026, 12, 13, 13)) == [
        (datetime(2026, 12, 11), market.title)
    ]
    assert starts([market], local(2026, 12, 14), local(2026, 12, 15)) == []
    # a date with neither DTEND nor DURATION lasts that one day
    day = calendar.events.get(uid="frivillig-2027@aabenraa.dk")
    assert (day.all_day, day.start, day.end) == (True, local(2027, 4, 24), local(2027, 4, 25))


def test_an_override_is_its_own_row_and_its_date_is_cancelled_on_the_master():
    calendar = make_calendar()
    import_feed(calendar, sample("aabenraa.ics"))

    rows = calendar.events.filter(uid="sprogcafe-2026@aabenraa.dk")
    master = rows.get(recurrence_id="")
    override = rows.get(recurrence_id="20270112T160000Z")
    assert rows.count() == 2  # the cancelled override of 9 February is no row
    # the feed's own EXDATEs, the moved date and the cancelled one
    assert master.exdates == ["2026-12-22", "2026-12-29", "2027-01-12", "2027-02-09"]
    assert (override.start, override.rrule) == (local(2027, 1, 12, 18), "")
    assert starts(rows, local(2027, 1, 1), local(2027, 2, 17)) == [
        (datetime(2027, 1, 5, 17), master.title),
        (datetime(2027, 1, 12, 18), override.title),
        (datetime(2027, 1, 19, 17), master.title),
        (datetime(2027, 1, 26, 17), master.title),
        (datetime(2027, 2, 2, 17), master.title),
        (datetime(2027, 2, 16, 17), master.title),
    ]
    # UNTIL 20270629T150000Z is 17:00 summer time: the last Tuesday is included
    assert starts([master], local(2027, 6, 28), local(2027, 7, 31)) == [
        (datetime(2027, 6, 29, 17), master.title)
    ]


def test_place_link_organiser_and_categories_are_mapped():
    calendar = make_calendar(categories=["social"])
    import_feed(calendar, sample("aabenraa.ics"))

    cafe = calendar.events.get(uid="sprogcafe-2026@aabenraa.dk", recurrence_id="")
    assert cafe.place_name == "Aabenraa Bibliotek, Rådhusgade 22, 6200 Aabenraa"
    assert (cafe.latitude, cafe.longitude) == (55.0441, 9.4183)
    assert cafe.url == "https://www.aabenraa.dk/kalender/sprogcafe"
    assert cafe.organiser == "Aabenraa Bibliotekerne"
    assert cafe.description.startswith("Øv dansk over en kop kaffe")
    assert (cafe.audiences, cafe.calendar_audiences) == (["non_eu"], ["tourists", "locals"])
    assert cafe.languages == ["da"]
    categories = dict(calendar.events.filter(recurrence_id="").values_list("uid", "categories"))
    assert categories["jobmesse-2027@aabenraa.dk"] == ["career"]  # Job, Karriere
    assert categories["naturtur-2027@aabenraa.dk"] == ["nature"]  # Natur, Udendørs
    assert categories["julemarked-2026@aabenraa.dk"] == ["culture"]  # Kultur, Marked
    # no category of ours in the feed: the calendar's default
    assert categories["frivillig-2027@aabenraa.dk"] == ["social"]


def test_a_rule_we_refuse_skips_that_event_with_the_reason():
    calendar = make_calendar()
    data = feed(
        vevent(
            "too-often",
            "DTSTART;TZID=Europe/Copenhagen:20270104T080000",
            "DTEND;TZID=Europe/Copenhagen:20270104T090000",
            "RRULE:FREQ=DAILY;BYHOUR=8,10,12,14",
            summary="Fire gange om dagen",
        ),
        vevent(
            "never",
            "DTSTART;TZID=Europe/Copenhagen:20270104T080000",
            "DTEND;TZID=Europe/Copenhagen:20270104T090000",
            "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        ),
        vevent("fine", "DTSTART:20270104T080000Z", "DURATION:PT1H"),
    )
    report = import_feed(calendar, data)

    reasons = {item["uid"]: item["reason"] for item in report.skipped}
    assert "more than 1000 dates in a year" in reasons["too-often"]
    assert "never gives a date" in reasons["never"]
    assert list(calendar.events.values_list("uid", flat=True)) == ["fine"]


def test_malformed_events_are_skipped_and_the_rest_imported():
    calendar = make_calendar()
    data = feed(
        vevent("ok-1", "DTSTART;VALUE=DATE:20270301"),
        vevent("no-start"),
        vevent("garbled", "DTSTART:20270301T100000Z", "THIS LINE HAS NO COLON"),
        vevent("backwards", "DTSTART:20270301T100000Z", "DTEND:20270301T090000Z"),
        vevent("ok-2", "DTSTART:20270302T100000Z", "DTEND:20270302T110000Z"),
        vevent("ok-2", "DTSTART:20270303T100000Z", "DTEND:20270303T110000Z", summary="Igen"),
        vevent("untitled", "DTSTART:20270302T100000Z").replace("SUMMARY:Et arrangement\r\n", ""),
        vevent("x" * 501, "DTSTART:20270302T100000Z"),
    )
    report = import_feed(calendar, data)

    assert sorted(calendar.events.values_list("uid", flat=True)) == ["ok-1", "ok-2"]
    reasons = {(item["position"], item["uid"]): item["reason"] for item in report.skipped}
    assert reasons == {
        (2, "no-start"): "no start (DTSTART)",
        (3, "garbled"): reasons[(3, "garbled")],
        (4, "backwards"): "the end is before the start",
        (6, "ok-2"): "the same UID (and RECURRENCE-ID) appears twice",
        (7, "untitled"): "no title (SUMMARY)",
        (8, "x" * 501): "the UID is too long",
    }
    assert reasons[(3, "garbled")].startswith("unreadable line")
    assert calendar.events.get(uid="ok-2").start == local(2027, 3, 2, 11)


def test_a_cancelled_master_takes_its_overrides_with_it():
    calendar = make_calendar()
    master = vevent(
        "series",
        "DTSTART;TZID=Europe/Berlin:20270107T190000",
        "DTEND;TZID=Europe/Berlin:20270107T200000",
        "RRULE:FREQ=WEEKLY;COUNT=5",
    )
    override = vevent(
        "series",
        "RECURRENCE-ID;TZID=Europe/Berlin:20270114T190000",
        "DTSTART;TZID=Europe/Berlin:20270114T200000",
        "DTEND;TZID=Europe/Berlin:20270114T210000",
    )
    import_feed(calendar, feed(master, override))
    assert calendar.events.count() == 2

    report = import_feed(
        calendar, feed(master.replace("END:VEVENT", "STATUS:CANCELLED\r\nEND:VEVENT"), override)
    )

    assert report.cancelled == 1 and report.deleted == 2
    assert not ImportedEvent.objects.filter(uid="series").exists()
