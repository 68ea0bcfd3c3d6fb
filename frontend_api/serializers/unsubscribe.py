"""The answer of the digest's unsubscribe link (`/api/v2/me/unsubscribe/<token>/`)."""

from rest_framework import serializers


class UnsubscribeSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="What the page says, in the account's language.")
    municipality = serializers.CharField()
    language = serializers.CharField(help_text="The account's language, the message's.")
    subscribed = serializers.BooleanField(
        help_text="Whether digests are still sent: on GET, POST to this address to stop them."
    )
