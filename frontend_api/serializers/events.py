"""The calendar's items: built as plain data by the functions below (thousands of dates pass
through a listing; only a page of them is built), described by the serializers for the
OpenAPI document."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.models import Page

from events.models import CATEGORY_CODES, EVENT_AUDIENCE_CODES, EventPage, ImportedEvent, JoinMode
from events.structured_data import cancelled_dates, event_json_ld
from frontend_api import locales
from frontend_api.serializers.json_ld import EVENT_JSON_LD

EVENT_TYPES = ("events.EventPage", "events.ImportedEvent")


class EventParameterErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    parameter = serializers.CharField(allow_null=True)
    allowed = serializers.ListField(child=serializers.CharField(), required=False)


class EventErrorSerializer(serializers.Serializer):
    message = serializers.CharField()


class CommunityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class JoinSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=JoinMode.values)
    url = serializers.CharField(allow_null=True, help_text="The sign-up link (mode `link`).")


class SourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    region = serializers.CharField(allow_blank=True)


@extend_schema_field(EVENT_JSON_LD)
class EventJsonLdField(serializers.DictField):
    """The item as a schema.org Event (JSON-LD)."""


class EventFieldsSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The event page's id, or the imported event's id.")
    type = serializers.ChoiceField(
        choices=EVENT_TYPES, help_text="Which kind of id: an event page or an imported event."
    )
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    all_day = serializers.BooleanField()
    community = CommunityRefSerializer(
        allow_null=True, help_text="The community that arranges it (null for the service's)."
    )
    categories = serializers.ListField(child=serializers.ChoiceField(choices=CATEGORY_CODES))
    audiences = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_AUDIENCE_CODES),
        help_text="Empty means everyone.",
    )
    languages = serializers.ListField(child=serializers.CharField())
    place = PlaceSerializer()
    price = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True, help_text="DKK; null when free."
    )
    organiser = serializers.CharField(allow_blank=True)
    join = JoinSerializer()
    source = SourceSerializer(
        allow_null=True, help_text="The calendar an imported event comes from."
    )
    locale = serializers.CharField(allow_null=True)
    fallback = serializers.BooleanField(
        help_text="True when the item stands in, in Danish, for a missing translation."
    )
    detail_url = serializers.URLField()
    ical_url = serializers.URLField()
    json_ld = EventJsonLdField()


class OccurrenceItemSerializer(EventFieldsSerializer):
    start = serializers.DateTimeField(help_text="ISO 8601 with UTC offset, local time.")
    end = serializers.DateTimeField()
    seats_left = serializers.IntegerField(
        allow_null=True, help_text="Seats still free on this date; null without registration."
    )


class OccurrenceListSerializer(serializers.Serializer):
    meta = serializers.DictField(child=serializers.IntegerField(), help_text="`total_count`")
    items = OccurrenceItemSerializer(many=True)


class DateSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    seats_left = serializers.IntegerField(allow_null=True)


class EventDetailSerializer(EventFieldsSerializer):
    start = serializers.DateTimeField(help_text="The first start.")
    end = serializers.DateTimeField()
    repeats = serializers.CharField(allow_blank=True, help_text="The RFC 5545 rule, if any.")
    body = serializers.JSONField(help_text="The description's blocks (pages only).")
    url = serializers.CharField(allow_blank=True, help_text="The event's page elsewhere.")
    occurrences = DateSerializer(many=True, help_text="The next dates (at most 10, a year).")


def item_json_ld(event, fields, request, start, end, sub_events=()):
    """The schema.org Event of an item (`fields` from `event_fields`) on one of its dates."""
    community = fields["community"]
    return event_json_ld(
        event,
        start,
        end,
        url=_page_url(event, request),
        organizer=community["title"] if community else None,
        sub_events=sub_events,
    )


def detail_json_ld(event, fields, request, dates, window):
    """The schema.org Event of an event's detail: its first date and, when it repeats, its
    coming `dates` and the dates cancelled in `window` (start, end) as sub-events."""
    sub_events = []
    if event.rrule or event.rdates:
        sub_events = sorted([(o.start, o.end) for o in dates] + cancelled_dates(event, *window))
    return item_json_ld(event, fields, request, event.start, event.end, sub_events)


def _page_url(event, request):
    """The event's page for people: the site's page, or an imported event's own link."""
    if isinstance(event, ImportedEvent):
        return event.url or None
    return event.get_full_url(request=request)


def absolute_url(request, name, *args):
    return request.build_absolute_uri(reverse(name, args=args))


def iso(moment):
    return moment.astimezone(timezone.get_default_timezone()).isoformat()


def communities_of(events):
    """{page path: {"id", "title"}} of the community sections holding `events`: one query."""
    steplen = Page.steplen
    parents = {event.path[:-steplen] for event in events if isinstance(event, EventPage)}
    if not parents:
        return {}
    rows = Page.objects.filter(
        path__in=parents,
        content_type__app_label="communities",
        content_type__model="communitypage",
    ).values_list("path", "id", "title")
    return {path: {"id": pk, "title": title} for path, pk, title in rows}


def event_fields(event, request, communities, locale_code):
    """What an event's items share, whatever the date."""
    if isinstance(event, ImportedEvent):
        kind, summary = "events.ImportedEvent", event.description[:300]
        detail, ics = "api_event_imported", "api_event_imported_ics"
        join = {"mode": JoinMode.LINK if event.url else JoinMode.OPEN, "url": event.url or None}
        source = {"name": event.calendar.name, "region": event.calendar.region}
        community, locale = None, None
    else:
        kind, summary = "events.EventPage", event.summary
        detail, ics = "api_event", "api_event_ics"
        join = {
            "mode": event.join_mode,
            "url": event.join_url if event.join_mode == JoinMode.LINK else None,
        }
        source = None
        community = communities.get(event.path[: -Page.steplen])
        locale = event.locale.language_code
    return {
        "id": event.pk,
        "type": kind,
        "title": event.title,
        "summary": summary,
        "all_day": event.all_day,
        "community": community,
        "categories": list(event.categories or []),
        "audiences": list(event.audiences or []),
        "languages": list(event.languages or []),
        "place": {
            "name": event.place_name,
            "address": event.address,
            "latitude": None if event.latitude is None else float(event.latitude),
            "longitude": None if event.longitude is None else float(event.longitude),
        },
        "price": None if event.price is None else f"{event.price:.2f}",
        "organiser": event.organiser,
        "join": join,
        "source": source,
        "locale": locale,
        # as the listing is localised; an event asked for by id is checked again (its detail)
        "fallback": locale is not None and locales.is_fallback(locale, locale_code),
        "detail_url": absolute_url(request, detail, event.pk),
        "ical_url": absolute_url(request, ics, event.pk),
    }
