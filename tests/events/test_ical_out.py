"""iCalendar out: what a subscribed phone reads, expanded by RFC 5545 (icalendar + dateutil),
must give exactly the API's dates; its VTIMEZONE is tzdata's yearly rule, and icalendar reads
it as tzdata."""

import datetime
import time
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rruleset, rrulestr
from django.core.exceptions import ImproperlyConfigured
from icalendar import Calendar

from events.vtimezone import vtimezone
from tests.events.factories import CPH, ImportedEventFactory

pytestmark = pytest.mark.django_db

FEED = "/api/v2/events/feed.ics"
WINDOW = {"from": "2027-01-01", "to": "2027-12-31"}
UTC = datetime.UTC


def at(*args):
    return datetime.datetime(*args, tzinfo=CPH)


def parse(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def expand(calendar, window_start, window_end):
    """{(summary, start UTC, end UTC)} of every occurrence overlapping the window, as RFC 5545
    reads the feed: local times with their offset on the date (§3.3.5: one the clocks skip is
    moved forward, one they repeat is the first), each lasting the first's elapsed time
    (§3.8.5.3). All-day dates are expanded as local dates and last whole days."""
    found = set()
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        all_day = not isinstance(start, datetime.datetime)
        if all_day:
            start = datetime.datetime.combine(start, datetime.time())
            end = datetime.datetime.combine(end, datetime.time())
            duration = end - start
        else:
            duration = end.astimezone(UTC) - start.astimezone(UTC)
        starts = rruleset()
        if "rrule" in event:
            starts.rrule(rrulestr(event["rrule"].to_ical().decode(), dtstart=start))
        else:
            starts.rdate(start)
        for name, add in (("rdate", starts.rdate), ("exdate", starts.exdate)):
            values = event.get(name, [])
            for group in values if isinstance(values, list) else [values]:
                for value in group.dts:
                    moment = value.dt
                    if all_day:
                        moment = datetime.datetime.combine(moment, datetime.time())
                    add(moment)
        for moment in starts:
            begins = moment.replace(tzinfo=CPH).astimezone(UTC)
            if all_day:
                ends = (moment.replace(tzinfo=None) + duration).replace(tzinfo=CPH).astimezone(UTC)
            else:
                ends = begins + duration
            if begins >= window_end:
                break
            if ends > window_start:
                found.add((str(event["summary"]), begins, ends))
    return found


def api_occurrences(client, **params):
    found = set()
    offset = 0
    while True:
        data = client.get("/api/v2/events/", {**params, "limit": 100, "offset": offset}).json()
        for item in data["items"]:
            found.add(
                (
                    item["title"],
                    datetime.datetime.fromisoformat(item["start"]).astimezone(UTC),
                    datetime.datetime.fromisoformat(item["end"]).astimezone(UTC),
                )
            )
        offset += 100
        if offset >= data["meta"]["total_count"]:
            return found


@pytest.fixture
def calendar_of_2027(make_event, community):
    return [
        make_event(
            title="CaféNy",
            start=at(2026, 12, 8, 17),
            end=at(2026, 12, 8, 19),
            rrule="FREQ=MONTHLY;BYDAY=2TU",
            exdates=["2027-07-13"],
        ),
        make_event(
            title="Sprogcafé",
            start=at(2027, 1, 4, 18, 30),
            end=at(2027, 1, 4, 20),
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20270630T235959",
            rdates=["2027-08-05T10:00"],
        ),
        make_event(
            title="Løbeklub",
            parent=community,
            start=at(2027, 3, 20, 9),
            end=at(2027, 3, 20, 10),
            rrule="FREQ=WEEKLY;COUNT=20",
        ),
        make_event(
            title="Velkomstdag",
            start=at(2027, 9, 4, 10),
            end=at(2027, 9, 4, 15),
            rdates=["2027-03-06T10:00", "2027-11-13T09:30"],
        ),
        make_event(
            title="Nattevagt",
            start=at(2027, 3, 25, 2, 30),
            end=at(2027, 3, 25, 3),
            rrule="FREQ=DAILY;UNTIL=20271105T000000",
            exdates=["2027-04-01"],
        ),
        make_event(title="Folkemøde", start=at(2027, 6, 10), end=at(2027, 6, 13), all_day=True),
        make_event(
            title="Markedsdag",
            start=at(2027, 5, 1),
            end=at(2027, 5, 2),
            all_day=True,
            rrule="FREQ=MONTHLY;UNTIL=20270801",
        ),
    ]


def test_the_feed_expands_to_exactly_the_apis_dates(client, calendar_of_2027):
    ImportedEventFactory(
        title="Flensburg Hafenfest", start=at(2027, 8, 20, 16), end=at(2027, 8, 20, 23)
    )
    calendar = parse(client.get(FEED, WINDOW))
    window = (at(2027, 1, 1), at(2028, 1, 1))
    from_feed = expand(calendar, *window)
    from_api = api_occurrences(client, **WINDOW)
    assert from_feed == from_api
    assert len(from_api) > 40
    assert ("Flensburg Hafenfest", at(2027, 8, 20, 16), at(2027, 8, 20, 23)) in from_api
    # the night the clocks skip 02:00-03:00 and the night they repeat it
    assert ("Nattevagt", at(2027, 3, 28, 3, 30), at(2027, 3, 28, 4)) in from_api
    fall_back = datetime.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert ("Nattevagt", fall_back, fall_back + datetime.timedelta(minutes=30)) in from_api


def test_the_feed_takes_the_lists_filters(client, calendar_of_2027, community):
    params = {**WINDOW, "community": community.pk}
    calendar = parse(client.get(FEED, params))
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Løbeklub"]
    assert expand(calendar, at(2027, 1, 1), at(2028, 1, 1)) == api_occurrences(client, **params)
    assert client.get(FEED, {"category": "nope"}).json()["parameter"] == "category"


def test_the_cafe_stays_at_17_across_daylight_saving_changes(client, calendar_of_2027):
    calendar = parse(client.get(FEED, WINDOW))
    cafe = {
        start.astimezone(CPH)
        for title, start, _end in expand(calendar, at(2027, 1, 1), at(2028, 1, 1))
        if title == "CaféNy"
    }
    assert {moment.hour for moment in cafe} == {17}
    march, april = at(2027, 3, 9, 17), at(2027, 4, 13, 17)
    october, november = at(2027, 10, 12, 17), at(2027, 11, 9, 17)
    assert {march, april, october, november} <= cafe
    assert march.utcoffset() != april.utcoffset()
    assert [m.astimezone(UTC).hour for m in (march, april, october, november)] == [16, 15, 15, 16]
    assert at(2027, 7, 13, 17) not in cafe  # cancelled


def test_the_timezone_is_tzdatas_yearly_rule(client):
    (zone,) = parse(client.get(FEED, WINDOW)).walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Copenhagen"
    assert "RDATE" not in zone.to_ical().decode()
    (daylight,) = zone.walk("DAYLIGHT")
    (standard,) = zone.walk("STANDARD")
    hours = datetime.timedelta(hours=1)
    # daylight time begins at 02:00 winter time on the last Sunday of March, and ends at
    # 03:00 summer time on the last Sunday of October
    assert daylight.decoded("dtstart") == datetime.datetime(1970, 3, 29, 2)
    assert daylight["rrule"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert (daylight.decoded("tzoffsetfrom"), daylight.decoded("tzoffsetto")) == (hours, 2 * hours)
    assert standard.decoded("dtstart") == datetime.datetime(1970, 10, 25, 3)
    assert standard["rrule"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert (standard.decoded("tzoffsetfrom"), standard.decoded("tzoffsetto")) == (2 * hours, hours)
    assert (str(daylight["tzname"]), str(standard["tzname"])) == ("CEST", "CET")


def tzdata_changes(first_year, last_year, zone=CPH):
    """{(moment UTC, offset before, offset after)} of every change of the zone's offset in
    these years, by zoneinfo (these zones change on a whole hour UTC)."""
    changes = set()
    moment = datetime.datetime(first_year, 1, 1, tzinfo=UTC)
    before = moment.astimezone(zone).utcoffset()
    while moment.year <= last_year:
        moment += datetime.timedelta(hours=1)
        after = moment.astimezone(zone).utcoffset()
        if after != before:
            changes.add((moment, before, after))
        before = after
    return changes


def vtimezone_changes(zone, first_year, last_year):
    """The same, as a VTIMEZONE's yearly observances give them."""
    changes = set()
    for observance in zone.walk("DAYLIGHT") + zone.walk("STANDARD"):
        if "rrule" not in observance:  # a zone without changes: its one observance
            assert observance.decoded("tzoffsetfrom") == observance.decoded("tzoffsetto")
            continue
        before, after = observance.decoded("tzoffsetfrom"), observance.decoded("tzoffsetto")
        onsets = rrulestr(
            observance["rrule"].to_ical().decode(), dtstart=observance.decoded("dtstart")
        )
        window = datetime.datetime(first_year, 1, 1), datetime.datetime(last_year + 1, 1, 1)
        # each onset is the local time before the change
        changes.update(
            ((onset - before).replace(tzinfo=UTC), before, after)
            for onset in onsets.between(*window)
        )
    return changes


def test_the_timezones_changes_are_tzdatas(client):
    (zone,) = parse(client.get(FEED, WINDOW)).walk("VTIMEZONE")
    # the rule Denmark has kept since 1996, and tzdata's explicit changes up to 2037
    changes = vtimezone_changes(zone, 1996, 2060)
    assert changes == tzdata_changes(1996, 2060)
    assert len(changes) == 2 * 65


# New York and Sydney change on the nth Sunday; Nuuk, Jerusalem and Santiago on a day before
# or after one (`M3.5.0/-1`: 23:00 on the Saturday before the last Sunday)
@pytest.mark.parametrize(
    "key",
    [
        "America/New_York",
        "Australia/Sydney",
        "America/Nuuk",
        "Asia/Jerusalem",
        "America/Santiago",
        "Asia/Tokyo",
        "UTC",
    ],
)
def test_any_zones_rule_is_written_from_tzdata(key):
    # under a name icalendar does not know (one per zone: it keeps a zone by its name), so
    # that it reads the VTIMEZONE itself
    text = vtimezone(key).to_ical().replace(key.encode(), f"Read as {key}".encode())
    zone = Calendar.from_ical(text)
    changes = vtimezone_changes(zone, 2030, 2040)
    assert changes == tzdata_changes(2030, 2040, ZoneInfo(key))
    assert len(changes) == (0 if key in ("Asia/Tokyo", "UTC") else 22)
    read = zone.to_tz()
    for month in (1, 7):
        moment = datetime.datetime(2035, month, 1, 12, tzinfo=ZoneInfo(key))
        assert moment.replace(tzinfo=read).utcoffset() == moment.utcoffset()


def test_a_zone_whose_dates_tzdata_lists_one_by_one_is_refused():
    # Morocco's changes around Ramadan follow no yearly rule
    with pytest.raises(ImproperlyConfigured, match="TIME_ZONE Africa/Casablanca"):
        vtimezone("Africa/Casablanca")


def test_icalendar_reads_the_timezone_as_tzdata(client, calendar_of_2027):
    body = client.get(FEED, WINDOW).content
    # under a name it does not know, icalendar builds the zone from our VTIMEZONE alone
    renamed = Calendar.from_ical(body.replace(b"Europe/Copenhagen", b"Velkomst local time"))
    (zone,) = renamed.walk("VTIMEZONE")
    read = zone.to_tz()
    assert not isinstance(read, ZoneInfo)
    moment, last = (
        datetime.datetime(2026, 1, 1, tzinfo=UTC),
        datetime.datetime(2029, 1, 1, tzinfo=UTC),
    )
    while moment < last:  # every local time, with the hour repeated in autumn read both ways
        local = moment.astimezone(CPH)
        assert local.replace(tzinfo=read).utcoffset() == local.utcoffset(), local
        moment += datetime.timedelta(minutes=30)
    for ours, theirs in zip(
        Calendar.from_ical(body).walk("VEVENT"), renamed.walk("VEVENT"), strict=True
    ):
        for name in ("dtstart", "dtend"):
            assert ours.decoded(name) == theirs.decoded(name)


def test_a_repeating_event_is_one_vevent_with_its_rule_timezone_and_dates(client, make_event):
    event = make_event(
        title="CaféNy",
        start=at(2026, 12, 8, 17),
        end=at(2026, 12, 8, 19),
        rrule="FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271231T235959",
        exdates=["2027-07-13"],
        rdates=["2027-07-20T17:00"],
    )
    calendar = parse(client.get(f"/api/v2/events/{event.pk}/event.ics"))
    assert calendar["version"] == "2.0" and calendar["prodid"]
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Copenhagen"
    (vevent,) = calendar.walk("VEVENT")
    text = vevent.to_ical().decode()
    assert "DTSTART;TZID=Europe/Copenhagen:20261208T170000" in text
    assert "RRULE:FREQ=MONTHLY;UNTIL=20271231T225959Z;BYDAY=2TU" in text
    assert "EXDATE;TZID=Europe/Copenhagen:20270713T170000" in text
    assert "RDATE;TZID=Europe/Copenhagen:20270720T170000" in text
    assert str(vevent["uid"]) == f"event-{event.translation_key}@velkomst.sonderborg.dk"
    for required in ("dtstamp", "last-modified", "sequence"):
        assert required in vevent


def test_a_one_off_event_lists_its_first_date_with_its_extra_dates(client, make_event):
    event = make_event(
        start=at(2027, 2, 6, 10), end=at(2027, 2, 6, 15), rdates=["2027-06-12T10:00"]
    )
    text = client.get(f"/api/v2/events/{event.pk}/event.ics").content.decode()
    assert "DTSTART;TZID=Europe/Copenhagen:20270206T100000" in text
    assert "RDATE;TZID=Europe/Copenhagen:20270206T100000,20270612T100000" in text
    assert "RRULE" not in text.split("BEGIN:VEVENT")[1]


def test_all_day_events_are_dates_with_an_exclusive_end(client, make_event):
    event = make_event(start=at(2027, 6, 10), end=at(2027, 6, 13), all_day=True)
    text = client.get(f"/api/v2/events/{event.pk}/event.ics").content.decode()
    assert "DTSTART;VALUE=DATE:20270610" in text
    assert "DTEND;VALUE=DATE:20270613" in text


def test_the_uid_stays_and_the_sequence_grows_when_an_event_changes(client, make_event):
    event = make_event(title="Før", start=at(2027, 2, 2, 17), end=at(2027, 2, 2, 19))
    url = f"/api/v2/events/{event.pk}/event.ics"
    (before,) = parse(client.get(url)).walk("VEVENT")
    time.sleep(1.1)  # a publish a second later
    event.title = "Efter"
    event.exdates = []
    event.save_revision().publish()
    (after,) = parse(client.get(url)).walk("VEVENT")
    assert after["uid"] == before["uid"]
    assert after["sequence"] > before["sequence"]
    assert after.decoded("last-modified") > before.decoded("last-modified")
    assert str(after["summary"]) == "Efter"


def test_every_language_copy_is_the_same_event(client, make_event):
    from tests.conftest import translate

    event = make_event()
    english = translate(event, "en")
    uids = {
        str(parse(client.get(f"/api/v2/events/{page.pk}/event.ics")).walk("VEVENT")[0]["uid"])
        for page in (event, english)
    }
    assert len(uids) == 1


def test_a_draft_has_no_ical(client, make_event):
    assert client.get(f"/api/v2/events/{make_event(draft=True).pk}/event.ics").status_code == 404


def test_an_imported_event_keeps_one_uid_of_ours_through_changes(client):
    imported = ImportedEventFactory(uid="byfest-2027@aabenraa.dk")
    address = f"/api/v2/events/imported/{imported.pk}/event.ics"
    before = str(parse(client.get(address)).walk("VEVENT")[0]["uid"])
    imported.title = "Byfest (flyttet)"
    imported.updated_at += datetime.timedelta(hours=1)
    imported.save()

    after = str(parse(client.get(address)).walk("VEVENT")[0]["uid"])

    assert after == before
    assert before.startswith(f"imported-{imported.calendar_id}-")
    assert before.endswith("@velkomst.sonderborg.dk")


def test_a_feed_from_kept_vevents_is_icalendars_own_text_and_follows_every_change(
    client, calendar_of_2027, settings
):
    """Each VEVENT's text is kept in the cache by what it is written from: the feed is
    byte for byte what icalendar writes, and a change made behind the API's back (a direct
    update, no new publish time) shows in the very next feed."""
    from events import ical
    from events.models import EventPage

    settings.API_CACHE = False
    first = client.get(FEED, WINDOW).content
    kept = client.get(FEED, WINDOW).content
    whole = Calendar.from_ical(first)
    assert kept == first
    assert first == whole.to_ical()  # as if icalendar had written every event itself
    assert len(whole.walk("VEVENT")) == len(calendar_of_2027)

    cafe = calendar_of_2027[0]
    EventPage.objects.filter(pk=cafe.pk).update(title="CaféNy i Alsion")
    changed = client.get(FEED, WINDOW)
    summaries = {str(e["summary"]) for e in parse(changed).walk("VEVENT")}
    assert "CaféNy i Alsion" in summaries and "CaféNy" not in summaries

    ical.caches["default"].clear()
    assert client.get(FEED, WINDOW).content == changed.content  # written afresh, the same


def test_a_long_vevent_is_read_from_the_shared_cache_not_kept_in_each_process(client):
    """A process keeps short VEVENT texts only, so its memory stays bounded by their number;
    a long imported description is written the same, from the shared cache."""
    from events import ical

    short = ImportedEventFactory(description="Kort.")
    long = ImportedEventFactory(description="Lang beskrivelse. " * 400)
    for imported in (short, long):
        address = f"/api/v2/events/imported/{imported.pk}/event.ics"
        first = client.get(address).content
        assert client.get(address).content == first
    kept = list(ical._texts.values())
    assert any(b"Kort." in text for text in kept)
    assert not any(b"Lang beskrivelse" in text for text in kept)
    assert all(len(text) <= ical.MEMORY_TEXT_SIZE for text in kept)


def test_a_polled_feed_is_served_from_the_cache_and_a_change_shows_in_the_next(
    client, make_event, settings, django_assert_num_queries
):
    settings.API_CACHE = True
    event = make_event(title="Før", start=at(2027, 2, 2, 17), end=at(2027, 2, 2, 19))
    first = client.get(FEED, WINDOW)
    with django_assert_num_queries(0):
        again = client.get(FEED, WINDOW)
    assert (first["X-Cache"], again["X-Cache"]) == ("MISS", "HIT")
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "text/calendar; charset=utf-8"
    assert client.get(FEED, WINDOW, headers={"If-None-Match": first["ETag"]}).status_code == 304

    event.title = "Efter"
    event.save_revision().publish()
    changed = client.get(FEED, WINDOW)
    assert changed["X-Cache"] == "MISS"
    assert [str(e["summary"]) for e in parse(changed).walk("VEVENT")] == ["Efter"]
