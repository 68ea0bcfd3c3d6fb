"""Facts and figures: a municipality's statistics series (how many moved in and out, who
left a cohort when, moves per area …), each a small table: rows of a label (a year, an
area, a status) and one number per column. Texts are in Danish with English and German
beside them (as the directory's), Danish standing in for a missing translation."""

import math

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from guide.sites import SiteQuerySet, SiteScoped

LANGUAGES = ("da", "en", "de")
UNITS = (
    ("people", _("people")),
    ("moves", _("moves")),
    ("percent", _("percent")),
)


def column_label(column, language):
    return column.get(language) or column["da"]


def validate_columns(columns):
    """A list of `{"key": …, "da": …, "en": …, "de": …}`: unique slug keys, a Danish label."""
    if not isinstance(columns, list) or not columns:
        raise ValidationError(_("Give at least one column."))
    keys = set()
    for n, column in enumerate(columns, start=1):
        if not isinstance(column, dict) or not isinstance(column.get("key"), str):
            raise ValidationError(_("Column %(n)s needs a key.") % {"n": n})
        validate_slug(column["key"])
        if column["key"] in keys:
            raise ValidationError(_("Column %(key)s is there twice.") % {"key": column["key"]})
        keys.add(column["key"])
        if not isinstance(column.get("da"), str) or not column["da"].strip():
            raise ValidationError(_("Column %(key)s needs a Danish label.") % column)
        unknown = set(column) - {"key", *LANGUAGES}
        if unknown or any(not isinstance(column.get(lang, ""), str) for lang in LANGUAGES):
            raise ValidationError(
                _("Column %(key)s: only a key and labels in da, en and de.") % column
            )


def is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class SeriesQuerySet(SiteQuerySet):
    def texts_in(self, language):
        """Series with a title of their own in `language` (none stands in in Danish)."""
        return self if language == "da" else self.exclude(**{f"title_{language}": ""})


class Series(SiteScoped, ClusterableModel):
    slug = models.SlugField(
        _("slug"), max_length=60, help_text=_("Names the series, e.g. migration-totals.")
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=1000, blank=True)
    description_de = models.TextField(_("description (German)"), max_length=1000, blank=True)
    label_heading = models.CharField(
        _("heading of the labels"), max_length=100, help_text=_("e.g. År, Område, Status.")
    )
    label_heading_en = models.CharField(
        _("heading of the labels (English)"), max_length=100, blank=True
    )
    label_heading_de = models.CharField(
        _("heading of the labels (German)"), max_length=100, blank=True
    )
    columns = models.JSONField(
        _("columns"),
        validators=[validate_columns],
        help_text=_(
            'The numbers of each row, in order: [{"key": "moved_in", "da": "Tilflyttede", '
            '"en": "Moved in", "de": "Zugezogen"}, …]'
        ),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=UNITS, default="people")
    source = models.CharField(_("source"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    objects = SeriesQuerySet.as_manager()

    panels = [
        FieldPanel("slug"),
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("title_de"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        FieldPanel("description_de"),
        FieldPanel("unit"),
        FieldPanel("source"),
        FieldPanel("sort_order"),
        FieldPanel("label_heading"),
        FieldPanel("label_heading_en"),
        FieldPanel("label_heading_de"),
        FieldPanel("columns"),
        InlinePanel("rows", label=_("rows")),
    ]

    class Meta:
        verbose_name = _("statistics series")
        verbose_name_plural = _("statistics series")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="figures_series_slug_per_site")
        ]

    def __str__(self):
        return self.title

    @property
    def column_keys(self):
        return [column["key"] for column in self.columns]

    def check_values(self, values):
        """The errors of a row's `values` against the columns: {column key: message}."""
        if not isinstance(values, dict):
            return {"values": _("Give one number per column.")}
        errors = {}
        for key in self.column_keys:
            if key not in values:
                errors[key] = _("is missing")
            elif not is_number(values[key]):
                errors[key] = _("%(value)s is not a number") % {"value": repr(values[key])}
        for key in sorted(set(values) - set(self.column_keys)):
            errors[key] = _("is not a column of this series")
        return errors


class Row(Orderable):
    series = ParentalKey(Series, on_delete=models.CASCADE, related_name="rows")
    label = models.CharField(_("label"), max_length=100, help_text=_("A year, an area …"))
    label_en = models.CharField(_("label (English)"), max_length=100, blank=True)
    label_de = models.CharField(_("label (German)"), max_length=100, blank=True)
    values = models.JSONField(
        _("values"), help_text=_('One number per column: {"moved_in": 3217, …}')
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("label_en"),
        FieldPanel("label_de"),
        FieldPanel("values"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("row")
        verbose_name_plural = _("rows")

    def __str__(self):
        return self.label

    def clean(self):
        series = self.series if self.series_id or "series" in self._state.fields_cache else None
        if series is not None and series.columns:
            errors = series.check_values(self.values)
            if errors:
                raise ValidationError(
                    {"values": [f"{key}: {message}" for key, message in errors.items()]}
                )
