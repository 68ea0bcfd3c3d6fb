"""The calendar's query: which events a listing or a feed shows, and their occurrences in a
window, in order, a page at a time.

All of it is SQL on the `EventDate` rows (`events.occurrences` writes them) joined to the
querysets of both kinds of entry (event pages, imported events): the window, the newcomer
audience (`for_audience`: a page's audience tags, an imported event's own codes), the searched
words (`search_text`, casefolded: SQLite folds the case of ASCII letters only, and "BRÆTSPIL"
must find "Brætspil"), the order and the page. The caller narrows the querysets further
(categories, languages, distance …) before handing them in; which pages an anonymous client
may see, in which language, is the API's to decide: it hands in the queryset of pages. Only
the events of the page of dates asked for are read, so the cost does not grow with the window.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import (
    BigIntegerField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Coalesce, Cos, Power, Radians, Sin, Sqrt

from events import recurrence
from events.by_ids import ByIds
from events.models import EventDate, EventPage, ImportedEvent
from events.models.schedule import SCHEDULE_FIELDS
from guide.audience import Audience
from guide.location import EARTH_RADIUS_KM

#: what the calendar reads of each entry: its schedule, and what else an item shows
PAGE_FIELDS = (
    *SCHEDULE_FIELDS,
    "id",
    "title",
    "path",
    "translation_key",
    "locale",
    "url_path",
    "summary",
    "join_mode",
    "join_url",
    "seats",
    "latest_revision_created_at",
    "last_published_at",
)
IMPORTED_FIELDS = (
    *SCHEDULE_FIELDS,
    "id",
    "calendar",
    "uid",
    "recurrence_id",
    "title",
    "description",
    "url",
    "audiences",
    "updated_at",
)
#: `order` names (each also as `-name`) as expressions on the dates
ORDER_EXPRESSIONS = {"start": F("start"), "id": F("event_id")}
#: by start, then pages before imported events, then id: a stable order for paging, and the
#: order of the index `event_date_order` (a date has a page or an imported event)
TIEBREAK = (F("start").asc(), F("imported_id").asc(nulls_first=True), F("page_id").asc())


class Occurrence(NamedTuple):
    """One date of an event page or an imported event (a tuple: there are thousands)."""

    start: datetime
    imported: bool
    pk: int
    end: datetime
    event: object


@dataclass(frozen=True)
class CalendarQuery:
    """What is asked for; an empty filter leaves nothing out."""

    window_start: datetime
    window_end: datetime
    audience: Audience = field(default_factory=Audience)
    search: str = ""

    def filter(self, entries):
        """A queryset of event pages or imported events, narrowed in SQL."""
        entries = entries.overlapping(self.window_start, self.window_end)
        if self.search:
            entries = entries.matching(self.search)
        return entries.for_audience(self.audience).order_by()

    @cached_property
    def _durations(self):
        return durations()

    @property
    def earliest_start(self):
        """No date starting before this can reach into the window."""
        longest, _shortest = self._durations
        return self.window_start - (longest or timedelta(0))

    @property
    def surely_overlapping(self):
        """Every date starting after this (and before the window's end) overlaps the
        window: its end is its start plus at least the shortest `lasts`, so it need not be
        compared. The window's start, unless a date ends before it starts."""
        _longest, shortest = self._durations
        return self.window_start - min(shortest or timedelta(0), timedelta(0))

    def dates(self):
        """The dates overlapping the window: the index is read from `earliest_start` on,
        not from the first date ever written."""
        return EventDate.objects.filter(
            start__gte=self.earliest_start, start__lt=self.window_end, end__gt=self.window_start
        )

    def event_pages(self, pages):
        """The pages of `pages` (a queryset the caller has narrowed to what may be shown)
        that have a date in the window, as a VEVENT reads them (no audience tags)."""
        if pages.query.is_empty():
            return pages
        dated = Exists(self.dates().filter(page=OuterRef("pk")))
        return load_pages(self.filter(pages).filter(dated), tags=False)

    def imported_events(self, events):
        """The imported events of `events` (a queryset) that have a date in the window."""
        if events.query.is_empty():  # e.g. `in_community`: none, no need to build it
            return events
        dated = Exists(self.dates().filter(imported=OuterRef("pk")))
        return load_imported(self.filter(events).filter(dated))

    def listing(self, pages, events, order=("start",), near=None, few=False):
        """The occurrences of `pages` and `events` (querysets) in the window, in `order`
        (names of ORDER_EXPRESSIONS, `-` for descending; None: nearest first), each with its
        distance from `near` ((latitude, longitude)) when given; each order ends with
        TIEBREAK. `few`: the caller narrowed the events to a few (one community's), whose
        dates are best read event by event; else the whole window is walked in order."""
        pages, events = self.filter(pages), self.filter(events)
        listing = Listing(self, (_ids(pages), _ids(events)), _ordering(order), near, few)
        if not few and order is not None and order[0].removeprefix("-") == "start":
            listing.walk_with((pages, events))
        return listing


def durations():
    """(longest, shortest) `lasts` of all dates, None when there are none: one statement
    with no parameters, compiled by no ORM, of two subqueries each read off an end of the
    `lasts` index (an aggregate of both at once would read the whole index on SQLite)."""
    connection = connections[router.db_for_read(EventDate)]
    field = EventDate._meta.get_field("lasts")
    table, column = (connection.ops.quote_name(n) for n in (EventDate._meta.db_table, field.column))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX({column}) FROM {table}), (SELECT MIN({column}) FROM {table})"  # noqa: S608
        )
        row = cursor.fetchone()
    converters = field.get_db_converters(connection)
    values = []
    for value in row:
        for convert in converters:
            value = convert(value, field, connection)
        values.append(value)
    return tuple(values)


def _ids(entries):
    """The SQL of the ids of `entries` (a queryset), compiled once for every statement of
    the listing that reads them; None when none can match."""
    if entries.query.is_empty():
        return None
    rows = entries.values("pk")
    try:
        sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:
        return None
    return RawSQL(sql, params)  # noqa: S611  (the ORM's own SQL, its parameters apart)


class Walked(Func):
    """An event column the listing checks date by date while it walks the window in
    `event_date_order`. SQLite would rather read each event's dates by their own index and
    sort them all (three times the cost for 20,000 dates); its unary `+` keeps it walking.
    PostgreSQL chooses by its statistics."""

    template = "%(expressions)s"
    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def _ordering(order):
    if order is None:
        return [F("distance_km").asc(), *TIEBREAK]
    keys = []
    for name in order:
        expression = ORDER_EXPRESSIONS[name.removeprefix("-")]
        keys.append(expression.desc() if name.startswith("-") else expression.asc())
    return [*keys, *TIEBREAK]


def _distance(latitude, longitude):
    """km from the point to the event's place (haversine, as `guide.location.near`)."""
    lat_r, lon_r = math.radians(latitude), math.radians(longitude)
    event_latitude = Radians(Coalesce("page__latitude", "imported__latitude"))
    event_longitude = Radians(Coalesce("page__longitude", "imported__longitude"))
    half = Power(Sin((event_latitude - lat_r) / 2), 2) + math.cos(lat_r) * Cos(
        event_latitude
    ) * Power(Sin((event_longitude - lon_r) / 2), 2)
    return ExpressionWrapper(2 * EARTH_RADIUS_KM * ASin(Sqrt(half)), output_field=FloatField())


def load_pages(pages, tags=True):
    """`pages` as an item reads them; `tags`: with their audience tags (the API's items show
    them, a VEVENT does not)."""
    if tags:
        pages = pages.with_audience_tags()
    pages = pages.select_related("locale")
    return pages.only(*PAGE_FIELDS, "locale__language_code")


def load_imported(events):
    events = events.select_related("calendar")
    return events.only(*IMPORTED_FIELDS, "calendar__name", "calendar__region")


#: the items' events by id: compiled once per process (`events.by_ids`)
_pages_by_id = ByIds(lambda ids: load_pages(EventPage.objects.filter(pk__in=ids)))
_imported_by_id = ByIds(lambda ids: load_imported(ImportedEvent.objects.filter(pk__in=ids)))

#: `Listing._compiled` when the dates' statement is left to the ORM
ORM = object()


class Listing:
    """The listing's dates as the pagination reads them: `count()` and a slice, each one
    query; a slice then reads the events of its dates (two more), each with its
    `distance_km` from `near` when given.

    The ids of what may be shown (`shown`: the SQL of the pages' and of the imported
    events', None for none) are compiled once, for every statement that reads them; the
    dates' statement once, for the slice (compiling costs more than running it).

    The count reads the dates in two parts: those starting no later than `surely_overlapping`
    (a few: the window's start less the shortest duration, if negative), as the slice walks
    them, comparing their end; and the others event by event, pages' and imported events'
    apart, each on its own index (`event_date_page_start`, `event_date_imported_start`),
    which holds all the count needs: the start. Walking the window instead would check the
    ids of each of its dates, twice the cost for 20,000 dates. One statement, the sum of
    the parts' counts. A listing of `few` events is counted in one part, event by event:
    split, each part would read the ids of what may be shown anew."""

    def __init__(self, query, shown, ordering, near=None, few=False):
        self.query = query
        self.pages, self.events = shown
        self.ordering = ordering
        self.few = few
        self.near = near
        self.dates = self._annotated(self._dates(query.dates()))

    def _annotated(self, dates):
        return dates.annotate(
            event_id=Coalesce("page_id", "imported_id", output_field=BigIntegerField()),
            distance_km=_distance(*self.near)
            if self.near
            else Value(None, output_field=FloatField()),
        )

    def walk_with(self, entries):
        """The slice checks each date it walks for what may be shown (`entries`: the
        querysets of pages and of imported events), and stops at the slice's end: for an
        order by start, which walks `event_date_order`. The list of what may be shown, which
        the count reads, is as long as the events are many: ten times the events, ten times
        its cost, where the slice would read 20 dates."""
        pages, events = entries
        shown = Q()
        if self.pages is not None:
            shown |= Exists(pages.filter(pk=OuterRef("page_id")))
        if self.events is not None:
            shown |= Exists(events.filter(pk=OuterRef("imported_id")))
        self.dates = self._annotated(self.query.dates().filter(shown))

    def _dates(self, dates):
        """`dates` of what may be shown: `few`: read event by event; else walked in order."""
        column = F if self.few else Walked
        shown = Q()
        if self.pages is not None:
            shown |= Q(of_page__in=self.pages)
        if self.events is not None:
            shown |= Q(of_imported__in=self.events)
        return dates.alias(of_page=column("page"), of_imported=column("imported")).filter(shown)

    def _count_statement(self):
        """(SQL, params) of the count: the sum of its parts' counts (see the class)."""
        query = self.query
        early = EventDate.objects.filter(
            start__gte=query.earliest_start, end__gt=query.window_start
        )
        threshold = query.surely_overlapping
        parts = []
        if self.few:  # read event by event anyway: one part, the ids' SQL run once
            parts.append(self._dates(query.dates()))
        elif threshold < query.window_end:
            parts.append(self._dates(early.filter(start__lte=threshold)))
            later = EventDate.objects.filter(start__gt=threshold, start__lt=query.window_end)
            if self.pages is not None:
                parts.append(later.filter(page__in=self.pages))
            if self.events is not None:
                parts.append(later.filter(imported__in=self.events))
        else:  # every date of the window compares its end
            parts.append(self._dates(early.filter(start__lt=query.window_end)))
        statements, params = [], []
        for n, part in enumerate(parts):
            rows = part.values_list("start")
            try:
                sql, part_params = rows.query.get_compiler(using=rows.db).as_sql()
            except EmptyResultSet:
                continue
            statements.append(f'(SELECT COUNT(*) FROM ({sql}) "part{n}")')  # noqa: S608
            params.extend(part_params)
        return f"SELECT {' + '.join(statements) or '0'}", params

    @cached_property
    def _compiled(self):
        """(SQL without ORDER BY, its ORDER BY, params, connection); None when nothing can
        match; ORM when the order takes parameters."""
        if self.pages is None and self.events is None:
            return None
        rows = self._values()
        compiler = rows.query.get_compiler(using=rows.db)
        try:
            sql, params = compiler.as_sql(with_limits=False)
        except EmptyResultSet:
            return None
        # the statement's own ORDER BY is its last (the subqueries of its filters have none
        # of their own, and its order takes no parameters: names and columns)
        at = sql.rindex(" ORDER BY ")
        if "%s" in sql[at:]:  # an order with parameters: the ORM's two statements
            return ORM
        return sql[:at], sql[at:], tuple(params), compiler.connection

    def _values(self):
        return self.dates.order_by(*self.ordering).values_list(
            "start", "end", "page_id", "imported_id", "distance_km"
        )

    def count(self):
        if self.pages is None and self.events is None:
            return 0
        sql, params = self._count_statement()
        connection = connections[self.dates.db]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def _rows(self, page):
        """The (start, end, page id, imported id, distance) of the dates in the slice
        `page` (offset and limit, as the pagination asks)."""
        start, stop = page.start or 0, page.stop
        if self._compiled is None or stop <= start:
            return []
        if self._compiled is ORM:
            return list(self._values()[page])
        sql, order, params, connection = self._compiled
        with connection.cursor() as cursor:
            cursor.execute(f"{sql}{order} LIMIT {stop - start:d} OFFSET {start:d}", params)
            rows = cursor.fetchall()
        convert = getattr(connection.ops, "convert_datetimefield_value", None)
        if convert is None:  # PostgreSQL reads aware datetimes
            return rows
        return [
            (convert(first, None, connection), convert(last, None, connection), *rest)
            for first, last, *rest in rows
        ]

    def __getitem__(self, page):
        rows = self._rows(page)
        page_ids = {row[2] for row in rows if row[2] is not None}
        imported_ids = {row[3] for row in rows if row[3] is not None}
        # by id alone: the dates' query chose what may be shown, and compiling its filters
        # again would cost more than the SQL
        pages = {p.pk: p for p in _pages_by_id(sorted(page_ids))}
        events = {e.pk: e for e in _imported_by_id(sorted(imported_ids))}
        tz = recurrence.zone()
        found = []
        for start, end, page_id, imported_id, distance in rows:
            event = pages[page_id] if page_id is not None else events[imported_id]
            event.distance_km = distance
            found.append(
                Occurrence(
                    start.astimezone(tz), page_id is None, event.pk, end.astimezone(tz), event
                )
            )
        return found
