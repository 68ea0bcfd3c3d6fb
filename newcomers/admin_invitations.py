"""The coordinator's pop-up invitations (docs/reminders.md): write one (texts in Danish,
English and German, a link to an event or page, the audience, the time), preview how many
it reaches (a count, never names), schedule it; withdraw one scheduled or sent (a
confirmation, then a POST: it is not sent, or no more, and leaves the website's home; in the
audit log). A coordinator sees and writes only their own municipalities' invitations
(another's is a 404), and an invitation reaches only its own municipality's newcomers.
Registered by newcomers/wagtail_hooks.py."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminPageChooser

from communities.models import CommunityPage
from guide.sites import administered_sites, site_pages_q
from newcomers import invitations
from newcomers.admin_views import AdminScreen
from newcomers.models import Invitation
from newcomers.models.push import InvitationStatus


def can_invite(user):
    return administered_sites(user).exists()


class InvitationForm(forms.ModelForm):
    community = forms.ChoiceField(label=_("Community"), required=False)

    class Meta:
        model = Invitation
        fields = [
            "site",
            "text_da",
            "text_en",
            "text_de",
            "link",
            "date",
            "countries",
            "households",
            "languages",
            "send_at",
        ]
        widgets = {
            "link": AdminPageChooser(),
            "date": AdminDateInput(),
            "send_at": AdminDateTimeInput(),
            "text_da": forms.Textarea(attrs={"rows": 3}),
            "text_en": forms.Textarea(attrs={"rows": 3}),
            "text_de": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        sites = administered_sites(user)
        self.fields["site"].queryset = sites
        self.fields["site"].empty_label = None
        choices, seen = [("", _("Every community"))], set()
        for site in sites.select_related("root_page"):
            for page in CommunityPage.objects.filter(site_pages_q(site)).order_by("title"):
                if page.translation_key not in seen:
                    seen.add(page.translation_key)
                    choices.append((f"{site.pk}:{page.translation_key}", page.title))
        self.fields["community"].choices = choices
        if self.instance.community_key:
            self.initial["community"] = f"{self.instance.site_id}:{self.instance.community_key}"

    def clean_countries(self):
        codes = [c.strip().upper() for c in self.cleaned_data["countries"].split(",") if c.strip()]
        if any(len(code) != 2 or not code.isalpha() for code in codes):
            raise forms.ValidationError(_("Enter two-letter country codes, e.g. DE, PL."))
        return ",".join(codes)

    def clean(self):
        cleaned = super().clean()
        community = cleaned.get("community")
        site = cleaned.get("site")
        self.instance.community_key = None
        if community and site:
            site_id, key = community.split(":", 1)
            if int(site_id) != site.pk:
                self.add_error("community", _("This community is of another municipality."))
            else:
                self.instance.community_key = key
        date, send_at = cleaned.get("date"), cleaned.get("send_at")
        if date and send_at and date < timezone.localdate(send_at):
            self.add_error("date", _("The invitation must be shown until it is sent."))
        return cleaned


class InvitationAdminView(AdminScreen):
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_invite(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class InvitationListView(InvitationAdminView):
    page_title = _("Invitations")
    template_name = "newcomers/admin/invitations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitations"] = Invitation.objects.administered_by(self.request.user)[:200]
        return context


def administered_invitation(user, pk):
    return get_object_or_404(Invitation.objects.administered_by(user), pk=pk)


class InvitationEditView(InvitationAdminView):
    """Write (a draft), preview the reach, schedule; a sent or withdrawn invitation is only
    shown."""

    page_title = _("Invitation")
    template_name = "newcomers/admin/invitation.html"

    def get_invitation(self):
        if "pk" not in self.kwargs:
            return Invitation(status=InvitationStatus.DRAFT)
        return administered_invitation(self.request.user, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        invitation = self.get_invitation()
        form = InvitationForm(instance=invitation, user=request.user)
        return self.render_to_response(self.get_context_data(form=form, invitation=invitation))

    def post(self, request, *args, **kwargs):
        invitation = self.get_invitation()
        if invitation.status in (InvitationStatus.SENT, InvitationStatus.WITHDRAWN):
            return self.not_saved(invitation)
        form = InvitationForm(request.POST, instance=invitation, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, invitation=invitation))
        invitation = form.save(commit=False)
        if "preview" in request.POST:
            reach = invitations.reach(invitation)
            context = self.get_context_data(form=form, invitation=invitation, reach=reach)
            return self.render_to_response(context)
        with transaction.atomic():
            if invitation.pk and not self.still_editable(invitation):
                return self.not_saved(invitation)
            invitation.save()
            if "schedule" in request.POST:
                invitations.schedule(invitation)
                messages.success(request, _("Scheduled: it goes out at its time."))
            else:
                invitation.status = InvitationStatus.DRAFT
                invitation.save(update_fields=["status"])
                invitations.changed(invitation)
                messages.success(request, _("Saved as a draft."))
        return redirect(reverse("newcomers_invitation", args=[invitation.pk]))

    def not_saved(self, invitation):
        messages.error(
            self.request, _("It was sent or withdrawn meanwhile: your changes were not saved.")
        )
        return redirect(reverse("newcomers_invitation", args=[invitation.pk]))

    @staticmethod
    def still_editable(invitation):
        """Whether it is still a draft or scheduled, read under a lock until the save
        commits: a save of the form's whole row would otherwise put back the status of a
        sending or a withdrawal that came in since the form was read."""
        status = (
            Invitation.objects.select_for_update()
            .values_list("status", flat=True)
            .get(pk=invitation.pk)
        )
        return status not in (InvitationStatus.SENT, InvitationStatus.WITHDRAWN)


class InvitationWithdrawView(InvitationAdminView):
    """Asks first (GET), withdraws on the POST of that page."""

    page_title = _("Withdraw the invitation")
    template_name = "newcomers/admin/invitation_withdraw.html"
    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        invitation = administered_invitation(request.user, self.kwargs["pk"])
        if invitation.status not in invitations.SHOWN:
            return self.refuse(invitation)
        return self.render_to_response(self.get_context_data(invitation=invitation))

    def post(self, request, *args, **kwargs):
        invitation = administered_invitation(request.user, self.kwargs["pk"])
        if not invitations.withdraw(invitation, request.user):
            return self.refuse(invitation)
        messages.success(
            request,
            _(
                "Withdrawn: what was not sent yet will not be sent, and the website no longer "
                "shows it."
            ),
        )
        return redirect(reverse("newcomers_invitation", args=[invitation.pk]))

    def refuse(self, invitation):
        messages.error(self.request, _("Only a scheduled or sent invitation can be withdrawn."))
        return redirect(reverse("newcomers_invitation", args=[invitation.pk]))


def admin_urls():
    return [
        path(
            "invitations/<int:pk>/withdraw/",
            InvitationWithdrawView.as_view(),
            name="newcomers_invitation_withdraw",
        ),
        path("invitations/", InvitationListView.as_view(), name="newcomers_invitations"),
        path("invitations/new/", InvitationEditView.as_view(), name="newcomers_invitation_new"),
        path("invitations/<int:pk>/", InvitationEditView.as_view(), name="newcomers_invitation"),
    ]


class InvitationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_invite(request.user)


def menu_item():
    return InvitationsMenuItem(
        _("Invitations"), reverse("newcomers_invitations"), icon_name="mail", order=263
    )


def register_log_actions(actions):
    actions.register_action(
        invitations.WITHDRAW_ACTION, _("Withdraw invitation"), _("Invitation withdrawn")
    )
