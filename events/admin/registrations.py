"""The admin for registrations: organisers see who registered for their own events, per
date, and export them as CSV. A community's editors are the organisers of the events in the
community's section; coordinators of every event of their municipality (the site's tree in
every language). Nobody else sees any registration."""

import csv
from datetime import datetime
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.models import Locale, Page

from communities.permissions import administered_pages_q, member_communities
from events.models import EventPage, JoinMode, Registration, RegistrationStatus
from guide import access_log

#: a spreadsheet runs a cell that starts with one of these as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def organised_events(user):
    """The event pages (every language) whose registrations `user` may see."""
    events = EventPage.objects.filter(join_mode=JoinMode.REGISTRATION)
    if not user.is_active:
        return events.none()
    below = administered_pages_q(user)
    for community in member_communities(user).only("path", "depth"):
        below |= Page.objects.descendant_of_q(community, inclusive=True)
    return events.filter(below)


def _event_or_refuse(user, event_key):
    copies = list(organised_events(user).filter(translation_key=event_key))
    if not copies:
        # the same answer whether the event exists or not: nothing is given away
        raise PermissionDenied
    default = Locale.get_default()
    return next((page for page in copies if page.locale_id == default.pk), copies[0])


def _occurrence_filter(request):
    value = request.GET.get("occurrence", "")
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Http404 from None
    return moment if moment.tzinfo else timezone.make_aware(moment)


class OrganiserMixin(WagtailAdminTemplateMixin):
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not organised_events(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("event_registrations_index"), "label": _("Registrations")},
        ]


class RegistrationEventsView(OrganiserMixin, TemplateView):
    """The user's events that take registrations, with their counts."""

    template_name = "events/admin/registration_events.html"
    page_title = gettext_lazy("Registrations")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = {}
        for page in organised_events(self.request.user).order_by("title", "pk"):
            events.setdefault(page.translation_key, page)
        totals = {
            row["event_key"]: row
            for row in Registration.objects.filter(event_key__in=list(events))
            .values("event_key")
            .annotate(
                confirmed=Sum("seats", filter=Q(status=RegistrationStatus.CONFIRMED)),
                waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
                upcoming=Count(
                    "occurrence", distinct=True, filter=Q(occurrence__gte=timezone.now())
                ),
            )
        }
        context["rows"] = [(page, totals.get(key, {})) for key, page in events.items()]
        return context


class EventRegistrationsView(OrganiserMixin, TemplateView):
    """One event's registrations, per date."""

    template_name = "events/admin/event_registrations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = _event_or_refuse(self.request.user, kwargs["event_key"])
        registrations = Registration.objects.filter(event_key=event.translation_key)
        dates = (
            registrations.values("occurrence")
            .annotate(
                confirmed=Sum("seats", filter=Q(status=RegistrationStatus.CONFIRMED)),
                waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
            )
            .order_by("occurrence")
        )
        chosen = _occurrence_filter(self.request)
        if chosen is not None:
            registrations = registrations.filter(occurrence=chosen)
        export = reverse("event_registrations_export", args=[event.translation_key])
        if chosen is not None:
            export += "?" + urlencode({"occurrence": chosen.isoformat()})
        registrations = list(registrations)
        access_log.viewed(
            self.request.user, event.get_site(), "registrations", len(registrations), event.title
        )
        context.update(
            event=event,
            dates=dates,
            chosen=chosen,
            registrations=registrations,
            export_url=export,
        )
        return context

    def get_page_title(self):
        return _("Registrations")


def export_csv(request, event_key):
    event = _event_or_refuse(request.user, event_key)
    registrations = Registration.objects.filter(event_key=event.translation_key)
    chosen = _occurrence_filter(request)
    if chosen is not None:
        registrations = registrations.filter(occurrence=chosen)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrations-{event.slug}.csv"'
    response.write("\ufeff")  # so that spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Event"),
            _("Date"),
            _("Name"),
            _("E-mail"),
            _("Seats"),
            _("Language"),
            _("May be contacted"),
            _("Status"),
            _("Registered"),
        ]
    )
    registrations = list(registrations)
    access_log.exported(
        request.user, event.get_site(), "registrations", len(registrations), event.title
    )
    for registration in registrations:
        writer.writerow(
            _safe(value)
            for value in (
                event.title,
                timezone.localtime(registration.occurrence).strftime("%Y-%m-%d %H:%M"),
                registration.name,
                registration.email,
                registration.seats,
                registration.language,
                _("yes") if registration.consent else _("no"),
                registration.get_status_display(),
                timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            )
        )
    return response


def _safe(value):
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class OrganiserMenuItem(MenuItem):
    def is_shown(self, request):
        return organised_events(request.user).exists()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("registrations/", RegistrationEventsView.as_view(), name="event_registrations_index"),
        path(
            "registrations/<uuid:event_key>/",
            EventRegistrationsView.as_view(),
            name="event_registrations_event",
        ),
        path(
            "registrations/<uuid:event_key>/export.csv",
            export_csv,
            name="event_registrations_export",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return OrganiserMenuItem(
        gettext_lazy("Registrations"),
        reverse("event_registrations_index"),
        icon_name="date",
        order=260,
    )


@hooks.register("register_page_header_buttons")
def registrations_button(page, user, view_name, next_url=None):
    """On an event's page in the admin, a way to its registrations for its organisers."""
    if page.specific_class is EventPage and organised_events(user).filter(pk=page.pk).exists():
        yield Button(
            _("Registrations"),
            reverse("event_registrations_event", args=[page.translation_key]),
            icon_name="date",
            priority=50,
        )
