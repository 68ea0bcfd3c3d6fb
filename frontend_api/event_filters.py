"""The calendar's query: which events may be shown, narrowed by the request's parameters,
expanded into the occurrences within a window.

Candidates are read in one query per kind (event pages, imported events) with what SQL can do
(visibility, language, window, community); the JSON lists (categories, audiences, languages),
the search words and the distance are checked in Python on the candidates, and the survivors are
expanded, sorted and counted.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from operator import itemgetter
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from communities.models import CommunityPage
from events import recurrence
from events.models import CATEGORY_CODES, EventPage, ImportedEvent
from events.models.schedule import SCHEDULE_FIELDS
from frontend_api import audience, locales
from frontend_api.errors import ParameterError
from frontend_api.visibility import public_pages
from guide.fields import LANGUAGE_CODES

DEFAULT_DAYS = 60
MAX_DAYS = 400
#: the feed looks back a little, so a subscribed calendar keeps the recent past
FEED_PAST_DAYS = 30
FEED_DAYS = 365
CALENDAR_AUDIENCES = ("tourists", "locals")
DEFAULT_WITHIN_KM = 25
EARTH_RADIUS_KM = 6371.0
EARLIEST, LATEST = date(1970, 1, 1), date(2200, 12, 31)
PARAMETERS = (
    "from",
    "to",
    "community",
    "category",
    "audience",
    "language",
    "search",
    "near",
    "within_km",
    "locale",
    "fallback",
    *audience.PARAMETERS,
)
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
    "updated_at",
)


class Entry(NamedTuple):
    """One occurrence of an event page or an imported event (a tuple: there are thousands)."""

    start: datetime
    imported: bool
    pk: int
    end: datetime
    event: object


#: by start, then pages before imported events, then id: a stable order for paging
SORT_KEY = itemgetter(0, 1, 2)


@dataclass
class CalendarQuery:
    window_start: datetime
    window_end: datetime
    locale_code: str
    fallback: bool
    audience: audience.Audience
    community: int | None = None
    categories: frozenset = frozenset()
    calendar_audiences: frozenset = frozenset()
    languages: frozenset = frozenset()
    search: str = ""
    near: tuple | None = None
    within_km: float = DEFAULT_WITHIN_KM
    community_paths: list = field(default_factory=list)

    @classmethod
    def from_request(cls, request, default_past=0, default_days=DEFAULT_DAYS):
        params = request.GET
        window_start, window_end = parse_window(params, default_past, default_days)
        query = cls(
            window_start=window_start,
            window_end=window_end,
            locale_code=locales.requested_locale(request),
            fallback=locales.wants_fallback(request),
            audience=audience.Audience.from_query(params),
            categories=_codes(params, "category", CATEGORY_CODES),
            calendar_audiences=_codes(params, "audience", CALENDAR_AUDIENCES),
            languages=_codes(params, "language", sorted(LANGUAGE_CODES)),
            search=params.get("search", "").strip(),
        )
        if "community" in params:
            query.community = _whole_number(params, "community")
        if "within_km" in params and "near" not in params:
            raise ParameterError("near", "within_km needs near=lat,lon")
        if "near" in params:
            query.near = _point(params["near"])
            if "within_km" in params:
                query.within_km = _distance(params["within_km"])
        return query

    # --- candidates -------------------------------------------------------------------------

    def event_pages(self, request):
        visible = EventPage.objects.filter(pk__in=visible_pages(request).values("pk"))
        pages = locales.localise(visible, self.locale_code, self.fallback)
        pages = pages.overlapping(self.window_start, self.window_end)
        if self.community is not None:
            below = Q()
            for path in self.community_paths_for(request):
                below |= Q(path__startswith=path)
            pages = pages.filter(below)
        pages = pages.select_related("locale").only(*PAGE_FIELDS, "locale__language_code")
        return [page for page in pages.order_by() if self.admits(page)]

    def imported_events(self):
        if self.community is not None:
            return []  # imported events belong to no community
        events = ImportedEvent.objects.overlapping(self.window_start, self.window_end)
        events = events.select_related("calendar").only(
            *IMPORTED_FIELDS, "calendar__name", "calendar__region"
        )
        return [event for event in events.order_by() if self.admits(event)]

    def community_paths_for(self, request):
        """The paths of every visible language copy of the community asked for."""
        copies = CommunityPage.objects.filter(
            translation_key__in=Page.objects.filter(pk=self.community).values("translation_key"),
            pk__in=visible_pages(request).values("pk"),
        )
        paths = list(copies.values_list("path", flat=True))
        if not paths:
            raise ParameterError("community", "community: no such community")
        return paths

    def admits(self, event):
        if self.search and not self.matches(event):
            return False
        if self.categories and not self.categories.intersection(event.categories or []):
            return False
        if self.languages and not self.languages.intersection(event.languages or []):
            return False
        tags = event.audiences or []
        if self.calendar_audiences and tags and not self.calendar_audiences.intersection(tags):
            return False
        if not self.audience.admits(tags):
            return False
        if self.near is not None:
            if event.latitude is None or event.longitude is None:
                return False
            distance = haversine_km(self.near, (float(event.latitude), float(event.longitude)))
            if distance > self.within_km:
                return False
        return True

    def matches(self, event):
        """The search words, in any case (SQLite's LIKE folds the case of ASCII only)."""
        text = event.description if isinstance(event, ImportedEvent) else event.summary
        haystack = " ".join((event.title, text, event.place_name)).casefold()
        return self.search.casefold() in haystack

    # --- occurrences ------------------------------------------------------------------------

    def entries(self, events):
        """Every occurrence of `events` in the window, sorted by start."""
        found = []
        for event in events:
            imported = isinstance(event, ImportedEvent)
            found.extend(
                Entry(occurrence.start, imported, event.pk, occurrence.end, event)
                for occurrence in event.occurrences(self.window_start, self.window_end)
            )
        found.sort(key=SORT_KEY)
        return found


def visible_pages(request):
    """`public_pages`, built once per request (each build reads the restrictions)."""
    if not hasattr(request, "_calendar_public_pages"):
        request._calendar_public_pages = public_pages(request)
    return request._calendar_public_pages.all()


def parse_window(params, default_past=0, default_days=DEFAULT_DAYS):
    """`from` and `to` as aware datetimes: a date means local midnight (for `to`, the end of
    that day); a time without offset is local time. At most MAX_DAYS apart."""
    now = timezone.now()
    start = _moment(params, "from") if "from" in params else now - timedelta(days=default_past)
    if "to" in params:
        end = _moment(params, "to", end_of_day=True)
    else:
        end = start + timedelta(days=default_days + default_past)
    if end <= start:
        raise ParameterError("to", "to must be after from")
    if end - start > timedelta(days=MAX_DAYS):
        raise ParameterError("to", f"from and to may be at most {MAX_DAYS} days apart")
    return start, end


def _moment(params, name, end_of_day=False):
    value = params[name].strip()
    message = f"{name} must be a date (YYYY-MM-DD) or an ISO 8601 date and time"
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            moment = datetime.combine(day + timedelta(days=1 if end_of_day else 0), time())
        else:
            moment = datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        raise ParameterError(name, message) from None
    if not EARLIEST <= moment.date() <= LATEST:
        raise ParameterError(name, f"{name} must be between {EARLIEST} and {LATEST}")
    if moment.tzinfo is None:
        return recurrence.aware(moment)
    return moment


def _codes(params, name, allowed):
    if name not in params:
        return frozenset()
    codes = frozenset(code.strip() for code in params[name].split(",") if code.strip())
    unknown = sorted(codes - set(allowed))
    if unknown or not codes:
        raise ParameterError(name, f"unknown {name} '{','.join(unknown)}'", allowed=allowed)
    return codes


def _whole_number(params, name):
    value = params[name]
    if not (value.isascii() and value.isdigit()) or int(value) > 2**63 - 1:
        raise ParameterError(name, f"{name} must be a page id (a whole number)")
    return int(value)


def _point(value):
    message = "near must be latitude,longitude in degrees, e.g. 54.91,9.79"
    try:
        lat, lon = (float(part) for part in value.split(","))
    except ValueError:
        raise ParameterError("near", message) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ParameterError("near", message)
    return lat, lon


def _distance(value):
    try:
        km = float(value)
    except ValueError:
        km = -1
    if not 0 < km <= 20_000:
        raise ParameterError("within_km", "within_km must be a distance in km, above 0")
    return km


def haversine_km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))
