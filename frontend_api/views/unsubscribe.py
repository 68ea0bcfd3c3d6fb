"""The digest's one-click unsubscribe link, `/api/v2/me/unsubscribe/<token>/`, with no
sign-in: the signed token (`newcomers.digests.unsubscribe_token`) names the account.

A GET only shows where one stands and a button (mail scanners follow links: a GET must
not unsubscribe); a POST withdraws the consent `community_invitations`, as a mail client's
one-click unsubscribe does (RFC 8058: `List-Unsubscribe=One-Click` in the body, which is
not read). Browsers get a small HTML page, other clients JSON. Under `/api/v2/me/`: never
cached."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from directory.throttling import AddressRateThrottle
from frontend_api import locales
from frontend_api.serializers.newcomers import FieldErrorsSerializer
from frontend_api.serializers.unsubscribe import UnsubscribeSerializer
from frontend_api.views.associations import RETRY_AFTER
from frontend_api.views.me import TAGS, TOO_MANY, MeRoute, bad_body
from guide.models import Municipality
from newcomers import digests

BAD_TOKEN = OpenApiResponse(
    FieldErrorsSerializer, description="The link is not valid at this host (`token`)."
)


class UnsubscribeRateThrottle(AddressRateThrottle):
    scope = "newcomer_unsubscribe"
    setting = "NEWCOMER_UNSUBSCRIBE_RATE"


class UnsubscribeRoute(MeRoute):
    """Stop the weekly digests of an account, from the link in a digest."""

    authentication_classes = []
    parser_classes = []  # the one-click body is not read

    def perform_content_negotiation(self, request, force=False):
        # JSON for whatever the client accepts: a browser asking for HTML only gets its page
        return super().perform_content_negotiation(request, force=True)

    def get_throttles(self):
        return [UnsubscribeRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        tags=TAGS,
        operation_id="me_unsubscribe_retrieve",
        responses={200: UnsubscribeSerializer, 400: BAD_TOKEN},
        auth=[],
    )
    def get(self, request, token):
        return self._answer(request, token, withdraw=False)

    @extend_schema(
        tags=TAGS,
        operation_id="me_unsubscribe_create",
        request=None,
        parameters=[RETRY_AFTER],
        responses={200: UnsubscribeSerializer, 400: BAD_TOKEN, 429: TOO_MANY},
        auth=[],
    )
    def post(self, request, token):
        return self._answer(request, token, withdraw=True)

    def _answer(self, request, token, *, withdraw):
        account = digests.account_of_token(self.site, token)
        if account is None:
            with translation.override(locales.requested_locale(request)):
                return shown(request, bad_body({"token": [_("This link is not valid here.")]}))
        if withdraw:
            digests.unsubscribe(account)
        subscribed = digests.is_subscribed(account)
        name = (
            Municipality.objects.filter(site=self.site).values_list("name", flat=True).first()
            or self.site.site_name
        )
        with translation.override(account.language):
            if subscribed:
                message = _(
                    "You get a weekly e-mail with coming events from %(municipality)s. "
                    "Press the button to stop it."
                )
            else:
                message = _("You get no more e-mails with coming events from %(municipality)s.")
            message %= {"municipality": name}
        body = {
            "message": message,
            "municipality": name,
            "subscribed": subscribed,
            "language": account.language,
        }
        stop = gettext_lazy("Stop the e-mails") if body.get("subscribed") else None
        return shown(request, Response(body, status=status.HTTP_200_OK), stop)


def shown(request, response, stop=None):
    """A browser's page of `response` (its body as the template's context, `stop` the label
    of the button that stops, where it may), else itself (JSON). Not DRF's renderer
    negotiation: that would make `?format=` a parameter."""
    if "text/html" not in request.META.get("HTTP_ACCEPT", ""):
        return response
    context = {**response.data, "stop": stop}
    html = render_to_string("frontend_api/stop_link.html", context, request=None)
    return HttpResponse(html, status=response.status_code)
