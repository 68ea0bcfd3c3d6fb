"""Import an external calendar's iCalendar feed into its `ImportedEvent` rows.

Events are matched by `UID` and `RECURRENCE-ID`: new ones are created, changed ones updated,
those gone from the feed deleted, and unchanged ones (same content hash) not written at all,
so a second run changes nothing. An occurrence changed by a `RECURRENCE-ID` override is
cancelled on its master (an EXDATE) and becomes its own row; a cancelled override
(`STATUS:CANCELLED`) only cancels that date, and a cancelled master is not imported.

An event that cannot be read is skipped and named in the report, the rest are imported; a
feed that cannot be downloaded or parsed leaves the calendar's events as they were and records
the error on the calendar (shown in the admin). Writes are batched and existing rows are
read once (id, uid, recurrence id, hash), so a feed of thousands of events stays cheap.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from events import recurrence
from events.fetch import FetchError, fetch_feed
from events.ical_in import (
    Skip,
    cancelled,
    event_fields,
    label,
    original_start_date,
    recurrence_key,
)
from events.models.calendar import ExternalCalendar, ImportedEvent

BATCH_SIZE = 500
#: the report kept on the calendar names at most this many skipped events
MAX_SKIPPED_IN_REPORT = 100
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
    "languages",
    "place_name",
    "address",
    "latitude",
    "longitude",
    "price",
    "organiser",
    "last_end",
    "content_hash",
    "updated_at",
)


@dataclass
class ImportReport:
    calendar: str = ""
    in_feed: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    cancelled: int = 0
    #: {"position": n-th VEVENT of the feed, "uid", "summary", "reason"}
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
        return _(
            "%(calendar)s: %(in_feed)s events in the feed; %(created)s new, %(updated)s "
            "updated, %(unchanged)s unchanged, %(deleted)s removed, %(skipped)s skipped"
        ) % {**asdict(self), "skipped": len(self.skipped)}


def import_calendar(calendar):
    """Fetch `calendar`'s feed and import it; the report says how it went."""
    try:
        data = fetch_feed(calendar.feed_url)
    except FetchError as error:
        return _fail(calendar, str(error))
    return import_feed(calendar, data)


def import_feed(calendar, data):
    """Import the iCalendar `data` (bytes) as `calendar`'s events."""
    try:
        feed = Calendar.from_ical(data)
    except Exception as error:  # noqa: BLE001  (see _read)
        return _fail(calendar, _("The feed is not valid iCalendar: %(error)s") % {"error": error})
    report = ImportReport(calendar=str(calendar))
    rows = _read(feed, calendar, report)
    del feed
    try:
        with transaction.atomic():
            _write(calendar, rows, report)
            _done(calendar, report)
    except DatabaseError as error:
        return _fail(calendar, _("The events could not be saved: %(error)s") % {"error": error})
    return report


def _fail(calendar, message):
    calendar.last_fetched_at = timezone.now()
    calendar.last_error = message
    # bookkeeping only: no signal, so the API's cache stays as it is
    ExternalCalendar.objects.filter(pk=calendar.pk).update(
        last_fetched_at=calendar.last_fetched_at, last_error=message
    )
    return ImportReport(calendar=str(calendar), error=message)


def _done(calendar, report):
    calendar.last_fetched_at = timezone.now()
    calendar.last_error = ""
    calendar.last_report = report.as_dict()
    fields = ["last_fetched_at", "last_error", "last_report"]
    if report.writes:
        calendar.save(update_fields=fields)  # its signal tells the API its events changed
    else:
        ExternalCalendar.objects.filter(pk=calendar.pk).update(
            **{name: getattr(calendar, name) for name in fields}
        )


def _read(feed, calendar, report):
    """{(uid, recurrence_id): fields} of the events to keep, masters with the dates their
    overrides replace cancelled."""
    rows = {}
    replaced = {}  # uid -> local dates overridden or cancelled by a RECURRENCE-ID
    cancelled_uids = set()
    for position, component in enumerate(feed.walk("VEVENT"), start=1):
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
                {"position": position, "uid": uid, "summary": summary, "reason": str(reason)}
            )
            continue
        if cancelled(component):
            report.cancelled += 1
            if not recurrence_id:
                cancelled_uids.add(uid)
            continue
        rows[(uid, recurrence_id)] = fields
    for (uid, recurrence_id), fields in list(rows.items()):
        if uid in cancelled_uids:
            del rows[(uid, recurrence_id)]
        elif not recurrence_id and uid in replaced:
            fields["exdates"] = sorted(set(fields["exdates"]) | replaced[uid])
    return rows


def content_hash(fields):
    return hashlib.sha256(
        json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()


def _write(calendar, rows, report):
    existing = {
        (uid, recurrence_id): (pk, digest)
        for pk, uid, recurrence_id, digest in ImportedEvent.objects.filter(
            calendar=calendar
        ).values_list("pk", "uid", "recurrence_id", "content_hash")
    }
    now = timezone.now()
    to_create, to_update = [], []
    for key, fields in rows.items():
        digest = content_hash(fields)
        pk, old_digest = existing.pop(key, (None, None))
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
        (to_update if pk else to_create).append(event)
        if len(to_create) >= BATCH_SIZE:
            report.created += len(ImportedEvent.objects.bulk_create(to_create))
            to_create.clear()
        if len(to_update) >= BATCH_SIZE:
            report.updated += ImportedEvent.objects.bulk_update(to_update, WRITTEN_FIELDS)
            to_update.clear()
    if to_create:
        report.created += len(ImportedEvent.objects.bulk_create(to_create))
    if to_update:
        report.updated += ImportedEvent.objects.bulk_update(to_update, WRITTEN_FIELDS)
    gone = [pk for pk, _digest in existing.values()]
    for start in range(0, len(gone), BATCH_SIZE):
        ImportedEvent.objects.filter(pk__in=gone[start : start + BATCH_SIZE]).delete()
    report.deleted = len(gone)
