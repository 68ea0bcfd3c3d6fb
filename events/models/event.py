"""Events written here: the newcomer service's own (in the calendar section under the home
page) and those a community arranges (in its own section, moderated like its other pages)."""

from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from events.forms import EventPageForm
from events.models.schedule import Schedule, ScheduleQuerySet
from guide.audience import HOUSEHOLD_CODES, ORIGIN_CODES
from guide.blocks import BodyBlock
from guide.models import NewcomerPage, PageAudience
from guide.tree_paths import below_q

AUDIENCE_CODES = (*ORIGIN_CODES, *HOUSEHOLD_CODES)


class JoinMode(models.TextChoices):
    OPEN = "open", _("Just come: nothing needed")
    LINK = "link", _("Sign up elsewhere (a link)")
    REGISTRATION = "registration", _("Register here, with a number of seats")


class EventIndexPage(NewcomerPage):
    """The newcomer service's own calendar section."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["guide.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("calendar")
        verbose_name_plural = _("calendars")


@cache
def _audience_tag_expressions():
    """Built once: each listing annotates a copy (building them cost more than the SQL)."""
    return {
        f"tagged_{code}": Exists(PageAudience.objects.filter(page=OuterRef("pk"), audience=code))
        for code in AUDIENCE_CODES
    }


class EventPageQuerySet(ScheduleQuerySet, PageQuerySet):
    def for_audience(self, audience):
        """For this newcomer audience by the page's audience tags, as every page."""
        return audience.filter_pages(self)

    def in_community(self, page_id):
        """In the section of the community whose page (in any language) is `page_id`."""
        copies = Page.objects.filter(
            translation_key__in=Page.objects.filter(pk=page_id).values("translation_key")
        )
        below = models.Q(pk__in=[])
        for copy in copies.only("path", "depth"):
            below |= below_q(copy)
        return self.filter(below)

    def with_audience_tags(self):
        """Each page's audience tags read in the same query (`EventPage.audience_codes`)."""
        return self.annotate(**_audience_tag_expressions())


class EventPage(Schedule, NewcomerPage):
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    join_mode = models.CharField(
        _("how to join"), max_length=12, choices=JoinMode, default=JoinMode.OPEN
    )
    join_url = models.URLField(_("sign-up link"), blank=True)
    seats = models.PositiveIntegerField(
        _("seats per date"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )

    objects = PageManager.from_queryset(EventPageQuerySet)()

    parent_page_types = ["events.EventIndexPage", "communities.CommunityPage"]
    subpage_types = []

    base_form_class = EventPageForm
    # its audiences are edited with the rest of its schedule (content tab)
    promote_panels = Page.promote_panels
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("repeat"),
                FieldRowPanel([FieldPanel("repeat_until"), FieldPanel("repeat_count")]),
                FieldPanel("rrule"),
                FieldRowPanel([FieldPanel("cancelled_dates"), FieldPanel("extra_dates")]),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("place_name"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("categories"),
                FieldPanel("audiences"),
                FieldPanel("calendar_audiences"),
                FieldPanel("languages"),
                FieldPanel("price"),
                FieldPanel("organiser"),
            ],
            heading=_("For whom"),
        ),
        MultiFieldPanel(
            [FieldPanel("join_mode"), FieldPanel("join_url"), FieldPanel("seats")],
            heading=_("How to join"),
        ),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.join_mode == JoinMode.LINK and not self.join_url:
            errors.setdefault("join_url", []).append(
                ValidationError(_("Give the link where people sign up."), code="required")
            )
        if self.join_mode == JoinMode.REGISTRATION and not self.seats:
            errors.setdefault("seats", []).append(
                ValidationError(_("Give the number of seats per date."), code="required")
            )
        if errors:
            raise ValidationError(errors)

    def searched_texts(self):
        return (self.title, self.summary, self.place_name)

    def audience_codes(self):
        """The page's audience tags (origin, household), in the choices' order."""
        if hasattr(self, f"tagged_{AUDIENCE_CODES[0]}"):
            return [code for code in AUDIENCE_CODES if getattr(self, f"tagged_{code}")]
        tags = {tag.audience for tag in self.audience_tags.all()}
        return [code for code in AUDIENCE_CODES if code in tags]

    @property
    def registration_open(self):
        return self.join_mode == JoinMode.REGISTRATION
