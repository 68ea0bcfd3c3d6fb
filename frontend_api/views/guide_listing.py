"""What the guide's own listings share (they are not on Wagtail's router): the listing shape,
`limit`/`offset`, `locale` with the Danish fallback, the audience parameters, and a 400 naming
any parameter not understood."""

from django.conf import settings
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from frontend_api import audience, locales
from frontend_api.errors import FALSE, TRUE, ParameterError
from frontend_api.serializers.guide import GuideParameterErrorSerializer
from frontend_api.views.conventions import ListingConventionsMixin
from guide.audience import HOUSEHOLD_CODES

COMMON_PARAMETERS = ("limit", "offset", "locale", "fallback", *audience.PARAMETERS)


class GuideListingView(APIView):
    #: this endpoint's own query parameters
    parameters = ()
    item_serializer = None
    authentication_classes = []
    permission_classes = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        known = {*COMMON_PARAMETERS, *self.parameters}
        unknown = sorted(set(request.GET) - known)
        if unknown:
            raise ParameterError(
                unknown[0], "unknown query parameter(s): " + ", ".join(unknown), sorted(known)
            )
        ListingConventionsMixin.check_pagination_parameters(self)
        self.locale_code = locales.requested_locale(request)
        self.fallback = locales.wants_fallback(request)
        self.audience = audience.Audience.from_query(request.GET)

    def localise(self, queryset):
        return locales.localise(queryset, self.locale_code, self.fallback)

    def get(self, request):
        items = self.get_items()
        offset = int(request.GET.get("offset", 0))
        limit = int(request.GET.get("limit", self.default_limit))
        page = items[offset : offset + limit]
        context = {"request": request, "locale": self.locale_code}
        with translation.override(self.locale_code):  # labels (topics, groups) in it too
            data = self.item_serializer(page, many=True, context=context).data
        return Response(
            {
                "meta": {"total_count": len(items) if isinstance(items, list) else items.count()},
                "items": data,
            }
        )

    default_limit = 20

    def handle_exception(self, exc):
        if isinstance(exc, ParameterError):
            return Response(exc.as_data(), status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


def documented_parameters(own=()):
    """The OpenAPI parameters every guide listing takes, then `own`."""
    boolean = {"type": "string", "enum": [*TRUE, *FALSE]}
    return [
        OpenApiParameter(
            "limit",
            {"type": "integer", "minimum": 0, "maximum": settings.WAGTAILAPI_LIMIT_MAX},
            description=f"How many items to return, at most {settings.WAGTAILAPI_LIMIT_MAX}.",
        ),
        OpenApiParameter(
            "offset", {"type": "integer", "minimum": 0}, description="How many items to skip."
        ),
        OpenApiParameter(
            "locale",
            {"type": "string", "enum": locales.supported()},
            description="The language (else Accept-Language, else Danish).",
        ),
        OpenApiParameter(
            "fallback",
            boolean,
            description="Danish items stand in for missing translations (default true).",
        ),
        OpenApiParameter(
            "origin",
            {"type": "string", "enum": list(audience.ORIGIN_PARAMETER_VALUES)},
            description="Where the newcomer comes from.",
        ),
        *(
            OpenApiParameter(flag, boolean, description=f"Household: {flag} (1 or 0).")
            for flag in HOUSEHOLD_CODES
        ),
        *own,
    ]


BAD_PARAMETER = OpenApiResponse(
    GuideParameterErrorSerializer, description="A parameter is not valid."
)
