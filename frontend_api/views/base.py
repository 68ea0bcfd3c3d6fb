"""`Endpoint`: the base of every endpoint whose items a fixed serializer shapes (the calendar,
the directory, the guide's listings), on Wagtail's router beside the page, image and document
endpoints, with the same conventions:

- `limit`/`offset` (one `Pagination`, over a queryset or a list built in Python), `fields`
  (`*`, `_`, `-name`), `order` (`order_fields`, `default_order`), `search` where the area has
  text, `locale` with the Danish fallback, the audience parameters, and the endpoint's own
  filters, each a `schema.catalogue` parameter;
- one item meta (`meta.type`, `meta.detail_url`, `meta.locale`, `meta.fallback`);
- one error shape (`frontend_api.errors.exception_handler`).

Extra routes (an iCalendar file, a form's POST) come from `get_urlpatterns()`.
"""

import functools

from django.http import Http404
from django.urls import path
from django.utils import translation
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import BaseAPIViewSet

from frontend_api import audience, fast_items, locales
from frontend_api.errors import ParameterError
from frontend_api.views.conventions import MAX_ID, ListingConventionsMixin, request_site

COMMON_PARAMETERS = frozenset({"fields", "locale", "fallback", "_", *audience.PARAMETERS})
LISTING_PARAMETERS = frozenset({"limit", "offset", "order"})


@functools.cache
def field_names(serializer_class):
    """The names of an item serializer's fields, in order: a function of its class (building
    a serializer copies all its fields), read once per process."""
    return tuple(serializer_class().fields)


class Endpoint(ListingConventionsMixin, BaseAPIViewSet):
    #: the serializer of one item (a `serializers.items.ItemSerializer`), and of the item
    #: a detail shows, where it has more (an event with its coming dates)
    serializer_class = None
    detail_serializer_class = None
    #: the fields a listing item has unless `fields` says otherwise (None: all of them)
    listing_default_fields = None
    #: catalogue parameters that narrow the listing (`schema.catalogue`)
    filters = ()
    #: what `order` accepts (each also as `-name`), and the order without it
    order_fields = ("id",)
    default_order = ("id",)
    #: whether `search` is offered (`search_queryset` does it)
    searchable = False
    #: whether items are in one language each (a Danish item stands in for a missing one)
    localised = False
    #: whether the endpoint has a detail route (`<id>/`)
    has_detail = True

    # --- routes ------------------------------------------------------------------------

    @classmethod
    def get_urlpatterns(cls):
        patterns = [path("", cls.as_view({"get": "listing_view"}), name="listing")]
        if cls.has_detail:
            patterns.append(path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"))
        return [*patterns, *cls.extra_urlpatterns(), cls.bad_id_pattern()]

    @classmethod
    def extra_urlpatterns(cls):
        return []

    # --- parameters --------------------------------------------------------------------

    @classmethod
    def listing_parameters(cls):
        """Every query parameter a listing accepts."""
        names = COMMON_PARAMETERS | LISTING_PARAMETERS
        names |= {name for parameter in cls.filters for name in parameter.names}
        if cls.searchable:
            names |= {"search"}
        return names

    @classmethod
    def detail_parameters(cls):
        return COMMON_PARAMETERS

    def check_query_parameters(self, queryset=None):
        allowed = (
            self.listing_parameters() if self.action == "listing_view" else self.detail_parameters()
        )
        unknown = sorted(set(self.request.GET) - allowed)
        if unknown:
            raise ParameterError(
                unknown[0],
                "query parameter is not an operation or a recognised field: " + ", ".join(unknown),
                allowed=sorted(allowed - {"_"}),
            )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_query_parameters()

    def check_order_parameter(self):
        self.ordering()

    def ordering(self):
        """The `order_by` of the listing: `order`'s fields, then the id."""
        if "order" not in self.request.GET:
            return [*self.default_order]
        allowed = [*self.order_fields, *(f"-{name}" for name in self.order_fields)]
        names = self.request.GET["order"].split(",")
        for name in names:
            if name not in allowed:
                raise ParameterError("order", f"cannot order by '{name}'", allowed=allowed)
        return [*names, *(["id"] if "id" not in {n.lstrip("-") for n in names} else [])]

    # --- listing and detail ------------------------------------------------------------

    def filter_queryset(self, queryset):
        for parameter in self.filters:
            value = parameter.parse(self.request.GET)
            if value is not None:
                queryset = parameter.apply(queryset, value, self)
        if self.searchable and self.request.GET.get("search", "").strip():
            queryset = self.search_queryset(queryset, self.request.GET["search"].strip()[:200])
        return queryset

    def search_queryset(self, queryset, text):
        raise NotImplementedError

    def order_items(self, queryset):
        if "near" in self.request.GET and "order" not in self.request.GET:
            return queryset.order_by("distance_km", *self.default_order)
        return queryset.order_by(*self.ordering())

    def listing_items(self, queryset):
        """What the listing pages through: the ordered queryset, or a list built from it."""
        return self.order_items(queryset)

    def listing_view(self, request):
        items = self.listing_items(self.filter_queryset(self.get_queryset()))
        page = self.prepare(list(self.paginate_queryset(items)))
        return self.get_paginated_response(self.serialize(page, many=True))

    def detail_view(self, request, pk):
        return Response(self.serialize(self.get_object()), headers=self.detail_headers())

    def get_object(self):
        pk = self.kwargs["pk"]
        found = self.filter_detail(self.get_queryset()).filter(pk=min(pk, MAX_ID)).first()
        if found is None:
            raise Http404("not found")
        self.prepare([found])
        return found

    def filter_detail(self, queryset):
        """What a detail may show (a listing's filters do not apply)."""
        return queryset

    def prepare(self, items):
        """Read what the page of items needs beyond its rows, for all of them at once."""
        return items

    def detail_headers(self):
        return {"Content-Language": self.locale_code}

    # --- serialising -------------------------------------------------------------------

    def serialize(self, items, many=False):
        """One item, or a list of them built by one representer (`fast_items`): the
        serializer's fields are read once, not once per item."""
        context = {**self.get_serializer_context(), "fields": self.selected_fields()}
        serializer = self.item_serializer()(context=context)
        with translation.override(self.locale_code):  # labels in the asked language too
            if not many:
                return serializer.to_representation(items)
            represent = fast_items.representer(serializer)
            return [represent(item) for item in items]

    def selected_fields(self):
        """The item fields `fields` asks for: `*` all, `_` none, `-name` without, else the
        default ones plus those named."""
        available = list(field_names(self.item_serializer()))
        if self.action == "listing_view" and self.listing_default_fields is not None:
            selected = set(self.listing_default_fields)
        else:
            selected = set(available)
        try:
            config = parse_fields_parameter(self.request.GET.get("fields", ""))
        except (BadRequestError, ValueError) as error:  # (a malformed list: a ValueError)
            raise ParameterError("fields", f"fields: {error}", allowed=available) from error
        if config and config[0][0] in ("*", "_"):
            selected = set(available) if config[0][0] == "*" else set()
            config = config[1:]
        unknown = sorted({name for name, _negated, _sub in config} - set(available))
        if unknown:
            raise ParameterError(
                "fields", "unknown fields: " + ", ".join(unknown), allowed=available
            )
        for name, negated, _sub in config:
            (selected.discard if negated else selected.add)(name)
        return selected

    @classmethod
    def serializer_for(cls, action):
        if action == "detail_view" and cls.detail_serializer_class is not None:
            return cls.detail_serializer_class
        return cls.serializer_class

    def item_serializer(self):
        return self.serializer_for(self.action)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "locale": self.locale_code}

    def item_meta(self, item):
        """`meta` of an item: its type, detail URL, language and whether it is a fallback."""
        model = type(item)
        language = self.item_language(item)
        return {
            "type": f"{model._meta.app_label}.{model.__name__}",
            "detail_url": self.detail_url(item),
            "locale": language,
            "fallback": self.localised and locales.is_fallback(language, self.locale_code),
        }

    def item_language(self, item):
        return item.locale.language_code if self.localised else self.locale_code

    def detail_url(self, item):
        if not self.has_detail:
            return None
        if not hasattr(self, "_detail_urls"):
            self._detail_urls = fast_items.DetailUrls(self.request.wagtailapi_router, self.request)
        return self._detail_urls(type(item), item.pk)

    @property
    def fallback(self):
        return locales.wants_fallback(self.request)

    def localise(self, queryset):
        return locales.localise(queryset, self.locale_code, self.fallback)


class ExtraRoute(APIView):
    """A route of an endpoint beyond its listing and detail, with the API's error shape and
    a 400 for a parameter it does not take."""

    authentication_classes = []
    permission_classes = []
    parameters = frozenset({"_"})

    @property
    def site(self):
        return request_site(self.request)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.site  # noqa: B018  (a host with no municipality: 404)
        unknown = sorted(set(request.GET) - set(self.parameters))
        if unknown:
            raise ParameterError(
                unknown[0],
                "query parameter is not an operation or a recognised field: " + ", ".join(unknown),
                allowed=sorted(set(self.parameters) - {"_"}),
            )
