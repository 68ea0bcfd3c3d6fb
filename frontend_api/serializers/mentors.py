"""Bodies of `/api/v2/mentors/`: a mentor's registration, a newcomer's requests."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from frontend_api.serializers.newcomers import LANGUAGE_CODES
from guide.fields import LANGUAGE_CODES as SPOKEN_CODES
from newcomers.models.mentor import INDUSTRY_CODES, MAX_CAPACITY, RequestStatus

SPOKEN = sorted(SPOKEN_CODES)


def _spoken(help_text):
    return serializers.ListField(
        child=serializers.ChoiceField(SPOKEN),
        min_length=1,
        max_length=20,
        help_text=help_text,
    )


def _distinct(value):
    return list(dict.fromkeys(value))


class MentorRegistrationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=30, allow_blank=True, required=False, default="")
    language = serializers.ChoiceField(LANGUAGE_CODES, help_text="The language of the e-mails.")
    industries = serializers.ListField(
        child=serializers.ChoiceField(INDUSTRY_CODES),
        min_length=1,
        max_length=len(INDUSTRY_CODES),
        help_text="The industries the mentor knows.",
    )
    languages = _spoken("The languages the mentor speaks, ISO 639-1 codes (da, en, de, uk …).")
    capacity = serializers.IntegerField(
        min_value=1, max_value=MAX_CAPACITY, help_text="Newcomers at once."
    )
    about = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")
    consent = serializers.BooleanField(
        help_text="Must be true: the mentor agrees that their name, e-mail and phone (if "
        "given) are passed on to the newcomers they are matched with."
    )

    validate_industries = staticmethod(_distinct)
    validate_languages = staticmethod(_distinct)

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(
                _("Agree that we pass your contact on to the newcomers you are matched with.")
            )
        return value


class MentorRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    industry = serializers.ChoiceField(INDUSTRY_CODES, help_text="The industry of the job sought.")
    languages = _spoken("The languages the newcomer speaks, ISO 639-1 codes.")
    need = serializers.CharField(max_length=2000, help_text="What they would like help with.")
    status = serializers.ChoiceField(RequestStatus.values, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    validate_languages = staticmethod(_distinct)


class MentorRequestListSerializer(serializers.Serializer):
    items = MentorRequestSerializer(many=True)
