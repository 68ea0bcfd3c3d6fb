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
from datetime import datetime
from typing import NamedTuple

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
)
from django.db.models.functions import ASin, Coalesce, Cos, Power, Radians, Sin, Sqrt

from events import recurrence
from events.models import EventDate
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
#: by start, then pages before imported events, then id: a stable order for paging
TIEBREAK = ("start", "is_imported", "event_id")


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

    def dates(self):
        return EventDate.objects.filter(start__lt=self.window_end, end__gt=self.window_start)

    def event_pages(self, pages):
        """The pages of `pages` (a queryset the caller has narrowed to what may be shown)
        that have a date in the window, as an item reads them."""
        dated = Exists(self.dates().filter(page=OuterRef("pk")))
        return load_pages(self.filter(pages).filter(dated))

    def imported_events(self, events):
        """The imported events of `events` (a queryset) that have a date in the window."""
        dated = Exists(self.dates().filter(imported=OuterRef("pk")))
        return load_imported(self.filter(events).filter(dated))

    def listing(self, pages, events, order=("start",), near=None):
        """The occurrences of `pages` and `events` (querysets) in the window, in `order`
        (names of ORDER_EXPRESSIONS, `-` for descending), or nearest first to `near`
        ((latitude, longitude)) when given; each order ends with TIEBREAK."""
        pages, events = self.filter(pages), self.filter(events)
        dates = self.dates().filter(
            Q(page__in=pages.values("pk")) | Q(imported__in=events.values("pk"))
        )
        return Listing(dates, pages, events, _ordering(order, near))


def _ordering(order, near):
    if near is not None:
        return [_distance(*near), *TIEBREAK]
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


def load_pages(pages):
    pages = pages.with_audience_tags().select_related("locale")
    return pages.only(*PAGE_FIELDS, "locale__language_code")


def load_imported(events):
    events = events.select_related("calendar")
    return events.only(*IMPORTED_FIELDS, "calendar__name", "calendar__region")


class Listing:
    """The listing's dates as the pagination reads them: `count()` and a slice, each one
    query; a slice then reads the events of its dates (two more)."""

    def __init__(self, dates, pages, events, ordering):
        self.dates = dates
        self.pages = pages
        self.events = events
        self.ordering = ordering

    def count(self):
        return self.dates.count()

    def __getitem__(self, page):
        rows = list(
            self.dates.annotate(
                is_imported=ExpressionWrapper(Q(page__isnull=True), output_field=BooleanField()),
                event_id=Coalesce("page_id", "imported_id", output_field=BigIntegerField()),
            )
            .order_by(*self.ordering)
            .values_list("start", "end", "page_id", "imported_id")[page]
        )
        page_ids = {row[2] for row in rows if row[2] is not None}
        imported_ids = {row[3] for row in rows if row[3] is not None}
        pages = {p.pk: p for p in load_pages(self.pages.filter(pk__in=page_ids))}
        events = {e.pk: e for e in load_imported(self.events.filter(pk__in=imported_ids))}
        tz = recurrence.zone()
        return [
            Occurrence(
                start.astimezone(tz),
                page_id is None,
                page_id or imported_id,
                end.astimezone(tz),
                pages[page_id] if page_id is not None else events[imported_id],
            )
            for start, end, page_id, imported_id in rows
        ]
