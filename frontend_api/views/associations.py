"""`/api/v2/associations/`: the directory of associations in Wagtail's listing shape, and
the public writes: a new entry or a request for a new edit link."""

import json

from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from directory import moderation
from directory.forms import AssociationForm, EditLinkForm
from directory.models import Association
from directory.models.choices import AUDIENCES, CATEGORIES, LANGUAGES
from directory.throttling import EditLinkRateThrottle, SubmissionRateThrottle
from frontend_api import audience, locales
from frontend_api.errors import ParameterError, boolean_parameter
from frontend_api.invalidation import own_id
from frontend_api.serializers.directory import (
    AssociationSerializer,
    BadParameterSerializer,
    EditLinkRequestSerializer,
    MessageSerializer,
    SubmissionErrorSerializer,
    SubmissionSerializer,
)
from frontend_api.views.conventions import MAX_ID, MAX_OFFSET, is_whole_number

DEFAULT_LIMIT = 20
MAX_RADIUS_KM = 500
DEFAULT_RADIUS_KM = 10
#: the form's fee fields, which the API shows as one `fee` object
FEE_FIELDS = {"fee_free": "free", "fee_min": "min", "fee_max": "max"}


class DirectoryEndpoint(GenericAPIView):
    """What the directory's endpoints share: the 400 shape, and `limit`/`offset`/`order`
    over a queryset, answered as `{"meta": {"total_count"}, "items"}`."""

    filters = frozenset()
    order_fields = ("name", "id")
    default_order = ("name", "id")
    authentication_classes = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.locale = locales.requested_locale(request)

    def handle_exception(self, exc):
        if isinstance(exc, ParameterError):
            return Response(exc.as_data(), status=status.HTTP_400_BAD_REQUEST)
        response = super().handle_exception(exc)
        if isinstance(exc, APIException):
            response.data = {"message": str(exc.detail)}
        return response

    @property
    def known_parameters(self):
        return {"limit", "offset", "order", "locale", *self.filters}

    def check_parameters(self, params):
        unknown = sorted(set(params) - self.known_parameters)
        if unknown:
            raise ParameterError(
                unknown[0],
                "query parameter is not an operation or a recognised field: " + ", ".join(unknown),
                allowed=sorted(self.known_parameters),
            )
        for name, upper in (("limit", settings.WAGTAILAPI_LIMIT_MAX), ("offset", MAX_OFFSET)):
            value = params.get(name)
            if value is not None and (not is_whole_number(value) or int(value) > upper):
                raise ParameterError(name, f"{name} must be a whole number, 0-{upper}")

    def ordering(self, params, queryset):
        if "order" not in params:
            return queryset.order_by(*self.default_order)
        names = params["order"].split(",")
        allowed = [*self.order_fields, *(f"-{name}" for name in self.order_fields)]
        for name in names:
            if name not in allowed:
                raise ParameterError("order", f"cannot order by '{name}'", allowed=allowed)
        return queryset.order_by(*names, "id")

    def listing(self, queryset, context):
        params = self.request.GET
        limit = int(params.get("limit", DEFAULT_LIMIT))
        offset = int(params.get("offset", 0))
        total = queryset.count()
        page = list(queryset[offset : offset + limit]) if limit else []
        items = self.get_serializer(page, many=True, context=context).data
        return Response({"meta": {"total_count": total}, "items": items})

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "locale": self.locale}


def code_parameter(params, name, choices):
    if name not in params:
        return None
    value = params[name]
    codes = [code for code, _label in choices]
    if value not in codes:
        raise ParameterError(name, f"unknown {name} '{value}'", allowed=codes)
    return value


def number_parameter(value, name, low, high):
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ParameterError(name, f"{name} must be a number, {low} to {high}")
    return number


LISTING_PARAMETERS = [
    OpenApiParameter("limit", int, description="items per page (default 20, at most 100)"),
    OpenApiParameter("offset", int),
    OpenApiParameter("order", str, description="name, id, -name or -id (default: name)"),
    OpenApiParameter("locale", str, enum=["da", "en", "de"]),
]


@extend_schema_view(get=extend_schema(operation_id="associations_list"))
@extend_schema(
    tags=["associations"],
    parameters=[
        *LISTING_PARAMETERS,
        OpenApiParameter("search", str, description="words; Danish stemming on PostgreSQL"),
        OpenApiParameter("category", str, enum=[code for code, _label in CATEGORIES]),
        OpenApiParameter("audience", str, enum=[code for code, _label in AUDIENCES]),
        OpenApiParameter("language", str, enum=[code for code, _label in LANGUAGES]),
        OpenApiParameter("community", int, description="a community page id, any language"),
        OpenApiParameter("newcomer_friendly", bool),
        OpenApiParameter("free", bool, description="free of charge"),
        OpenApiParameter("near", str, description="lat,lon: nearest first, within `radius`"),
        OpenApiParameter("radius", float, description="km around `near` (default 10)"),
        OpenApiParameter("origin", str, enum=["denmark", "nordic", "eu", "non_eu", "abroad"]),
        *(OpenApiParameter(flag, bool) for flag in audience.HOUSEHOLD_CODES),
    ],
    responses={
        200: inline_serializer(
            "AssociationListing",
            {
                "meta": inline_serializer(
                    "ListingMeta", {"total_count": serializers.IntegerField()}
                ),
                "items": AssociationSerializer(many=True),
            },
        ),
        400: BadParameterSerializer,
    },
)
class AssociationsEndpoint(DirectoryEndpoint):
    """Published associations. Entries are for everyone: the audience parameters (`origin`,
    household flags) are accepted, as on every endpoint, and change nothing."""

    serializer_class = AssociationSerializer
    filters = frozenset(
        {
            "search",
            "category",
            "audience",
            "language",
            "community",
            "newcomer_friendly",
            "free",
            "near",
            "radius",
            *audience.PARAMETERS,
        }
    )

    def get(self, request):
        params = request.GET
        self.check_parameters(params)
        audience.Audience.from_query(params)
        queryset = self.ordering(params, self.filter(params, Association.objects.public()))
        if "near" in params and "order" not in params:
            queryset = queryset.order_by("distance_km", "name", "id")
        return self.listing(queryset, self.get_serializer_context())

    def filter(self, params, queryset):
        for name, field, choices in (
            ("category", "categories", CATEGORIES),
            ("audience", "audiences", AUDIENCES),
            ("language", "languages", LANGUAGES),
        ):
            code = code_parameter(params, name, choices)
            if code:
                queryset = queryset.with_code(field, code)
        if "community" in params:
            if not is_whole_number(params["community"]) or int(params["community"]) > MAX_ID:
                raise ParameterError("community", "community must be a page id")
            queryset = queryset.in_community(int(params["community"]))
        welcome = boolean_parameter(params, "newcomer_friendly")
        if welcome is not None:
            queryset = queryset.filter(newcomer_friendly=welcome)
        free = boolean_parameter(params, "free")
        if free is not None:
            queryset = queryset.free(free)
        if params.get("search", "").strip():
            queryset = queryset.search(params["search"].strip()[:200])
        return self.near(params, queryset)

    def near(self, params, queryset):
        if "radius" in params and "near" not in params:
            raise ParameterError("radius", "radius needs near=lat,lon")
        if "near" not in params:
            return queryset
        parts = params["near"].split(",")
        if len(parts) != 2:
            raise ParameterError("near", "near must be lat,lon")
        lat = number_parameter(parts[0], "near", -90, 90)
        lon = number_parameter(parts[1], "near", -180, 180)
        radius = number_parameter(
            params.get("radius", str(DEFAULT_RADIUS_KM)), "radius", 0, MAX_RADIUS_KM
        )
        return queryset.near(lat, lon, radius)


@extend_schema_view(get=extend_schema(operation_id="associations_detail"))
@extend_schema(
    tags=["associations"],
    parameters=[LISTING_PARAMETERS[-1]],
    responses={
        200: AssociationSerializer,
        400: BadParameterSerializer,
        404: OpenApiResponse(description="No published entry has this id."),
    },
)
class AssociationDetailEndpoint(DirectoryEndpoint):
    serializer_class = AssociationSerializer
    detail_ids = {Association: own_id}  # what a CDN purge follows (frontend_api.invalidation)

    def get(self, request, pk):
        self.check_parameters(request.GET)
        association = Association.objects.public().filter(pk=min(pk, MAX_ID)).first()
        if association is None:
            return Response({"message": "not found"}, status=status.HTTP_404_NOT_FOUND)
        data = self.get_serializer(association).data
        # its texts are Danish when the association wrote none in the asked language
        language = locales.default() if data["fallback"] else self.locale
        return Response(data, headers={"Content-Language": language})

    @property
    def known_parameters(self):
        return {"locale"}


def form_data(data):
    """The API's body as the form's data: `fee` as the form's three fields."""
    if isinstance(data, QueryDict):
        flat = {key: data.getlist(key) for key in data}
        data = {key: values if key in LIST_KEYS else values[-1] for key, values in flat.items()}
    data = dict(data)
    fee = data.pop("fee", None)
    if isinstance(fee, str):
        try:
            fee = json.loads(fee)
        except ValueError:
            fee = None
    fee = fee if isinstance(fee, dict) else {}
    for field, key in FEE_FIELDS.items():
        data[field] = fee.get(key)
    return data


LIST_KEYS = ("categories", "audiences", "languages")


def error_body(form):
    errors = {}
    for field, messages in form.errors.items():
        name = "fee" if field in FEE_FIELDS else field
        errors.setdefault(name, []).extend(messages)
    return {"message": _("The entry has errors; see each field."), "errors": errors}


class SubmissionBodyMixin:
    parser_classes = [JSONParser, MultiPartParser]

    def body(self, request):
        if not isinstance(request.data, dict):
            raise NotAnObject
        return request.data

    def handle_exception(self, exc):
        if isinstance(exc, NotAnObject):
            return Response(
                {"message": _("The body must be a JSON object."), "errors": {}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return super().handle_exception(exc)


class NotAnObject(Exception):
    pass


@extend_schema(
    tags=["associations"],
    request={
        "application/json": SubmissionSerializer,
        "multipart/form-data": SubmissionSerializer,
    },
    parameters=[LISTING_PARAMETERS[-1]],
    responses={
        202: MessageSerializer,
        400: SubmissionErrorSerializer,
        429: MessageSerializer,
    },
)
class SubmissionEndpoint(SubmissionBodyMixin, DirectoryEndpoint):
    """A new entry: kept until its e-mail is confirmed by the link we send, then waiting
    for the coordinator. Rate-limited per address; a filled-in `nickname` (a honeypot)
    gets the same answer and is dropped."""

    throttle_classes = [SubmissionRateThrottle]
    serializer_class = SubmissionSerializer

    def post(self, request):
        self.check_parameters(request.GET)
        language = self.locale
        data = self.body(request)
        with translation.override(language):
            form = AssociationForm(data=form_data(data), files=request.FILES)
            if not form.is_spam:
                if not form.is_valid():
                    return Response(error_body(form), status=status.HTTP_400_BAD_REQUEST)
                moderation.submit(form, language)
            message = _("Thank you. Open the link we have e-mailed you to confirm the entry.")
        return Response({"message": message}, status=status.HTTP_202_ACCEPTED)

    @property
    def known_parameters(self):
        return {"locale"}


@extend_schema(
    tags=["associations"],
    request=EditLinkRequestSerializer,
    parameters=[LISTING_PARAMETERS[-1]],
    responses={202: MessageSerializer, 400: SubmissionErrorSerializer, 429: MessageSerializer},
)
class EditLinkEndpoint(SubmissionBodyMixin, DirectoryEndpoint):
    """A new private edit link, e-mailed to the entries with this address. The answer is
    the same whether the address is known or not."""

    throttle_classes = [EditLinkRateThrottle]
    serializer_class = EditLinkRequestSerializer
    parser_classes = [JSONParser]

    def post(self, request):
        self.check_parameters(request.GET)
        with translation.override(self.locale):
            form = EditLinkForm(data=self.body(request))
            if not form.is_valid():
                return Response(error_body(form), status=status.HTTP_400_BAD_REQUEST)
            if not form.cleaned_data["nickname"]:
                moderation.send_edit_links(form.cleaned_data["email"])
            message = _("If an entry has this e-mail address, a new link is on its way.")
        return Response({"message": message}, status=status.HTTP_202_ACCEPTED)

    @property
    def known_parameters(self):
        return {"locale"}
