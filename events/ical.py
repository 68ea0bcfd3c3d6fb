"""The calendar as iCalendar (RFC 5545), for phones and calendar programs that subscribe.

Each event is one VEVENT with its rule, cancelled dates (EXDATE) and extra dates (RDATE) in
local time (TZID=Europe/Copenhagen), so the subscriber's calendar expands it as the API does.
The zone's VTIMEZONE is tzdata's yearly rule (`events/vtimezone.py`).

The UID stays the same for the life of an event (an event page's translation key, so every
language copy is the same event; an imported event's calendar, UID and RECURRENCE-ID) and
SEQUENCE/LAST-MODIFIED/DTSTAMP move with each change, so a subscribed calendar replaces the
event rather than adding a second one, and drops cancelled dates.
"""

import contextlib
import functools
import hashlib
import logging
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.cache import caches
from icalendar import Calendar, Event, vRecur

from events import recurrence
from events.models import ImportedEvent
from events.vtimezone import vtimezone

PRODID = "-//Velkomst//Calendar//EN"
#: SEQUENCE counts seconds since this moment: it grows with every change (and fits 32 bits
#: until 2092)
SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
CONTENT_TYPE = "text/calendar; charset=utf-8"
#: writing a VEVENT is most of a feed's cost: each one's text is kept in the shared cache under
#: a hash of everything it is written from, so a changed event is never found there
VEVENT_KEY_PREFIX = "events:vevent:1:"
VEVENT_TIMEOUT = 7 * 24 * 3600
CALENDAR_END = b"END:VCALENDAR\r\n"

logger = logging.getLogger(__name__)


def uid_domain():
    return settings.EVENTS_ICAL_UID_DOMAIN


def uid_for(event):
    if isinstance(event, ImportedEvent):
        # A feed's UID is unique in that feed only: two calendars may carry the same event,
        # or reuse a UID (ours too, when a neighbour republishes our feed). Qualified by the
        # calendar, each row is one event to subscribers; overridden occurrences are rows of
        # their own (the master cancels their dates).
        source = f"{event.uid}\n{event.recurrence_id}".encode()
        digest = hashlib.sha256(source).hexdigest()[:32]
        return f"imported-{event.calendar_id}-{digest}@{uid_domain()}"
    return f"event-{event.translation_key}@{uid_domain()}"


def calendar(events, name, url_for=None):
    """A VCALENDAR holding `events` (event pages and imported events); `url_for(event)`
    gives an event's web address (or None)."""
    texts = vevent_texts([(event, url_for(event) if url_for else None) for event in events])
    return _head(name, settings.TIME_ZONE) + b"".join(texts) + CALENDAR_END


@functools.lru_cache(maxsize=64)
def _head(name, zone):
    """The calendar's properties and its VTIMEZONE, as icalendar writes them (the same for
    every feed of a name: kept per process)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", zone)
    cal.add_component(vtimezone(zone))
    # the events go where icalendar would put them: last, in order
    return cal.to_ical().removesuffix(CALENDAR_END)


def vevent_texts(events):
    """The VEVENT text of each (event, url): from this process's memory, else from the
    shared cache, where it was written before. A key is a hash of everything the text is
    written from, so neither is ever stale."""
    keys = [_vevent_key(event, url) for event, url in events]
    found = {key: _texts[key] for key in keys if key in _texts}
    missing = [key for key in keys if key not in found]
    if missing:
        cache = caches["default"]
        try:
            found.update(cache.get_many(missing))
        except Exception:
            logger.exception("could not read the events' iCalendar texts from the cache")
    written = {}
    texts = []
    for key, (event, url) in zip(keys, events, strict=True):
        text = found.get(key) or written.get(key)
        if text is None:
            text = written[key] = vevent(event, url).to_ical()
        texts.append(text)
        _remember(key, text)
    if written:
        try:
            caches["default"].set_many(written, timeout=VEVENT_TIMEOUT)
        except Exception:
            logger.exception("could not keep the events' iCalendar texts in the cache")
    return texts


#: the VEVENT texts this process wrote or read last, by key (at most MEMORY_TEXTS, each
#: at most MEMORY_TEXT_SIZE characters: at most about 8 MB); the oldest go first. A longer
#: text (an imported event's long description) is read from the shared cache each time.
MEMORY_TEXTS = 2000
MEMORY_TEXT_SIZE = 4000
_texts = {}


def _remember(key, text):
    if key in _texts or len(text) > MEMORY_TEXT_SIZE:
        return
    if len(_texts) >= MEMORY_TEXTS:
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):  # another thread's
            del _texts[next(iter(_texts))]
    _texts[key] = text


def _vevent_key(event, url):
    """A hash of everything `vevent` writes the event from."""
    description = event.description if isinstance(event, ImportedEvent) else event.summary
    parts = (
        uid_for(event),
        url,
        _changed(event).isoformat(),
        event.title,
        description,
        event.place_name,
        event.address,
        event.point,
        list(event.categories or ()),
        event.start.isoformat(),
        event.end.isoformat(),
        event.all_day,
        event.rrule,
        list(event.exdates or ()),
        list(event.rdates or ()),
        settings.TIME_ZONE,
    )
    return VEVENT_KEY_PREFIX + hashlib.sha256(repr(parts).encode()).hexdigest()


def vevent(event, url=None):
    changed = _changed(event)
    component = Event()
    component.add("uid", uid_for(event))
    component.add("dtstamp", changed)
    component.add("last-modified", changed)
    component.add("sequence", max(0, int((changed - SEQUENCE_EPOCH).total_seconds())))
    component.add("summary", event.title)
    description = event.description if isinstance(event, ImportedEvent) else event.summary
    if description:
        component.add("description", description)
    location = ", ".join(part for part in (event.place_name, event.address) if part)
    if location:
        component.add("location", location)
    if event.point:
        component.add("geo", event.point)
    if event.categories:
        component.add("categories", list(event.categories))
    if url:
        component.add("url", url)
    _add_times(component, event)
    return component


def _changed(event):
    if isinstance(event, ImportedEvent):
        moment = event.updated_at
    else:
        moment = event.last_published_at or event.latest_revision_created_at
    return (moment or SEQUENCE_EPOCH).astimezone(UTC).replace(microsecond=0)


def _add_times(component, event):
    start = event.start.astimezone(recurrence.zone())
    end = event.end.astimezone(recurrence.zone())
    if event.all_day:
        component.add("dtstart", start.date())
        component.add("dtend", max(end.date(), start.date() + timedelta(days=1)))
    else:
        component.add("dtstart", start)
        component.add("dtend", end)
    if event.rrule:
        component.add("rrule", _rule(event.rrule, event.all_day))
    starts_at = start.replace(tzinfo=None).time()
    cancelled = recurrence.parse_exdates(event.exdates or [])
    extra = recurrence.parse_rdates(event.rdates or [])
    if cancelled:
        excluded = {datetime.combine(day, starts_at) for day in cancelled}
        excluded.update(moment for moment in extra if moment.date() in cancelled)
        component.add("exdate", [_local(moment, event.all_day) for moment in sorted(excluded)])
    kept = [moment for moment in extra if moment.date() not in cancelled]
    if kept and not event.rrule and start.date() not in cancelled:
        # DTSTART is the first date (RFC 5545 §3.8.5.2), yet ical.js (Thunderbird) takes an
        # event without a rule to have only its RDATEs: the first date is listed there too
        kept = sorted({start.replace(tzinfo=None), *kept})
    if kept:
        component.add("rdate", [_local(moment, event.all_day) for moment in kept])


def _local(naive, all_day):
    # the wall-clock time as stored, as DTSTART and the rule give it: a time the clocks skip
    # or repeat is then resolved by the reader as it resolves the rule's dates
    return naive.date() if all_day else naive.replace(tzinfo=recurrence.zone())


def _rule(text, all_day):
    """The stored rule, with UNTIL as RFC 5545 wants it: UTC for a start with a time zone,
    a date for an all-day event (our UNTIL is local wall-clock time)."""
    rule = vRecur.from_ical(text)
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        if not isinstance(until, datetime):
            until = datetime.combine(until, time())  # as dateutil reads a date: its midnight
        until = until.replace(tzinfo=None)  # as recurrence.expand reads it (ignoretz)
        rule["UNTIL"] = [until.date() if all_day else recurrence.aware(until).astimezone(UTC)]
    return rule
