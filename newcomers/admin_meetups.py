"""The coordinator's view of the newcomers' meet-ups: the reported ones first, each with its
reports, hidden (no newcomer sees it any more) or shown again; every decision in the audit
log. A coordinator sees their own municipalities' meet-ups only (through the poster's
account): another's is a 404. Registered by newcomers/wagtail_hooks.py."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem

from guide import access_log
from newcomers import meetups
from newcomers.admin_views import AdminScreen, coordinates
from newcomers.models import Meetup


def _administered(user):
    open_reports = Count("reports", filter=Q(reports__resolved_at__isnull=True))
    return (
        Meetup.objects.administered_by(user)
        .select_related("poster__profile", "hidden_by")
        .annotate(open_reports=open_reports, all_reports=Count("reports"))
    )


class MeetupAdminView(AdminScreen):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not coordinates(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class MeetupListView(MeetupAdminView):
    """Reported first (open reports), then the coming meet-ups, then the rest; `?reported=1`
    narrows to those with a report."""

    page_title = _("Meet-ups")
    template_name = "newcomers/admin/meetups.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = _administered(self.request.user)
        reported = self.request.GET.get("reported") == "1"
        if reported:
            found = found.filter(all_reports__gt=0)
        context.update(
            meetups=found.order_by("-open_reports", "-starts_at", "-pk")[:200],
            reported=reported,
            now=timezone.now(),
        )
        return context


class MeetupReviewView(MeetupAdminView):
    page_title = _("Meet-up")
    template_name = "newcomers/admin/meetup.html"

    @cached_property
    def meetup(self):
        """Read after the moderator check, so a user who may not moderate learns nothing."""
        return get_object_or_404(_administered(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        poster = self.meetup.poster
        access_log.viewed(self.request.user, poster.site, "meetup", ref=self.meetup.pk)
        context.update(
            meetup=self.meetup,
            reports=self.meetup.reports.select_related("resolved_by").order_by("-created_at"),
            now=timezone.now(),
        )
        return context

    def post(self, request, *args, **kwargs):
        meetup, user = self.meetup, request.user
        if "hide" in request.POST and meetup.hidden_at is None:
            meetups.hide(meetup, user)
            messages.success(request, _("Hidden: no newcomer sees this meet-up any more."))
        elif "unhide" in request.POST and meetup.hidden_at is not None:
            meetups.unhide(meetup, user)
            messages.success(request, _("Shown again to the municipality's newcomers."))
        elif "resolve" in request.POST:
            meetups.resolve_reports(meetup, user)
            messages.success(request, _("The reports are marked as dealt with."))
        return redirect(reverse("newcomers_meetup", args=[meetup.pk]))


def admin_urls():
    return [
        path("meetups/", MeetupListView.as_view(), name="newcomers_meetups"),
        path("meetups/<int:pk>/", MeetupReviewView.as_view(), name="newcomers_meetup"),
    ]


class MeetupsMenuItem(MenuItem):
    def is_shown(self, request):
        return coordinates(request.user)


def menu_item():
    return MeetupsMenuItem(
        _("Meet-ups"), reverse("newcomers_meetups"), icon_name="group", order=262
    )


def register_log_actions(actions):
    actions.register_action("newcomers.meetup.hide", _("Hide meet-up"), _("Meet-up hidden"))
    actions.register_action("newcomers.meetup.unhide", _("Show meet-up"), _("Meet-up shown again"))
