"""Web Push subscriptions, the VAPID key and the pop-up invitations (docs/reminders.md)."""

from rest_framework import serializers


class PushKeysSerializer(serializers.Serializer):
    p256dh = serializers.CharField(help_text="The browser's P-256 public key, base64url.")
    auth = serializers.CharField(help_text="The 16-byte authentication secret, base64url.")


class PushSubscriptionSerializer(serializers.Serializer):
    """What `PushSubscription.toJSON()` gives in the browser (its `expirationTime` is
    ignored)."""

    endpoint = serializers.CharField(help_text="The push service's https address.")
    keys = PushKeysSerializer()
    expirationTime = serializers.IntegerField(  # noqa: N815  (the browser's own name)
        required=False, allow_null=True, write_only=True
    )


class PushUnsubscribeSerializer(serializers.Serializer):
    endpoint = serializers.CharField(help_text="The address of the subscription to forget.")


class PushKeySerializer(serializers.Serializer):
    public_key = serializers.CharField(
        allow_blank=True,
        help_text="The VAPID public key (base64url) to subscribe with; empty: no push here.",
    )


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField(help_text="In the language asked for.")
    url = serializers.CharField(help_text="The website's address of the event or page.")
    date = serializers.DateField(help_text="Shown until this day has passed.")


class InvitationListSerializer(serializers.Serializer):
    items = InvitationSerializer(many=True)


class OptOutSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="What the page says, in the account's language.")
    municipality = serializers.CharField()
    language = serializers.CharField()
    opted_out = serializers.BooleanField(
        help_text="Whether invitations are stopped: on GET, POST to this address to stop them."
    )
