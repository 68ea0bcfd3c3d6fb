"""The culture guide: what you should know when you live here, one question at a time."""

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from guide.models.snippet_base import GuideSnippet


class CultureNote(GuideSnippet):
    question = models.CharField(_("question"), max_length=200)
    answer = models.TextField(
        _("answer"), max_length=3000, help_text=_("Plain text; an empty line starts a paragraph.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    video_url = models.URLField(
        _("video URL"),
        blank=True,
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("YouTube or Vimeo address"),
    )

    SEARCHED_FIELDS = ("question", "answer")

    panels = [
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("image"),
        FieldPanel("video_url"),
        FieldPanel("sort_order"),
    ]

    class Meta(GuideSnippet.Meta):
        verbose_name = _("culture guide entry")
        verbose_name_plural = _("culture guide")

    def __str__(self):
        return self.question
