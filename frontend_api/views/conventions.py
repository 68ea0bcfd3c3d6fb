"""What every endpoint shares: Wagtail's listing conventions, with bad input answered by a
400 that names the parameter, and the request's locale and audience."""

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError

from frontend_api import audience, locales
from frontend_api.errors import ParameterError

PAGINATION_PARAMETERS = ("limit", "offset")


class ListingConventionsMixin:
    #: query parameters this endpoint adds to Wagtail's
    extra_parameters = frozenset()

    @property
    def audience(self):
        if not hasattr(self, "_audience"):
            self._audience = audience.Audience.from_query(self.request.GET)
        return self._audience

    @property
    def locale_code(self):
        if not hasattr(self, "_locale_code"):
            self._locale_code = locales.requested_locale(self.request)
        return self._locale_code

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_pagination_parameters()
        self.check_order_parameter()
        # parse now, so a bad value is a 400 whatever the endpoint goes on to do
        self.audience  # noqa: B018
        self.locale_code  # noqa: B018
        locales.wants_fallback(request)

    def check_pagination_parameters(self):
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        for name, upper in (("limit", limit_max), ("offset", None)):
            if name not in self.request.GET:
                continue
            value = self.request.GET[name]
            allowed = f"0-{upper}" if upper else "0 or more"
            if not value.isdigit() or (upper is not None and int(value) > upper):
                raise ParameterError(
                    name, f"{name} must be a whole number, {allowed}", allowed=[allowed]
                )

    def orderable_fields(self):
        return self.get_available_fields(self.get_queryset().model, db_fields_only=True)

    def check_order_parameter(self):
        if "order" not in self.request.GET:
            return
        fields = set(self.orderable_fields())
        for name in self.request.GET["order"].split(","):
            if name != "random" and name.removeprefix("-") not in fields:
                raise ParameterError(
                    "order",
                    f"cannot order by '{name}'",
                    allowed=[*sorted(fields), "random"],
                )

    def check_query_parameters(self, queryset):
        known = (
            set(self.get_available_fields(queryset.model, db_fields_only=True))
            | set(self.known_query_parameters)
            | set(audience.PARAMETERS)
            | {"fallback"}
            | set(self.extra_parameters)
        )
        unknown = sorted(set(self.request.GET) - known)
        if unknown:
            raise ParameterError(
                unknown[0],
                "query parameter is not an operation or a recognised field: " + ", ".join(unknown),
                allowed=sorted(known - {"_", "format"}),
            )

    def get_serializer_class(self):
        try:
            return super().get_serializer_class()
        except ParameterError:
            raise
        except BadRequestError as error:
            model = (
                self.get_queryset().model
                if self.action == "listing_view"
                else type(self.get_object())
            )
            raise ParameterError(
                "fields", str(error), allowed=self.get_available_fields(model)
            ) from error

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["locale"] = self.locale_code
        context["audience"] = self.audience
        return context

    def handle_exception(self, exc):
        if isinstance(exc, ParameterError):
            return Response(exc.as_data(), status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, BadRequestError):
            return Response(
                {"message": str(exc), "parameter": _parameter_of(str(exc))},
                status=status.HTTP_400_BAD_REQUEST,
            )
        response = super().handle_exception(exc)
        if isinstance(exc, APIException):
            # one error shape for the whole API: {"message": …}
            response.data = {"message": str(exc.detail)}
        return response


# Wagtail's own filters raise a bare BadRequestError; these are the parameters they mean.
_MESSAGE_PARAMETERS = (
    ("random ordering", "order"),
    ("cannot order by", "order"),
    ("child_of", "child_of"),
    ("parent page", "child_of"),
    ("descendant_of", "descendant_of"),
    ("ancestor page", "descendant_of"),
    ("ancestor_of", "ancestor_of"),
    ("descendant page", "ancestor_of"),
    ("translation_of", "translation_of"),
    ("type doesn't exist", "type"),
    ("search", "search"),
    ("site", "site"),
    ("rich_text_format", "rich_text_format"),
)


def _parameter_of(message):
    for start, parameter in _MESSAGE_PARAMETERS:
        if start in message:
            return parameter
    if message.startswith("field filter error"):
        return message.split(" for ")[-1].split(" ")[0]
    return None
