"""The calendar's items. Each is an `events.calendar_query.Occurrence` (an event on one of
its dates; a detail is the event on its first date): the fields read the event through it,
and what a page of items shares (the communities, the seats left) from the view
(`views.events.CalendarItems`). An unselected field is not computed."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.models import Page

from events.by_ids import ByIds
from events.models import (
    CALENDAR_AUDIENCE_CODES,
    CATEGORY_CODES,
    EventPage,
    ImportedEvent,
    JoinMode,
)
from events.structured_data import cancelled_dates, event_json_ld
from frontend_api import fast_items
from frontend_api.serializers.items import DistanceField, ItemSerializer, LocationField
from frontend_api.serializers.json_ld import EVENT_JSON_LD
from guide.audience import AUDIENCE_CHOICES

#: the newcomer audiences (origin, household), then the calendar's own (tourists, locals)
AUDIENCE_CODES = (*(code for code, _label in AUDIENCE_CHOICES), *CALENDAR_AUDIENCE_CODES)


class CommunityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)


class JoinSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=JoinMode.values)
    url = serializers.CharField(allow_null=True, help_text="The sign-up link (mode `link`).")


class SourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    region = serializers.CharField(allow_blank=True)


class DateSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    seats_left = serializers.IntegerField(allow_null=True)


class EventLocationField(LocationField):
    def get_attribute(self, occurrence):
        return occurrence.event


class EventDistanceField(DistanceField):
    def get_attribute(self, occurrence):
        return getattr(occurrence.event, "distance_km", None)


class OccurrenceSerializer(ItemSerializer):
    id = serializers.IntegerField(
        source="pk", help_text="The event page's id, or the imported event's (`meta.type`)."
    )
    title = serializers.CharField(source="event.title")
    summary = serializers.SerializerMethodField()
    start = serializers.SerializerMethodField(help_text="ISO 8601 with UTC offset, local time.")
    end = serializers.SerializerMethodField()
    all_day = serializers.BooleanField(source="event.all_day")
    community = serializers.SerializerMethodField(
        help_text="The community that arranges it (null for the service's)."
    )
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=CATEGORY_CODES), source="event.categories"
    )
    audiences = serializers.SerializerMethodField(
        help_text="The newcomer audiences (origin, household: as a page's) and `tourists`, "
        "`locals`. Empty means everyone."
    )
    languages = serializers.ListField(child=serializers.CharField(), source="event.languages")
    place = serializers.SerializerMethodField()
    location = EventLocationField()
    distance_km = EventDistanceField(help_text="km from `near`, or null without it.")
    price = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        allow_null=True,
        source="event.price",
        help_text="DKK; null when free.",
    )
    organiser = serializers.CharField(source="event.organiser")
    join = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField(
        help_text="The calendar an imported event comes from."
    )
    seats_left = serializers.SerializerMethodField(
        help_text="Seats still free on this date; null without registration."
    )
    ical_url = serializers.SerializerMethodField()
    json_ld = serializers.SerializerMethodField(help_text="The item as a schema.org Event.")

    @property
    def view(self):
        return self.context["view"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_summary(self, occurrence):
        event = occurrence.event
        return event.description[:300] if occurrence.imported else event.summary

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_start(self, occurrence):
        return iso(occurrence.start)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_end(self, occurrence):
        return iso(occurrence.end)

    @extend_schema_field(CommunityRefSerializer(allow_null=True))
    def get_community(self, occurrence):
        return community_of(occurrence.event, self.view.communities)

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(AUDIENCE_CODES)))
    def get_audiences(self, occurrence):
        event = occurrence.event
        own = event.audiences if occurrence.imported else event.audience_codes()
        return [*own, *event.calendar_audiences]

    @extend_schema_field(PlaceSerializer)
    def get_place(self, occurrence):
        return {"name": occurrence.event.place_name, "address": occurrence.event.address}

    @extend_schema_field(JoinSerializer)
    def get_join(self, occurrence):
        event = occurrence.event
        if occurrence.imported:
            return {"mode": JoinMode.LINK if event.url else JoinMode.OPEN, "url": event.url or None}
        link = event.join_url if event.join_mode == JoinMode.LINK else None
        return {"mode": event.join_mode, "url": link}

    @extend_schema_field(SourceSerializer(allow_null=True))
    def get_source(self, occurrence):
        if not occurrence.imported:
            return None
        calendar = occurrence.event.calendar
        return {"name": calendar.name, "region": calendar.region}

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_seats_left(self, occurrence):
        return self.view.seats_of(occurrence.event, occurrence.start)

    @extend_schema_field(OpenApiTypes.URI)
    def get_ical_url(self, occurrence):
        name = "imported_ical" if occurrence.imported else "ical"
        return absolute_url(self.context["request"], name, occurrence.pk)

    @extend_schema_field(EVENT_JSON_LD)
    def get_json_ld(self, occurrence):
        return self.schema_org_event(occurrence.event, occurrence.start, occurrence.end)

    def schema_org_event(self, event, start, end, sub_events=()):
        community = community_of(event, self.view.communities)
        return event_json_ld(
            event,
            start,
            end,
            url=page_url(event, self.context["request"]),
            organizer=community["title"] if community else None,
            sub_events=sub_events,
        )


class EventDetailSerializer(OccurrenceSerializer):
    """An event on its first date, with its coming dates (`view.dates`)."""

    repeats = serializers.CharField(
        source="event.rrule", allow_blank=True, help_text="The RFC 5545 rule, if any."
    )
    body = serializers.SerializerMethodField(help_text="The description's blocks (pages only).")
    url = serializers.SerializerMethodField(help_text="The event's page elsewhere.")
    occurrences = serializers.SerializerMethodField(
        help_text="The next dates (at most 10, a year)."
    )

    @extend_schema_field(OpenApiTypes.ANY)
    def get_body(self, occurrence):
        event = occurrence.event
        if occurrence.imported:
            return []
        body = event.body.stream_block.get_api_representation(
            event.body, {"request": self.context["request"]}
        )
        return self.view.audience.filter_stream(body)

    @extend_schema_field(OpenApiTypes.STR)
    def get_url(self, occurrence):
        return occurrence.event.url if occurrence.imported else ""

    @extend_schema_field(DateSerializer(many=True))
    def get_occurrences(self, occurrence):
        return [
            {
                "start": iso(date.start),
                "end": iso(date.end),
                "seats_left": self.view.seats_of(occurrence.event, date.start),
            }
            for date in self.view.dates
        ]

    @extend_schema_field(EVENT_JSON_LD)
    def get_json_ld(self, occurrence):
        """Its first date and, when it repeats, its coming dates and the dates cancelled as
        far as they are listed, as sub-events."""
        event = occurrence.event
        sub_events = []
        if event.rrule or event.rdates:
            dates = [(date.start, date.end) for date in self.view.dates]
            sub_events = sorted(dates + cancelled_dates(event, *self.view.dates_window))
        return self.schema_org_event(event, event.start, event.end, sub_events)


def page_url(event, request):
    """The event's page for people: the site's page, or an imported event's own link."""
    if isinstance(event, ImportedEvent):
        return event.url or None
    return fast_items.page_full_url(event, request)


def absolute_url(request, name, pk):
    return fast_items.absolute_url(request, f"wagtailapi:events:{name}", pk)


def iso(moment):
    return moment.astimezone(timezone.get_default_timezone()).isoformat()


def community_of(event, communities):
    if not isinstance(event, EventPage):
        return None
    return communities.get(event.path[: -Page.steplen])


def communities_of(events):
    """{page path: {"id", "title"}} of the community sections holding `events`: one query."""
    steplen = Page.steplen
    parents = {event.path[:-steplen] for event in events if isinstance(event, EventPage)}
    rows = _communities_by_path(sorted(parents))
    return {path: {"id": pk, "title": title} for path, pk, title in rows}


def _communities(paths):
    return Page.objects.filter(
        path__in=paths,
        content_type__app_label="communities",
        content_type__model="communitypage",
    ).values_list("path", "id", "title")


#: compiled once per process and number of paths (`events.by_ids`)
_communities_by_path = ByIds(_communities, key=str)
