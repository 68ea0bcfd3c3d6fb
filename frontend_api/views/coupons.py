"""Coupons from local shops: `GET /api/v2/coupons/` (anyone: the municipality's approved,
current coupons, in the asked locale) and the signed-in newcomer's claims,
`GET`/`POST /api/v2/me/coupons/` (docs/coupons.md).

Never cached (`caching.NEVER_CACHED_PREFIXES`): the listing shows how many are left, which
every claim changes; the claims are personal."""

from django.urls import path
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from frontend_api import locales
from frontend_api.auth import IsSignedIn
from frontend_api.serializers.coupons import (
    ClaimListSerializer,
    ClaimRefusedSerializer,
    ClaimRequestSerializer,
    ClaimSerializer,
    CouponListingSerializer,
)
from frontend_api.serializers.errors import ErrorSerializer
from frontend_api.views.associations import RETRY_AFTER
from frontend_api.views.base import ExtraRoute
from frontend_api.views.me import (
    BAD_BODY,
    BAD_PARAMETER,
    LOCALE,
    NOT_JSON,
    SIGNED_OUT,
    MeRoute,
    validated,
)
from frontend_api.views.meetups import AccountRateThrottle
from guide.translated import translated
from newcomers import coupons
from newcomers.models import Claim, Coupon

TAGS = ["coupons"]


class ClaimRateThrottle(AccountRateThrottle):
    scope = "coupon_claim"
    setting = "COUPON_CLAIM_RATE"


def item(coupon, language):
    return {
        "id": coupon.pk,
        "shop": {"name": coupon.shop.name, "address": coupon.shop.address},
        "title": translated(coupon, "title", language),
        "text": translated(coupon, "text", language),
        "value": translated(coupon, "value", language),
        "picture": coupon.picture_id,
        "valid_from": coupon.valid_from,
        "valid_to": coupon.valid_to,
        "total": coupon.total,
        "remaining": coupon.remaining,
        "moved_within_months": coupon.moved_within_months,
    }


def claim_item(claim, language, today):
    code = coupons.code(claim.pk)
    if claim.redeemed_at:
        state = "redeemed"
    elif claim.coupon.valid_to < today:
        state = "expired"
    else:
        state = "claimed"
    return {
        "id": claim.pk,
        "coupon": item(claim.coupon, language),
        "code": code,
        "qr_svg": coupons.qr_svg(code),
        "status": state,
        "claimed_at": claim.claimed_at,
        "redeemed_at": claim.redeemed_at,
    }


class CouponsRoute(ExtraRoute):
    """The approved coupons of this municipality's shops that are valid today."""

    parameters = frozenset({"_", "locale"})

    @extend_schema(
        tags=TAGS,
        operation_id="coupons_list",
        parameters=[
            OpenApiParameter(
                "locale", str, enum=["da", "en", "de"], description="The language of the texts."
            )
        ],
        responses={200: CouponListingSerializer, 400: BAD_PARAMETER},
    )
    def get(self, request):
        language = locales.requested_locale(request)
        found = (
            Coupon.objects.public(self.site, timezone.localdate())
            .select_related("shop")
            .order_by("valid_to", "pk")
        )
        items = [item(coupon, language) for coupon in found]
        response = Response({"meta": {"total_count": len(items)}, "items": items})
        patch_cache_control(response, no_cache=True)
        return response


class MyCouponsRoute(MeRoute):
    """The newcomer's claimed coupons with their codes (GET); claim one (POST)."""

    permission_classes = [IsSignedIn]

    def get_throttles(self):
        return [ClaimRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        tags=TAGS,
        operation_id="me_coupons_list",
        responses={200: ClaimListSerializer, 400: BAD_PARAMETER, 401: SIGNED_OUT},
    )
    def get(self, request):
        claims = (
            Claim.objects.filter(account=self.account)
            .select_related("coupon__shop")
            .order_by("-claimed_at", "-pk")
        )
        language, today = self.account.language, timezone.localdate()
        return Response({"items": [claim_item(claim, language, today) for claim in claims]})

    @extend_schema(
        tags=TAGS,
        operation_id="me_coupons_create",
        request=ClaimRequestSerializer,
        parameters=[LOCALE, RETRY_AFTER],
        responses={
            201: ClaimSerializer,
            400: BAD_BODY,
            401: SIGNED_OUT,
            403: OpenApiResponse(
                ClaimRefusedSerializer,
                description="The newcomer moved here too long ago for this coupon "
                "(`reason`: `not_eligible`).",
            ),
            404: OpenApiResponse(
                ClaimRefusedSerializer,
                description="No approved, current coupon of this id in this municipality "
                "(`reason`: `not_public`).",
            ),
            409: OpenApiResponse(
                ClaimRefusedSerializer,
                description="None are left, or the newcomer has claimed it already "
                "(`reason`: `none_left`, `claimed`).",
            ),
            415: NOT_JSON,
            429: OpenApiResponse(
                ErrorSerializer, description="Too many claims from this account; see Retry-After."
            ),
        },
    )
    def post(self, request):
        language = locales.requested_locale(request, fallback=self.account.language)
        with translation.override(language):
            data, error = validated(ClaimRequestSerializer, request)
            if error:
                return error
            try:
                claim = coupons.claim(self.account, data["coupon"])
            except coupons.Refused as refused:
                code, message = {
                    "not_public": (status.HTTP_404_NOT_FOUND, _("No such coupon.")),
                    "not_eligible": (
                        status.HTTP_403_FORBIDDEN,
                        _("This coupon is for newcomers who moved here more recently."),
                    ),
                    "claimed": (status.HTTP_409_CONFLICT, _("You have claimed this coupon.")),
                    "none_left": (status.HTTP_409_CONFLICT, _("None of these are left.")),
                }[refused.reason]
                return Response({"message": message, "reason": refused.reason}, status=code)
        claim.coupon.refresh_from_db()
        body = claim_item(claim, language, timezone.localdate())
        return Response(body, status=status.HTTP_201_CREATED)


urlpatterns = [path("", CouponsRoute.as_view(), name="listing")]
me_urlpatterns = [path("", MyCouponsRoute.as_view(), name="listing")]
