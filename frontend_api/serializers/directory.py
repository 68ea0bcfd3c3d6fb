"""The directory's items (associations, practices), what an association submits, and the
answers of the directory's endpoints, as the API and its OpenAPI document show them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directory.models.choices import AUDIENCES, CATEGORIES, LANGUAGES
from directory.structured_data import organization
from frontend_api.serializers.items import DistanceField, ItemSerializer, LocationField
from frontend_api.serializers.json_ld import ORGANIZATION_JSON_LD

CATEGORY_CODES = [code for code, _label in CATEGORIES]
AUDIENCE_CODES = [code for code, _label in AUDIENCES]
LANGUAGE_CODES = [code for code, _label in LANGUAGES]


class FeeSerializer(serializers.Serializer):
    free = serializers.BooleanField()
    min = serializers.IntegerField(allow_null=True, min_value=0, required=False)
    max = serializers.IntegerField(allow_null=True, min_value=0, required=False)
    currency = serializers.CharField(read_only=True, default="DKK")


class AssociationSerializer(ItemSerializer):
    """An entry, its texts in the asked language where the association wrote them in it,
    else in Danish (`meta.locale` says which, `meta.fallback` that Danish stands in)."""

    name = serializers.CharField()
    description = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField()
    categories = serializers.ListField(child=serializers.ChoiceField(CATEGORY_CODES))
    audiences = serializers.ListField(child=serializers.ChoiceField(AUDIENCE_CODES))
    languages = serializers.ListField(child=serializers.ChoiceField(LANGUAGE_CODES))
    newcomer_friendly = serializers.BooleanField()
    community = serializers.IntegerField(allow_null=True, source="community_id")
    address = serializers.CharField()
    location = LocationField()
    distance_km = DistanceField()
    fee = serializers.SerializerMethodField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    website = serializers.CharField()
    facebook = serializers.CharField()
    logo = serializers.SerializerMethodField()
    json_ld = serializers.SerializerMethodField()

    def get_description(self, association) -> str:
        return association.text("description", self.context["locale"])[0]

    def get_activities(self, association) -> str:
        return association.text("activities", self.context["locale"])[0]

    def get_fee(self, association) -> FeeSerializer:
        return {
            "free": association.fee_free,
            "min": association.fee_min,
            "max": association.fee_max,
            "currency": "DKK",
        }

    def get_logo(self, association) -> str | None:
        if not association.logo:
            return None
        return self.context["request"].build_absolute_uri(association.logo.url)

    @extend_schema_field(ORGANIZATION_JSON_LD)
    def get_json_ld(self, association):
        """schema.org Organization, for the website to embed."""
        return organization(
            association,
            description=self.get_description(association),
            logo_url=self.get_logo(association),
        )


class PracticeSerializer(ItemSerializer):
    """A general practice and the languages its doctors speak."""

    name = serializers.CharField()
    doctors = serializers.CharField(help_text="Names, separated by commas.")
    address = serializers.CharField()
    phone = serializers.CharField()
    website = serializers.CharField()
    languages = serializers.ListField(
        child=serializers.ChoiceField(LANGUAGE_CODES), help_text="Spoken by a doctor there."
    )
    accepting_new_patients = serializers.BooleanField()
    location = LocationField()
    distance_km = DistanceField()


class SubmissionSerializer(serializers.Serializer):
    """The template an association fills in (JSON, or multipart with a `logo` file and
    `fee` as JSON text). Validated by the same form as the HTML page."""

    name = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=500)
    description_en = serializers.CharField(max_length=500, required=False)
    description_de = serializers.CharField(max_length=500, required=False)
    activities = serializers.CharField(max_length=1000, required=False)
    activities_en = serializers.CharField(max_length=1000, required=False)
    activities_de = serializers.CharField(max_length=1000, required=False)
    categories = serializers.ListField(child=serializers.ChoiceField(CATEGORY_CODES))
    audiences = serializers.ListField(child=serializers.ChoiceField(AUDIENCE_CODES), required=False)
    languages = serializers.ListField(child=serializers.ChoiceField(LANGUAGE_CODES), required=False)
    newcomer_friendly = serializers.BooleanField(required=False)
    community = serializers.IntegerField(required=False, allow_null=True)
    address = serializers.CharField(max_length=255, required=False)
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(
        required=False, allow_null=True, min_value=-180, max_value=180
    )
    fee = FeeSerializer()
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=30, required=False)
    website = serializers.URLField(required=False)
    facebook = serializers.URLField(required=False)
    logo = serializers.ImageField(required=False)
    nickname = serializers.CharField(
        required=False, help_text="Leave out: a honeypot for robots, whose entries are dropped."
    )


class EditLinkRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()


class SubmissionErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by field name, in the submitter's language.",
    )
