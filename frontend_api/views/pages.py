"""`/api/v2/pages/`: Wagtail's pages endpoint, localised with a Danish fallback, filtered by
audience, and never showing what an anonymous client may not see."""

from django.http import Http404
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.views import PagesAPIViewSet

from frontend_api import prefetch
from frontend_api.errors import ParameterError
from frontend_api.filters import (
    AudienceFilter,
    CommunityFilter,
    LocaleFallbackFilter,
    SearchFilter,
    TranslatedChildOfFilter,
    TranslatedDescendantOfFilter,
    TranslationOfFilter,
)
from frontend_api.serializers import LocalisedPageSerializer
from frontend_api.views.conventions import ListingConventionsMixin
from frontend_api.visibility import public_pages


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
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "locale", "fallback"]
    # Bodies are for the detail view: a listing stays one query per type, whatever its size.
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "body", "description"]

    def get_base_queryset(self):
        # built once per request: each build reads the view restrictions and site roots
        if not hasattr(self, "_base_queryset"):
            try:
                self._base_queryset = public_pages(self.request)
            except ValueError as error:  # ?site=host:port with no number for a port
                raise ParameterError("site", str(error)) from error
        return self._base_queryset.all()

    def filter_queryset(self, queryset):
        # A detail is found by id among the visible pages, in whatever language it is;
        # the listing's filters (language, audience, tree) are for listings.
        if self.action != "listing_view":
            return queryset
        return super().filter_queryset(queryset)

    def get_queryset(self):
        return prefetch.for_api(super().get_queryset().select_related("locale"))

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
