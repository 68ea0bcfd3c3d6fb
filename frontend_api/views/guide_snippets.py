"""What the guide's snippet endpoints share (culture guide, contacts, useful links): each item
is in one language, so a listing is in the asked one with Danish standing in; a detail
(`<id>/`) is the snippet in its own language; `search` finds the words of their texts
(`guide.models.snippet_base.SnippetQuerySet.search`); content is for everyone, so the
audience parameters leave nothing out. Each municipality has its own: the host's are served."""

from rest_framework.response import Response

from frontend_api import locales
from frontend_api.views.base import Endpoint


class GuideSnippetEndpoint(Endpoint):
    localised = True
    searchable = True
    #: what a row needs beside itself (its language, an image)
    related = ("locale",)

    def get_queryset(self):
        return self.model.objects.of_site(self.site).select_related(*self.related)

    def filter_queryset(self, queryset):
        return super().filter_queryset(self.localise(queryset))

    def search_queryset(self, queryset, text):
        return queryset.search(text)

    def detail_view(self, request, pk):
        item = self.get_object()
        return Response(
            self.serialize(item), headers={"Content-Language": item.locale.language_code}
        )

    def item_meta(self, item):
        meta = super().item_meta(item)
        if meta["fallback"] and self.action == "detail_view":
            # asked for by id, a Danish snippet stands in only where its translation is missing
            meta["fallback"] = not locales.has_translation(
                self.get_queryset(), item, self.locale_code
            )
        return meta
