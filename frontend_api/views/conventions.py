"""What every endpoint shares: Wagtail's listing conventions, with bad input answered by a
400 that names the parameter, and the request's site (municipality), locale and audience."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError

from frontend_api import audience, locales, visibility
from frontend_api.errors import ParameterError
from frontend_api.pagination import Pagination

SEARCH_OPERATORS = ("and", "or")
RICH_TEXT_FORMATS = ("db_html",)


def request_site(request):
    """The site (municipality) the API serves this request: Wagtail's resolution of the Host
    header (else the default site), read once per request (and kept by content version:
    `visibility.request_site`); a 404 when there is none."""
    site = visibility.request_site(request)
    if site is None:
        raise Http404("no municipality is served at this host")
    return site


class ListingConventionsMixin:
    pagination_class = Pagination
    #: query parameters this endpoint adds to Wagtail's
    extra_parameters = frozenset()

    @property
    def site(self):
        return request_site(self.request)

    @property
    def audience(self):
        if not hasattr(self, "_audience"):
            self._audience = audience.from_query(self.request.GET)
        return self._audience

    @property
    def locale_code(self):
        if not hasattr(self, "_locale_code"):
            self._locale_code = locales.requested_locale(self.request)
        return self._locale_code

    def get_renderer_context(self):
        # Wagtail indents its JSON by 4, which also makes `json` fall back from its C
        # encoder to the pure-Python one: a third of a listing's time, and a larger body.
        # Compact JSON is the same document; `Accept: application/json; indent=4` still
        # asks for it indented.
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if "site" not in request.GET:  # the pages' `?site=` names a site of its own
            self.site  # noqa: B018
        self.check_pagination_parameters()
        self.check_order_parameter()
        self.check_search_operator()
        # parse now, so a bad value is a 400 whatever the endpoint goes on to do
        self.audience  # noqa: B018
        self.locale_code  # noqa: B018
        locales.wants_fallback(request)

    @classmethod
    def get_urlpatterns(cls):
        return [*super().get_urlpatterns(), cls.bad_id_pattern()]

    @classmethod
    def bad_id_pattern(cls):
        """`<endpoint>/abc/`: a 400 naming the id (last: every other route comes first)."""
        return path("<str:pk>/", cls.as_view({"get": "bad_id_view"}), name="bad_id")

    def bad_id_view(self, request, pk):
        raise ParameterError("id", "id must be a whole number")

    def check_pagination_parameters(self):
        Pagination.limits(self.request)

    def resolve_rich_text_format(self):
        # Rendered formats expand links to hidden pages and restricted documents (Wagtail's
        # link handlers do not check visibility): only the stored form, with ids, is served.
        value = self.request.GET.get("rich_text_format", RICH_TEXT_FORMATS[0])
        if value not in RICH_TEXT_FORMATS:
            raise ParameterError(
                "rich_text_format", f"unsupported rich text format '{value}'", RICH_TEXT_FORMATS
            )
        return super().resolve_rich_text_format()

    def check_search_operator(self):
        operator = self.request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise ParameterError(
                "search_operator", f"unknown search operator '{operator}'", SEARCH_OPERATORS
            )

    def find_object(self, queryset, request):
        if "id" in request.GET and not is_whole_number(request.GET["id"]):
            raise ParameterError("id", "id must be a whole number")
        return super().find_object(queryset, request)

    def get_object(self):
        if int(self.kwargs.get(self.lookup_field, 0)) > MAX_ID:
            raise Http404("not found")
        return super().get_object()

    def filter_queryset(self, queryset):
        try:
            return super().filter_queryset(queryset)
        except (ValueError, TypeError, ValidationError) as error:
            # a field filter whose value does not fit the field (a date, a decimal, an id)
            field = next(
                (name for name in self.request.GET if name in self.filterable_fields()), None
            )
            raise ParameterError(field, f"{field}: not a valid value ({error})") from error

    def filterable_fields(self):
        return set(self.get_available_fields(self.get_queryset().model, db_fields_only=True))

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
        # past Wagtail's own, which answers a bad parameter without naming it
        return APIView.handle_exception(self, exc)


MAX_ID = 2**63 - 1


def is_whole_number(value):
    return value.isascii() and value.isdigit()
