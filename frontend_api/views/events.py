"""`/api/v2/events/`: the calendar, one item per occurrence (a repeating event gives one item
per date), sorted by start, between `from` and `to` (default: the next 60 days; at most 400
days apart). Event pages (the newcomer service's and the communities', in the asked language
with the Danish fallback) and events imported from other calendars (`type`
`events.ImportedEvent`, with their `source`) are listed together.

Filters: `community` (the id of any language copy of a community page: its events),
`category`, `audience` (`tourists`, `locals`; untagged events are for everyone), `language`
(spoken at the event), each a comma-separated list of which any may match; `origin` and the
household flags as everywhere in the API; `search` (title, summary, place); `near=lat,lon`
with `within_km` (default 25).

`/api/v2/events/<id>/` is an event page with its next dates; `/api/v2/events/imported/<id>/`
an imported event. `feed.ics` (same filters, default window: 30 days back to a year ahead)
and `<id>/event.ics` are the same as iCalendar, for subscribing.
"""

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from events import ical
from events.models import EventPage, ExternalCalendar, ImportedEvent, OccurrenceSeats, Registration
from events.registrations import seats_left
from frontend_api import event_filters, locales
from frontend_api.errors import ParameterError
from frontend_api.invalidation import own_id
from frontend_api.serializers.events import (
    EventDetailSerializer,
    EventErrorSerializer,
    EventParameterErrorSerializer,
    OccurrenceListSerializer,
    communities_of,
    detail_json_ld,
    event_fields,
    iso,
    item_json_ld,
)
from frontend_api.views.conventions import MAX_ID, MAX_OFFSET
from frontend_api.views.events_schema import (
    DETAIL_PARAMETERS,
    FEED_PARAMETERS,
    ICS_PARAMETERS,
    LIST_PARAMETERS,
)
from frontend_api.visibility import public_pages

#: how many coming dates an event's detail lists, and how far ahead it looks
NEXT_DATES = 10
NEXT_DATES_DAYS = 400
DEFAULT_LIMIT = 20


class FirstRenderer(BaseContentNegotiation):
    """JSON whatever the Accept header says (the .ics views answer with their own body)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CalendarView(APIView):
    authentication_classes = []
    permission_classes = []
    content_negotiation_class = FirstRenderer
    #: query parameters this view understands
    parameters = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        known = {*self.parameters, "_"}
        unknown = sorted(set(request.GET) - known)
        if unknown:
            raise ParameterError(
                unknown[0], "unknown query parameter(s): " + ", ".join(unknown), sorted(known)
            )

    def handle_exception(self, exc):
        if isinstance(exc, ParameterError):
            return Response(exc.as_data(), status=status.HTTP_400_BAD_REQUEST)
        response = super().handle_exception(exc)
        if isinstance(exc, APIException | Http404):
            response.data = {"message": str(getattr(exc, "detail", exc))}
        return response


def _seats(entries):
    pairs = [(e.event, e.start) for e in entries if isinstance(e.event, EventPage)]
    return seats_left(pairs) if pairs else {}


def _seats_of(seats, event, start):
    if isinstance(event, ImportedEvent):
        return None
    return seats.get((event.translation_key, start))


def _pagination(request):
    values = {}
    for name, default, upper in (
        ("limit", DEFAULT_LIMIT, settings.WAGTAILAPI_LIMIT_MAX),
        ("offset", 0, MAX_OFFSET),
    ):
        value = request.GET.get(name, str(default))
        if not (value.isascii() and value.isdigit()) or int(value) > upper:
            raise ParameterError(name, f"{name} must be a whole number, 0-{upper}", [f"0-{upper}"])
        values[name] = int(value)
    return values["limit"], values["offset"]


class EventListView(CalendarView):
    parameters = (*event_filters.PARAMETERS, "limit", "offset")

    @extend_schema(
        operation_id="events_list",
        summary="List occurrences",
        description=__doc__,
        parameters=LIST_PARAMETERS,
        responses={
            200: OccurrenceListSerializer,
            400: OpenApiResponse(
                EventParameterErrorSerializer, description="A parameter is not valid."
            ),
        },
        tags=["events"],
    )
    def get(self, request):
        limit, offset = _pagination(request)
        query = event_filters.CalendarQuery.from_request(request)
        events = [*query.event_pages(request), *query.imported_events()]
        entries = query.entries(events)
        page = entries[offset : offset + limit]
        communities = communities_of(entry.event for entry in page)
        seats = _seats(page)
        shared = {}
        items = []
        for entry in page:
            event = entry.event
            key = (type(event), event.pk)
            if key not in shared:
                shared[key] = event_fields(event, request, communities, query.locale_code)
            items.append(
                {
                    **shared[key],
                    "start": iso(entry.start),
                    "end": iso(entry.end),
                    "seats_left": _seats_of(seats, event, entry.start),
                    "json_ld": item_json_ld(event, shared[key], request, entry.start, entry.end),
                }
            )
        return Response({"meta": {"total_count": len(entries)}, "items": items})


class EventFeedView(CalendarView):
    parameters = event_filters.PARAMETERS

    @extend_schema(
        operation_id="events_feed",
        summary="The calendar as iCalendar",
        description="The events of the listing (same filters; default window: 30 days back "
        "to a year ahead) as an RFC 5545 calendar to subscribe to (`webcal://`).",
        parameters=FEED_PARAMETERS,
        responses={
            (200, "text/calendar"): OpenApiTypes.STR,
            400: OpenApiResponse(
                EventParameterErrorSerializer, description="A parameter is not valid."
            ),
        },
        tags=["events"],
    )
    def get(self, request):
        query = event_filters.CalendarQuery.from_request(
            request, default_past=event_filters.FEED_PAST_DAYS, default_days=event_filters.FEED_DAYS
        )
        events = [*query.event_pages(request), *query.imported_events()]
        shown = {(type(e.event), e.event.pk): e.event for e in query.entries(events)}
        body = ical.calendar(
            sorted(shown.values(), key=lambda event: (event.start, ical.uid_for(event))),
            name=str(settings.WAGTAIL_SITE_NAME),
            url_for=lambda event: _html_url(event, request),
        )
        return _ics(body, "calendar.ics")


def _html_url(event, request):
    if isinstance(event, ImportedEvent):
        return event.url or None
    return event.get_full_url(request=request)


def _ics(body, filename):
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _visible_page(request, pk):
    if pk > MAX_ID:
        raise Http404("not found")
    visible = EventPage.objects.filter(pk__in=public_pages(request).values("pk"))
    page = visible.select_related("locale").filter(pk=pk).first()
    if page is None:
        raise Http404("not found")
    return page


def _imported(pk):
    if pk > MAX_ID:
        raise Http404("not found")
    event = ImportedEvent.objects.select_related("calendar").filter(pk=pk).first()
    if event is None:
        raise Http404("not found")
    return event


def _detail(request, event, locale_code, audience_of_request):
    now = timezone.now()
    dates = event.occurrences(now, now + timedelta(days=NEXT_DATES_DAYS))[:NEXT_DATES]
    pairs = [(event, o.start) for o in dates] if isinstance(event, EventPage) else []
    seats = seats_left(pairs) if pairs else {}
    communities = communities_of([event])
    data = event_fields(event, request, communities, locale_code)
    if isinstance(event, EventPage):
        body = event.body.stream_block.get_api_representation(event.body, {"request": request})
        data["body"] = audience_of_request.filter_stream(body)
        data["url"] = ""
    else:
        data["body"] = []
        data["url"] = event.url
    data.update(
        start=iso(event.start),
        end=iso(event.end),
        repeats=event.rrule,
        occurrences=[
            {
                "start": iso(o.start),
                "end": iso(o.end),
                "seats_left": _seats_of(seats, event, o.start),
            }
            for o in dates
        ],
    )
    # cancelled dates as far as the coming dates are listed
    until = dates[-1].start if len(dates) == NEXT_DATES else now + timedelta(days=NEXT_DATES_DAYS)
    data["json_ld"] = detail_json_ld(event, data, request, dates, (now, until))
    return data


def _copies_of_event(row):
    """Every language copy of the event whose seats `row` (a registration, a date's seats)
    counts: they share the seats."""
    return EventPage.objects.filter(translation_key=row.event_key).values_list("pk", flat=True)


def _events_of_calendar(calendar):
    """An imported event shows its calendar (`source`), and the importer writes events in
    bulk, then saves the calendar."""
    return calendar.events.values_list("pk", flat=True)


#: what a CDN purge of an event's URLs follows (frontend_api.invalidation)
EVENT_PAGE_ROWS = {EventPage: own_id}
IMPORTED_EVENT_ROWS = {ImportedEvent: own_id, ExternalCalendar: _events_of_calendar}


class DetailParameters(CalendarView):
    parameters = ("locale", *event_filters.audience.PARAMETERS)

    def context(self, request):
        return (
            locales.requested_locale(request),
            event_filters.audience.Audience.from_query(request.GET),
        )


NOT_FOUND = {
    (404, "application/json"): OpenApiResponse(
        EventErrorSerializer, description="No such event (that may be shown)."
    ),
    # a path whose id is not a whole number is not the API's: the site's HTML page answers
    (404, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="Not the API's path."),
}
DETAIL_RESPONSES = {
    200: EventDetailSerializer,
    400: OpenApiResponse(EventParameterErrorSerializer, description="A parameter is not valid."),
    **NOT_FOUND,
}
ICS_RESPONSES = {
    (200, "text/calendar"): OpenApiTypes.STR,
    400: OpenApiResponse(EventParameterErrorSerializer, description="A parameter is not valid."),
    **NOT_FOUND,
}


class EventDetailView(DetailParameters):
    detail_ids = {
        **EVENT_PAGE_ROWS,
        Registration: _copies_of_event,
        OccurrenceSeats: _copies_of_event,
    }

    @extend_schema(
        operation_id="events_retrieve",
        parameters=DETAIL_PARAMETERS,
        summary="An event page with its next dates",
        responses=DETAIL_RESPONSES,
        tags=["events"],
    )
    def get(self, request, pk):
        locale_code, audience = self.context(request)
        page = _visible_page(request, pk)
        if not audience.admits(page.audiences or []):
            raise Http404("not for this audience")
        data = _detail(request, page, locale_code, audience)
        if data["fallback"]:
            # asked for by id, a Danish event stands in only for a translation not shown
            data["fallback"] = not locales.has_translation(public_pages(request), page, locale_code)
        # the page in its own language, whatever `?locale=` asked for
        language = {"Content-Language": page.locale.language_code}
        return Response(data, headers=language)


class ImportedEventDetailView(DetailParameters):
    detail_ids = IMPORTED_EVENT_ROWS

    @extend_schema(
        operation_id="events_imported_retrieve",
        parameters=DETAIL_PARAMETERS,
        summary="An imported event with its next dates",
        responses=DETAIL_RESPONSES,
        tags=["events"],
    )
    def get(self, request, pk):
        locale_code, audience = self.context(request)
        return Response(_detail(request, _imported(pk), locale_code, audience))


class EventICalView(CalendarView):
    detail_ids = EVENT_PAGE_ROWS

    @extend_schema(
        operation_id="events_ical",
        summary="An event page as iCalendar",
        parameters=ICS_PARAMETERS,
        responses=ICS_RESPONSES,
        tags=["events"],
    )
    def get(self, request, pk):
        page = _visible_page(request, pk)
        body = ical.calendar([page], name=page.title, url_for=lambda e: _html_url(e, request))
        return _ics(body, f"event-{page.pk}.ics")


class ImportedEventICalView(CalendarView):
    detail_ids = IMPORTED_EVENT_ROWS

    @extend_schema(
        operation_id="events_imported_ical",
        summary="An imported event as iCalendar",
        parameters=ICS_PARAMETERS,
        responses=ICS_RESPONSES,
        tags=["events"],
    )
    def get(self, request, pk):
        event = _imported(pk)
        body = ical.calendar([event], name=event.title, url_for=lambda e: e.url or None)
        return _ics(body, f"imported-{event.pk}.ics")
