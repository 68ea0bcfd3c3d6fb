"""A short list of codes (categories, audiences, languages) in one text column, stored as
",a,b," so that one code is found with a plain `contains` lookup on every database (SQLite
has no JSON containment)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeListField(models.CharField):
    def __init__(self, *args, codes=(), **kwargs):
        # (code, label) pairs; migrations keep the bare codes
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
        if isinstance(value, list):
            return value
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

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=list(self.labels.items()),
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            help_text=self.help_text,
        )

    @staticmethod
    def filter_value(code):
        """The `contains` value that finds `code` in the column."""
        return f",{code},"
