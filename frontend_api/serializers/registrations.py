"""The body and answers of `POST /api/v2/events/<id>/registrations/`."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from events.models.registration import MAX_SEATS_PER_REGISTRATION, REGISTRATION_LANGUAGES
from frontend_api.serializers.errors import ErrorSerializer


class RegistrationRequestSerializer(serializers.Serializer):
    occurrence = serializers.CharField(
        max_length=40,
        help_text=_(
            "The start of the date to register for, ISO 8601 with its UTC offset "
            "(2026-05-12T17:00:00+02:00), as the calendar lists it; or a local date "
            "(2026-05-12) when the event happens once that day."
        ),
    )
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    seats = serializers.IntegerField(min_value=1, max_value=MAX_SEATS_PER_REGISTRATION)
    language = serializers.ChoiceField(
        choices=[code for code, _name in REGISTRATION_LANGUAGES],
        help_text=_("The language of the e-mails to the registrant."),
    )
    consent = serializers.BooleanField(
        help_text=_("Whether the organiser may contact the registrant about the event.")
    )


class RegistrationResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.IntegerField(help_text=_("The event page's id."))
    occurrence = serializers.DateTimeField()
    seats = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["confirmed", "waiting"])
    position = serializers.IntegerField(
        allow_null=True,
        help_text=_("Place on the waiting list (1 is next), null when confirmed."),
    )
    message = serializers.CharField()


class RegistrationErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages per field of the body."),
    )
