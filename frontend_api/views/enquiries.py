"""Questions to the municipality: `POST /api/v2/enquiries/` (anyone; a newcomer's session,
if sent, ties the enquiry to their account) and the signed-in newcomer's own,
`GET /api/v2/me/enquiries/` and `/api/v2/me/enquiries/<id>/`.

The receipt names no id: nothing here reaches an enquiry but its own account's session.
None of it is cached (`caching.NEVER_CACHED_PREFIXES`)."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from directory.throttling import AddressRateThrottle
from frontend_api import locales
from frontend_api.auth import IsSignedIn
from frontend_api.errors import ParameterError
from frontend_api.serializers.enquiries import (
    EnquiryListSerializer,
    EnquiryReceiptSerializer,
    EnquiryRequestSerializer,
    EnquirySerializer,
)
from frontend_api.serializers.errors import ErrorSerializer, ParameterErrorSerializer
from frontend_api.views.associations import RETRY_AFTER
from frontend_api.views.conventions import MAX_ID
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
from newcomers import enquiries
from newcomers.models import Enquiry

TAGS = ["enquiries"]


class EnquiryRateThrottle(AddressRateThrottle):
    scope = "enquiry"
    setting = "ENQUIRY_RATE"


class EnquiryCreateRoute(MeRoute):
    """Ask the municipality a question; it goes to the contact of its topic, and the answer
    comes by e-mail in `language`."""

    throttle_classes = [EnquiryRateThrottle]

    @extend_schema(
        tags=TAGS,
        operation_id="enquiries_create",
        request=EnquiryRequestSerializer,
        parameters=[LOCALE, RETRY_AFTER],
        responses={
            201: EnquiryReceiptSerializer,
            400: BAD_BODY,
            401: SIGNED_OUT,
            415: NOT_JSON,
            429: TOO_MANY,
        },
        auth=[{"newcomerSession": []}, {}],
    )
    def post(self, request):
        with translation.override(locales.requested_locale(request)):
            data, error = validated(EnquiryRequestSerializer, request)
            if error:
                return error
            session = request.auth
            enquiry = enquiries.submit(
                self.site, **data, account=session.account if session else None
            )
            message = _(
                "Thank you. Your question is received and has gone to the right person; the "
                "answer comes by e-mail."
            )
        return Response(
            {
                "message": message,
                "topic": enquiry.topic,
                "language": enquiry.language,
                "received_at": enquiry.created_at,
            },
            status=status.HTTP_201_CREATED,
        )


def _own(route):
    return (
        Enquiry.objects.of_site(route.site)
        .filter(account=route.account)
        .prefetch_related("answers")
    )


def _body(enquiry):
    return {
        "id": enquiry.pk,
        "topic": enquiry.topic,
        "language": enquiry.language,
        "message": enquiry.message,
        "status": enquiry.status,
        "created_at": enquiry.created_at,
        "first_answered_at": enquiry.first_answered_at,
        "closed_at": enquiry.closed_at,
        "answers": [{"text": a.text, "sent_at": a.sent_at} for a in enquiry.answers.all()],
    }


class MyEnquiriesRoute(MeRoute):
    """The signed-in newcomer's enquiries, newest first, with the answers sent."""

    permission_classes = [IsSignedIn]

    @extend_schema(
        tags=["me"],
        operation_id="me_enquiries_list",
        responses={200: EnquiryListSerializer, 400: BAD_PARAMETER, 401: SIGNED_OUT},
    )
    def get(self, request):
        return Response({"items": [_body(enquiry) for enquiry in _own(self)]})


class MyEnquiryRoute(MeRoute):
    """One of the signed-in newcomer's enquiries (another's is a 404)."""

    permission_classes = [IsSignedIn]

    @extend_schema(
        tags=["me"],
        operation_id="me_enquiries_retrieve",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses={
            200: EnquirySerializer,
            400: OpenApiResponse(
                ParameterErrorSerializer,
                description="An id that is no whole number, or a query parameter the route "
                "does not take.",
            ),
            401: SIGNED_OUT,
            404: OpenApiResponse(ErrorSerializer, description="None of yours has this id."),
        },
    )
    def get(self, request, pk):
        if not pk.isdigit() or int(pk) > MAX_ID:
            raise ParameterError("id", "id must be a whole number")
        return Response(_body(get_object_or_404(_own(self), pk=int(pk))))


urlpatterns = [
    path("enquiries/", EnquiryCreateRoute.as_view(), name="create"),
    path("me/enquiries/", MyEnquiriesRoute.as_view(), name="mine"),
    path("me/enquiries/<str:pk>/", MyEnquiryRoute.as_view(), name="mine_detail"),
]
