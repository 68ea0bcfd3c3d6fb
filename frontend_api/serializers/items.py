"""What every item of a `views.base.Endpoint` has: the `meta` of one shape on every endpoint,
and only the fields `fields` selected (an unselected field is not even computed)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from frontend_api import locales


class ItemMetaSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="The item's type, `app_label.ModelName`.")
    detail_url = serializers.CharField(allow_null=True)
    locale = serializers.ChoiceField(locales.supported(), help_text="The item's language.")
    fallback = serializers.BooleanField(
        help_text="True when this Danish item stands in for a missing translation."
    )


@extend_schema_field(ItemMetaSerializer)
class ItemMetaField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, item):
        return self.context["view"].item_meta(item)


class ItemSerializer(serializers.Serializer):
    """An item with `id` and `meta`; its own fields follow."""

    id = serializers.IntegerField()
    meta = ItemMetaField()

    def get_fields(self):
        fields = super().get_fields()
        selected = self.context.get("fields")
        if selected is None:
            return fields
        return {name: field for name, field in fields.items() if name in selected}


class PointSerializer(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)


@extend_schema_field(PointSerializer(allow_null=True))
class LocationField(serializers.Field):
    """Where the item is, `{"lat": …, "lon": …}` in degrees, or null: one shape on every
    endpoint."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, item):
        if item.latitude is None or item.longitude is None:
            return None
        return {"lat": float(item.latitude), "lon": float(item.longitude)}


@extend_schema_field({"type": "number", "nullable": True, "minimum": 0})
class DistanceField(serializers.Field):
    """km from `near`, or null without it."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return getattr(instance, "distance_km", None)

    def to_representation(self, distance):
        return None if distance is None else round(distance, 2)
