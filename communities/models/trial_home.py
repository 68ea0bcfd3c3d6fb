from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from communities.models.contact import ContactFields
from guide.blocks import BodyBlock
from guide.models import NewcomerPage


class TrialHomeStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    RESERVED = "reserved", _("Reserved")
    LET = "let", _("Let")


class TrialHomePage(ContactFields, NewcomerPage):
    """A home a community lets for a few months so a newcomer can try living there."""

    address = models.CharField(_("address"), max_length=255)
    area = models.CharField(
        _("area"), max_length=120, blank=True, help_text=_("Village, town or neighbourhood")
    )
    size_m2 = models.PositiveIntegerField(
        _("size (m²)"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    rooms = models.PositiveSmallIntegerField(_("rooms"), null=True, blank=True)
    rent_per_month = models.DecimalField(
        _("rent per month (DKK)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    available_from = models.DateField(_("available from"))
    available_to = models.DateField(_("available to"), null=True, blank=True)
    min_stay_months = models.PositiveSmallIntegerField(
        _("minimum stay (months)"), default=1, validators=[MinValueValidator(1)]
    )
    max_stay_months = models.PositiveSmallIntegerField(
        _("maximum stay (months)"), default=6, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TrialHomeStatus, default=TrialHomeStatus.AVAILABLE
    )
    description = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))

    parent_page_types = ["communities.CommunityPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("area"),
                FieldRowPanel([FieldPanel("size_m2"), FieldPanel("rooms")]),
                FieldPanel("rent_per_month"),
            ],
            heading=_("The home"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("available_from"), FieldPanel("available_to")]),
                FieldRowPanel([FieldPanel("min_stay_months"), FieldPanel("max_stay_months")]),
            ],
            heading=_("When and how long"),
        ),
        FieldPanel("description"),
        InlinePanel("photos", label=_("Photos"), max_num=20),
        *ContactFields.contact_panels,
    ]

    api_fields = [
        APIField("status"),
        APIField("address"),
        APIField("area"),
        APIField("size_m2"),
        APIField("rooms"),
        APIField("rent_per_month"),
        APIField("available_from"),
        APIField("available_to"),
        APIField("min_stay_months"),
        APIField("max_stay_months"),
        APIField("description"),
        APIField("photos"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("contact_phone"),
    ]

    class Meta:
        verbose_name = _("trial home")
        verbose_name_plural = _("trial homes")

    def clean(self):
        super().clean()
        errors = {}
        if self.available_from and self.available_to and self.available_to < self.available_from:
            errors["available_to"] = _(
                "The home cannot be available to a date before it is available from."
            )
        if (
            self.min_stay_months
            and self.max_stay_months
            and self.max_stay_months < self.min_stay_months
        ):
            errors["max_stay_months"] = _("The maximum stay cannot be shorter than the minimum.")
        if errors:
            raise ValidationError(errors)


class TrialHomePhoto(Orderable):
    home = ParentalKey(TrialHomePage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
    api_fields = [APIField("image"), APIField("caption")]
