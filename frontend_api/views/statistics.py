"""`/api/v2/statistics/`: the host municipality's facts and figures (`figures`), series by
series in the coordinator's order, each with its columns and rows; `slug=<slug>` keeps one
series. Texts are in the asked language, Danish standing in (`meta.fallback`);
`fallback=false` leaves out the series not translated. `search` finds words in the titles
and descriptions."""

import re

from django.db.models import Q

from figures.models import Series
from frontend_api.errors import ParameterError
from frontend_api.schema import catalogue
from frontend_api.serializers.figures import SeriesSerializer
from frontend_api.views.base import Endpoint

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")
SEARCHED = ("title", "title_en", "title_de", "description", "description_en", "description_de")


class Slug(catalogue.Parameter):
    def parse(self, params):
        value = params.get(self.name)
        if value is not None and not SLUG.match(value):
            raise ParameterError(self.name, f"'{value[:60]}' is not a slug")
        return value

    def apply(self, queryset, value, view):
        return queryset.filter(slug=value)

    def schema(self):
        return {"type": "string", "pattern": SLUG.pattern}


class StatisticsEndpoint(Endpoint):
    model = Series
    serializer_class = SeriesSerializer
    filters = (Slug("slug", "One series, by its slug."),)
    order_fields = ("id", "sort_order", "slug")
    default_order = ("sort_order", "id")
    searchable = True
    localised = True
    has_detail = False

    def get_queryset(self):
        return Series.objects.of_site(self.site).prefetch_related("rows")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset if self.fallback else queryset.texts_in(self.locale_code)

    def search_queryset(self, queryset, text):
        for word in text.replace("\x00", " ").split():
            found = Q()
            for field in SEARCHED:
                found |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(found)
        return queryset

    def item_language(self, series):
        language = self.locale_code
        return language if language == "da" or getattr(series, f"title_{language}") else "da"
