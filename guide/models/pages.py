from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin

from guide.audience import AUDIENCE_CHOICES
from guide.blocks import BodyBlock
from guide.forms import PageForm


class PageAudience(models.Model):
    """One audience tag on a page. On the base Page, so every page type can be filtered by
    audience in one query, whatever its type."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="audience_tags")
    audience = models.CharField(_("audience"), max_length=20, choices=AUDIENCE_CHOICES)

    class Meta:
        verbose_name = _("audience")
        constraints = [
            models.UniqueConstraint(fields=["page", "audience"], name="unique_page_audience")
        ]

    def __str__(self):
        return self.get_audience_display()


class NewcomerPageMixin:
    """The page form (audience tags, media the editor may choose) and the audience tags
    it reads and writes. Kept apart from `NewcomerPage` because the migration history names
    it among the page types' bases."""

    base_form_class = PageForm
    audience_panels = [FieldPanel("audiences")]

    def audience_codes(self):
        return [tag.audience for tag in self.audience_tags.all()]

    def set_audience_codes(self, codes):
        self.audience_tags = [PageAudience(audience=code) for code in codes]


class NewcomerPage(HeadlessPreviewMixin, NewcomerPageMixin, Page):
    """The base of every page type newcomers read: edited with the page form, previewed in
    the headless client, tagged with its audiences on the Promote tab."""

    promote_panels = [*Page.promote_panels, *NewcomerPageMixin.audience_panels]

    class Meta:
        abstract = True


class SectionBlock(blocks.StructBlock):
    """One thing the newcomer service offers, and where to find it."""

    title = blocks.CharBlock(max_length=120, label=_("title"))
    text = blocks.TextBlock(max_length=400, label=_("text"))
    page = blocks.PageChooserBlock(required=False, label=_("page"))
    url = blocks.URLBlock(required=False, label=_("or address"))

    class Meta:
        icon = "link"
        label = _("Section")


class HomePage(NewcomerPage):
    """The root of one site's content in one language, and the newcomer's welcome letter:
    a short introduction (`intro`, `body`) and the sections it points to."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    sections = StreamField(
        [("section", SectionBlock())],
        blank=True,
        verbose_name=_("what we offer"),
        help_text=_("The welcome letter's short list of what the service offers, with links."),
    )

    parent_page_types = ["wagtailcore.Page"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("sections"),
    ]
    api_fields = [APIField("intro"), APIField("body"), APIField("sections")]

    class Meta:
        verbose_name = _("home page")
