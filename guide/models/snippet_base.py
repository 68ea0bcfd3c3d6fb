"""What the guide's snippets share: translated with wagtail-localize, kept in order."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin


class GuideSnippet(TranslatableMixin, models.Model):
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "pk"]
