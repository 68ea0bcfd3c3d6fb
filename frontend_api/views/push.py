"""Reminders and invitations (docs/reminders.md): a newcomer's Web Push subscriptions
(`/api/v2/me/push-subscriptions/`, personal, never cached), the VAPID public key to
subscribe with (`/api/v2/push/key/`), the invitations the website's home shows
(`/api/v2/invitations/`, public and cached) and the one-click opt-out of invitations
(`/api/v2/me/invitations/opt-out/<token>/`, as the digests' unsubscribe link)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from directory.throttling import AddressRateThrottle
from frontend_api import locales
from frontend_api.auth import IsSignedIn
from frontend_api.serializers.push import (
    InvitationListSerializer,
    OptOutSerializer,
    PushKeySerializer,
    PushSubscriptionSerializer,
    PushUnsubscribeSerializer,
)
from frontend_api.views.associations import RETRY_AFTER
from frontend_api.views.base import ExtraRoute
from frontend_api.views.me import (
    BAD_BODY,
    BAD_PARAMETER,
    LOCALE,
    NOT_JSON,
    SIGNED_OUT,
    TAGS,
    TOO_MANY,
    MeRoute,
    bad_body,
    validated,
)
from frontend_api.views.unsubscribe import BAD_TOKEN, UnsubscribeRoute, shown
from guide.models import Municipality
from newcomers import invitations, push

PUSH_TAGS = ["push"]


class PushSubscriptionRateThrottle(AddressRateThrottle):
    scope = "push_subscription"
    setting = "PUSH_SUBSCRIPTION_RATE"


class PushSubscriptionsRoute(MeRoute):
    """Register this browser's push subscription (POST), or forget it (DELETE)."""

    permission_classes = [IsSignedIn]
    throttle_classes = [PushSubscriptionRateThrottle]

    @property
    def parameters(self):
        return {"_", "locale"}

    @extend_schema(
        tags=TAGS,
        operation_id="me_push_subscriptions_create",
        request=PushSubscriptionSerializer,
        parameters=[LOCALE, RETRY_AFTER],
        responses={
            201: PushSubscriptionSerializer,
            400: BAD_BODY,
            401: SIGNED_OUT,
            415: NOT_JSON,
            429: TOO_MANY,
        },
    )
    def post(self, request):
        with translation.override(locales.requested_locale(request)):
            data, error = validated(PushSubscriptionSerializer, request)
            if error:
                return error
            found = push.errors(data["endpoint"], data["keys"])
            if found:
                return bad_body(found)
        subscription = push.subscribe(self.account, data["endpoint"], data["keys"])
        body = {
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        operation_id="me_push_subscriptions_destroy",
        request=PushUnsubscribeSerializer,
        parameters=[LOCALE, RETRY_AFTER],
        responses={204: None, 400: BAD_BODY, 401: SIGNED_OUT, 415: NOT_JSON, 429: TOO_MANY},
    )
    def delete(self, request):
        with translation.override(locales.requested_locale(request)):
            data, error = validated(PushUnsubscribeSerializer, request)
            if error:
                return error
        push.unsubscribe(self.account, data["endpoint"])  # someone else's: nothing happens
        return Response(status=status.HTTP_204_NO_CONTENT)


class PushKeyRoute(ExtraRoute):
    """The VAPID public key a browser subscribes with."""

    @extend_schema(
        tags=PUSH_TAGS,
        operation_id="push_key_retrieve",
        responses={200: PushKeySerializer, 400: BAD_PARAMETER},
        auth=[],
    )
    def get(self, request):
        return Response({"public_key": settings.VAPID_PUBLIC_KEY if push.enabled() else ""})


class InvitationsRoute(ExtraRoute):
    """The municipality's current invitations, for the banner on the website's home."""

    parameters = frozenset({"_", "locale"})

    @extend_schema(
        tags=PUSH_TAGS,
        operation_id="invitations_list",
        parameters=[LOCALE],
        responses={200: InvitationListSerializer, 400: BAD_PARAMETER},
        auth=[],
    )
    def get(self, request):
        now = timezone.now()
        language = locales.requested_locale(request)
        items = [
            {
                "id": invitation.pk,
                "text": invitation.text_in(language),
                "url": invitations.link_url(invitation, language),
                "date": invitation.date,
            }
            for invitation in invitations.current(self.site, now)
        ]
        response = Response({"items": items})
        response.fresh_for = _fresh_for(self.site, now)
        return response


def _fresh_for(site, now):
    """Seconds until the list changes with time alone: the next midnight (a date passes)
    or the next scheduled invitation's time, whichever comes first."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    change = timezone.make_aware(datetime.combine(tomorrow, time(0)))
    coming = (
        invitations.Invitation.objects.filter(site=site, send_at__gt=now)
        .filter(status__in=invitations.SHOWN)
        .order_by("send_at")
        .values_list("send_at", flat=True)
        .first()
    )
    if coming and coming < change:
        change = coming
    return max(1, int((change - now).total_seconds()))


class OptOutRoute(UnsubscribeRoute):
    """Stop the invitations of an account, from the link in an invitation."""

    @extend_schema(
        tags=TAGS,
        operation_id="me_invitations_opt_out_retrieve",
        responses={200: OptOutSerializer, 400: BAD_TOKEN},
        auth=[],
    )
    def get(self, request, token):
        return self._answer(request, token, withdraw=False)

    @extend_schema(
        tags=TAGS,
        operation_id="me_invitations_opt_out_create",
        request=None,
        parameters=[RETRY_AFTER],
        responses={200: OptOutSerializer, 400: BAD_TOKEN, 429: TOO_MANY},
        auth=[],
    )
    def post(self, request, token):
        return self._answer(request, token, withdraw=True)

    def _answer(self, request, token, *, withdraw):
        account = invitations.account_of_token(self.site, token)
        if account is None:
            with translation.override(locales.requested_locale(request)):
                return shown(request, bad_body({"token": [_("This link is not valid here.")]}))
        if withdraw:
            invitations.opt_out(account)
        opted_out = invitations.opted_out(account)
        name = (
            Municipality.objects.filter(site=self.site).values_list("name", flat=True).first()
            or self.site.site_name
        )
        with translation.override(account.language):
            if opted_out:
                message = _("You get no more invitations from %(municipality)s.")
            else:
                message = _(
                    "You get invitations from %(municipality)s. Press the button to stop them."
                )
            message %= {"municipality": name}
        body = {
            "message": message,
            "municipality": name,
            "language": account.language,
            "opted_out": opted_out,
        }
        stop = gettext_lazy("Stop the invitations") if body.get("opted_out") is False else None
        return shown(request, Response(body, status=status.HTTP_200_OK), stop)


me_urlpatterns = [
    path("push-subscriptions/", PushSubscriptionsRoute.as_view(), name="push_subscriptions"),
]
urlpatterns = [
    path("push/key/", PushKeyRoute.as_view(), name="push_key"),
    path("invitations/", InvitationsRoute.as_view(), name="invitations"),
]
