"""`POST /api/v2/events/<id>/registrations/`: seats on one date of an event that takes
registrations here, or a place on its waiting list. Rate-limited per client address
(REGISTRATION_RATE)."""

from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, Throttled
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.throttling import AddressRateThrottle
from events import registrations
from events.models import EventPage
from frontend_api import locales
from frontend_api.errors import ParameterError
from frontend_api.serializers.registrations import (
    RegistrationErrorSerializer,
    RegistrationMessageSerializer,
    RegistrationParameterErrorSerializer,
    RegistrationRequestSerializer,
    RegistrationResultSerializer,
)
from frontend_api.views.conventions import MAX_ID, is_whole_number
from frontend_api.visibility import public_pages


class RegistrationRateThrottle(AddressRateThrottle):
    scope = "event_registration"
    setting = "REGISTRATION_RATE"


class BadBody(Exception):
    def __init__(self, errors):
        self.errors = errors


def _error(errors, code=status.HTTP_400_BAD_REQUEST):
    return Response(
        {"message": _("The registration has errors; see each field."), "errors": errors},
        status=code,
    )


class EventRegistrationsEndpoint(APIView):
    """Register for one date: confirmed while seats are free, else on the waiting list. The
    registrant gets an e-mail with a private link to cancel."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = [RegistrationRateThrottle]
    parser_classes = [JSONParser]

    def handle_exception(self, exc):
        if isinstance(exc, ParameterError):
            return Response(exc.as_data(), status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, BadBody):
            return _error(exc.errors)
        if isinstance(exc, ParseError):
            return _error({"body": [_("The body must be a JSON object.")]})
        response = super().handle_exception(exc)
        if isinstance(exc, Throttled):
            response.data = {"message": _("Too many registrations from here. Try again later.")}
        elif isinstance(exc, APIException):
            response.data = {"message": str(exc.detail)}
        return response

    @extend_schema(
        tags=["events"],
        operation_id="events_registrations_create",
        request=RegistrationRequestSerializer,
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH),
            OpenApiParameter(
                "locale", str, enum=["da", "en", "de"], description="The language of the messages."
            ),
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                description="Seconds to wait before trying again.",
                response=[429],
            ),
        ],
        responses={
            201: RegistrationResultSerializer,
            400: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="RegistrationBadRequest",
                    serializers=[RegistrationErrorSerializer, RegistrationParameterErrorSerializer],
                    resource_type_field_name=None,
                ),
                description="Bad input in the body, named per field in `errors` (`event` when the "
                "event does not take registrations here, `occurrence` for a date that is past or "
                "does not exist); or a bad query parameter, named in `parameter`.",
            ),
            404: OpenApiResponse(RegistrationMessageSerializer, description="No such event."),
            415: OpenApiResponse(
                RegistrationMessageSerializer, description="The body is not application/json."
            ),
            429: OpenApiResponse(
                RegistrationMessageSerializer,
                description="Too many registrations from this address; see Retry-After.",
            ),
        },
    )
    def post(self, request, id):
        unknown = sorted(set(request.GET) - {"locale"})
        if unknown:
            raise ParameterError(unknown[0], "unknown query parameter", allowed=["locale"])
        with translation.override(locales.requested_locale(request)):
            event = self._event(request, id)
            if event is None:
                return Response({"message": _("No such event.")}, status=status.HTTP_404_NOT_FOUND)
            data = self._body(request, event)
            with translation.override(data["language"]):
                try:
                    start = registrations.find_occurrence(event, data["occurrence"])
                    outcome = registrations.register(
                        event,
                        start,
                        name=data["name"],
                        email=data["email"],
                        seats=data["seats"],
                        language=data["language"],
                        consent=data["consent"],
                    )
                except registrations.RegistrationError as error:
                    return _error({error.field: [str(error.message)]})
                return Response(
                    self._result(event, start, outcome),
                    status=status.HTTP_201_CREATED,
                    headers={"Content-Language": data["language"]},  # its message's language
                )

    def _event(self, request, id):
        # the route takes any id, so that a malformed one gets this API's JSON 404
        if not is_whole_number(id) or int(id) > MAX_ID:
            return None
        return (
            EventPage.objects.filter(pk=int(id), pk__in=public_pages(request).values("pk"))
            .select_related("locale")
            .first()
        )

    def _body(self, request, event):
        if not isinstance(request.data, dict):
            raise BadBody({"body": [_("The body must be a JSON object.")]})
        if not registrations.takes_registrations(event):
            raise BadBody({"event": [_("This event does not take registrations here.")]})
        serializer = RegistrationRequestSerializer(data=request.data)
        errors = dict(serializer.errors) if not serializer.is_valid() else {}
        for name in sorted(set(request.data) - set(serializer.fields)):
            errors[name] = [_("Unknown field.")]
        if errors:
            raise BadBody({name: [str(m) for m in messages] for name, messages in errors.items()})
        return serializer.validated_data

    def _result(self, event, start, outcome):
        registration = outcome.registration
        if outcome.position is None:
            message = _("Your seats are confirmed. We have sent you an e-mail.")
        else:
            message = _(
                "The event is full: you are number %(position)s on the waiting list. We have "
                "sent you an e-mail."
            ) % {"position": outcome.position}
        return {
            "id": registration.pk,
            "event": event.pk,
            "occurrence": start.isoformat(),
            "seats": registration.seats,
            "status": registration.status,
            "position": outcome.position,
            "message": message,
        }
