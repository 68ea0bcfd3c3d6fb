"""`/api/v2/municipalities/`: the municipality this address serves (each is a Wagtail site
of its own, with its own pages, guide, directory and calendar; the API serves the one its
Host names): its name, languages, contact details, colour and logo, and its home page in
the asked language. A listing of one item, in the API's conventions; `<id>/` is that
item, and another municipality's id is not found."""

from frontend_api.serializers.municipalities import MunicipalitySerializer
from frontend_api.views.base import Endpoint
from frontend_api.visibility import public_pages
from guide.models import Municipality


class MunicipalitiesEndpoint(Endpoint):
    model = Municipality
    serializer_class = MunicipalitySerializer

    def get_queryset(self):
        return Municipality.objects.filter(site=self.site).select_related("logo", "site__root_page")

    def prepare(self, municipalities):
        """Each one's `home`: its root page's copy in the asked language, else in its own
        default language, else whichever copy may be shown."""
        keys = [m.site.root_page.translation_key for m in municipalities]
        copies = public_pages(self.request).filter(translation_key__in=keys)
        by_key = {}
        for page in copies.select_related("locale"):
            by_key.setdefault(page.translation_key, {})[page.locale.language_code] = page
        for municipality in municipalities:
            found = by_key.get(municipality.site.root_page.translation_key, {})
            municipality.home = (
                found.get(self.locale_code)
                or found.get(municipality.default_language)
                or next(iter(found.values()), None)
            )
        return municipalities
