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
from array import array
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from time import monotonic
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import (
    BigIntegerField,
    CharField,
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
HOUR = timedelta(hours=1)
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

    def listing(self, pages, events, order=("start",), near=None, few=False, shows=None):
        """The occurrences of `pages` and `events` (querysets) in the window, in `order`
        (names of ORDER_EXPRESSIONS, `-` for descending; None: nearest first), each with its
        distance from `near` ((latitude, longitude)) when given; each order ends with
        TIEBREAK. `few`: the caller narrowed the events to a few (one community's), whose
        dates are best read event by event; else the whole window is walked in order.
        `shows`: what decides which dates `pages` and `events` hold but the window (hashable:
        the caller's content version and parameters; None: nothing is kept), by which the
        count keeps its totals by the hour (`HourTotals`)."""
        pages, events = self.filter(pages), self.filter(events)
        if few or order is None or order[0].removeprefix("-") != "start":
            return Listing(self, (pages, events), _ordering(order), near, few)
        counted = shows is None or near is not None or self.search
        totals = None if counted else HourTotals(shows)
        return Listing(self, (pages, events), _ordering(order), near, walk=True, totals=totals)


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


def _names(connection):
    """The quoted names of the dates' table and of its columns `start`, `end`, `page_id`
    and `imported_id`, as `connection` writes them."""
    quote = connection.ops.quote_name
    columns = (
        EventDate._meta.get_field(name).column for name in ("start", "end", "page", "imported")
    )
    table = quote(EventDate._meta.db_table)
    return table, *(f"{table}.{quote(column)}" for column in columns)


def _ids(entries):
    """The SQL of the ids of `entries` (a queryset), compiled once for every statement of
    the listing that reads them; None when none can match."""
    if entries.query.is_empty():
        return None
    compiled = _sql(entries.values("pk"))
    # the ORM's own SQL, its parameters apart
    return None if compiled is None else RawSQL(*compiled)  # noqa: S611


def _sql(rows):
    """(SQL, params) of a queryset; None when nothing can match."""
    try:
        return rows.query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:
        return None


def _hour_number(moment):
    """Hours since 1970 (UTC) to the hour `moment` falls in."""
    return int(moment.timestamp()) // 3600


def _numbered_hour(number):
    """The first instant of the hour `number` (`_hour_number`)."""
    return datetime.fromtimestamp(number * 3600, UTC)


def _named_hour(name):
    """The number (`_hour_number`) of the hour named as `StartHour` names it."""
    return _hour_number(datetime.strptime(name, "%Y-%m-%d %H").replace(tzinfo=UTC))


class StartHour(Func):
    """The hour (UTC) a date starts in, as text: YYYY-MM-DD HH (SQLite keeps UTC as text,
    YYYY-MM-DD HH:MM:SS)."""

    template = "substr(%(expressions)s, 1, 13)"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"
        return super().as_sql(compiler, connection, template=template, **extra_context)


class HourTotals:
    """How many dates of what may be shown start in each hour (UTC), kept per process by
    `shows`: what decides which dates the listing holds but its window (the caller's
    content version and parameters). A listing's window moves with the clock, so its count
    is the kept totals of the whole hours it spans plus its edges counted anew: the part
    hour at each end, and the dates starting before the window that reach into it (as far
    back as the longest date). Ten times the dates, ten times the cost of a count afresh,
    where the kept hours cost a sum. Every date of an hour inside the window is of an event
    overlapping it (`ScheduleQuerySet.overlapping`), so narrowing the events to the window
    leaves the hour's total as it is.

    The totals of a `shows` are one run of hours (an array: 8 bytes an hour), extended by the
    hours a window adds at either end, at most `LONGEST` hours; a window apart from it, or
    one that would make it longer, starts it afresh. A new version (any change to the pages
    or the dates: a registration is neither) leaves the old totals unread; a run is read at
    most API_CACHE_TIMEOUT seconds from its first hours, as a response is kept, should a
    change ever fail to give a new version."""

    #: how many `shows` are kept before the totals start afresh
    SIZE = 64
    #: the most hours a run holds: a little more than the longest window (400 days)
    LONGEST = 24 * 450
    #: the most hours whose dates are read date by date (checking each for what may be
    #: shown, as the slice does) when they are not kept: more are read event by event
    WALKED = 48
    _kept = {}

    def __init__(self, shows):
        self.shows = shows
        self.run = (0, array("q"), 0)
        self.gaps = []

    @staticmethod
    def span(after, before):
        """(first, last): the whole hours after `after` (each starting later) that end no
        later than `before`; None when there is none."""
        first, last = _hour_number(after) + 1, _hour_number(before)
        return (_numbered_hour(first), _numbered_hour(last)) if first < last else None

    def plan(self, span):
        """The hours of `span` (first, last) not kept: a list of (first, last), none, one
        or one at each end; `keep` keeps their totals once read."""
        first, last = map(_hour_number, span)
        lowest, totals, until = self._kept.get(self.shows, (first, array("q"), 0))
        highest = lowest + len(totals)
        if (
            until <= monotonic()
            or last < lowest
            or first > highest
            or max(last, highest) - min(first, lowest) > self.LONGEST
        ):  # afresh: expired, apart from the run kept, or too long with it
            lowest, totals, until = first, array("q"), 0
            highest = first
        self.run = (lowest, totals, until)
        self.gaps = [(a, b) for a, b in ((first, lowest), (highest, last)) if a < b]
        return [(_numbered_hour(a), _numbered_hour(b)) for a, b in self.gaps]

    def keep(self, found):
        """Keeps the run with the totals `found` ({hour name: total}) of the hours of the
        gaps `plan` gave, read afresh (an hour with no date has no row in `found`). A run
        extended keeps the time its first hours were read."""
        lowest, totals, until = self.run
        start = min(lowest, *(a for a, _b in self.gaps))
        end = max(lowest + len(totals), *(b for _a, b in self.gaps))
        run = array("q", [0]) * (end - start)
        run[lowest - start : lowest - start + len(totals)] = totals
        for name, total in found.items():
            run[_named_hour(name) - start] = total
        if not totals:
            until = monotonic() + getattr(settings, "API_CACHE_TIMEOUT", 3600)
        self.run = (start, run, until)
        if self.shows not in self._kept and len(self._kept) >= self.SIZE:
            self._kept.clear()
        self._kept[self.shows] = self.run

    def total(self, span):
        """The sum of the kept totals of the hours of `span` (first, last)."""
        lowest, totals, _until = self.run
        first, last = map(_hour_number, span)
        return sum(totals[first - lowest : last - lowest])


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
    `distance_km` from `near` when given. Compiling costs more than running: a walk
    compiles what may be shown once, for the page of dates and the count's edges; the count
    afresh compiles the ids of what may be shown once, for each of its parts.

    A `walk` (an order by start) asks of each date it reads whether its event may be shown
    (`_each_walked`), and stops at the slice's end. Its count is the kept totals of the whole
    hours in the window (`totals`: `HourTotals`; those not kept read in the same statement)
    plus the dates of its edges, walked likewise.

    Without kept totals, the count reads the dates in two parts: those starting no later than
    `surely_overlapping` (a few: the window's start less the shortest duration, if
    negative), as a walk reads them, comparing their end; and the others event by event,
    pages' and imported events' apart, each on its own index (`event_date_page_start`,
    `event_date_imported_start`), which holds all the count needs: the start. Walking the
    window instead would check each of its dates, twice the cost for 20,000 dates. One
    statement, the sum of the parts' counts. A listing of `few` events is counted in one
    part, event by event: split, each part would read the ids of what may be shown anew."""

    def __init__(self, query, entries, ordering, near=None, few=False, walk=False, totals=None):
        self.query = query
        self.entries = entries
        #: whether any page, any imported event may be shown
        self.any = tuple(not each.query.is_empty() for each in entries)
        self.totals = totals
        self.ordering = ordering
        self.few = few
        self.near = near
        self.walked = walk
        self.connection = connections[router.db_for_read(EventDate)]

    @cached_property
    def dates(self):
        """The dates' queryset, for the ORM's own statement (`_compiled`): when the order
        takes parameters, or the listing is not a walk with no distance."""
        query = self.query
        dates = self._each_walked(query.dates()) if self.walked else self._dates(query.dates())
        return self._annotated(dates)

    @cached_property
    def _each_shown(self):
        """(SQL, params) of `_each_walked`'s condition on a date of "events_eventdate",
        compiled once for the slice and the count's edges; None when nothing can match."""
        rows = self._each_walked(EventDate.objects.all())
        compiler = rows.query.get_compiler(using=rows.db)
        try:
            return compiler.compile(rows.query.where)
        except EmptyResultSet:
            return None

    def _walked(self, columns, first, before, ending_after=None):
        """(SQL, params) of `columns` of the dates starting from `first` and before
        `before` (and ending after `ending_after`) whose event may be shown: the condition
        `_each_shown` compiled once, for the slice and the count's edges alike."""
        connection = self.connection
        table, start, end, _page, _imported = _names(connection)
        where, shown = self._each_shown
        adapt = connection.ops.adapt_datetimefield_value
        ending = "" if ending_after is None else f" AND {end} > %s"
        sql = (
            f"SELECT {columns} FROM {table}"  # noqa: S608
            f" WHERE {start} >= %s AND {start} < %s{ending} AND ({where})"
        )
        bounds = [first, before] if ending_after is None else [first, before, ending_after]
        return sql, [*map(adapt, bounds), *shown]

    def _walked_statement(self):
        """`_compiled` of a walk with no distance: the dates' statement (`_walked`), with
        no further compiling but its order."""
        if self._each_shown is None:
            return None
        query = self.query
        _table, *columns = _names(self.connection)
        sql, params = self._walked(
            ", ".join([*columns, "NULL"]),
            query.earliest_start,
            query.window_end,
            ending_after=query.window_start,
        )
        ordered = self._annotated(EventDate.objects.all()).order_by(*self.ordering)
        ordered = ordered.values_list("start")
        order = ordered.query.get_compiler(using=ordered.db).as_sql()[0]
        order = order[order.rindex(" ORDER BY ") :]
        return sql, order, tuple(params), self.connection

    @cached_property
    def _ids(self):
        """The SQL of the ids of what may be shown, pages' and imported events'."""
        return tuple(_ids(each) for each in self.entries)

    def _annotated(self, dates):
        return dates.annotate(
            event_id=Coalesce("page_id", "imported_id", output_field=BigIntegerField()),
            distance_km=_distance(*self.near)
            if self.near
            else Value(None, output_field=FloatField()),
        )

    def _each_walked(self, dates):
        """`dates` of what may be shown, asked of each date apart (EXISTS): `walk`, the
        slice stops at its end, for an order by start, which walks `event_date_order`. The
        list of what may be shown is as long as the events are many: ten times the events,
        ten times its cost, where the slice would read 20 dates."""
        pages, events = self.entries
        if not any(self.any):
            return dates.none()
        shown = Q()
        if self.any[0]:
            shown |= Exists(pages.filter(pk=OuterRef("page_id")))
        if self.any[1]:
            shown |= Exists(events.filter(pk=OuterRef("imported_id")))
        return dates.filter(shown)

    def _dates(self, dates):
        """`dates` of what may be shown: `few`: read event by event; else walked in order."""
        column = F if self.few else Walked
        pages, events = self._ids
        if pages is None and events is None:
            return dates.none()
        shown = Q()
        if pages is not None:
            shown |= Q(of_page__in=pages)
        if events is not None:
            shown |= Q(of_imported__in=events)
        return dates.alias(of_page=column("page"), of_imported=column("imported")).filter(shown)

    def _event_by_event(self, dates):
        """`dates` of what may be shown, pages' and imported events' apart, each read event
        by event on its own index."""
        pages, events = self._ids
        parts = []
        if pages is not None:
            parts.append(dates.filter(page__in=pages))
        if events is not None:
            parts.append(dates.filter(imported__in=events))
        return parts

    def _parts(self):
        """The parts of the count (see the class)."""
        query = self.query
        early = EventDate.objects.filter(
            start__gte=query.earliest_start, end__gt=query.window_start
        )
        threshold = query.surely_overlapping
        if self.few:  # read event by event anyway: one part, the ids' SQL run once
            return [self._dates(query.dates())]
        if threshold >= query.window_end:  # every date of the window compares its end
            return [self._dates(early.filter(start__lt=query.window_end))]
        later = EventDate.objects.filter(start__gt=threshold, start__lt=query.window_end)
        return [self._dates(early.filter(start__lte=threshold)), *self._event_by_event(later)]

    def _counted(self):
        """(SQL, params) of the count of `_parts`: the sum of their counts."""
        statements, params = [], []
        for n, part in enumerate(self._parts()):
            compiled = _sql(part.values_list("start"))
            if compiled is not None:
                statements.append(f'(SELECT COUNT(*) FROM ({compiled[0]}) "part{n}")')  # noqa: S608
                params.extend(compiled[1])
        return f"SELECT {' + '.join(statements) or '0'}", params

    def _with_totals(self, span, gaps):
        """(SQL, params) of the count of the dates outside the hours of `span` (first,
        last), walked as the slice walks them (`_walked`), those before `first` and those
        from `last` on: one row (NULL, count); and a row (hour, total) for each hour of the
        `gaps` ((first, last) each) that a date starts in, read date by date when they are
        few, else event by event."""
        query = self.query
        first, last = span
        before, params = self._walked(
            "COUNT(*)", query.earliest_start, first, ending_after=query.window_start
        )
        after, after_params = self._walked("COUNT(*)", last, query.window_end)
        statement = f"SELECT NULL, ({before}) + ({after})"
        params += after_params
        parts = []
        for gap in gaps:
            dates = EventDate.objects.filter(start__gte=gap[0], start__lt=gap[1])
            if gap[1] - gap[0] <= HourTotals.WALKED * HOUR:
                parts.append(self._each_walked(dates))
            else:
                parts.extend(self._event_by_event(dates))
        starting = []
        for part in parts:
            compiled = _sql(part.annotate(hour=StartHour("start")).values_list("hour"))
            if compiled is not None:
                starting.append(compiled[0])
                params.extend(compiled[1])
        if starting:
            union = " UNION ALL ".join(starting)
            statement += f' UNION ALL SELECT "hour", COUNT(*) FROM ({union}) "gap" GROUP BY "hour"'  # noqa: S608
        return statement, params

    @cached_property
    def _compiled(self):
        """(SQL without ORDER BY, its ORDER BY, params, connection); None when nothing can
        match; ORM when the order takes parameters."""
        if not any(self.any):
            return None
        if self.walked and self.near is None:
            return self._walked_statement()
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

    def _span(self):
        """The whole hours of the window whose totals `totals` keeps: (first, last), None
        when it keeps none."""
        if self.totals is None or self._each_shown is None:
            return None
        query = self.query
        return self.totals.span(query.surely_overlapping, query.window_end)

    def count(self):
        if not any(self.any):
            return 0
        span = self._span()
        gaps = self.totals.plan(span) if span else []
        sql, params = self._with_totals(span, gaps) if span else self._counted()
        connection = self.connection
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if span is None:
            return rows[0][0]
        if gaps:
            self.totals.keep({hour: total for hour, total in rows if hour})
        counted = sum(total for hour, total in rows if hour is None)
        return counted + self.totals.total(span)

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
