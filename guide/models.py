from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from guide.blocks import BodyBlock


class HomePage(Page):
    """The root of one site's content in one language."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("home page")
