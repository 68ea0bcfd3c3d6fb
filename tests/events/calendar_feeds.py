"""iCalendar feeds for the import tests: the bundled samples, real-world-style files of the
tests (`feeds/`), and small feeds written in a test (`feed(vevent(...), ...)`), as bytes the
importer reads."""

import re
from pathlib import Path

import events
from events.models import ExternalCalendar

SAMPLES = Path(events.__file__).parent / "samples"
FEEDS = Path(__file__).parent / "feeds"


def sample(name):
    return (SAMPLES / name).read_bytes()


def feed_file(name):
    """An Outlook export of two calendars (`outlook-two-calendars.ics`), a calendar holding
    nothing but a comment and a blank line (`comment-only.ics`)."""
    return (FEEDS / name).read_bytes()


def without(data, *uids):
    """`data` with every VEVENT of these UIDs left out: a feed that lost them."""
    for uid in uids:
        block = rb"BEGIN:VEVENT\r?\n(?:(?!END:VEVENT).*\r?\n)*?UID:" + re.escape(uid.encode())
        data, found = re.subn(block + rb"\r?\n(?:.*\r?\n)*?END:VEVENT\r?\n", b"", data)
        assert found, uid
    return data


def vevent(uid, *lines, summary="Et arrangement"):
    """A VEVENT with `lines` (e.g. "DTSTART;TZID=Europe/Berlin:20270107T190000") added."""
    body = [f"UID:{uid}", f"SUMMARY:{summary}", "DTSTAMP:20261101T090000Z", *lines]
    return "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in body) + "END:VEVENT\r\n"


def feed(*vevents):
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Test//DA\r\n"
        + "".join(vevents)
        + "END:VCALENDAR\r\n"
    ).encode()


def make_calendar(**kwargs):
    values = {
        "name": "Aabenraa Kommune",
        "feed_url": "https://www.aabenraa.dk/kalender.ics",
        "region": "Aabenraa",
        "categories": ["culture"],
        "audiences": ["non_eu"],
        "calendar_audiences": ["tourists", "locals"],
        "languages": ["da"],
        **kwargs,
    }
    return ExternalCalendar.objects.create(**values)
