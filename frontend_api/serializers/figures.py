"""What `/api/v2/statistics/` serves: a municipality's statistics series, each with its
columns and rows, its texts in the asked language (Danish standing in)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from figures.models import column_label
from frontend_api.serializers.items import ItemSerializer
from guide.translated import translated


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Names the column, e.g. `moved_in`.")
    label = serializers.CharField()


class RowSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="A year, an area, a status …")
    values = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        help_text="One number per column, in the columns' order (null: none given).",
    )


@extend_schema_field(OpenApiTypes.STR)
class TranslatedField(serializers.Field):
    """A per-language text of the series (`title`, `title_en`, `title_de`) in the asked
    language, Danish where it has none."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, series):
        return translated(series, self.field_name, self.context["locale"])


@extend_schema_field(ColumnSerializer(many=True))
class ColumnsField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, columns):
        language = self.context["locale"]
        return [{"key": c["key"], "label": column_label(c, language)} for c in columns]


@extend_schema_field(RowSerializer(many=True))
class RowsField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, series):
        language, keys = self.context["locale"], series.column_keys
        return [
            {
                "label": translated(row, "label", language),
                "values": [row.values.get(k) for k in keys],
            }
            for row in series.rows.all()
        ]


class SeriesSerializer(ItemSerializer):
    slug = serializers.CharField()
    title = TranslatedField(help_text="Plain text.")
    description = TranslatedField(help_text="Plain text; may be empty.")
    unit = serializers.CharField(help_text="`people`, `moves` or `percent`.")
    unit_label = serializers.CharField(source="get_unit_display")
    source = serializers.CharField(help_text="Where the numbers come from.")
    label_heading = TranslatedField(help_text="What the rows' labels are (year, area …).")
    columns = ColumnsField()
    rows = RowsField()
