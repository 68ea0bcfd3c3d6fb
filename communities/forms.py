"""The coordinator's forms for who may edit a community."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

User = get_user_model()


class AddMemberForm(forms.Form):
    user = forms.CharField(
        label=_("Existing user"),
        max_length=254,
        help_text=_("User name or e-mail address of someone who already has an account."),
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access

    def clean_user(self):
        value = self.cleaned_data["user"].strip()
        matches = list(User.objects.filter(Q(username__iexact=value) | Q(email__iexact=value))[:2])
        if not matches:
            raise forms.ValidationError(
                _("No user is called %(value)s."), code="unknown_user", params={"value": value}
            )
        if len(matches) > 1:
            raise forms.ValidationError(
                _("More than one user matches %(value)s: give the user name."),
                code="ambiguous_user",
                params={"value": value},
            )
        user = matches[0]
        if self.access.group.user_set.filter(pk=user.pk).exists():
            raise forms.ValidationError(
                _("%(user)s already edits this community."),
                code="already_member",
                params={"user": user.get_username()},
            )
        return user


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise forms.ValidationError(
                _("%(email)s already has an account: add the existing user instead."),
                code="has_account",
                params={"email": email},
            )
        return email


class RemoveMemberForm(forms.Form):
    user_id = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access

    def clean_user_id(self):
        user = self.access.group.user_set.filter(pk=self.cleaned_data["user_id"]).first()
        if user is None:
            raise forms.ValidationError(
                _("That user does not edit this community."), code="not_a_member"
            )
        return user


class TrustForm(forms.Form):
    trusted = forms.BooleanField(
        label=_("Trusted: editors publish without approval"), required=False
    )
