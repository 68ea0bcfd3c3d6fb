"""The calendar feed read by a second, independent implementation: ical.js (the library of
Thunderbird and many web calendars), run by Node, expands `feed.ics` with the feed's own
VTIMEZONE and must give the API's dates across both daylight saving changes.

ical.js is installed in tests/events/icaljs by `make test` (`npm ci`) when Node is present;
without Node this test is skipped."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.events.factories import CPH, ImportedEventFactory
from tests.events.test_ical_out import api_occurrences, at

ICALJS = Path(__file__).parent / "icaljs"
NODE = shutil.which("node")
UTC = datetime.UTC
WINDOW = {"from": "2027-01-01", "to": "2027-12-31"}

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(NODE is None, reason="ical.js runs on Node, and node is not on PATH"),
]


def icaljs_occurrences(body, window_start, window_end):
    """{(summary, start UTC, end UTC)} of every occurrence overlapping the window, as ical.js
    expands the feed `body`. All-day dates are local dates."""
    if not (ICALJS / "node_modules" / "ical.js").is_dir():
        pytest.fail(f"ical.js is not installed: run `make icaljs` (npm ci --prefix {ICALJS})")
    window = [moment.astimezone(UTC).isoformat() for moment in (window_start, window_end)]
    run = subprocess.run(
        [NODE, str(ICALJS / "expand.mjs"), *window],
        input=body,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()
    found = set()
    for line in run.stdout.decode().splitlines():
        item = json.loads(line)
        start, end = (_moment(item[name]) for name in ("start", "end"))
        found.add((item["summary"], start, end))
    return found


def _moment(text):
    if len(text) == len("2027-01-01"):
        local = datetime.datetime.combine(datetime.date.fromisoformat(text), datetime.time())
        return local.replace(tzinfo=CPH).astimezone(UTC)
    return datetime.datetime.fromisoformat(text).astimezone(UTC)


@pytest.fixture
def demo_like_calendar(make_event):
    make_event(
        title="Sprogcafé",
        start=at(2027, 1, 6, 19),
        end=at(2027, 1, 6, 21),
        rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20271231T235959",
    )
    make_event(
        title="CaféNy",
        start=at(2026, 12, 8, 17),
        end=at(2026, 12, 8, 19),
        rrule="FREQ=MONTHLY;BYDAY=2TU",
        exdates=["2027-04-13", "2027-07-13", "2027-11-09"],
    )
    make_event(
        title="Nattevagt",
        start=at(2027, 3, 20, 2, 30),
        end=at(2027, 3, 20, 3),
        rrule="FREQ=DAILY;UNTIL=20271110T000000",
    )
    make_event(
        title="Velkomstdag",
        start=at(2027, 2, 6, 10),
        end=at(2027, 2, 6, 15),
        rdates=["2027-06-12T10:00", "2027-09-04T11:00", "2027-11-06T10:00"],
    )
    make_event(
        title="Markedsdag",
        start=at(2027, 3, 27),
        end=at(2027, 3, 28),
        all_day=True,
        rrule="FREQ=MONTHLY;UNTIL=20271231",
    )
    ImportedEventFactory(
        title="Flensburg Hafenfest", start=at(2027, 8, 20, 16), end=at(2027, 8, 20, 23)
    )


def test_icaljs_expands_the_feed_to_the_apis_dates(client, demo_like_calendar):
    response = client.get("/api/v2/events/feed.ics", WINDOW)
    assert response.status_code == 200
    from_icaljs = icaljs_occurrences(response.content, at(2027, 1, 1), at(2028, 1, 1))
    from_api = api_occurrences(client, **WINDOW)

    # ical.js, like libical, reads a local time the clocks skip with the summer offset (02:30
    # as 01:30 winter time) and one they repeat as the second; the API, as RFC 5545 §3.3.5
    # says, moves the first forward (03:30 summer time) and takes the first of the two.
    def night(day, hour):  # a Nattevagt starting at `hour`:30 UTC
        begins = datetime.datetime(2027, *day, hour, 30, tzinfo=UTC)
        return ("Nattevagt", begins, begins + datetime.timedelta(minutes=30))

    assert from_api - from_icaljs == {night((3, 28), 1), night((10, 31), 0)}
    assert from_icaljs - from_api == {night((3, 28), 0), night((10, 31), 1)}
    assert night((3, 28), 1)[1] == at(2027, 3, 28, 3, 30)
    # every other date, summer and winter
    assert len(from_api & from_icaljs) == 52 + 9 + (235 - 2) + 4 + 10 + 1
    assert ("Sprogcafé", at(2027, 7, 7, 19), at(2027, 7, 7, 21)) in from_icaljs
    assert ("Velkomstdag", at(2027, 2, 6, 10), at(2027, 2, 6, 15)) in from_icaljs
    assert ("Velkomstdag", at(2027, 9, 4, 11), at(2027, 9, 4, 16)) in from_icaljs
    assert not {title for title, start, _end in from_icaljs if start == at(2027, 7, 13, 17)}
