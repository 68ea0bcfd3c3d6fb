"""Bodies of the enquiry routes: a question to the municipality, its receipt, and the
signed-in newcomer's own enquiries with their answers."""

from rest_framework import serializers

from frontend_api.serializers.newcomers import LANGUAGE_CODES
from guide.models.contacts import TOPIC_CODES
from newcomers.models.enquiry import EnquiryStatus


class EnquiryRequestSerializer(serializers.Serializer):
    topic = serializers.ChoiceField(TOPIC_CODES, help_text="What the question is about.")
    language = serializers.ChoiceField(
        LANGUAGE_CODES, help_text="The language to answer in (the question's)."
    )
    message = serializers.CharField(max_length=5000)
    email = serializers.EmailField(max_length=254, help_text="Where the answer is sent.")
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class EnquiryReceiptSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="That the question is received, and what next.")
    topic = serializers.ChoiceField(TOPIC_CODES)
    language = serializers.ChoiceField(LANGUAGE_CODES)
    received_at = serializers.DateTimeField()


class EnquiryAnswerSerializer(serializers.Serializer):
    text = serializers.CharField()
    sent_at = serializers.DateTimeField()


class EnquirySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    topic = serializers.ChoiceField(TOPIC_CODES)
    language = serializers.ChoiceField(LANGUAGE_CODES)
    message = serializers.CharField()
    status = serializers.ChoiceField(EnquiryStatus.values)
    created_at = serializers.DateTimeField()
    first_answered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    answers = EnquiryAnswerSerializer(many=True)


class EnquiryListSerializer(serializers.Serializer):
    items = EnquirySerializer(many=True)
