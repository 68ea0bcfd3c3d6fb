"""Model fields shared by every app that records languages."""

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: Every language Django knows by name; the codes are what the API speaks.
LANGUAGE_CHOICES = sorted(global_settings.LANGUAGES, key=lambda choice: str(choice[1]))
LANGUAGE_CODES = frozenset(code for code, _name in LANGUAGE_CHOICES)


def language_choices():
    """The languages by name in the reader's language (a callable: read per form)."""
    return sorted(((code, gettext(name)) for code, name in LANGUAGE_CHOICES), key=lambda c: c[1])


def validate_language_codes(value):
    unknown = [code for code in value or [] if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s"), params={"codes": ", ".join(unknown)}
        )


class LanguageListField(models.JSONField):
    """A list of language codes, edited as a multiple choice in the admin."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_language_codes)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "guide.fields.LanguageListField", args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=language_choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.SelectMultiple(attrs={"size": 8}),
        )
