"""The directory of associations: published entries, each with its texts in the asked
language where the association wrote them in it, else in Danish (`meta.locale` says which,
`meta.fallback` is true when Danish stands in; `fallback=false` leaves such entries out).

`search` is Danish full text (stemmed) over the name, descriptions and activities in every
language on PostgreSQL, every word somewhere in them elsewhere. Of the audience parameters
only `children=0` narrows: it leaves out associations only for children and youth (entries
are tagged with age groups, not origins). Each item carries its schema.org `Organization`
as `json_ld`.

Associations write their entries through `submissions/` (confirmed by e-mail, then approved
by a coordinator) and ask for a new private edit link through `edit-link/`. Each
municipality has its own directory: the host's is served, and a submission is the host's."""

import json

from django.http import QueryDict
from django.urls import path
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
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from directory import moderation
from directory.forms import AssociationForm, EditLinkForm, with_current_names
from directory.models import Association
from directory.throttling import EditLinkRateThrottle, SubmissionRateThrottle
from frontend_api import locales
from frontend_api.schema import catalogue
from frontend_api.serializers.directory import (
    AUDIENCE_CODES,
    CATEGORY_CODES,
    LANGUAGE_CODES,
    AssociationSerializer,
    EditLinkRequestSerializer,
    MessageSerializer,
    SubmissionErrorSerializer,
    SubmissionSerializer,
)
from frontend_api.serializers.errors import ErrorSerializer, ParameterErrorSerializer
from frontend_api.views.base import Endpoint, ExtraRoute

#: the form's fee fields, which the API shows as one `fee` object
FEE_FIELDS = {"fee_free": "free", "fee_min": "min", "fee_max": "max"}
#: the body's keys that hold lists (repeated fields in a multipart body)
LIST_KEYS = ("categories", "audiences", "languages")


class AssociationsEndpoint(Endpoint):
    model = Association
    serializer_class = AssociationSerializer
    filters = (
        catalogue.Codes("category", "categories", CATEGORY_CODES, "Any of these categories."),
        catalogue.Codes("audience", "audiences", AUDIENCE_CODES, "For any of these age groups."),
        catalogue.Codes(
            "language", "languages", LANGUAGE_CODES, "Any of these languages is spoken."
        ),
        catalogue.Community(),
        catalogue.Flag(
            "newcomer_friendly",
            "Newcomers and internationals especially welcome",
            lambda queryset, value: queryset.filter(newcomer_friendly=value),
        ),
        catalogue.Flag("free", "Free of charge", lambda queryset, value: queryset.free(value)),
        catalogue.Near(),
    )
    order_fields = ("name", "id")
    default_order = ("name", "id")
    searchable = True
    localised = True

    @classmethod
    def extra_urlpatterns(cls):
        return [
            path("submissions/", SubmissionRoute.as_view(), name="submissions"),
            path("edit-link/", EditLinkRoute.as_view(), name="edit_link"),
        ]

    def get_queryset(self):
        return Association.objects.public().of_site(self.site)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset).for_audience(self.audience)
        return queryset if self.fallback else queryset.written_in(self.locale_code)

    def search_queryset(self, queryset, text):
        return queryset.search(text)

    def item_language(self, association):
        return association.texts_language(self.locale_code)

    def detail_view(self, request, pk):
        # `Content-Language` is the language its texts are served in, as `meta.locale` says
        association = self.get_object()
        headers = {"Content-Language": self.item_language(association)}
        return Response(self.serialize(association), headers=headers)


def form_data(data):
    """The API's body as the form's data: `fee` as the form's three fields."""
    if isinstance(data, QueryDict):
        flat = {key: data.getlist(key) for key in data}
        data = {key: values if key in LIST_KEYS else values[-1] for key, values in flat.items()}
    data = with_current_names(data)  # `lat`, `lon`: the coordinates' old names
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


def form_errors(form):
    """A 400 naming every bad field (the fee's three as `fee`), in the active language."""
    errors = {}
    for field, messages in form.errors.items():
        name = "fee" if field in FEE_FIELDS else field
        errors.setdefault(name, []).extend(messages)
    return bad_body(_("The entry has errors; see each field."), errors)


def bad_body(message, errors):
    return Response({"message": message, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


def body(request):
    """The request's body as a mapping, or None when it is not a JSON object (or a form)."""
    try:
        data = request.data
    except ParseError:
        return None
    return data if isinstance(data, dict) else None


def not_an_object():
    return bad_body(_("The body must be a JSON object."), {})


LOCALE = OpenApiParameter(
    "locale",
    str,
    enum=["da", "en", "de"],
    description="The language of the answer's messages (and of the e-mails).",
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    description="Seconds to wait before trying again.",
    response=[429],
)


def bad_request(what):
    return OpenApiResponse(
        PolymorphicProxySerializer(
            component_name="AssociationBadRequest",
            serializers=[SubmissionErrorSerializer, ParameterErrorSerializer],
            resource_type_field_name=None,
        ),
        description=f"{what}, named per field in `errors` (empty when the body is not an "
        "object); or a bad query parameter, named in `parameter`.",
    )


TOO_MANY = OpenApiResponse(
    ErrorSerializer, description="Too many requests from this address; see Retry-After."
)


class WriteRoute(ExtraRoute):
    """A public write: the messages in the asked language, rate-limited per address."""

    parameters = frozenset({"_", "locale"})

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.language = locales.requested_locale(request)


class SubmissionRoute(WriteRoute):
    """A new entry: kept until its e-mail is confirmed by the link we send, then waiting
    for the coordinator. Rate-limited per address; a filled-in `nickname` (a honeypot)
    gets the same answer and is dropped."""

    throttle_classes = [SubmissionRateThrottle]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        tags=["associations"],
        request={
            "application/json": SubmissionSerializer,
            "multipart/form-data": SubmissionSerializer,
        },
        parameters=[LOCALE, RETRY_AFTER],
        responses={
            202: MessageSerializer,
            400: bad_request("Bad input in the entry"),
            429: TOO_MANY,
        },
    )
    def post(self, request):
        data = body(request)
        if data is None:
            return not_an_object()
        with translation.override(self.language):
            # the host's municipality's entry, meeting in one of its communities
            form = AssociationForm(data=form_data(data), files=request.FILES, site=self.site)
            if not form.is_spam:
                if not form.is_valid():
                    return form_errors(form)
                moderation.submit(form, self.language, site=self.site)
            message = _("Thank you. Open the link we have e-mailed you to confirm the entry.")
        return Response({"message": message}, status=status.HTTP_202_ACCEPTED)


class EditLinkRoute(WriteRoute):
    """A new private edit link, e-mailed to the host's municipality's entries with this
    address. The answer is the same whether the address is known or not."""

    throttle_classes = [EditLinkRateThrottle]
    parser_classes = [JSONParser]

    @extend_schema(
        tags=["associations"],
        request=EditLinkRequestSerializer,
        parameters=[LOCALE, RETRY_AFTER],
        responses={
            202: MessageSerializer,
            400: bad_request("A bad address"),
            429: TOO_MANY,
        },
    )
    def post(self, request):
        data = body(request)
        if data is None:
            return not_an_object()
        with translation.override(self.language):
            form = EditLinkForm(data=data)
            if not form.is_valid():
                return form_errors(form)
            if not form.cleaned_data["nickname"]:
                moderation.send_edit_links(form.cleaned_data["email"], site=self.site)
            message = _("If an entry has this e-mail address, a new link is on its way.")
        return Response({"message": message}, status=status.HTTP_202_ACCEPTED)
