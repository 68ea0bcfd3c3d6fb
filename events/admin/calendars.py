"""The admin for external calendars: coordinators register feeds, see how the last import
went and confirm the removals an import held; the imported events can be looked at but not
added, changed or deleted (the next import would undo it). Each coordinator works on their
own municipality's calendars and their events (guide/admin_scoping.py)."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from events.importer import HoldError, confirm_removals, import_calendar
from events.models import ExternalCalendar, ImportedEvent
from events.permissions import can_manage_calendars
from guide.admin_scoping import SitePermissionPolicy, SiteScopedViewSet


class ExternalCalendarForm(WagtailAdminModelForm):
    feed_url = forms.URLField(
        label=_("feed URL"),
        max_length=1000,
        assume_scheme="https",
        help_text=ExternalCalendar._meta.get_field("feed_url").help_text,
    )


class LastImportPanel(HelpPanel):
    """How the last import of this calendar went: the error, or the counts and the events
    that were skipped and why; the removals it held, to confirm."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if not self.instance.pk:
                return
            # buttons of the edit form that post (with its CSRF token) to our views instead
            button = form_button(
                reverse("events_import_calendar", args=[self.instance.pk]), _("Import now")
            )
            self.content = format_html(
                "{}{}{}", held_removals_html(self.instance), last_import_html(self.instance), button
            )

        def is_shown(self):
            return bool(self.instance.pk)


#: the admin lists at most this many of the held removals
MAX_HELD_SHOWN = 100


def form_button(action, label, name="", value="", style="button-secondary"):
    return format_html(
        '<p><button type="submit" class="button {}" formaction="{}" formnovalidate{}>{}</button>'
        "</p>",
        style,
        action,
        format_html(' name="{}" value="{}"', name, value) if name else "",
        label,
    )


def held_removals_html(calendar):
    """The removals the last import would not make on its own, and the button to make them;
    the button names the set shown, so a later import's other set is not confirmed unseen."""
    if not calendar.held_removals:
        return ""
    held = calendar.held_removals
    return format_html(
        '<div class="help-block help-warning"><p><strong>{}</strong> ({})</p><p>{}</p>'
        "<ul>{}</ul>{}{}</div>",
        calendar.hold_status(),
        date_format(localtime(calendar.held_since), "DATETIME_FORMAT"),
        _(
            "The feed no longer carries these events. An import that would remove more than "
            "half of a calendar's events at once waits for you: nothing was removed. If the "
            "feed is broken, have it fixed; the next import that carries them again lifts the "
            "hold. If they are really gone, confirm the removal."
        ),
        format_html_join(
            "",
            "<li>{} ({})</li>",
            ((item["title"], item["uid"]) for item in held[:MAX_HELD_SHOWN]),
        ),
        format_html("<p>{}</p>", _("… and %(more)s more.") % {"more": len(held) - MAX_HELD_SHOWN})
        if len(held) > MAX_HELD_SHOWN
        else "",
        form_button(
            reverse("events_confirm_removals", args=[calendar.pk]),
            _("Confirm: remove these %(count)s events") % {"count": len(held)},
            name="hold",
            value=calendar.hold_token,
            style="button-secondary no",
        ),
    )


REPORT_COUNTS = ("in_feed", "created", "updated", "unchanged", "deleted", "cancelled")


def last_import_html(calendar):
    parts = []
    if calendar.last_error:
        parts.append(
            format_html(
                '<p class="help-block help-critical">{}: {}</p>',
                _("The last import failed; the events are as they were before"),
                calendar.last_error,
            )
        )
    report = calendar.last_report or {}
    if report:
        parts.append(
            format_html(
                "<p>{}</p>",
                _(
                    "%(in_feed)s events in the feed: %(created)s new, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(deleted)s removed, %(cancelled)s cancelled, "
                    "%(skipped)s skipped."
                )
                % {
                    **{key: report.get(key, 0) for key in REPORT_COUNTS},
                    "skipped": report.get("skipped_count", 0),
                },
            )
        )
    if report.get("skipped"):
        parts.append(
            format_html(
                "<ul>{}</ul>",
                format_html_join(
                    "",
                    "<li>#{} {} ({}): {}{}</li>",
                    (
                        (
                            item["position"],
                            item["summary"],
                            item["uid"],
                            item["reason"],
                            format_html(" {}", _("(the copy imported before is kept)"))
                            if item.get("kept")
                            else "",
                        )
                        for item in report["skipped"]
                    ),
                ),
            )
        )
    if not parts:
        return format_html("<p>{}</p>", _("Not imported yet."))
    return format_html_join("", "{}", ((part,) for part in parts))


def _calendar_or_refuse(user, pk):
    calendar = get_object_or_404(ExternalCalendar, pk=pk)
    if not (
        can_manage_calendars(user)
        and CALENDAR_POLICY.user_has_permission_for_instance(user, "change", calendar)
    ):
        raise PermissionDenied
    return calendar


@require_POST
def import_now(request, pk):
    """Import one calendar at once (the coordinator need not wait for cron)."""
    calendar = _calendar_or_refuse(request.user, pk)
    report = import_calendar(calendar)
    if not report.ok:
        messages.error(request, report.summary())
    elif report.held:
        messages.warning(request, report.summary())
    else:
        messages.success(request, report.summary())
    return redirect("wagtailsnippets_events_externalcalendar:edit", calendar.pk)


@require_POST
def confirm_held_removals(request, pk):
    """Remove the events an import held, as shown to the coordinator (`hold` names the set)."""
    calendar = _calendar_or_refuse(request.user, pk)
    try:
        removed = confirm_removals(calendar, token=request.POST.get("hold", ""))
    except HoldError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(calendar)s: %(count)s events removed.") % {"calendar": calendar, "count": removed},
        )
    return redirect("wagtailsnippets_events_externalcalendar:edit", calendar.pk)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("calendar-import/<int:pk>/import/", import_now, name="events_import_calendar"),
        path(
            "calendar-import/<int:pk>/confirm-removals/",
            confirm_held_removals,
            name="events_confirm_removals",
        ),
    ]


CALENDAR_POLICY = SitePermissionPolicy(ExternalCalendar)
register_permission_policy(ExternalCalendar, CALENDAR_POLICY, exact_class=True)


class ExternalCalendarViewSet(SiteScopedViewSet):
    model = ExternalCalendar
    icon = "calendar"
    menu_label = _("External calendars")
    list_display = ["name", "region", "feed_url", "last_fetched_at", "last_error", "hold_status"]
    search_fields = ["name", "region", "feed_url"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("name"),
            FieldPanel("feed_url"),
            FieldPanel("region"),
            FieldPanel("categories"),
            FieldPanel("audiences"),
            FieldPanel("calendar_audiences"),
            FieldPanel("languages"),
            LastImportPanel(heading=_("Last import")),
        ],
        base_form_class=ExternalCalendarForm,
    )


class ReadOnlyPolicy(SitePermissionPolicy):
    """Who holds the view permission may look, at their sites' calendars' events; nobody
    adds, changes or deletes, not even a superuser: the feed is the source."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return self.auth_model.objects.none()
        return super().users_with_any_permission(["view"])


register_permission_policy(
    ImportedEvent, ReadOnlyPolicy(ImportedEvent, site_field="calendar__site"), exact_class=True
)


class ImportedEventFilterSet(WagtailFilterSet):
    # offers the user's own sites' calendars only, not every calendar's name
    calendar = django_filters.ModelChoiceFilter(
        label=_("external calendar"),
        queryset=lambda request: CALENDAR_POLICY.administered(request.user),
    )

    class Meta:
        model = ImportedEvent
        fields = ["calendar"]


class ImportedEventViewSet(SiteScopedViewSet):
    model = ImportedEvent
    icon = "date"
    menu_label = _("Imported events")
    inspect_view_enabled = True
    list_display = ["title", "calendar", "start", "rrule", "updated_at"]
    filterset_class = ImportedEventFilterSet
    search_fields = ["title", "uid", "place_name"]
    search_backend_name = None
    inspect_view_fields = [
        "title",
        "calendar",
        "uid",
        "recurrence_id",
        "start",
        "end",
        "all_day",
        "rrule",
        "exdates",
        "rdates",
        "description",
        "url",
        "place_name",
        "latitude",
        "longitude",
        "categories",
        "audiences",
        "calendar_audiences",
        "languages",
        "organiser",
        "created_at",
        "updated_at",
    ]


class CalendarImportViewSetGroup(SnippetViewSetGroup):
    items = (ExternalCalendarViewSet, ImportedEventViewSet)
    menu_icon = "calendar-alt"
    menu_label = _("Calendar import")
    menu_name = "calendar-import"
    menu_order = 270


register_snippet(CalendarImportViewSetGroup)
