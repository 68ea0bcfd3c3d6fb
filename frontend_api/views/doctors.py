"""General practices and the languages their doctors speak, kept by the municipality's
coordinators. `search` looks for every word in the practice's name, its doctors' names and
its address. Practices are not translated: `meta.locale` is the asked language. Each
municipality keeps its own: the host's are served."""

from directory.models import Practice
from frontend_api.schema import catalogue
from frontend_api.serializers.directory import LANGUAGE_CODES, PracticeSerializer
from frontend_api.views.base import Endpoint


class DoctorsEndpoint(Endpoint):
    model = Practice
    serializer_class = PracticeSerializer
    filters = (
        catalogue.Codes(
            "language", "languages", LANGUAGE_CODES, "A doctor there speaks any of these."
        ),
        catalogue.Flag(
            "accepting_new_patients",
            "Accepting new patients",
            lambda queryset, value: queryset.filter(accepting_new_patients=value),
        ),
        catalogue.Near(),
    )
    order_fields = ("name", "id")
    default_order = ("name", "id")
    searchable = True

    def get_queryset(self):
        return Practice.objects.of_site(self.site)

    def search_queryset(self, queryset, text):
        return queryset.search(text)
