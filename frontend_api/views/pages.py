"""`/api/v2/pages/`: Wagtail's pages endpoint, localised with a Danish fallback, filtered by
audience, and never showing what an anonymous client may not see."""

from django.http import Http404
from django.utils import translation
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from frontend_api import fast_items, locales, prefetch
from frontend_api.errors import ParameterError
from frontend_api.filters import (
    AudienceFilter,
    CommunityFilter,
    FieldsFilter,
    LocaleFallbackFilter,
    SearchFilter,
    TranslatedChildOfFilter,
    TranslatedDescendantOfFilter,
    TranslationOfFilter,
)
from frontend_api.serializers import LocalisedPageSerializer
from frontend_api.views.conventions import ListingConventionsMixin
from frontend_api.visibility import public_pages_q


class PagesEndpoint(ListingConventionsMixin, PagesAPIViewSet):
    base_serializer_class = LocalisedPageSerializer
    filter_backends = [
        FieldsFilter,
        TranslatedChildOfFilter,
        TranslatedDescendantOfFilter,
        TranslationOfFilter,
        CommunityFilter,
        AudienceFilter,
        LocaleFallbackFilter,
        OrderingFilter,
        SearchFilter,
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.difference(["ancestor_of"])
    extra_parameters = frozenset({"community"})
    meta_fields = [*PagesAPIViewSet.meta_fields, "fallback"]
    # Bodies (`body`, a trial home's `description`) are listed when `fields` names them or
    # says `*`, not by default.
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "locale", "fallback"]

    #: set by a listing: whether localisation (the asked language, else Danish) chose its items
    localised = None

    def get_base_queryset(self):
        if hasattr(self, "_base_queryset"):  # given by a caller that built it already
            return self._base_queryset.all()
        return self.visible_pages(Page)

    def visible_pages(self, model):
        """The pages an anonymous client may see (`public_pages`), as rows of `model`: its
        own table with the conditions on them, not `pk IN (every visible page)`. The
        conditions are built once per request (they read the view restrictions, the site's
        roots and the hidden sections)."""
        if not hasattr(self, "_visible"):
            try:
                self._visible = public_pages_q(self.request)
            except ValueError as error:  # ?site=host:port with no number for a port
                raise ParameterError("site", str(error)) from error
        return model._default_manager.filter(self._visible)

    def filter_queryset(self, queryset):
        # A detail is found by id among the visible pages, in whatever language it is;
        # the listing's filters (language, audience, tree) are for listings.
        if self.action != "listing_view":
            return queryset
        self.localised = LocaleFallbackFilter.applies(self.request)
        return super().filter_queryset(queryset)

    def listing_view(self, request):
        """Wagtail's listing, with the items built by one representer for the request
        (`fast_items`) rather than a serializer's fields per item."""
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        pages = self.paginate_queryset(self.filter_queryset(queryset))
        serializer = self.get_serializer_class()(context=self.get_serializer_context())
        represent = fast_items.representer(serializer)
        return self.get_paginated_response([represent(page) for page in pages])

    def get_serializer_class(self):
        # built once per request: a listing asks for it to load bodies and to serialise
        if not hasattr(self, "_serializer_class"):
            self._serializer_class = super().get_serializer_class()
        return self._serializer_class

    def paginate_queryset(self, queryset):
        pages = list(super().paginate_queryset(queryset))
        self.load_streams(queryset.model, pages)
        return pages

    def load_streams(self, model, pages):
        """Convert the stream fields (bodies) this listing serialises for all its pages at
        once: one by one, each page's stream would read its images in a query of its own."""
        serialised = set(self.get_serializer_class().Meta.fields)
        for field in model._meta.concrete_fields:
            if not isinstance(field, StreamField) or field.name not in serialised:
                continue
            streams = [list(getattr(page, field.name).raw_data) for page in pages]
            for page, value in zip(pages, field.stream_block.bulk_to_python(streams), strict=True):
                setattr(page, field.name, value)

    def is_fallback(self, page):
        """`meta.fallback`: the page is Danish, another language was asked for, and no copy
        in that language may be shown to this client. In a localised listing every Danish
        item is one (localisation chose it for want of a translation); a page asked for by
        id (a detail, a preview) is its own copy unless that translation is missing."""
        if not locales.is_fallback(page.locale.language_code, self.locale_code):
            return False
        if self.localised is not None:
            return self.localised
        shown = self.audience.filter_pages(self.get_base_queryset())
        return not locales.has_translation(shown, page, self.locale_code)

    def find_object(self, queryset, request):
        """`?html_path=/en/…`: the page at that URL, routed from the site's root in the
        language of the prefix, as `html_url` gives it. A path without a language prefix is
        routed from the Danish root, as Wagtail does."""
        path = "/" + request.GET.get("html_path", "").lstrip("/")
        language = translation.get_language_from_path(path)
        site = Site.find_for_request(request)
        if language is None or site is None:
            return super().find_object(queryset, request)
        root = (
            self.get_base_queryset()
            .filter(translation_key=site.root_page.translation_key, locale__language_code=language)
            .first()
        )
        if root is None:
            return None
        components = [part for part in path.split("/")[2:] if part]
        try:
            page, _args, _kwargs = root.specific.route(request, components)
        except Http404:
            return None
        return page if queryset.filter(pk=page.pk).exists() else None

    def get_queryset(self):
        # built once per request: a listing asks for it three times (parameters, filters,
        # the serializer's model)
        if not hasattr(self, "_queryset"):
            self._queryset = prefetch.for_api(self.of_type().select_related("locale"))
        return self._queryset.all()

    def of_type(self):
        """Wagtail's `get_queryset`: the visible pages of `?type=` (one model's rows when it
        names one), but one model's rows read from its table (`visible_pages`)."""
        try:
            names = self.request.GET.get("type")
            models = page_models_from_string(names) if names else []
        except (LookupError, ValueError) as error:
            raise BadRequestError("type doesn't exist") from error
        if len(models) > 1:
            return self.get_base_queryset().type(*models)
        return self.visible_pages(models[0] if models else self.model)

    def get_object(self):
        page = super().get_object()
        if not self.audience.admits(tag.audience for tag in page.audience_tags.all()):
            raise Http404("not for this audience")
        self.served_page = page
        return page

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        page = getattr(self, "served_page", None)
        if page is not None and response.status_code == 200:
            # a detail is the page in its own language, whatever `?locale=` asked for
            response["Content-Language"] = page.locale.language_code
        return response
