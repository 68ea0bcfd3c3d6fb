"""What the guide's own endpoints serve (checklist, culture guide, contacts, useful links), as
serialisers: they render the items and describe them in the OpenAPI document."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from frontend_api import locales
from frontend_api.visibility import restricted_collection_ids


class GuideParameterErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    parameter = serializers.CharField(allow_null=True)
    allowed = serializers.ListField(child=serializers.CharField(), required=False)


class GuideItemMetaSerializer(serializers.Serializer):
    type = serializers.CharField()
    locale = serializers.CharField()
    fallback = serializers.BooleanField(
        help_text="True when the item stands in, in Danish, for a missing translation."
    )


@extend_schema_field(GuideItemMetaSerializer)
class MetaField(serializers.Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        model = type(instance)
        return {
            "type": f"{model._meta.app_label}.{model.__name__}",
            "locale": instance.locale.language_code,
            # the guide's listings are localised: a Danish item stands in for a translation
            "fallback": locales.is_fallback(instance.locale.language_code, self.context["locale"]),
        }


class GuideImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    download_url = serializers.CharField()


@extend_schema_field(GuideImageSerializer(allow_null=True))
class PublicImageField(serializers.Field):
    """An image, or null when there is none or its collection is not public."""

    def to_representation(self, image):
        if image.collection_id in restricted_collection_ids(self.context["request"]):
            return None
        return {"id": image.pk, "title": image.title, "download_url": image.file.url}


def _meta():
    return MetaField(read_only=True, help_text="The item's type and language.")


class ChecklistStepLinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class ChecklistItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    meta = _meta()
    position = serializers.IntegerField(help_text="1 for the first step to take.")
    title = serializers.CharField()
    body = serializers.CharField(help_text="Plain text; an empty line separates paragraphs.")
    duration = serializers.CharField(help_text="How long it usually takes (may be empty).")
    audiences = serializers.ListField(
        child=serializers.CharField(), help_text="Who the step is for; empty: everyone."
    )
    depends_on = serializers.ListField(
        source="depends_on_ids",
        child=serializers.IntegerField(),
        help_text="The ids of the steps in this list that must be done first.",
    )
    links = ChecklistStepLinkSerializer(many=True)


class CultureNoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    meta = _meta()
    question = serializers.CharField()
    answer = serializers.CharField(help_text="Plain text; an empty line separates paragraphs.")
    image = PublicImageField(allow_null=True)
    video_url = serializers.CharField()


class GuideContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    meta = _meta()
    name = serializers.CharField()
    role = serializers.CharField()
    department = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())
    international = serializers.BooleanField(help_text="Specialises in international newcomers.")
    photo = PublicImageField(allow_null=True)


class UsefulLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    meta = _meta()
    group = serializers.CharField()
    group_label = serializers.CharField(source="get_group_display")
    label = serializers.CharField()
    url = serializers.CharField()
    description = serializers.CharField()


def listing_serializer(item_serializer, name):
    """`{"meta": {"total_count": N}, "items": [...]}` around `item_serializer`."""
    meta = type(
        f"{name}ListingMeta",
        (serializers.Serializer,),
        {"total_count": serializers.IntegerField()},
    )
    return type(
        f"{name}Listing",
        (serializers.Serializer,),
        {"meta": meta(), "items": item_serializer(many=True)},
    )
