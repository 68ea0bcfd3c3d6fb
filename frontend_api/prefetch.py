"""Load what a listing serialises in a fixed number of queries, whatever the page size."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from modelcluster.fields import ParentalKey


def _api_fields(model):
    """The model fields behind the model's `api_fields` (properties have none)."""
    for field in getattr(model, "api_fields", ()):
        try:
            yield model._meta.get_field(getattr(field, "name", field))
        except FieldDoesNotExist:
            continue


def for_api(queryset):
    """select_related for the model's API foreign keys, prefetch_related for its API child
    relations and their foreign keys (an ambassador's photo, a trial home's photos)."""
    joins, prefetches = [], []
    for field in _api_fields(queryset.model):
        if isinstance(field, models.ForeignKey):
            joins.append(field.name)
        elif field.one_to_many and isinstance(getattr(field, "field", None), ParentalKey):
            prefetches.append(field.name)
            prefetches.extend(
                f"{field.name}__{child.name}"
                for child in _api_fields(field.related_model)
                if isinstance(child, models.ForeignKey)
            )
    return queryset.select_related(*joins).prefetch_related(*prefetches)
