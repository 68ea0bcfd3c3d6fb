"""Useful links (bus and train times, the airport, ferries …), in groups."""

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from guide.models.snippet_base import GuideSnippet

LINK_GROUPS = (
    ("transport", _("Getting around")),
    ("travel", _("Travelling further")),
    ("events", _("What's on")),
    ("community", _("Meet people")),
    ("authorities", _("Authorities and self-service")),
    ("everyday", _("Everyday life")),
)


class UsefulLink(GuideSnippet):
    group = models.CharField(_("group"), max_length=20, choices=LINK_GROUPS)
    label = models.CharField(_("label"), max_length=200)
    url = models.URLField(
        _("URL"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    description = models.CharField(_("description"), max_length=300, blank=True)

    SEARCHED_FIELDS = ("label", "description")

    panels = [
        FieldPanel("group"),
        FieldPanel("label"),
        FieldPanel("url"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta(GuideSnippet.Meta):
        verbose_name = _("useful link")
        verbose_name_plural = _("useful links")

    def __str__(self):
        return self.label
