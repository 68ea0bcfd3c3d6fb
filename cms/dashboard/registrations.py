"""Events and their seats: for a coordinator the coming week's registrations and every full
date with a waiting list; for a community's editors their community's next events."""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.dashboard.base import LIMIT, Row, WorkPanel
from cms.dashboard.moderation import CommunityModerationPanel
from cms.dashboard.sections import below, community_of, community_sections
from communities.permissions import can_manage_communities
from events.admin.registrations import organised_events
from events.models import EventPage, OccurrenceSeats, Registration, RegistrationStatus
from events.registrations import takes_registrations

WEEK = timedelta(days=7)
#: how far ahead a community's "next events" look
AHEAD = timedelta(days=60)


def _one_copy_each(events):
    """One copy per event (all languages share the seats), the default language's first."""
    ordered = events.annotate(
        _other_language=Case(
            When(locale__language_code=settings.LANGUAGE_CODE, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("_other_language", "pk")
    chosen = {}
    for event in ordered:
        chosen.setdefault(event.translation_key, event)
    return chosen


def _seats_taken(keys, since):
    rows = OccurrenceSeats.objects.filter(event_key__in=keys, start__gte=since)
    return {
        (key, start): taken for key, start, taken in rows.values_list("event_key", "start", "taken")
    }


def _waiting(since, keys=None):
    rows = Registration.objects.filter(status=RegistrationStatus.WAITING, occurrence__gte=since)
    if keys is not None:
        rows = rows.filter(event_key__in=keys)
    grouped = rows.values_list("event_key", "occurrence").annotate(count=Count("pk"))
    return {(key, start): count for key, start, count in grouped}


def _when(start):
    return date_format(timezone.localtime(start), "SHORT_DATETIME_FORMAT")


def _registrations_url(event, start):
    url = reverse("event_registrations_event", args=[event.translation_key])
    return f"{url}?{urlencode({'occurrence': timezone.localtime(start).isoformat()})}"


def _seat_details(event, start, taken, waiting):
    details = [
        gettext("%(taken)s of %(seats)s seats taken")
        % {"taken": taken.get((event.translation_key, start), 0), "seats": event.seats}
    ]
    if count := waiting.get((event.translation_key, start)):
        details.append(gettext("%(count)s on the waiting list") % {"count": count})
    return details


class ComingWeekRegistrationsPanel(WorkPanel):
    name = "coming_week_registrations"
    heading = _("Registrations: the coming week and full dates")
    more_text = _("All registrations")
    order = 150

    @classmethod
    def shown_to(cls, user):
        return can_manage_communities(user)

    def get_rows(self, request):
        now = timezone.now()
        until = now + WEEK
        waiting = _waiting(now)
        organised = organised_events(request.user)
        events = _one_copy_each(
            organised.overlapping(now, until)
            | organised.filter(translation_key__in={key for key, _start in waiting})
        )
        taken = _seats_taken(list(events), now)
        dates = sorted(
            (
                (occurrence.start, event)
                for event in events.values()
                for occurrence in event.occurrences(now, until)
            ),
            key=lambda pair: (pair[0], pair[1].pk),
        )
        later_full = sorted(
            (start, events[key]) for (key, start) in waiting if start >= until and key in events
        )
        rows = [
            Row(
                event.get_admin_display_title(),
                _registrations_url(event, start),
                [_when(start), *_seat_details(event, start, taken, waiting)],
            )
            for start, event in [*dates, *later_full][:LIMIT]
        ]
        return rows, len(dates) + len(later_full), reverse("event_registrations_index")


class CommunityEventsPanel(WorkPanel):
    """The next dates of the community's events, with the seats taken where people register."""

    name = "community_events"
    heading = _("Your community's next events")
    empty_text = _("No events in the coming weeks.")
    order = 130

    @classmethod
    def shown_to(cls, user):
        return CommunityModerationPanel.shown_to(user)

    def get_rows(self, request):
        now = timezone.now()
        sections = community_sections(request)
        events = _one_copy_each(
            EventPage.objects.filter(below(sections)).overlapping(now, now + AHEAD)
        )
        taken = _seats_taken(list(events), now)
        waiting = _waiting(now, list(events))
        dates = sorted(
            (
                (occurrence.start, event)
                for event in events.values()
                for occurrence in event.occurrences(now, now + AHEAD)
            ),
            key=lambda pair: (pair[0], pair[1].pk),
        )
        rows = []
        for start, event in dates[:LIMIT]:
            details = [_when(start), community_of(event, sections)]
            if takes_registrations(event):
                details += _seat_details(event, start, taken, waiting)
                url = _registrations_url(event, start)
            else:
                url = reverse("wagtailadmin_pages:edit", args=[event.pk])
            rows.append(Row(event.get_admin_display_title(), url, details))
        return rows, len(dates), None
