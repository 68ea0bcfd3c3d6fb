"""Bodies of the newcomer's own routes under /api/v2/me/."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from guide.audience import HOUSEHOLD_CODES
from guide.countries import COUNTRY_CODES
from newcomers.models.account import INTEREST_CODES, LANGUAGES, CommunityStatus
from newcomers.models.consent import PURPOSE_CODES

LANGUAGE_CODES = [code for code, _name in LANGUAGES]


class SignInRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    language = serializers.ChoiceField(LANGUAGE_CODES, help_text="The e-mail's language.")


class SessionRequestSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=100, help_text="The token of the e-mailed link.")


class SessionSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Bearer <token>`.")
    expires_at = serializers.DateTimeField()


class ProfileSerializer(serializers.Serializer):
    email = serializers.EmailField(read_only=True)
    first_name = serializers.CharField(max_length=100, allow_blank=True)
    language = serializers.ChoiceField(LANGUAGE_CODES, help_text="The preferred language.")
    moved_from_country = serializers.CharField(
        max_length=2, allow_blank=True, help_text="ISO 3166-1 alpha-2 code, e.g. DE."
    )
    household = serializers.ListField(
        child=serializers.ChoiceField(HOUSEHOLD_CODES), max_length=len(HOUSEHOLD_CODES)
    )
    community = serializers.IntegerField(
        allow_null=True,
        help_text="A community's page id (from /api/v2/communities/, a copy in any language); "
        "answered as the id of its copy in the newcomer's language.",
    )
    community_status = serializers.ChoiceField(
        CommunityStatus.values, allow_blank=True, help_text="Lives there or considers it."
    )
    interests = serializers.ListField(
        child=serializers.ChoiceField(INTEREST_CODES), max_length=len(INTEREST_CODES)
    )
    moving_date = serializers.DateField(allow_null=True)

    def validate_moved_from_country(self, value):
        value = value.upper()
        if value and value not in COUNTRY_CODES:
            raise serializers.ValidationError(_("Not a country code (ISO 3166-1 alpha-2)."))
        return value

    def validate_household(self, value):
        return list(dict.fromkeys(value))

    def validate_interests(self, value):
        return list(dict.fromkeys(value))

    def validate(self, data):
        page_id = data.pop("community")
        key = None if page_id is None else self.context["community_key"](page_id)
        if page_id is not None and key is None:
            raise serializers.ValidationError(
                {"community": _("No community of this municipality has this id.")}
            )
        data["community_key"] = key
        if (key is None) != (not data.get("community_status")):
            name = "community_status" if key is not None else "community"
            raise serializers.ValidationError(
                {name: _("Give both the community and whether you live there or consider it.")}
            )
        return data


class ConsentRequestSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(PURPOSE_CODES)
    given = serializers.BooleanField()


class ConsentSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(PURPOSE_CODES)
    given = serializers.BooleanField()
    text = serializers.CharField(help_text="The text to show for this purpose, as it is now.")
    text_version = serializers.CharField(help_text="The version of `text`.")
    recorded_version = serializers.CharField(
        allow_null=True, help_text="The version of the text last given or withdrawn."
    )
    recorded_at = serializers.DateTimeField(
        allow_null=True, help_text="When it was last given or withdrawn (null: never asked)."
    )


class ConsentListSerializer(serializers.Serializer):
    items = ConsentSerializer(many=True)


class FieldErrorsSerializer(serializers.Serializer):
    message = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The messages per field at fault (empty when the body is not an object).",
    )


class RedeemErrorSerializer(FieldErrorsSerializer):
    reason = serializers.ChoiceField(["used", "expired"], help_text="Why the link no longer works.")
