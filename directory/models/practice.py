"""General practices and the languages their doctors speak, kept by the coordinator."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.choices import LANGUAGES
from directory.models.fields import CodeListField


class PracticeQuerySet(models.QuerySet):
    def speaking(self, code):
        return self.filter(languages__contains=CodeListField.filter_value(code))


class Practice(models.Model):
    name = models.CharField(_("practice name"), max_length=150)
    doctors = models.CharField(
        _("doctors"), max_length=255, blank=True, help_text=_("Names, separated by commas.")
    )
    address = models.CharField(_("address"), max_length=255)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = CodeListField(
        _("languages the doctors speak"), codes=LANGUAGES, max_length=400, blank=False
    )
    accepting_new_patients = models.BooleanField(_("accepting new patients"), default=False)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("general practice")
        verbose_name_plural = _("general practices")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name
