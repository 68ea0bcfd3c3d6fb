"""Load what a listing serialises in a fixed number of queries, whatever the page size."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from modelcluster.fields import ParentalKey


def _api_field_names(model):
    return [getattr(field, "name", field) for field in getattr(model, "api_fields", ())]


def for_api(queryset):
    """select_related for the model's API foreign keys, prefetch_related for its API child
    relations and their foreign keys (an ambassador's photo, a trial home's photos)."""
    model = queryset.model
    joins, prefetches = [], []
    for name in _api_field_names(model):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.ForeignKey):
            joins.append(name)
        elif field.one_to_many and isinstance(getattr(field, "field", None), ParentalKey):
            prefetches.append(name)
            child = field.related_model
            for child_name in _api_field_names(child):
                try:
                    child_field = child._meta.get_field(child_name)
                except FieldDoesNotExist:
                    continue
                if isinstance(child_field, models.ForeignKey):
                    prefetches.append(f"{name}__{child_name}")
    return queryset.select_related(*joins).prefetch_related(*prefetches)
