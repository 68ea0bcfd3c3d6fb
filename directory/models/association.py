"""A published directory entry. Associations never write to it directly: their submissions
wait beside it (`AssociationSubmission`) until a coordinator approves, so what the public
sees changes in one step or not at all."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from communities.models import CommunityPage
from directory.models.choices import AUDIENCES, CATEGORIES, LANGUAGES, TEXT_LANGUAGES, TRANSLATED
from directory.models.search import every_word, plain
from guide.fields import CodeListField, codes_q
from guide.location import Location, LocationQuerySet
from guide.sites import SiteQuerySet, SiteScoped

#: the texts an association writes in Danish, and optionally in English and German
TRANSLATED_FIELDS = ("description", "activities")
#: the audiences `children=0` leaves out when an association is only for them
YOUNG = ("children", "youth")
SEARCHED_FIELDS = (
    "name",
    *(f"{name}{suffix}" for name in TRANSLATED_FIELDS for suffix in ("", "_en", "_de")),
)


class AssociationQuerySet(SiteQuerySet, LocationQuerySet):
    def public(self):
        return self.filter(hidden=False)

    def free(self, free=True):
        return self.filter(fee_free=free)

    def for_audience(self, audience):
        """What is for `audience` (a `guide.audience.Audience`). Associations are tagged with
        age groups, not origins: an origin narrows nothing, and of the household flags only
        `children=0` does, leaving out associations only for children and youth."""
        if "children" in audience.denied_households:
            others = [code for code, _label in AUDIENCES if code not in YOUNG]
            return self.exclude(~Q(audiences="") & ~codes_q("audiences", others))
        return self

    def written_in(self, language):
        """Associations whose texts are all in `language`: none stands in in Danish."""
        if language not in TRANSLATED:
            return self
        missing = Q()
        for field in TRANSLATED_FIELDS:
            missing |= Q(**{f"{field}_{language}": ""}) & ~Q(**{field: ""})
        return self.exclude(missing)

    def in_community(self, page_id):
        """Meeting in the community whose page (in any language) is `page_id`."""
        key = Page.objects.filter(pk=page_id).values("translation_key")
        return self.filter(community__translation_key__in=key)

    def search(self, text):
        """Full text in Danish (stemmed) on PostgreSQL; words anywhere elsewhere."""
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVector

            vector = SearchVector(*SEARCHED_FIELDS, config="danish")
            query = SearchQuery(plain(text), config="danish", search_type="websearch")
            return self.annotate(search_vector=vector).filter(search_vector=query)
        return self.filter(every_word(text, SEARCHED_FIELDS))


class Association(SiteScoped, Location):
    """Where it meets (`address`, and on the map through `Location`) may be a community's
    village: `community` points at that community's page."""

    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The key in the municipality's list, which re-imports match on."),
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), max_length=500)
    description_en = models.TextField(_("description (English)"), max_length=500, blank=True)
    description_de = models.TextField(_("description (German)"), max_length=500, blank=True)
    activities = models.TextField(_("activities"), max_length=1000, blank=True)
    activities_en = models.TextField(_("activities (English)"), max_length=1000, blank=True)
    activities_de = models.TextField(_("activities (German)"), max_length=1000, blank=True)
    categories = CodeListField(_("categories"), codes=CATEGORIES, blank=False)
    audiences = CodeListField(_("who it is for"), codes=AUDIENCES)
    languages = CodeListField(_("languages spoken"), codes=LANGUAGES, max_length=400)
    newcomer_friendly = models.BooleanField(
        _("newcomers and internationals especially welcome"), default=False
    )
    community = models.ForeignKey(
        CommunityPage,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    fee_free = models.BooleanField(_("free of charge"), default=False)
    fee_min = models.PositiveIntegerField(_("lowest fee (DKK a year)"), null=True, blank=True)
    fee_max = models.PositiveIntegerField(_("highest fee (DKK a year)"), null=True, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    facebook = models.URLField(_("Facebook page"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="associations/", blank=True)
    language = models.CharField(
        _("language for e-mails"), max_length=8, default="da", choices=settings.LANGUAGES
    )
    confirmed_at = models.DateTimeField(
        _("last confirmed as current"),
        default=timezone.now,
        help_text=_("An entry not confirmed for 18 months is flagged, then hidden."),
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden entries stay here but leave the API.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name", "id"]
        # the listing's order, so a page of a large directory needs no sort
        indexes = [
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["site", "name", "id"]),
        ]

    def __str__(self):
        return self.name

    def text(self, field, language):
        """`field` in `language`, and whether it fell back to Danish."""
        if language in ("en", "de"):
            translated = getattr(self, f"{field}_{language}")
            if translated:
                return translated, False
            return getattr(self, field), bool(getattr(self, field))
        return getattr(self, field), False

    def texts_language(self, language):
        """The language its texts are served in when `language` is asked for: that one, or
        Danish when a Danish text stands in for one it did not write in `language`."""
        if any(self.text(field, language)[1] for field in TRANSLATED_FIELDS):
            return TEXT_LANGUAGES[0]
        return language


def stale_before(now=None):
    """Entries confirmed before this are stale (DIRECTORY_STALE_MONTHS, default 18)."""
    months = settings.DIRECTORY_STALE_MONTHS
    return (now or timezone.now()) - relativedelta(months=months)
