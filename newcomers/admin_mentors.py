"""The coordinator's business mentors: the mentors (approve, pause), the open requests, and
for a request the suggested mentors with their score and a *Match* button. A coordinator
sees and decides their own municipality's only: another's mentor or request is a 404."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from guide import access_log
from guide.sites import administered_sites
from newcomers import mentors
from newcomers.admin_views import AdminScreen
from newcomers.models import Mentor, MentorMatch, MentorRequest
from newcomers.models.mentor import INDUSTRIES, RequestStatus

MATCH_MENTORS = "newcomers.match_mentors"

REFUSALS = {
    "request": _("This request is no longer open: it has been matched, withdrawn or closed."),
    "mentor": _("This mentor is not approved (any more)."),
    "full": _("This mentor has no room for another newcomer."),
}


def can_match(user):
    return user.has_perm(MATCH_MENTORS)


class MentorAdminView(AdminScreen):
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not can_match(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def sites(self):
        return administered_sites(self.request.user)


class MentorListView(MentorAdminView):
    page_title = _("Business mentors")
    template_name = "newcomers/admin/mentors.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = mentors.with_active_matches(Mentor.objects.filter(site__in=self.sites))
        context["mentors"] = found.order_by("status", "name", "pk")
        context["matches"] = (
            MentorMatch.objects.filter(mentor__site__in=self.sites, ended_at__isnull=True)
            .select_related("mentor", "mentor_request__account__profile")
            .order_by("created_at", "pk")
        )
        context["industries"] = dict(INDUSTRIES)
        return context

    def post(self, request):
        if request.POST.get("action") == "end":
            if not mentors.end_match(_posted_id(request, "match"), self.sites):
                raise Http404
            messages.success(request, _("The match has ended; the mentor has room again."))
            return redirect("newcomers_mentors")
        mentor = get_object_or_404(
            Mentor.objects.filter(site__in=self.sites), pk=_posted_id(request)
        )
        if request.POST.get("action") == "approve":
            mentors.approve(mentor, request.user)
            messages.success(request, _("%(name)s is approved.") % {"name": mentor.name})
        elif request.POST.get("action") == "pause":
            mentors.pause(mentor)
            messages.success(request, _("%(name)s is paused.") % {"name": mentor.name})
        return redirect("newcomers_mentors")


class RequestListView(MentorAdminView):
    page_title = _("Requests for a mentor")
    template_name = "newcomers/admin/requests.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["requests"] = (
            MentorRequest.objects.filter(site__in=self.sites, status=RequestStatus.OPEN)
            .select_related("account__profile")
            .order_by("created_at", "pk")
        )
        return context


class RequestView(MentorAdminView):
    """One request and the mentors suggested for it; POST matches one of them."""

    page_title = _("Request for a mentor")
    template_name = "newcomers/admin/request.html"

    @cached_property
    def mentor_request(self):
        return get_object_or_404(
            MentorRequest.objects.filter(site__in=self.sites).select_related(
                "account__profile", "site"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        is_open = self.mentor_request.status == RequestStatus.OPEN
        found = self.mentor_request
        access_log.viewed(self.request.user, found.site, "mentor_request", ref=found.pk)
        context.update(
            mentor_request=self.mentor_request,
            suggestions=mentors.suggestions(self.mentor_request) if is_open else [],
            is_open=is_open,
            industries=dict(INDUSTRIES),
        )
        return context

    def post(self, request, pk):
        try:
            found = mentors.match(pk, _posted_id(request), request.user, self.sites)
        except (Mentor.DoesNotExist, MentorRequest.DoesNotExist):
            raise Http404 from None
        except mentors.MatchRefused as refused:
            messages.error(request, REFUSALS[str(refused)])
            response = self.render_to_response(self.get_context_data())
            response.status_code = 409
            return response
        messages.success(
            request,
            _("Matched with %(name)s; both have been introduced by e-mail.")
            % {"name": found.mentor.name},
        )
        return redirect("newcomers_mentor_requests")


class IdForm(forms.Form):
    id = forms.IntegerField(min_value=1, max_value=2**63 - 1)


def _posted_id(request, name="mentor"):
    form = IdForm({"id": request.POST.get(name, "")})
    if not form.is_valid():
        raise Http404
    return form.cleaned_data["id"]


urlpatterns = [
    path("mentors/", MentorListView.as_view(), name="newcomers_mentors"),
    path("mentors/requests/", RequestListView.as_view(), name="newcomers_mentor_requests"),
    path("mentors/requests/<int:pk>/", RequestView.as_view(), name="newcomers_mentor_request"),
]


class MatchMenuItem(MenuItem):
    def is_shown(self, request):
        return can_match(request.user)


def menu_item():
    return SubmenuMenuItem(
        _("Business mentors"),
        Menu(
            items=[
                MatchMenuItem(_("Mentors"), reverse("newcomers_mentors"), icon_name="user"),
                MatchMenuItem(
                    _("Requests"), reverse("newcomers_mentor_requests"), icon_name="tasks"
                ),
            ]
        ),
        icon_name="user",
        name="mentors",
        order=265,
    )
