"""Coordinator-only admin views: the communities of their municipality and who may edit each
of them."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from communities import access as community_access
from communities import membership
from communities.forms import AddMemberForm, InviteForm, RemoveMemberForm, TrustForm
from communities.models import CommunityAccess
from communities.permissions import MANAGE_MEMBERS, managed_communities


@method_decorator(permission_required(MANAGE_MEMBERS, raise_exception=True), name="dispatch")
class CommunityListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "communities/community_list.html"
    page_title = gettext_lazy("Communities")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        communities = managed_communities(self.request.user)
        languages = defaultdict(list)
        for key, code in communities.order_by("locale__language_code").values_list(
            "translation_key", "locale__language_code"
        ):
            languages[key].append(code)
        accesses = {
            access.translation_key: access
            for access in CommunityAccess.objects.select_related("group").annotate(
                member_count=Count("group__user")
            )
        }
        pages = communities.filter(locale=Locale.get_default()).order_by("title")
        context["rows"] = [
            (page, accesses.get(page.translation_key), languages[page.translation_key])
            for page in pages
        ]
        return context


@method_decorator(permission_required(MANAGE_MEMBERS, raise_exception=True), name="dispatch")
class MembersView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "communities/members.html"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        # another municipality's community is refused as one that does not exist: nothing shown
        self.page = managed_communities(request.user).filter(pk=kwargs["page_id"]).first()
        if self.page is None:
            raise PermissionDenied
        self.access = community_access.ensure_community_access(self.page)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Who edits %(community)s") % {"community": self.page.title}

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("communities_list"), "label": _("Communities")},
            {"url": "", "label": self.page.title},
        ]

    def forms(self, data=None):
        action = (data or {}).get("action")
        return {
            "add_form": AddMemberForm(data if action == "add" else None, access=self.access),
            "invite_form": InviteForm(data if action == "invite" else None),
            "trust_form": TrustForm(
                data if action == "trust" else None, initial={"trusted": self.access.trusted}
            ),
            "remove_form": RemoveMemberForm(
                data if action == "remove" else None, access=self.access
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page=self.page, access=self.access, members=self.access.members)
        context.update(kwargs.get("forms") or self.forms())
        return context

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST)
        action = request.POST.get("action")
        form = {
            "add": forms["add_form"],
            "invite": forms["invite_form"],
            "trust": forms["trust_form"],
            "remove": forms["remove_form"],
        }.get(action)
        if form is None or not form.is_valid():
            if form is not None:
                messages.error(request, _("Nothing was changed: see the form below."))
            return self.render_to_response(self.get_context_data(forms=forms), status=400)
        community = self.page.title
        if action == "add":
            user = form.cleaned_data["user"]
            membership.add_member(self.access, user)
            messages.success(
                request,
                _("%(user)s now edits %(community)s.")
                % {"user": user.get_username(), "community": community},
            )
        elif action == "invite":
            data = form.cleaned_data
            membership.invite_member(
                self.access,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                invited_by=request.user,
            )
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
        elif action == "remove":
            user = form.cleaned_data["user_id"]
            membership.remove_member(self.access, user)
            messages.success(
                request,
                _("%(user)s no longer edits %(community)s.")
                % {"user": user.get_username(), "community": community},
            )
        else:
            community_access.set_trusted(self.access, form.cleaned_data["trusted"])
            message = (
                _("%(community)s is trusted: its editors publish without approval.")
                if self.access.trusted
                else _(
                    "%(community)s is moderated: a coordinator approves what its editors publish."
                )
            )
            messages.success(request, message % {"community": community})
        return redirect("communities_members", page_id=self.page.pk)
