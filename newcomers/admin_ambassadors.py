"""The admin's "New in our area": the newcomers an ambassador corps may contact, what was
done for each, and the welcome message the product e-mails for them; for coordinators also
the 30-day figure per community and the introduction of a prospective newcomer to a corps.

Nothing here shows a newcomer's e-mail address; every action loads its newcomer from the
user's visible newcomers only (another id is a 404)."""

import uuid
from collections import Counter

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Site

from communities.models import CommunityPage
from communities.permissions import can_manage_communities, managed_communities
from guide import access_log
from guide.sites import site_pages_q
from newcomers import ambassadors
from newcomers.admin_views import AdminScreen
from newcomers.models import ContactKind, NewcomerProfile
from newcomers.models.account import CommunityStatus

#: what an ambassador records by hand (an introduction is the coordinator's own action)
RECORDED_KINDS = [(k.value, k.label) for k in ContactKind if k != ContactKind.INTRODUCED]


class RecordForm(forms.Form):
    community = forms.ChoiceField(label=gettext_lazy("Community"))
    kind = forms.ChoiceField(label=gettext_lazy("What happened"), choices=RECORDED_KINDS)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=2000, required=False)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = communities


class WelcomeForm(forms.Form):
    community = forms.ChoiceField(label=gettext_lazy("Community"))
    message = forms.CharField(label=gettext_lazy("Message"), max_length=2000)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = communities


class IntroduceForm(forms.Form):
    community = forms.ChoiceField(label=gettext_lazy("Corps"))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = communities


def _labels(field_name, codes):
    labels = NewcomerProfile._meta.get_field(field_name).labels
    return [str(labels.get(code, code)) for code in codes]


class NewInOurAreaView(AdminScreen):
    template_name = "newcomers/new_in_our_area.html"
    page_title = gettext_lazy("New in our area")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not ambassadors.may_use(request.user):
            raise PermissionDenied
        self.coordinator = can_manage_communities(request.user)
        return super().dispatch(request, *args, **kwargs)

    def communities(self):
        """(key, name) of the user's communities, by name, in the user's language."""
        if not hasattr(self, "_communities"):
            keys = list(
                ambassadors.community_keys(self.request.user).values_list(
                    "translation_key", flat=True
                )
            )
            names = ambassadors.community_names(set(keys), translation.get_language())
            self._communities = sorted(
                ((str(key), name) for key, name in names.items()), key=lambda pair: pair[1]
            )
        return self._communities

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        communities = self.communities()
        names = dict(communities)
        accounts = list(ambassadors.visible_newcomers(self.request.user))
        # a newcomer introduced to the user's corps lives in another community: its name too
        others = {a.profile.community_key for a in accounts} - {_uuid(k) for k in names} - {None}
        if others:
            language = translation.get_language()
            other_names = ambassadors.community_names(others, language).items()
            names.update((str(key), name) for key, name in other_names)
        rows = []
        for account in accounts:
            profile = account.profile
            key = str(profile.community_key) if profile.community_key else ""
            rows.append(
                {
                    "id": account.pk,
                    "first_name": profile.first_name,
                    "language": account.get_language_display(),
                    "household": _labels("household", profile.household),
                    "interests": _labels("interests", profile.interests),
                    "moving_date": profile.moving_date,
                    "community": names.get(key, ""),
                    "community_key": key,
                    "status": profile.get_community_status_display(),
                    "considers": profile.community_status == CommunityStatus.CONSIDERS,
                    "records": [
                        {
                            "kind": record.get_kind_display(),
                            "community": names.get(str(record.community_key), ""),
                            "note": record.note,
                            "mailed": record.mailed,
                            "when": record.happened_at,
                            "by": record.recorded_by.get_full_name() if record.recorded_by else "",
                        }
                        for record in account.records
                    ],
                }
            )
        self.log_access(accounts)
        context.update(
            rows=rows,
            communities=communities,
            kinds=RECORDED_KINDS,
            coordinator=self.coordinator,
        )
        if self.coordinator:
            figures = ambassadors.contact_figures(self.request.user)
            context["figures"] = [
                {"community": name, **figures[_uuid(key)]}
                for key, name in communities
                if _uuid(key) in figures
            ]
        return context

    def log_access(self, accounts):
        """One audit entry per municipality whose newcomers the screen shows."""
        shown = Counter(account.site_id for account in accounts)
        for site_id, site in Site.objects.in_bulk(list(shown)).items():
            access_log.viewed(self.request.user, site, "new_in_our_area", rows=shown[site_id])

    def post(self, request, *args, **kwargs):
        account = (
            ambassadors.visible_newcomers(request.user)
            .filter(pk=_int(request.POST.get("newcomer")))
            .first()
        )
        if account is None:
            raise Http404
        action = request.POST.get("action")
        if action == "record":
            form = RecordForm(request.POST, communities=self.communities())
        elif action == "welcome":
            form = WelcomeForm(request.POST, communities=self.communities())
        elif action == "introduce" and self.coordinator:
            form = IntroduceForm(request.POST, communities=self.corps_for(account))
        else:
            raise Http404
        if not form.is_valid():
            messages.error(
                request, _("Nothing was recorded: %(errors)s") % {"errors": _errors(form)}
            )
            return self.render_to_response(self.get_context_data(), status=400)
        data = form.cleaned_data
        key = _uuid(data["community"])
        if action == "record":
            ambassadors.add_record(account, key, data["kind"], data["note"], request.user)
            messages.success(request, _("Recorded."))
        elif action == "welcome":
            try:
                ambassadors.send_welcome(account, key, data["message"], request.user)
            except ambassadors.TooSoon:
                why = _("Your community has written to this newcomer within the last day.")
                messages.error(request, _("Nothing was sent: %(why)s") % {"why": why})
                return self.render_to_response(self.get_context_data(), status=400)
            messages.success(request, _("Your message is on its way."))
        else:
            ambassadors.introduce(account, key, request.user)
            messages.success(request, _("Introduced: the corps now sees this newcomer."))
        return redirect("newcomers_new_in_our_area")

    def corps_for(self, account):
        """The communities of the newcomer's own municipality a coordinator may introduce a
        prospective newcomer to (only while they consider moving)."""
        profile = account.profile
        if profile.community_status != CommunityStatus.CONSIDERS:
            return []
        corps = set(
            CommunityPage.objects.live()
            .filter(site_pages_q(account.site))
            .filter(pk__in=managed_communities(self.request.user).values("pk"))
            .values_list("translation_key", flat=True)
        )
        return [(key, name) for key, name in self.communities() if _uuid(key) in corps]


def _errors(form):
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else name}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _uuid(value):
    return uuid.UUID(str(value))


class AmbassadorMenuItem(MenuItem):
    def is_shown(self, request):
        return ambassadors.may_use(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("new-in-our-area/", NewInOurAreaView.as_view(), name="newcomers_new_in_our_area")]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return AmbassadorMenuItem(
        gettext_lazy("New in our area"),
        reverse("newcomers_new_in_our_area"),
        icon_name="user",
        order=260,
    )
