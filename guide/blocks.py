"""The StreamField blocks every page body is built from."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from guide.audience import AUDIENCE_CHOICES

FACT_KINDS = [
    ("school", _("School")),
    ("daycare", _("Day care")),
    ("shop", _("Shops")),
    ("transport", _("Transport")),
    ("health", _("Health")),
    ("leisure", _("Sport and leisure")),
    ("other", _("Other")),
]


class FactBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=FACT_KINDS, label=_("kind"))
    label = blocks.CharBlock(max_length=120, label=_("label"))
    value = blocks.CharBlock(max_length=255, label=_("what and where"))

    class Meta:
        icon = "list-ul"
        label = _("Fact")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video URL"), help_text=_("YouTube or Vimeo address"))
    caption = blocks.CharBlock(required=False, max_length=255, label=_("caption"))

    class Meta:
        icon = "media"
        label = _("Video")


class ContentBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=120, icon="title", label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "document-link"], label=_("Text")
    )
    image = ImageBlock(label=_("Image"))
    video = VideoBlock()
    facts = blocks.ListBlock(FactBlock(), icon="list-ul", label=_("Facts"))


class TargetedBlock(blocks.StructBlock):
    """Content only some newcomers see, e.g. a paragraph for families with children."""

    audiences = blocks.MultipleChoiceBlock(
        choices=AUDIENCE_CHOICES,
        label=_("Who is this for?"),
        widget=forms.CheckboxSelectMultiple,
    )
    content = ContentBlock(label=_("Content"))

    class Meta:
        icon = "group"
        label = _("For some newcomers only")


class BodyBlock(ContentBlock):
    targeted = TargetedBlock()
