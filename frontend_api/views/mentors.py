"""`/api/v2/mentors/`: volunteers register as business mentors (anonymous, rate-limited,
approved by a coordinator in the admin), and a signed-in newcomer who has given the
`mentor_matching` consent asks for one, lists and withdraws their own requests.

Like `/api/v2/me/`, nothing here is ever cached (`caching.NEVER_CACHED_PREFIXES`)."""

from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from directory.throttling import AddressRateThrottle
from frontend_api import locales
from frontend_api.auth import IsSignedIn
from frontend_api.serializers.directory import MessageSerializer
from frontend_api.serializers.errors import ErrorSerializer
from frontend_api.serializers.mentors import (
    MentorRegistrationSerializer,
    MentorRequestListSerializer,
    MentorRequestSerializer,
)
from frontend_api.views.associations import RETRY_AFTER
from frontend_api.views.conventions import MAX_ID, is_whole_number
from frontend_api.views.me import (
    BAD_BODY,
    BAD_PARAMETER,
    LOCALE,
    NOT_JSON,
    SIGNED_OUT,
    TOO_MANY,
    MeRoute,
    validated,
)
from newcomers import mentors

TAGS = ["mentors"]


class MentorRegistrationRateThrottle(AddressRateThrottle):
    scope = "mentor_registration"
    setting = "MENTOR_REGISTRATION_RATE"


def _message(message, code):
    return Response({"message": str(message)}, status=code)


class MentorRegistrationRoute(MeRoute):
    """A volunteer registers as a business mentor; a coordinator approves them."""

    authentication_classes = []
    throttle_classes = [MentorRegistrationRateThrottle]

    @extend_schema(
        tags=TAGS,
        operation_id="mentors_create",
        request=MentorRegistrationSerializer,
        parameters=[LOCALE, RETRY_AFTER],
        responses={201: MessageSerializer, 400: BAD_BODY, 415: NOT_JSON, 429: TOO_MANY},
        auth=[],
    )
    def post(self, request):
        with translation.override(locales.requested_locale(request)):
            data, error = validated(MentorRegistrationSerializer, request)
            if error:
                return error
            data.pop("consent")
            mentors.register(self.site, data)
            message = _(
                "Thank you! The municipality will look at your registration and write to you "
                "when it introduces you to a newcomer."
            )
        return _message(message, status.HTTP_201_CREATED)


class MentorRequestsRoute(MeRoute):
    """The signed-in newcomer's requests for a mentor (GET), and a new one (POST)."""

    permission_classes = [IsSignedIn]

    @extend_schema(
        tags=TAGS,
        operation_id="mentors_requests_list",
        responses={200: MentorRequestListSerializer, 400: BAD_PARAMETER, 401: SIGNED_OUT},
    )
    def get(self, request):
        found = self.account.mentor_requests.order_by("-created_at", "-pk")
        return Response({"items": MentorRequestSerializer(found, many=True).data})

    @extend_schema(
        tags=TAGS,
        operation_id="mentors_requests_create",
        request=MentorRequestSerializer,
        parameters=[LOCALE],
        responses={
            201: MentorRequestSerializer,
            400: BAD_BODY,
            401: SIGNED_OUT,
            403: OpenApiResponse(
                ErrorSerializer, description="The `mentor_matching` consent is not given."
            ),
            409: OpenApiResponse(ErrorSerializer, description="A request is open already."),
            415: NOT_JSON,
        },
    )
    def post(self, request):
        with translation.override(locales.requested_locale(request)):
            data, error = validated(MentorRequestSerializer, request)
            if error:
                return error
            try:
                found = mentors.ask(self.account, data)
            except mentors.AskRefused as refused:
                if str(refused) == "consent":
                    return _message(
                        _(
                            "To be matched with a business mentor, first give your consent "
                            "to “Find me a business mentor” (mentor_matching)."
                        ),
                        status.HTTP_403_FORBIDDEN,
                    )
                return _message(
                    _("You have asked for a mentor already; withdraw that request first."),
                    status.HTTP_409_CONFLICT,
                )
        return Response(MentorRequestSerializer(found).data, status=status.HTTP_201_CREATED)


class MentorRequestRoute(MeRoute):
    """Withdraw one of the signed-in newcomer's open requests."""

    permission_classes = [IsSignedIn]

    @extend_schema(
        tags=TAGS,
        operation_id="mentors_requests_destroy",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={
            204: None,
            400: BAD_PARAMETER,
            401: SIGNED_OUT,
            404: OpenApiResponse(ErrorSerializer, description="No such request of yours."),
            409: OpenApiResponse(
                ErrorSerializer, description="The request is matched or closed already."
            ),
        },
    )
    def delete(self, request, id):
        with translation.override(self.account.language):
            found = None
            if is_whole_number(id) and int(id) <= MAX_ID:
                found = self.account.mentor_requests.filter(pk=int(id)).first()
            if found is None:
                return _message(_("No such request."), status.HTTP_404_NOT_FOUND)
            if not mentors.withdraw(found):
                return _message(
                    _("This request is no longer open: it cannot be withdrawn."),
                    status.HTTP_409_CONFLICT,
                )
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("", MentorRegistrationRoute.as_view(), name="register"),
    path("requests/", MentorRequestsRoute.as_view(), name="requests"),
    path("requests/<str:id>/", MentorRequestRoute.as_view(), name="request"),
]
