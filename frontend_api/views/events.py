"""`/api/v2/events/`: the calendar, one item per occurrence (a repeating event gives one item
per date), sorted by start unless `order` says otherwise (`-start`, `id`, `-id`; with `near`,
nearest first), between `from` and `to` (default: the next 60 days; at most 400 days apart).
The dates are a table written about 18 months ahead (`events.occurrences`): a `to` later
than `listed_until()` (the horizon less a week) is a 400 naming the last date listed.
Event pages (the newcomer service's and the communities', in the asked language with the
Danish fallback) and events imported from other calendars (`meta.type`
`events.ImportedEvent`, with their `source`; their texts count as Danish) are listed
together: the host's municipality's (its pages, and the events of its calendars).

Filters: `community` (the id of any language copy of a community page: the events in its
section), `category`, `audience` (`tourists`, `locals`; untagged events are for everyone),
`language` (spoken at the event), each a comma-separated list of which any may match;
`origin` and the household flags as everywhere in the API; `search` (title, summary, place);
`near=lat,lon` with `within_km` (default 25).

`/api/v2/events/<id>/` is an event page with its coming dates; `/api/v2/events/imported/<id>/`
an imported event. `feed.ics` (same filters, default window: 30 days back to a year ahead)
and `<id>/event.ics` are the same as iCalendar, for subscribing; `<id>/registrations/` takes
registrations (`views.registrations`).
"""

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone, translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response

from events import ical
from events.calendar_query import CalendarQuery, Occurrence
from events.models import EventPage, ExternalCalendar, ImportedEvent, OccurrenceSeats, Registration
from events.registrations import seats_left
from frontend_api import areas, audience, caching, locales
from frontend_api.invalidation import own_id
from frontend_api.schema import catalogue
from frontend_api.serializers.errors import ErrorSerializer, ParameterErrorSerializer
from frontend_api.serializers.events import (
    EventDetailSerializer,
    OccurrenceSerializer,
    absolute_url,
    communities_of,
    page_url,
)
from frontend_api.views import event_parameters
from frontend_api.views.base import Endpoint, ExtraRoute
from frontend_api.views.conventions import MAX_ID
from frontend_api.views.registrations import RegistrationsView
from frontend_api.visibility import public_pages

#: how many coming dates an event's detail lists, and how far ahead it looks
NEXT_DATES = 10
NEXT_DATES_DAYS = 400


def visible_pages(request):
    """The event pages an anonymous client may see (`public_pages`, built once per request:
    each build reads the restrictions), as conditions on the event pages' own rows: the
    dates' query then reads the event pages, not the whole page tree."""
    if not hasattr(request, "_calendar_public_pages"):
        request._calendar_public_pages = public_pages(request, EventPage)
    return request._calendar_public_pages.all()


def as_item(event):
    """An event as the item of its detail: on its first date."""
    imported = isinstance(event, ImportedEvent)
    return Occurrence(event.start, imported, event.pk, event.end, event)


class CalendarItems:
    """What the calendar's views share: the items' meta, and what a page of items reads at
    once (the communities arranging them, the seats left), for the serializers."""

    communities = {}
    seats = {}
    #: a detail's coming dates, and the window in which its cancelled dates are listed
    dates = ()
    dates_window = None
    #: a detail's `meta.fallback`, which also asks whether a translation may be shown
    detail_fallback = None

    def prepare_page(self, occurrences):
        self.communities = communities_of(o.event for o in occurrences)
        pairs = [(o.event, o.start) for o in occurrences if not o.imported]
        self.seats = seats_left(pairs) if pairs else {}
        return occurrences

    def prepare_detail(self, event):
        now = timezone.now()
        self.dates = event.occurrences(now, now + timedelta(days=NEXT_DATES_DAYS))[:NEXT_DATES]
        full = len(self.dates) == NEXT_DATES
        until = self.dates[-1].start if full else now + timedelta(days=NEXT_DATES_DAYS)
        self.dates_window = (now, until)
        self.communities = communities_of([event])
        pairs = [(event, date.start) for date in self.dates]
        self.seats = seats_left(pairs) if pairs and isinstance(event, EventPage) else {}
        language = self.item_language(as_item(event))
        fallback = locales.is_fallback(language, self.locale_code)
        if fallback and isinstance(event, EventPage):
            # asked for by id, a Danish event stands in only for a translation not shown
            fallback = not locales.has_translation(
                public_pages(self.request), event, self.locale_code
            )
        self.detail_fallback = fallback
        return as_item(event)

    def seats_of(self, event, start):
        if isinstance(event, ImportedEvent):
            return None
        return self.seats.get((event.translation_key, start))

    def item_language(self, occurrence):
        if occurrence.imported:
            return locales.default()
        return occurrence.event.locale.language_code

    def item_meta(self, occurrence):
        event = occurrence.event
        language = self.item_language(occurrence)
        fallback = self.detail_fallback
        if fallback is None:
            fallback = locales.is_fallback(language, self.locale_code)
        return {
            "type": f"events.{type(event).__name__}",
            "detail_url": self.detail_url(occurrence),
            "locale": language,
            "fallback": fallback,
        }

    def detail_url(self, occurrence):
        name = "imported" if occurrence.imported else "detail"
        return absolute_url(self.request, name, occurrence.pk)


def _copies_of_event(row):
    """Every language copy of the event whose seats `row` (a registration, a date's seats)
    counts: they share the seats."""
    return EventPage.objects.filter(translation_key=row.event_key).values_list("pk", flat=True)


def _events_of_calendar(calendar):
    """An imported event shows its calendar (`source`), and the importer writes events in
    bulk, then saves the calendar."""
    return calendar.events.values_list("pk", flat=True)


#: what a CDN purge of an imported event's URLs follows (frontend_api.invalidation)
IMPORTED_EVENT_ROWS = {ImportedEvent: own_id, ExternalCalendar: _events_of_calendar}


class AnyAccept(BaseContentNegotiation):
    """JSON errors whatever the Accept header says (the iCalendar views answer with their
    own body)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CalendarRoute(CalendarItems, ExtraRoute):
    """An extra route of the calendar: the request's language and audience, as the
    endpoint's."""

    @property
    def locale_code(self):
        return locales.requested_locale(self.request)

    @property
    def audience(self):
        return audience.from_query(self.request.GET)


#: the listing's parameters that change no date it holds: its window, the page of it, the
#: fields, and a client's cache-buster
WINDOW_AND_PAGE = {
    *event_parameters.Window().names,
    *("offset", "limit", "order", "fields", "_"),
}


class EventsEndpoint(CalendarItems, Endpoint):
    model = EventPage
    serializer_class = OccurrenceSerializer
    detail_serializer_class = EventDetailSerializer
    filters = event_parameters.LISTING_FILTERS
    order_fields = ("start", "id")
    default_order = ("start",)
    searchable = True
    localised = True
    root_links = {"events-feed": "feed"}
    #: a detail shows the seats its registrations leave, shared by its language copies
    detail_ids = {
        EventPage: own_id,
        Registration: _copies_of_event,
        OccurrenceSeats: _copies_of_event,
    }
    search_text = ""

    @classmethod
    def extra_urlpatterns(cls):
        return [
            path("feed.ics", FeedView.as_view(), name="feed"),
            path("<int:pk>/event.ics", EventICalView.as_view(), name="ical"),
            path("imported/<int:pk>/", ImportedEventView.as_view(), name="imported"),
            path(
                "imported/<int:pk>/event.ics",
                ImportedEventICalView.as_view(),
                name="imported_ical",
            ),
            # any id, so that a malformed one gets the registration's JSON 404
            path("<str:id>/registrations/", RegistrationsView.as_view(), name="registrations"),
        ]

    def get_queryset(self):
        pages = visible_pages(self.request)
        return self.localise(pages) if self.action == "listing_view" else pages

    def filter_detail(self, queryset):
        return queryset.for_audience(self.audience).with_audience_tags().select_related("locale")

    def search_queryset(self, queryset, text):
        # matched by the calendar query, in any case of any letter
        self.search_text = text
        return queryset

    def listing_items(self, pages):
        imported = self.filter_queryset(ImportedEvent.objects.of_site(self.site))
        query = CalendarQuery(*self.window, audience=self.audience, search=self.search_text)
        near = event_parameters.NEAR.parse(self.request.GET)
        point = near[:2] if near is not None else None
        nearest_first = near is not None and "order" not in self.request.GET
        order = None if nearest_first else self.ordering()
        few = "community" in self.request.GET
        return query.listing(pages, imported, order, near=point, few=few, shows=self._shows())

    def _shows(self):
        """What decides which dates the listing holds but its window, for the count's
        totals by the hour (`events.calendar_query.HourTotals`): the version of the pages
        and the dates (a registration leaves it), the host, the language and the other
        parameters. None for a request that may pass view restrictions (a session) or has
        no version."""
        request = self.request
        version = caching.version_of(request, (areas.PAGES, areas.EVENTS))
        if version is None or not caching.is_public(request):
            return None
        others = sorted(
            (name, tuple(values))
            for name, values in request.GET.lists()
            if name not in WINDOW_AND_PAGE
        )
        host = (request._get_raw_host(), request.get_port())
        return (version, host, self.locale_code, *others)

    def prepare(self, items):
        # a detail reads its own (`prepare_detail`)
        return items if self.action == "detail_view" else self.prepare_page(items)

    def get_object(self):
        item = self.prepare_detail(super().get_object())
        self.detail_language = self.item_language(item)
        return item

    def detail_headers(self):
        # the page in its own language, whatever `?locale=` asked for
        return {"Content-Language": self.detail_language}


def _query_parameters(parameters):
    return [
        OpenApiParameter(
            p["name"], p["schema"], OpenApiParameter.QUERY, description=p["description"]
        )
        for p in parameters
    ]


ID_IN_PATH = OpenApiParameter(
    "id", {"type": "integer", "minimum": 0}, OpenApiParameter.PATH, description="The event's id."
)
BAD_PARAMETER = OpenApiResponse(ParameterErrorSerializer, description="A parameter is not valid.")
NOT_FOUND = {
    (404, "application/json"): OpenApiResponse(
        ErrorSerializer, description="No such event (that may be shown)."
    ),
    # a path whose id is not a whole number is not the API's: the site's HTML page answers
    (404, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="Not the API's path."),
}


#: what the feed and an imported event's detail take besides their own: the language and the
#: audience (`fields` is the endpoint's own)
SHARED_PARAMETERS = [
    parameter
    for parameter in catalogue.common(EventsEndpoint, listing=False)
    if parameter["name"] != "fields"
]
FEED_PARAMETERS = [
    *(query for parameter in event_parameters.FEED_FILTERS for query in parameter.openapi()),
    catalogue.query("search", {"type": "string"}, "Words in the title, summary or place."),
    *SHARED_PARAMETERS,
]


def _ics(body, filename):
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class FeedView(CalendarRoute):
    content_negotiation_class = AnyAccept
    filters = event_parameters.FEED_FILTERS
    parameters = frozenset(
        {
            *(name for parameter in filters for name in parameter.names),
            "search",
            "locale",
            "fallback",
            "_",
            *audience.PARAMETERS,
        }
    )

    @extend_schema(
        operation_id="events_feed",
        summary="The calendar as iCalendar",
        description="The events of the listing (same filters; default window: 30 days back "
        "to a year ahead) as an RFC 5545 calendar to subscribe to (`webcal://`).",
        parameters=_query_parameters(FEED_PARAMETERS),
        responses={(200, "text/calendar"): OpenApiTypes.STR, 400: BAD_PARAMETER},
        tags=["events"],
    )
    def get(self, request):
        pages = locales.localise(
            visible_pages(request), self.locale_code, locales.wants_fallback(request)
        )
        imported = ImportedEvent.objects.of_site(self.site)
        for parameter in self.filters:
            value = parameter.parse(request.GET)
            if value is not None:
                pages = parameter.apply(pages, value, self)
                imported = parameter.apply(imported, value, self)
        query = CalendarQuery(
            *self.window, audience=self.audience, search=request.GET.get("search", "").strip()
        )
        shown = [*query.event_pages(pages), *query.imported_events(imported)]
        body = ical.calendar(
            sorted(shown, key=lambda event: (event.start, ical.uid_for(event))),
            name=str(settings.WAGTAIL_SITE_NAME),
            url_for=lambda event: page_url(event, request),
        )
        return _ics(body, "calendar.ics")


class EventICalView(CalendarRoute):
    content_negotiation_class = AnyAccept
    detail_ids = {EventPage: own_id}

    @extend_schema(
        operation_id="events_ical",
        summary="An event page as iCalendar",
        parameters=[ID_IN_PATH],
        responses={(200, "text/calendar"): OpenApiTypes.STR, 400: BAD_PARAMETER, **NOT_FOUND},
        tags=["events"],
    )
    def get(self, request, pk):
        page = visible_pages(request).filter(pk=min(pk, MAX_ID)).first()
        if page is None:
            raise Http404("not found")
        body = ical.calendar([page], name=page.title, url_for=lambda e: page_url(e, request))
        return _ics(body, f"event-{page.pk}.ics")


def _imported(pk, site, audience_of_request=None):
    events = ImportedEvent.objects.of_site(site).select_related("calendar")
    if audience_of_request is not None:
        events = events.for_audience(audience_of_request)
    event = events.filter(pk=min(pk, MAX_ID)).first()
    if event is None:
        raise Http404("not found")
    return event


class ImportedEventView(CalendarRoute):
    detail_ids = IMPORTED_EVENT_ROWS
    parameters = frozenset({"locale", "fallback", "_", *audience.PARAMETERS})

    @extend_schema(
        operation_id="events_imported_retrieve",
        summary="An imported event with its coming dates",
        parameters=[ID_IN_PATH, *_query_parameters(SHARED_PARAMETERS)],
        responses={200: EventDetailSerializer, 400: BAD_PARAMETER, **NOT_FOUND},
        tags=["events"],
    )
    def get(self, request, pk):
        item = self.prepare_detail(_imported(pk, self.site, self.audience))
        context = {"request": request, "view": self, "fields": None}
        with translation.override(self.locale_code):
            data = EventDetailSerializer(item, context=context).data
        return Response(data, headers={"Content-Language": self.item_language(item)})


class ImportedEventICalView(CalendarRoute):
    content_negotiation_class = AnyAccept
    detail_ids = IMPORTED_EVENT_ROWS

    @extend_schema(
        operation_id="events_imported_ical",
        summary="An imported event as iCalendar",
        parameters=[ID_IN_PATH],
        responses={(200, "text/calendar"): OpenApiTypes.STR, 400: BAD_PARAMETER, **NOT_FOUND},
        tags=["events"],
    )
    def get(self, request, pk):
        event = _imported(pk, self.site)
        body = ical.calendar([event], name=event.title, url_for=lambda e: e.url or None)
        return _ics(body, f"imported-{event.pk}.ics")
