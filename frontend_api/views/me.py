"""The newcomer's own routes, `/api/v2/me/`: passwordless sign-in (`sign-in/`, `session/`),
the profile (`/me/`, whose DELETE erases the account) and the consents (`consents/`); the
export is in views.privacy.

Everything here is personal: a route answers only with a session of the request's
municipality (`frontend_api.auth`), says `Cache-Control: private, no-store`, and is never
in the API's response cache (`caching.NEVER_CACHED_PREFIXES`). Asking for a link answers
the same whether the address has an account or not."""

from django.urls import path
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import status
from rest_framework.exceptions import ParseError, Throttled
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from directory.throttling import AddressRateThrottle
from frontend_api import locales
from frontend_api.auth import IsSignedIn, NewcomerAuthentication
from frontend_api.serializers.directory import MessageSerializer
from frontend_api.serializers.errors import ErrorSerializer, ParameterErrorSerializer
from frontend_api.serializers.newcomers import (
    ConsentListSerializer,
    ConsentRequestSerializer,
    ConsentSerializer,
    FieldErrorsSerializer,
    ProfileSerializer,
    RedeemErrorSerializer,
    SessionRequestSerializer,
    SessionSerializer,
    SignInRequestSerializer,
)
from frontend_api.views.associations import RETRY_AFTER
from frontend_api.views.base import ExtraRoute
from newcomers import consents, profile, signin
from newcomers.models.consent import ConsentSource
from newcomers.privacy import erasure

TAGS = ["me"]
LOCALE = OpenApiParameter(
    "locale", str, enum=["da", "en", "de"], description="The language of the answer's messages."
)
BAD_REQUEST = PolymorphicProxySerializer(
    component_name="MeBadRequest",
    serializers=[FieldErrorsSerializer, ParameterErrorSerializer],
    resource_type_field_name=None,
)
BAD_BODY = OpenApiResponse(
    BAD_REQUEST,
    description="Bad input in the body, named per field in `errors`; or a bad query parameter, "
    "named in `parameter`.",
)
BAD_PARAMETER = OpenApiResponse(
    ParameterErrorSerializer, description="A query parameter the route does not take."
)
SIGNED_OUT = OpenApiResponse(
    ErrorSerializer, description="No session, or one that has ended or is of another host."
)
NOT_JSON = OpenApiResponse(ErrorSerializer, description="The body is not application/json.")
TOO_MANY = OpenApiResponse(
    ErrorSerializer, description="Too many requests from this address; see Retry-After."
)


class SignInRateThrottle(AddressRateThrottle):
    scope = "newcomer_sign_in"
    setting = "NEWCOMER_SIGN_IN_RATE"


class RedeemRateThrottle(AddressRateThrottle):
    scope = "newcomer_redeem"
    setting = "NEWCOMER_REDEEM_RATE"


def bad_body(errors, message=None, code=status.HTTP_400_BAD_REQUEST, **extra):
    message = message or _("The request has errors; see each field.")
    return Response({"message": str(message), "errors": errors, **extra}, status=code)


def validated(serializer_class, request, **context):
    """(validated data, None) or (None, a 400 naming every bad or unknown field)."""
    try:
        data = request.data
    except ParseError:
        data = None
    if not isinstance(data, dict):
        return None, bad_body({}, _("The body must be a JSON object."))
    serializer = serializer_class(data=data, context=context)
    errors = {} if serializer.is_valid() else dict(serializer.errors)
    writable = {f.field_name for f in serializer.fields.values() if not f.read_only}
    for name in sorted(set(data) - writable):
        errors[name] = [_("Unknown field.")]
    if errors:
        return None, bad_body({name: _messages(found) for name, found in errors.items()})
    return serializer.validated_data, None


def _messages(found):
    """A field's messages as plain strings (a list's come per item: {0: [...]})."""
    if isinstance(found, dict):
        return [message for item in found.values() for message in _messages(item)]
    if isinstance(found, list):
        return [message for item in found for message in _messages(item)]
    return [str(found)]


class MeRoute(ExtraRoute):
    """Personal answers: never kept by a shared cache, nor by the browser."""

    authentication_classes = [NewcomerAuthentication]
    parser_classes = [JSONParser]

    @property
    def parameters(self):
        # `locale`: the language of a write's messages; a read answers in the account's
        return {"_", "locale"} if self.request.method in ("POST", "PUT") else {"_"}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Authorization"])
        return response

    def throttled(self, request, wait):
        raise Throttled(wait, detail=_("Too many requests from here. Try again later."))

    @property
    def account(self):
        return self.request.auth.account


class SignInRoute(MeRoute):
    """E-mail a one-time sign-in link to an address, on this municipality's website."""

    authentication_classes = []
    throttle_classes = [SignInRateThrottle]

    @extend_schema(
        tags=TAGS,
        operation_id="me_sign_in_create",
        request=SignInRequestSerializer,
        parameters=[LOCALE, RETRY_AFTER],
        responses={202: MessageSerializer, 400: BAD_BODY, 415: NOT_JSON, 429: TOO_MANY},
    )
    def post(self, request):
        with translation.override(locales.requested_locale(request)):
            data, error = validated(SignInRequestSerializer, request)
            if error:
                return error
            signin.request_link(self.site, data["email"], data["language"])
            message = _("If the address is right, a sign-in link is on its way. It works once.")
        return Response({"message": message}, status=status.HTTP_202_ACCEPTED)


class SessionRoute(MeRoute):
    """Redeem a sign-in link for a session (POST), or sign out (DELETE)."""

    def get_authenticators(self):
        # redeeming ignores a session the client may still send (an ended one would be a 401)
        # (no request: the OpenAPI document asking which schemes the route knows)
        method = getattr(self.request, "method", None)
        return super().get_authenticators() if method in (None, "DELETE") else []

    def get_permissions(self):
        return [IsSignedIn()] if self.request.method == "DELETE" else []

    def get_throttles(self):
        return [RedeemRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        tags=TAGS,
        operation_id="me_session_create",
        request=SessionRequestSerializer,
        parameters=[LOCALE, RETRY_AFTER],
        responses={
            201: SessionSerializer,
            400: OpenApiResponse(
                BAD_REQUEST,
                description="Bad input, or a link unknown at this host (named `token` in "
                "`errors`); or a bad query parameter, named in `parameter`.",
            ),
            410: OpenApiResponse(
                RedeemErrorSerializer, description="The link was used or has expired."
            ),
            415: NOT_JSON,
            429: TOO_MANY,
        },
        auth=[],
    )
    def post(self, request):
        with translation.override(locales.requested_locale(request)):
            data, error = validated(SessionRequestSerializer, request)
            if error:
                return error
            try:
                session = signin.redeem(self.site, data["token"])
            except signin.RedeemError as refused:
                return self._refused(refused.reason)
        return Response(
            {"token": session.token, "expires_at": session.expires_at},
            status=status.HTTP_201_CREATED,
        )

    def _refused(self, reason):
        if reason == "unknown":
            return bad_body({"token": [_("This sign-in link is not valid here.")]})
        if reason == "used":
            message = _("This sign-in link has been used already. Ask for a new one.")
        else:
            message = _("This sign-in link has expired. Ask for a new one.")
        return bad_body({"token": [message]}, message, code=status.HTTP_410_GONE, reason=reason)

    @extend_schema(
        tags=TAGS,
        operation_id="me_session_destroy",
        responses={204: None, 400: BAD_PARAMETER, 401: SIGNED_OUT},
    )
    def delete(self, request):
        signin.sign_out(request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProfileRoute(MeRoute):
    """The signed-in newcomer's profile; PUT writes all of it."""

    permission_classes = [IsSignedIn]

    @extend_schema(
        tags=TAGS,
        operation_id="me_retrieve",
        responses={200: ProfileSerializer, 400: BAD_PARAMETER, 401: SIGNED_OUT},
    )
    def get(self, request):
        return Response(self._body())

    @extend_schema(
        tags=TAGS,
        operation_id="me_update",
        request=ProfileSerializer,
        parameters=[LOCALE],
        responses={200: ProfileSerializer, 400: BAD_BODY, 401: SIGNED_OUT, 415: NOT_JSON},
    )
    def put(self, request):
        with translation.override(locales.requested_locale(request)):
            data, error = validated(
                ProfileSerializer,
                request,
                community_key=lambda page_id: profile.community_key_of(self.site, page_id),
            )
            if error:
                return error
        profile.save(self.account, data)
        return Response(self._body())

    @extend_schema(
        tags=TAGS,
        operation_id="me_destroy",
        responses={204: None, 400: BAD_PARAMETER, 401: SIGNED_OUT},
    )
    def delete(self, request):
        """Delete the account and everything about the newcomer (newcomers.privacy)."""
        erasure.erase(self.account)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _body(self):
        found = profile.profile_of(self.account)
        found.email = self.account.email
        found.language = self.account.language
        found.community = profile.community_id(
            self.site, found.community_key, self.account.language
        )
        return ProfileSerializer(found).data


class ConsentsRoute(MeRoute):
    """Each purpose's consent as it stands, with its text in the language asked for
    (`?locale=`, Accept-Language; else the account's); POST gives or withdraws one purpose
    (a new record, the history kept) and records the text in that language as the one shown."""

    permission_classes = [IsSignedIn]
    parameters = {"_", "locale"}  # a read too: the texts in the language asked for

    def shown_language(self, request):
        return locales.requested_locale(request, fallback=self.account.language)

    @extend_schema(
        tags=TAGS,
        operation_id="me_consents_list",
        parameters=[LOCALE],
        responses={200: ConsentListSerializer, 400: BAD_PARAMETER, 401: SIGNED_OUT},
    )
    def get(self, request):
        states = consents.current(self.account, self.shown_language(request))
        return Response({"items": [_state(state) for state in states]})

    @extend_schema(
        tags=TAGS,
        operation_id="me_consents_create",
        request=ConsentRequestSerializer,
        parameters=[LOCALE],
        responses={201: ConsentSerializer, 400: BAD_BODY, 401: SIGNED_OUT, 415: NOT_JSON},
    )
    def post(self, request):
        with translation.override(locales.requested_locale(request)):
            data, error = validated(ConsentRequestSerializer, request)
            if error:
                return error
        language = self.shown_language(request)
        purpose, given = data["purpose"], data["given"]
        consents.record(self.account, purpose, given, language=language, source=ConsentSource.API)
        state = next(s for s in consents.current(self.account, language) if s["purpose"] == purpose)
        return Response(_state(state), status=status.HTTP_201_CREATED)


def _state(state):
    record = state["record"]
    return {
        "purpose": state["purpose"],
        "given": state["given"],
        "text": state["text"],
        "text_version": state["text_version"],
        "recorded_version": record.text_version if record else None,
        "recorded_at": record.recorded_at if record else None,
    }


urlpatterns = [
    path("", ProfileRoute.as_view(), name="profile"),
    path("sign-in/", SignInRoute.as_view(), name="sign_in"),
    path("session/", SessionRoute.as_view(), name="session"),
    path("consents/", ConsentsRoute.as_view(), name="consents"),
]
