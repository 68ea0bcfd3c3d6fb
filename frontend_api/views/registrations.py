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
from rest_framework.exceptions import ParseError, Throttled
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from directory.throttling import AddressRateThrottle
from events import registrations
from events.models import EventPage
from frontend_api import locales
from frontend_api.serializers.errors import ErrorSerializer, ParameterErrorSerializer
from frontend_api.serializers.registrations import (
    RegistrationErrorSerializer,
    RegistrationRequestSerializer,
    RegistrationResultSerializer,
)
from frontend_api.views.base import ExtraRoute
from frontend_api.views.conventions import MAX_ID, is_whole_number
from frontend_api.visibility import public_pages


class RegistrationRateThrottle(AddressRateThrottle):
    scope = "event_registration"
    setting = "REGISTRATION_RATE"


def _error(errors, code=status.HTTP_400_BAD_REQUEST):
    return Response(
        {"message": _("The registration has errors; see each field."), "errors": errors},
        status=code,
    )


class RegistrationsView(ExtraRoute):
    """Register for one date: confirmed while seats are free, else on the waiting list. The
    registrant gets an e-mail with a private link to cancel."""

    throttle_classes = [RegistrationRateThrottle]
    parser_classes = [JSONParser]
    parameters = frozenset({"locale", "_"})

    def throttled(self, request, wait):
        raise Throttled(wait, detail=_("Too many registrations from here. Try again later."))

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
                    serializers=[RegistrationErrorSerializer, ParameterErrorSerializer],
                    resource_type_field_name=None,
                ),
                description="Bad input in the body, named per field in `errors` (`event` when the "
                "event does not take registrations here, `occurrence` for a date that is past or "
                "does not exist); or a bad query parameter, named in `parameter`.",
            ),
            404: OpenApiResponse(ErrorSerializer, description="No such event."),
            415: OpenApiResponse(ErrorSerializer, description="The body is not application/json."),
            429: OpenApiResponse(
                ErrorSerializer,
                description="Too many registrations from this address; see Retry-After.",
            ),
        },
    )
    def post(self, request, id):
        with translation.override(locales.requested_locale(request)):
            event = self._event(request, id)
            if event is None:
                return Response({"message": _("No such event.")}, status=status.HTTP_404_NOT_FOUND)
            data, errors = self._body(request, event)
            if errors:
                return _error(errors)
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
        return public_pages(request, EventPage).filter(pk=int(id)).select_related("locale").first()

    def _body(self, request, event):
        """(the registration asked for, None) or (None, the errors per field)."""
        try:
            body = request.data
        except ParseError:
            body = None
        if not isinstance(body, dict):
            return None, {"body": [_("The body must be a JSON object.")]}
        if not registrations.takes_registrations(event):
            return None, {"event": [_("This event does not take registrations here.")]}
        serializer = RegistrationRequestSerializer(data=body)
        errors = dict(serializer.errors) if not serializer.is_valid() else {}
        for name in sorted(set(body) - set(serializer.fields)):
            errors[name] = [_("Unknown field.")]
        if errors:
            return None, {name: [str(m) for m in messages] for name, messages in errors.items()}
        return serializer.validated_data, None

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
