from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework.fields import CharField, ListField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail_headless_preview.models import HeadlessPreviewMixin

from communities.models.contact import ContactFields
from guide.blocks import BodyBlock
from guide.fields import LanguageListField
from guide.location import Location, LocationQuerySet
from guide.models import NewcomerPage


class CommunityIndexPage(HeadlessPreviewMixin, Page):
    """Holds the community sections of one site and language."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    parent_page_types = ["guide.HomePage"]
    subpage_types = ["communities.CommunityPage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("communities index")


class CommunityKind(models.TextChoices):
    LOCAL_COMMUNITY = "local_community", _("Local community")
    AMBASSADOR_CORPS = "ambassador_corps", _("Ambassador corps")


class CommunityPageQuerySet(LocationQuerySet, PageQuerySet):
    pass


class CommunityPage(ContactFields, Location, NewcomerPage):
    """A village, town or area presented by its own editors: their room in the CMS; where
    it lies on the map comes from `Location`."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=CommunityKind, default=CommunityKind.LOCAL_COMMUNITY
    )
    intro = models.TextField(_("introduction"), max_length=600)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("presentation"))
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)

    objects = PageManager.from_queryset(CommunityPageQuerySet)()

    parent_page_types = ["communities.CommunityIndexPage"]
    subpage_types = ["communities.TrialHomePage", "events.EventPage", "guide.StoryPage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Location"),
        ),
        *ContactFields.contact_panels,
        FieldPanel("website"),
        InlinePanel("ambassadors", label=_("Ambassadors"), max_num=12),
    ]

    api_fields = [
        APIField("kind"),
        APIField("intro"),
        APIField("body"),
        APIField("hero_image"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("contact_phone"),
        APIField("website"),
        APIField("ambassadors"),
    ]

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")


class Ambassador(Orderable):
    """A local who welcomes newcomers. Contact details are public only by their own choice."""

    community = ParentalKey(CommunityPage, on_delete=models.CASCADE, related_name="ambassadors")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    languages = LanguageListField(_("languages spoken"))
    moved_here = models.BooleanField(
        _("moved here themselves"),
        default=False,
        help_text=_("Did this ambassador once move here as a newcomer?"),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_public = models.BooleanField(
        _("publish contact details"),
        default=False,
        help_text=_("Only tick this when the ambassador has agreed to it."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("languages"),
        FieldPanel("moved_here"),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("contact_public"),
    ]

    api_fields = [
        APIField("name"),
        APIField("role"),
        # codes as a list (a CharField underneath, which DRF would give as one string)
        APIField("languages", serializer=ListField(child=CharField())),
        APIField("moved_here"),
        APIField("photo"),
        APIField("public_email"),
        APIField("public_phone"),
    ]

    @property
    def public_email(self):
        return self.email if self.contact_public else None

    @property
    def public_phone(self):
        return self.phone if self.contact_public else None

    class Meta(Orderable.Meta):
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")

    def __str__(self):
        return self.name
