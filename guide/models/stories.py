"""Stories of people who moved here, told by themselves: under the stories index, or in a
community's own section."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from guide.blocks import BodyBlock
from guide.countries import COUNTRY_CODES, country_choices
from guide.models.pages import NewcomerPage


def validate_country(value):
    if value not in COUNTRY_CODES:
        raise ValidationError(
            _("“%(code)s” is not an ISO 3166 country code (two capital letters, e.g. BR)."),
            params={"code": value},
        )


def validate_arrival_year(value):
    if value > datetime.date.today().year + 1:
        raise ValidationError(_("The year they came cannot be in the future."))


class CountryField(models.CharField):
    """An ISO 3166-1 alpha-2 code, chosen by name in the admin."""

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 2
        super().__init__(*args, **kwargs)
        self.validators.append(validate_country)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, "guide.models.stories.CountryField", args, kwargs

    def formfield(self, **kwargs):
        return forms.TypedChoiceField(
            choices=[("", "---------"), *country_choices()],
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )


class StoriesIndexPage(NewcomerPage):
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    parent_page_types = ["guide.HomePage"]
    subpage_types = ["guide.StoryPage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("stories index")


class StoryPage(NewcomerPage):
    first_name = models.CharField(_("first name"), max_length=60)
    origin_country = CountryField(_("came from (country)"))
    origin_place = models.CharField(_("came from (town or region)"), max_length=120, blank=True)
    arrival_year = models.PositiveSmallIntegerField(
        _("year they came"), validators=[MinValueValidator(1900), validate_arrival_year]
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
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
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("video file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Or upload a short video (MP4)."),
    )
    quote = models.CharField(_("quote"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("story"))

    parent_page_types = ["guide.StoriesIndexPage", "communities.CommunityPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("first_name"),
                FieldPanel("origin_country"),
                FieldPanel("origin_place"),
                FieldPanel("arrival_year"),
            ],
            heading=_("Who"),
        ),
        FieldPanel("photo"),
        MultiFieldPanel([FieldPanel("video_url"), FieldPanel("video_file")], heading=_("Video")),
        FieldPanel("quote"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("quote"),
        index.FilterField("origin_country"),
    ]
    api_fields = [
        APIField("first_name"),
        APIField("origin_country"),
        APIField("origin_place"),
        APIField("arrival_year"),
        APIField("photo"),
        APIField("video_url"),
        APIField("video_file"),
        APIField("quote"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
