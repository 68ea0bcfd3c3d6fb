"""General practices and the languages their doctors speak, kept by the coordinator."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.choices import LANGUAGES
from directory.models.search import every_word
from guide.fields import CodeListField
from guide.location import Location, LocationQuerySet
from guide.sites import SiteQuerySet, SiteScoped

#: what a search looks in: the practice, its doctors' names, where it is
SEARCHED_FIELDS = ("name", "doctors", "address")


class PracticeQuerySet(SiteQuerySet, LocationQuerySet):
    def search(self, text):
        """Practices with every word of `text` somewhere in their name, doctors or address."""
        return self.filter(every_word(text, SEARCHED_FIELDS))


class Practice(SiteScoped, Location):
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
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("general practice")
        verbose_name_plural = _("general practices")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name
