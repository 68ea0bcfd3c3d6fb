"""Bodies of the coupons' routes: /api/v2/coupons/ and /api/v2/me/coupons/ (docs/coupons.md)."""

from rest_framework import serializers


class ShopSerializer(serializers.Serializer):
    name = serializers.CharField()
    address = serializers.CharField()


class CouponSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    shop = ShopSerializer()
    title = serializers.CharField(help_text="In the asked locale (Danish where not translated).")
    text = serializers.CharField()
    value = serializers.CharField(
        help_text='What the newcomer gets, e.g. "a free coffee" or "10 percent off".'
    )
    picture = serializers.IntegerField(
        allow_null=True, help_text="The picture's id at /api/v2/images/."
    )
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(help_text="The last day it can be redeemed.")
    total = serializers.IntegerField()
    remaining = serializers.IntegerField(help_text="How many are left to claim.")
    moved_within_months = serializers.IntegerField(
        help_text="For newcomers who moved here within this many months."
    )


class CouponListingMetaSerializer(serializers.Serializer):
    total_count = serializers.IntegerField()


class CouponListingSerializer(serializers.Serializer):
    meta = CouponListingMetaSerializer()
    items = CouponSerializer(many=True)


class ClaimRequestSerializer(serializers.Serializer):
    coupon = serializers.IntegerField(min_value=1, help_text="The coupon's id.")


class ClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    coupon = CouponSerializer()
    code = serializers.CharField(help_text="What the shop types, e.g. 0001-C5CF-6M.")
    qr_svg = serializers.CharField(help_text="The code as a QR code: an inline SVG element.")
    status = serializers.ChoiceField(
        ["claimed", "redeemed", "expired"],
        help_text="`claimed`: show it in the shop; `redeemed`: used; `expired`: too late.",
    )
    claimed_at = serializers.DateTimeField()
    redeemed_at = serializers.DateTimeField(allow_null=True)


class ClaimListSerializer(serializers.Serializer):
    items = ClaimSerializer(many=True)


class ClaimRefusedSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="Why, in the asked locale.")
    reason = serializers.ChoiceField(["not_public", "not_eligible", "claimed", "none_left"])
