"""Import an external calendar's iCalendar feed into its `ImportedEvent` rows.

Events are matched by `UID` and `RECURRENCE-ID`: new ones are created, changed ones updated,
those gone from the feed deleted, and unchanged ones (same content hash) not written at all,
so a second run changes nothing. An occurrence changed by a `RECURRENCE-ID` override is
cancelled on its master (an EXDATE) and becomes its own row; a cancelled override
(`STATUS:CANCELLED`) only cancels that date, and a cancelled master is not imported. A stream
of several VCALENDARs (an Outlook export) is imported as one feed.

An event that cannot be read is skipped and named in the report, and keeps the copy imported
before; the rest are imported. An import that would remove more than half of the calendar's
events (all of them, when a malformed feed yields none) removes nothing: the removals are held
on the calendar until the coordinator confirms them (`confirm_removals`) or the feed is fixed.
A feed that cannot be downloaded or parsed leaves the calendar's events as they were and
records the error on the calendar (shown in the admin). Writes are batched and existing rows
are read once (id, uid, recurrence id, hash), so a feed of thousands of events stays cheap.
"""

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from events import occurrences, recurrence
from events.fetch import FetchError, fetch_feed
from events.ical_in import (
    Skip,
    cancelled,
    event_fields,
    label,
    original_start_date,
    readable_recurrence_key,
    recurrence_key,
    stored_recurrence_date,
)
from events.models.calendar import ExternalCalendar, ImportedEvent, hold_status
from events.models.schedule import search_text
from events.signals import imported_changes

BATCH_SIZE = 500
#: the report kept on the calendar names at most this many skipped events
MAX_SKIPPED_IN_REPORT = 100
#: a line opening a calendar (after a byte order mark, for the first): a stream holds one or
#: more, and the parser silently drops a last one that is cut off, so they are counted
CALENDAR_BEGIN = re.compile(rb"^(?:\xef\xbb\xbf)?BEGIN:VCALENDAR[ \t]*\r?$", re.I | re.M)
CALENDAR_END = re.compile(rb"END:VCALENDAR\s*\Z", re.I)
HOLD_FIELDS = ["held_removals", "held_of", "held_since"]
WRITTEN_FIELDS = (
    "title",
    "description",
    "url",
    "start",
    "end",
    "all_day",
    "rrule",
    "exdates",
    "rdates",
    "categories",
    "audiences",
    "calendar_audiences",
    "languages",
    "place_name",
    "address",
    "latitude",
    "longitude",
    "price",
    "organiser",
    "last_end",
    "search_text",
    "content_hash",
    "updated_at",
)


class HoldError(Exception):
    """Held removals cannot be confirmed; the message says why."""


@dataclass
class ImportReport:
    calendar: str = ""
    in_feed: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    cancelled: int = 0
    #: events the calendar had before; removals not made, being more than half of them
    before: int = 0
    held: int = 0
    #: {"position": n-th VEVENT of the feed, "uid", "recurrence_id" (None: unreadable),
    #: "summary", "reason", "kept": whether the copy imported before is kept}
    skipped: list = field(default_factory=list)
    error: str = ""

    @property
    def ok(self):
        return not self.error

    @property
    def writes(self):
        return self.created + self.updated + self.deleted

    def as_dict(self):
        data = asdict(self)
        data["skipped_count"] = len(self.skipped)
        data["skipped"] = self.skipped[:MAX_SKIPPED_IN_REPORT]
        del data["error"], data["calendar"]
        return data

    def summary(self):
        if self.error:
            return _("%(calendar)s: failed, events left as they were: %(error)s") % {
                "calendar": self.calendar,
                "error": self.error,
            }
        text = _(
            "%(calendar)s: %(in_feed)s events in the feed; %(created)s new, %(updated)s "
            "updated, %(unchanged)s unchanged, %(deleted)s removed, %(skipped)s skipped"
        ) % {**asdict(self), "skipped": len(self.skipped)}
        if self.held:
            text += "; " + hold_status(self.held, self.before)
        return text


def import_calendar(calendar):
    """Fetch `calendar`'s feed and import it; the report says how it went."""
    try:
        data = fetch_feed(calendar.feed_url)
    except FetchError as error:
        return _fail(calendar, str(error))
    return import_feed(calendar, data)


def import_feed(calendar, data):
    """Import the iCalendar `data` (bytes) as `calendar`'s events, in one transaction."""
    try:
        calendars = parse_feed(data)
    except Exception as error:  # noqa: BLE001  (see _read)
        return _fail(calendar, _("The feed is not valid iCalendar: %(error)s") % {"error": error})
    report = ImportReport(calendar=str(calendar))
    try:
        with transaction.atomic():
            # the calendar as it is now, held until the import commits: one moved to another
            # municipality during the fetch has its events written and announced there, and
            # defaults (categories, audiences, languages) changed meanwhile are the events'
            calendar.refresh_from_db(from_queryset=ExternalCalendar.objects.select_for_update())
            feed = _read(calendars, calendar, report)
            del calendars
            held = _write(calendar, feed, report)
            _done(calendar, report, held)
    except ExternalCalendar.DoesNotExist:
        return ImportReport(calendar=str(calendar), error=_("The calendar was deleted."))
    except DatabaseError as error:
        return _fail(calendar, _("The events could not be saved: %(error)s") % {"error": error})
    return report


def parse_feed(data):
    """The VCALENDARs of an iCalendar stream (RFC 5545 allows several: Outlook writes one per
    calendar exported); raises ValueError when it holds none, or is cut off."""
    components = Calendar.from_ical(data, multiple=True)
    if not components:
        raise ValueError("no calendar (BEGIN:VCALENDAR … END:VCALENDAR) in it")
    strays = sorted({component.name for component in components} - {"VCALENDAR"})
    if strays:
        raise ValueError(f"{', '.join(strays)} outside a calendar (VCALENDAR)")
    if len(CALENDAR_BEGIN.findall(data)) != len(components) or not CALENDAR_END.search(data):
        raise ValueError("it is cut off, or something follows its last END:VCALENDAR")
    return components


def confirm_removals(calendar, token=None):
    """Remove the events whose removal is held on `calendar` (only if they are still the set
    named by `token`, when given: the set the coordinator saw); returns how many."""
    with transaction.atomic():
        calendar = ExternalCalendar.objects.select_for_update().get(pk=calendar.pk)
        if not calendar.held_removals:
            raise HoldError(
                _("%(calendar)s holds no removals to confirm.") % {"calendar": calendar}
            )
        if token is not None and token != calendar.hold_token:
            raise HoldError(
                _(
                    "The removals held for %(calendar)s changed since the page was shown; "
                    "look at them again."
                )
                % {"calendar": calendar}
            )
        held = {(item["uid"], item["recurrence_id"]) for item in calendar.held_removals}
        gone = [
            pk
            for pk, uid, recurrence_id in calendar.events.values_list("pk", "uid", "recurrence_id")
            if (uid, recurrence_id) in held
        ]
        for start in range(0, len(gone), BATCH_SIZE):
            ImportedEvent.objects.filter(pk__in=gone[start : start + BATCH_SIZE]).delete()
        imported_changes(calendar, removed=gone)
        calendar.held_removals, calendar.held_of, calendar.held_since = [], 0, None
        calendar.save(update_fields=HOLD_FIELDS)  # its signal tells the API its events changed
    return len(gone)


def _fail(calendar, message):
    calendar.last_fetched_at = timezone.now()
    calendar.last_error = message
    # bookkeeping only: no signal, so the API's cache stays as it is
    ExternalCalendar.objects.filter(pk=calendar.pk).update(
        last_fetched_at=calendar.last_fetched_at, last_error=message
    )
    return ImportReport(calendar=str(calendar), error=message)


def _done(calendar, report, held):
    calendar.last_fetched_at = timezone.now()
    calendar.last_error = ""
    calendar.last_report = report.as_dict()
    if not held:
        calendar.held_since = None
    elif not calendar.held_removals:
        calendar.held_since = calendar.last_fetched_at
    calendar.held_removals = held
    calendar.held_of = report.before if held else 0
    fields = ["last_fetched_at", "last_error", "last_report", *HOLD_FIELDS]
    if report.writes:
        calendar.save(update_fields=fields)  # its signal tells the API its events changed
    else:
        ExternalCalendar.objects.filter(pk=calendar.pk).update(
            **{name: getattr(calendar, name) for name in fields}
        )


@dataclass
class FeedEvents:
    """What a feed says: {(uid, recurrence_id): fields} of the events to keep, masters with
    the dates their overrides replace cancelled; and the events it cancels (STATUS:CANCELLED),
    a master with its overrides."""

    rows: dict = field(default_factory=dict)
    cancelled_uids: set = field(default_factory=set)
    cancelled_overrides: set = field(default_factory=set)

    def cancels(self, key):
        return key[0] in self.cancelled_uids or key in self.cancelled_overrides


def _read(calendars, calendar, report):
    feed = FeedEvents()
    rows = feed.rows
    replaced = {}  # uid -> local dates overridden or cancelled by a RECURRENCE-ID
    components = (component for feed in calendars for component in feed.walk("VEVENT"))
    for position, component in enumerate(components, start=1):
        report.in_feed += 1
        uid, summary = label(component)
        try:
            recurrence_id = recurrence_key(component)
            fields = event_fields(component, calendar, is_override=bool(recurrence_id))
            if (uid, recurrence_id) in rows:
                raise Skip("the same UID (and RECURRENCE-ID) appears twice")
            if recurrence_id:
                replaced.setdefault(uid, set()).add(original_start_date(component))
        # a feed is untrusted input to icalendar, dateutil and zoneinfo, which raise all
        # sorts on values no feed should hold: then that event is skipped, not the feed
        except Exception as reason:  # noqa: BLE001
            report.skipped.append(
                {
                    "position": position,
                    "uid": uid,
                    "recurrence_id": readable_recurrence_key(component),
                    "summary": summary,
                    "reason": str(reason),
                    "kept": False,
                }
            )
            continue
        if cancelled(component):
            report.cancelled += 1
            if recurrence_id:
                feed.cancelled_overrides.add((uid, recurrence_id))
            else:
                feed.cancelled_uids.add(uid)
            continue
        rows[(uid, recurrence_id)] = fields
    for (uid, recurrence_id), fields in list(rows.items()):
        if uid in feed.cancelled_uids:
            del rows[(uid, recurrence_id)]
        elif not recurrence_id and uid in replaced:
            fields["exdates"] = sorted(set(fields["exdates"]) | replaced[uid])
    return feed


def content_hash(fields):
    return hashlib.sha256(
        json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()


def _write(calendar, feed, report):
    """Create, update and delete; returns the removals held ([] when none are). Events the
    feed cancels are removed; events it no longer carries too, unless they are more than
    half of the calendar's: more often a broken feed than a real change."""
    rows = feed.rows
    existing = {
        (uid, recurrence_id): (pk, digest)
        for pk, uid, recurrence_id, digest in ImportedEvent.objects.filter(
            calendar=calendar
        ).values_list("pk", "uid", "recurrence_id", "content_hash")
    }
    report.before = len(existing)
    kept = _kept_copies(existing, rows, report)
    removed = {
        key: pk for key, (pk, _digest) in existing.items() if key not in rows and key not in kept
    }
    gone = {key: pk for key, pk in removed.items() if not feed.cancels(key)}
    held = len(gone) * 2 > len(existing)
    _cancel_on_masters(rows, kept | set(gone) if held else kept)
    now = timezone.now()
    to_create, to_update = [], []
    for key, fields in rows.items():
        digest = content_hash(fields)
        pk, old_digest = existing.get(key, (None, None))
        if digest == old_digest:
            report.unchanged += 1
            continue
        event = ImportedEvent(
            pk=pk,
            calendar=calendar,
            uid=key[0],
            recurrence_id=key[1],
            content_hash=digest,
            created_at=now,
            updated_at=now,
            last_end=recurrence.last_end(
                fields["start"], fields["end"], fields["rrule"], fields["rdates"]
            ),
            **fields,
        )
        event.search_text = search_text(*event.searched_texts())
        (to_update if pk else to_create).append(event)
        if len(to_create) >= BATCH_SIZE:
            report.created += _created(to_create)
            to_create.clear()
        if len(to_update) >= BATCH_SIZE:
            report.updated += _updated(to_update)
            to_update.clear()
    if to_create:
        report.created += _created(to_create)
    if to_update:
        report.updated += _updated(to_update)
    pks = [pk for key, pk in removed.items() if not held or key not in gone]
    for start in range(0, len(pks), BATCH_SIZE):
        ImportedEvent.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).delete()
        imported_changes(calendar, removed=pks[start : start + BATCH_SIZE])
    report.deleted = len(pks)
    if held:
        report.held = len(gone)
        return _held(calendar, gone)
    return []


def _created(events):
    """Create `events` with their dates (bulk writes send no signal); returns how many."""
    created = ImportedEvent.objects.bulk_create(events)
    occurrences.write_many(created)
    imported_changes(created[0].calendar, changed=[event.pk for event in created])
    return len(created)


def _updated(events):
    count = ImportedEvent.objects.bulk_update(events, WRITTEN_FIELDS)
    occurrences.write_many(events)
    imported_changes(events[0].calendar, changed=[event.pk for event in events])
    return count


def _kept_copies(existing, rows, report):
    """The keys of imported events that the feed still carries but which could not be read
    this time: their copies stay as they were. An override whose RECURRENCE-ID cannot be
    read could be any of its UID's: all of them stay."""
    unreadable = {(item["uid"], item["recurrence_id"]) for item in report.skipped if item["uid"]}
    whole_uids = {uid for uid, recurrence_id in unreadable if recurrence_id is None}
    kept = {
        key for key in existing if key not in rows and (key in unreadable or key[0] in whole_uids)
    }
    kept_uids = {uid for uid, _recurrence_id in kept}
    for item in report.skipped:
        key = (item["uid"], item["recurrence_id"])
        item["kept"] = key in kept or (item["recurrence_id"] is None and key[0] in kept_uids)
    return kept


def _cancel_on_masters(rows, kept):
    """A master read from the feed keeps cancelled the dates of its overrides kept as
    they were (else the date would show twice: moved, and where it was)."""
    for uid, recurrence_id in kept:
        master = rows.get((uid, ""))
        if recurrence_id and master is not None:
            day = stored_recurrence_date(recurrence_id)
            master["exdates"] = sorted({*master["exdates"], day})


def _held(calendar, gone):
    """What the coordinator is asked to confirm: the events gone from the feed, by title."""
    titles = dict(calendar.events.values_list("pk", "title"))
    return [
        {"uid": uid, "recurrence_id": recurrence_id, "title": titles.get(pk, "")}
        for (uid, recurrence_id), pk in sorted(gone.items())
    ]
