"""Bodies of the meet-ups' routes, /api/v2/meetups/ (docs/meetups.md)."""

from datetime import timedelta

from django.conf.locale import LANG_INFO
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from newcomers.models.meetup import MAX_PEOPLE, MIN_PEOPLE

#: ISO 639-1 codes Django knows a name for: the language a meet-up is held in
MEETUP_LANGUAGES = sorted(
    code for code, info in LANG_INFO.items() if len(code) == 2 and "name" in info
)
#: how far ahead a meet-up may be posted
LATEST_START = timedelta(days=366)


class MeetupRequestSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=1000, allow_blank=True, default="")
    starts_at = serializers.DateTimeField(help_text="In the future, within a year.")
    place = serializers.CharField(max_length=200, help_text="Where to meet.")
    language = serializers.ChoiceField(
        MEETUP_LANGUAGES, help_text="The language the meet-up is held in (ISO 639-1)."
    )
    event = serializers.IntegerField(
        allow_null=True,
        default=None,
        min_value=1,
        help_text="The id of an event of this municipality's calendar (/api/v2/events/) "
        "the meet-up goes to.",
    )
    link = serializers.URLField(
        max_length=500, allow_blank=True, default="", help_text="A web page about the plan."
    )
    max_people = serializers.IntegerField(
        min_value=MIN_PEOPLE,
        max_value=MAX_PEOPLE,
        help_text="How many may come, the poster included.",
    )

    def validate_starts_at(self, value):
        now = timezone.now()
        if value <= now:
            raise serializers.ValidationError(_("The meet-up must start in the future."))
        if value > now + LATEST_START:
            raise serializers.ValidationError(_("The meet-up must start within a year."))
        return value

    def validate_link(self, value):
        if value and not value.lower().startswith(("https://", "http://")):
            raise serializers.ValidationError(_("Give a web address (https://…)."))
        return value

    def validate_event(self, value):
        if value is not None and not self.context["is_event"](value):
            raise serializers.ValidationError(_("No event of this municipality has this id."))
        return value


class JoinRequestSerializer(serializers.Serializer):
    shared_contact = serializers.CharField(
        max_length=200,
        allow_blank=True,
        default="",
        help_text="What the poster may contact you by (a phone number, an e-mail address); "
        "only the poster sees it.",
    )


class ReportRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text="What is wrong with the post.")


class ParticipantSerializer(serializers.Serializer):
    first_name = serializers.CharField(help_text="From the participant's profile; may be blank.")
    shared_contact = serializers.CharField()
    joined_at = serializers.DateTimeField()


class MeetupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    language = serializers.CharField(help_text="ISO 639-1.")
    event = serializers.IntegerField(
        source="event_id", allow_null=True, help_text="The event's id at /api/v2/events/."
    )
    link = serializers.CharField()
    max_people = serializers.IntegerField(help_text="The poster included.")
    participant_count = serializers.IntegerField(help_text="Who joined, the poster not counted.")
    places_left = serializers.IntegerField()
    full = serializers.BooleanField()
    poster_first_name = serializers.CharField(help_text="May be blank.")
    is_mine = serializers.BooleanField(help_text="The caller posted it.")
    joined = serializers.BooleanField(help_text="The caller joined it.")
    shown_to_others = serializers.BooleanField(
        help_text="False when the poster has withdrawn their consent to showing their posts: "
        "only they see it then."
    )
    created_at = serializers.DateTimeField()
    participants = ParticipantSerializer(
        many=True,
        allow_null=True,
        help_text="Who joined, with what they share: for the poster, on the detail only "
        "(null otherwise).",
    )


class MeetupListingMetaSerializer(serializers.Serializer):
    total_count = serializers.IntegerField()


class MeetupListingSerializer(serializers.Serializer):
    meta = MeetupListingMetaSerializer()
    items = MeetupSerializer(many=True)


class ParticipationSerializer(serializers.Serializer):
    shared_contact = serializers.CharField()
    joined_at = serializers.DateTimeField()
    meetup = MeetupSerializer()
