"""The writer of `EventDate` rows: an event's dates from its stored rule (cancelled and extra
dates applied by `recurrence.expand`) up to a rolling horizon, `OCCURRENCE_HORIZON_DAYS`
(default 548, about 18 months) from now. A rule with COUNT or UNTIL ends earlier by itself;
dates without a rule (a single date, extra dates) are written whatever their distance.

Only live event pages have rows (each language copy its own); `events.signals` writes them
when a page is saved or unpublished and when an imported event is saved, the importer for
the events it writes in bulk (`write_many`, in its transaction), and the daily
`extend_occurrences` command moves the horizon (`extend`) and renews the table's statistics.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone

from events import recurrence
from events.models import EventDate, EventPage, ImportedEvent, JoinMode

#: sent when the daily job added dates: bulk writes send no row signals, and the
#: calendar's cached responses must follow (`frontend_api.invalidation`)
dates_extended = Signal()

DEFAULT_HORIZON_DAYS = 548
#: the listing lists this much less than the horizon: a daily job missed for a few days
#: leaves it exact
MARGIN_DAYS = 7
BATCH_SIZE = 2000
#: before any event: every date of an event (extra dates may precede its start)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: after every date of an event without a rule (one that zones can still shift)
END_OF_TIME = datetime(9000, 1, 1, tzinfo=UTC)


def horizon_days():
    return getattr(settings, "OCCURRENCE_HORIZON_DAYS", DEFAULT_HORIZON_DAYS)


def horizon(now=None):
    """Rows are written for the dates starting before this."""
    return (now or timezone.now()) + timedelta(days=horizon_days())


def listed_until(now=None):
    """The latest end of a window the table answers exactly (the listing refuses later)."""
    return (now or timezone.now()) + timedelta(days=horizon_days() - MARGIN_DAYS)


def dates(start, end, rule, exdates, rdates, until, after=None):
    """The occurrences starting before `until` (and after `after`, when given), sorted: the
    rule's up to `until`, every date of an event without a rule. Pure (the migration that
    fills the table uses it)."""
    if not rule:
        until = END_OF_TIME  # finite: the start and extra dates
    found = recurrence.expand(start, end, rule, exdates, rdates, after or EPOCH, until)
    if after is not None:
        found = [occurrence for occurrence in found if occurrence.start > after]
    return found


def seats_of(event):
    if isinstance(event, EventPage) and event.join_mode == JoinMode.REGISTRATION:
        return event.seats or None
    return None


def _elapsed(start, end):
    """The time between (in one zone Python subtracts wall-clock times: a date across a
    change of the clocks would be an hour off, and the window would miss it)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def _rows(event, until, after=None):
    owner = {"imported" if isinstance(event, ImportedEvent) else "page": event}
    seats = seats_of(event)
    return [
        EventDate(
            start=occurrence.start,
            end=occurrence.end,
            lasts=_elapsed(occurrence.start, occurrence.end),
            all_day=event.all_day,
            seats=seats,
            **owner,
        )
        for occurrence in dates(
            event.start, event.end, event.rrule, event.exdates, event.rdates, until, after
        )
    ]


def has_rows(event):
    """Whether `event` is listed: an imported event, or a live event page."""
    return isinstance(event, ImportedEvent) or event.live


def write(event, now=None):
    """Replace `event`'s rows (none for a page that is not live). A rule the calendar refuses
    raises ValidationError and writes nothing."""
    if has_rows(event) and event.rrule:
        recurrence.validate_rule(event.rrule, recurrence.local_naive(event.start))
    with transaction.atomic():
        delete(event)
        if has_rows(event):
            EventDate.objects.bulk_create(_rows(event, horizon(now)), batch_size=BATCH_SIZE)


def delete(event):
    key = "imported" if isinstance(event, ImportedEvent) else "page"
    EventDate.objects.filter(**{key: event}).delete()


def write_many(events, now=None):
    """Replace the rows of `events` (imported events the importer wrote in bulk)."""
    events = list(events)
    until = horizon(now)
    with transaction.atomic():
        for first in range(0, len(events), BATCH_SIZE):
            pks = [event.pk for event in events[first : first + BATCH_SIZE]]
            EventDate.objects.filter(imported__in=pks).delete()
        rows = []
        for event in events:
            rows.extend(_rows(event, until))
            if len(rows) >= BATCH_SIZE:
                EventDate.objects.bulk_create(rows)
                rows = []
        EventDate.objects.bulk_create(rows)


def write_calendar(calendar, now=None):
    """Rewrite the rows of every event of an external calendar."""
    write_many(calendar.events.all(), now)


def rebuild(now=None):
    """Rewrite the whole table from the stored rules; returns how many rows it holds."""
    with transaction.atomic():
        EventDate.objects.all().delete()
        write_many(ImportedEvent.objects.all(), now)
        for page in EventPage.objects.live().iterator():
            EventDate.objects.bulk_create(_rows(page, horizon(now)), batch_size=BATCH_SIZE)
    analyze()
    return EventDate.objects.count()


def analyze():
    """Renew the planner's statistics of the table (PostgreSQL's autovacuum does it too;
    SQLite keeps none until asked, and without them sorts the window's dates instead of
    reading `event_date_order` in its order)."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(EventDate._meta.db_table)}")


def extend(now=None):
    """Add the dates between each repeating event's last row and the horizon (the daily
    job: cheap when run daily); returns how many rows were added."""
    now = now or timezone.now()
    until = horizon(now)
    added = 0
    for model, key in ((EventPage, "page"), (ImportedEvent, "imported")):
        events = model.objects.exclude(rrule="").exclude(last_end__lt=now)
        if model is EventPage:
            events = events.live()
        last = dict(
            EventDate.objects.filter(**{f"{key}__in": events.values("pk")})
            .order_by()
            .values_list(key)
            .annotate(last=Max("start"))
        )
        rows = []
        for event in events.iterator():
            after = last.get(event.pk)
            if after is None:
                rows.extend(_rows(event, until))
            elif after < until:
                rows.extend(_rows(event, until, after))
            if len(rows) >= BATCH_SIZE:
                added += len(EventDate.objects.bulk_create(rows))
                rows = []
        added += len(EventDate.objects.bulk_create(rows))
    analyze()
    if added:
        dates_extended.send(sender=EventDate, added=added)
    return added
