"""4. The municipality's events in the period: registrations, seats filled, waiting lists."""

from django.db.models import Count, Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models import EventPage, OccurrenceSeats, Registration, RegistrationStatus
from guide.sites import site_pages_q
from newcomers.dashboard.base import Fill, People, Table, panel


@panel(
    "events",
    _("Events and registrations"),
    _(
        "The municipality's events with registrations for dates in the period: registrations "
        "(not cancelled), the share of the seats offered on those dates that were taken, and "
        "who waits on a waiting list."
    ),
    order=40,
)
def events(scope):
    keys = EventPage.objects.filter(site_pages_q(scope.site)).values("translation_key")
    registrations = (
        Registration.objects.filter(
            event_key__in=keys, occurrence__gte=scope.since, occurrence__lt=scope.until
        )
        .values("event_key")
        .annotate(
            registered=Count("pk", filter=~Q(status=RegistrationStatus.CANCELLED)),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        )
        .order_by()
    )
    figures = {row["event_key"]: row for row in registrations}
    seats = dict(
        (key, (taken, dates))
        for key, taken, dates in OccurrenceSeats.objects.filter(
            event_key__in=list(figures), start__gte=scope.since, start__lt=scope.until
        )
        .values("event_key")
        .annotate(taken=Sum("taken"), dates=Count("pk"))
        .values_list("event_key", "taken", "dates")
    )
    pages = {}
    language = get_language()
    for key, title, offered, code in EventPage.objects.filter(
        translation_key__in=list(figures)
    ).values_list("translation_key", "title", "seats", "locale__language_code"):
        if key not in pages or code == language:
            pages[key] = (title, offered or 0)
    table = Table([_("Registrations"), _("Seats filled"), _("On a waiting list")])
    for key, row in sorted(figures.items(), key=lambda item: -item[1]["registered"]):
        title, offered = pages.get(key, ("?", 0))
        taken, dates = seats.get(key, (0, 0))
        table.add(
            title, People(row["registered"]), Fill(taken, offered * dates), People(row["waiting"])
        )
    return table
