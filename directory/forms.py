"""The template an association fills in: one form for the HTML page, the API (which hands
it the JSON body) and the import, so every door validates alike."""

import re

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory import logos
from directory.models import Association
from guide.sites import site_pages_q

PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,19}$")
FACEBOOK_HOSTS = ("facebook.com", "www.facebook.com", "m.facebook.com", "fb.com")
#: the form's fields, in order, as stored in a submission's data
FIELDS = (
    "name",
    "description",
    "description_en",
    "description_de",
    "activities",
    "activities_en",
    "activities_de",
    "categories",
    "audiences",
    "languages",
    "newcomer_friendly",
    "community",
    "address",
    "latitude",
    "longitude",
    "fee_free",
    "fee_min",
    "fee_max",
    "email",
    "phone",
    "website",
    "facebook",
)
#: the coordinates' names before they were spelled out, which import files and API clients
#: may still use
OLD_NAMES = {"lat": "latitude", "lon": "longitude"}
#: a field no person sees: whoever fills it in is a robot
HONEYPOT = "nickname"


def community_pages(site=None):
    """The live community pages an entry may meet in: `site`'s, or every site's."""
    pages = apps.get_model("communities", "CommunityPage").objects.filter(live=True)
    return pages if site is None else pages.filter(site_pages_q(site))


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.locale.language_code})"


def https_by_default(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class AssociationForm(forms.ModelForm):
    formfield_callback = https_by_default
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    nickname = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Association
        fields = FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
            "description_en": forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
            "description_de": forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
            "activities": forms.Textarea(attrs={"rows": 3}),
            "activities_en": forms.Textarea(attrs={"rows": 3}),
            "activities_de": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, site=None, **kwargs):
        """`site`: the municipality the entry belongs to, whose communities it may name."""
        super().__init__(*args, **kwargs)
        self.fields["community"] = CommunityChoiceField(
            queryset=community_pages(site).select_related("locale").order_by("title"),
            required=False,
            label=_("community"),
        )
        self.fields["languages"].widget = forms.SelectMultiple(attrs={"size": 8})

    @property
    def is_spam(self):
        return bool(self.data.get(HONEYPOT))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(_("Enter a phone number of digits, like +45 12 34 56 78."))
        return phone

    def clean_facebook(self):
        url = self.cleaned_data["facebook"]
        host = url.split("//", 1)[-1].split("/", 1)[0].lower()
        if url and host not in FACEBOOK_HOSTS:
            raise ValidationError(_("Enter the address of a Facebook page."))
        return url

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return logos.reencode(upload) if upload else None

    def clean(self):
        data = super().clean()
        if data.get("fee_free"):
            data["fee_min"] = data["fee_max"] = None
        elif data.get("fee_min") is None and "fee_min" not in self.errors:
            self.add_error("fee_min", _("Give the fee, or say that membership is free."))
        elif data.get("fee_max") is None and "fee_max" not in self.errors:
            data["fee_max"] = data.get("fee_min")
        if (data.get("fee_min") or 0) > (data.get("fee_max") or 0):
            self.add_error("fee_max", _("The highest fee cannot be below the lowest."))
        return data

    def proposal(self):
        """The cleaned entry as JSON-able data (what a submission stores)."""
        data = {name: self.cleaned_data.get(name) for name in FIELDS}
        data["community"] = data["community"].pk if data["community"] else None
        return data


def with_current_names(data):
    """`data` (a mapping) as a dict, the coordinates under their current names where it
    used the old ones."""
    data = dict(data)
    for old, new in OLD_NAMES.items():
        if old in data and new not in data:
            data[new] = data.pop(old)
    return data


def data_of(association):
    """A published entry as form data (to prefill the edit form, or to compare)."""
    data = {name: getattr(association, name) for name in FIELDS if name != "community"}
    data["community"] = association.community_id
    return data


class EditLinkForm(forms.Form):
    email = forms.EmailField(label=_("Your association's e-mail address"))
    nickname = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
