"""A place on the map, one model of it for every app: communities, events, associations and
practices inherit `Location`, and their querysets `LocationQuerySet`. Coordinates are WGS 84
degrees as floats; a place has both or neither."""

import math

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, FloatField
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_KM = 6371.0


class Location(models.Model):
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True

    @property
    def point(self):
        """(latitude, longitude), or None when the place is not on the map."""
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({missing: _("Give both latitude and longitude, or neither.")})


def near(queryset, latitude, longitude, within_km):
    """The rows of `queryset` (of a model with a `Location`) within `within_km` of the point,
    annotated with `distance_km` (haversine, in SQL), nearest first."""
    lat_r, lon_r = math.radians(latitude), math.radians(longitude)
    # a box first, so an index on the coordinates narrows the rows the formula runs on
    dlat = math.degrees(within_km / EARTH_RADIUS_KM)
    dlon = dlat / max(math.cos(lat_r), 1e-6)
    half = Power(Sin((Radians(F("latitude")) - lat_r) / 2), 2) + math.cos(lat_r) * Cos(
        Radians(F("latitude"))
    ) * Power(Sin((Radians(F("longitude")) - lon_r) / 2), 2)
    return (
        queryset.filter(
            latitude__range=(latitude - dlat, latitude + dlat),
            longitude__range=(longitude - dlon, longitude + dlon),
        )
        .annotate(
            distance_km=models.ExpressionWrapper(
                2 * EARTH_RADIUS_KM * ASin(Sqrt(half)), output_field=FloatField()
            )
        )
        .filter(distance_km__lte=within_km)
        .order_by("distance_km")
    )


class LocationQuerySet(models.QuerySet):
    def near(self, latitude, longitude, within_km):
        return near(self, latitude, longitude, within_km)


def distance_km(a, b):
    """Great-circle distance between two (latitude, longitude) points, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    half = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(half))
