"""Model fields shared by every app: a list of codes (categories, audiences, topics, the
languages spoken), one model of it for all.

A list is stored in one text column as ",a,b,", so that one code is found with a plain
`contains` lookup (`codes_q`), in SQL, on SQLite and PostgreSQL alike (SQLite has no JSON
containment); Python sees a list of codes.
"""

from functools import reduce
from operator import or_

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: Every language Django knows by name; the codes are what the API speaks.
LANGUAGE_CHOICES = sorted(global_settings.LANGUAGES, key=lambda choice: str(choice[1]))
LANGUAGE_CODES = frozenset(code for code, _name in LANGUAGE_CHOICES)


def language_choices():
    """The languages by name in the reader's language (a callable: read per form)."""
    return sorted(((code, gettext(name)) for code, name in LANGUAGE_CHOICES), key=lambda c: c[1])


def codes_q(field, codes):
    """Rows whose list `field` holds any of `codes` (none given: every row)."""
    codes = list(codes)
    if not codes:
        return Q()
    return reduce(or_, (Q(**{f"{field}__contains": f",{code},"}) for code in codes))


class CodeListField(models.CharField):
    """A list of codes from `codes` ((code, label) pairs, or bare codes), edited as
    checkboxes."""

    def __init__(self, *args, codes=(), **kwargs):
        # migrations keep the bare codes
        self.labels = dict(c if isinstance(c, tuple | list) else (c, c) for c in codes)
        self.codes = tuple(self.labels)
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["codes"] = self.codes
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        return [code for code in (value or "").split(",") if code]

    def get_prep_value(self, value):
        codes = self.to_python(value)
        return f",{','.join(codes)}," if codes else ""

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj))

    def validate(self, value, model_instance):
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        unknown = [code for code in value if code not in self.codes]
        if unknown:
            raise ValidationError(
                _("Unknown value: %(codes)s"), code="invalid", params={"codes": ", ".join(unknown)}
            )

    def run_validators(self, value):
        # the validators of CharField (its length) read the stored form
        super().run_validators(self.get_prep_value(value))

    def choices_for_form(self):
        return list(self.labels.items())

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choices_for_form,
            required=not self.blank,
            widget=self.widget(),
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )

    widget = forms.CheckboxSelectMultiple


class LanguageListField(CodeListField):
    """The languages spoken (every language Django knows), chosen from a list by name."""

    def __init__(self, *args, **kwargs):
        kwargs["codes"] = sorted(LANGUAGE_CODES)
        kwargs.setdefault("max_length", 400)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["codes"]
        if kwargs.get("max_length") == 400:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def choices_for_form(self):
        return language_choices()

    def widget(self):
        return forms.SelectMultiple(attrs={"size": 8})
