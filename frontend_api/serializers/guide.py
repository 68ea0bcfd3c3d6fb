"""What the guide's endpoints serve (checklist, culture guide, contacts, useful links), as
serialisers: they render the items and describe them in the OpenAPI document."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from frontend_api.serializers.items import ItemSerializer
from frontend_api.visibility import restricted_collection_ids


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


class ChecklistStepLinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class ChecklistItemSerializer(ItemSerializer):
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


class CultureNoteSerializer(ItemSerializer):
    question = serializers.CharField()
    answer = serializers.CharField(help_text="Plain text; an empty line separates paragraphs.")
    image = PublicImageField(allow_null=True)
    video_url = serializers.CharField()


class GuideContactSerializer(ItemSerializer):
    name = serializers.CharField()
    role = serializers.CharField()
    department = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())
    international = serializers.BooleanField(help_text="Specialises in international newcomers.")
    photo = PublicImageField(allow_null=True)


class UsefulLinkSerializer(ItemSerializer):
    group = serializers.CharField()
    group_label = serializers.CharField(source="get_group_display")
    label = serializers.CharField()
    url = serializers.CharField()
    description = serializers.CharField()
