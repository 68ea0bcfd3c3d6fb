"""A published directory entry. Associations never write to it directly: their submissions
wait beside it (`AssociationSubmission`) until a coordinator approves, so what the public
sees changes in one step or not at all."""

import math

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, models
from django.db.models import F, FloatField, Q
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models.choices import AUDIENCES, CATEGORIES, LANGUAGES
from directory.models.fields import CodeListField

EARTH_RADIUS_KM = 6371.0
#: the texts an association writes in Danish, and optionally in English and German
TRANSLATED_FIELDS = ("description", "activities")
SEARCHED_FIELDS = (
    "name",
    *(f"{name}{suffix}" for name in TRANSLATED_FIELDS for suffix in ("", "_en", "_de")),
)


class AssociationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(hidden=False)

    def with_code(self, field, code):
        return self.filter(**{f"{field}__contains": CodeListField.filter_value(code)})

    def free(self, free=True):
        return self.filter(fee_free=free)

    def in_community(self, page_id):
        """Meeting in the community whose page (in any language) is `page_id`."""
        from django.apps import apps

        page = apps.get_model("wagtailcore", "Page")
        key = page.objects.filter(pk=page_id).values("translation_key")
        return self.filter(community__translation_key__in=key)

    def near(self, lat, lon, radius_km):
        """Within `radius_km` of the point, nearest first (haversine, in SQL)."""
        lat_r, lon_r = math.radians(lat), math.radians(lon)
        # a box first, so the index on lat/lon narrows the rows the formula runs on
        dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
        dlon = dlat / max(math.cos(lat_r), 1e-6)
        half = Power(Sin((Radians(F("lat")) - lat_r) / 2), 2) + math.cos(lat_r) * Cos(
            Radians(F("lat"))
        ) * Power(Sin((Radians(F("lon")) - lon_r) / 2), 2)
        return (
            self.filter(lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon))
            .annotate(
                distance_km=models.ExpressionWrapper(
                    2 * EARTH_RADIUS_KM * ASin(Sqrt(half)), output_field=FloatField()
                )
            )
            .filter(distance_km__lte=radius_km)
            .order_by("distance_km", "name")
        )

    def search(self, text):
        """Full text in Danish (stemmed) on PostgreSQL; words anywhere elsewhere."""
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVector

            vector = SearchVector(*SEARCHED_FIELDS, config="danish")
            return self.annotate(search_vector=vector).filter(
                search_vector=SearchQuery(text, config="danish", search_type="websearch")
            )
        queryset = self
        for word in text.split():
            match = Q()
            for field in SEARCHED_FIELDS:
                match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset


class Association(models.Model):
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
        "communities.CommunityPage",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
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
        indexes = [models.Index(fields=["lat", "lon"]), models.Index(fields=["name", "id"])]

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


def stale_before(now=None):
    """Entries confirmed before this are stale (DIRECTORY_STALE_MONTHS, default 18)."""
    months = settings.DIRECTORY_STALE_MONTHS
    return (now or timezone.now()) - relativedelta(months=months)
