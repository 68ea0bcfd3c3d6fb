"""Imported calendars (of the municipalities they coordinate) that need the coordinator: the
last import failed, or it held back removals that wait for a confirmation."""

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.dashboard.base import LIMIT, Row, WorkPanel
from events.models import ExternalCalendar
from events.permissions import can_manage_calendars


def _needs_attention(user):
    # a hold is a non-empty list of removals the import would not make on its own
    return ExternalCalendar.objects.administered_by(user).filter(
        ~Q(last_error="") | ~Q(held_removals=[])
    )


class CalendarProblemsPanel(WorkPanel):
    name = "calendar_problems"
    heading = _("Imported calendars that need you")
    more_text = _("All imported calendars")
    order = 140

    @classmethod
    def shown_to(cls, user):
        return can_manage_calendars(user)

    def get_rows(self, request):
        calendars = _needs_attention(request.user).only(
            "name", "region", "last_error", "held_removals"
        )
        shown = list(calendars[:LIMIT])
        total = calendars.count()
        rows = []
        for calendar in shown:
            details = []
            if calendar.last_error:
                details.append(
                    gettext("Last import failed: %(error)s")
                    % {"error": Truncator(calendar.last_error).chars(120)}
                )
            if calendar.held_removals:
                details.append(
                    gettext("%(count)s removals held for your confirmation")
                    % {"count": len(calendar.held_removals)}
                )
            rows.append(
                Row(
                    str(calendar),
                    reverse("wagtailsnippets_events_externalcalendar:edit", args=[calendar.pk]),
                    details,
                )
            )
        return rows, total, reverse("wagtailsnippets_events_externalcalendar:list")
