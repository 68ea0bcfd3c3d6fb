"""`/api/v2/contacts/`: the newcomer service's contact people and the dedicated contacts in
the departments, with the topics they answer and the languages they speak, in the
coordinator's order (`order=name` by name).

`topic=<codes>` keeps those who answer any of them, `language=<codes>` those who speak any
of them, `international=1` those who specialise in international newcomers; `search` finds
words in their names, roles and departments; `<id>/` is one contact in its own language."""

from frontend_api.schema import catalogue
from frontend_api.serializers.guide import GuideContactSerializer
from frontend_api.views.guide_snippets import GuideSnippetEndpoint
from guide.fields import LANGUAGE_CODES
from guide.models import Contact
from guide.models.contacts import TOPIC_CODES


class ContactsEndpoint(GuideSnippetEndpoint):
    model = Contact
    serializer_class = GuideContactSerializer
    related = ("locale", "photo")
    filters = (
        catalogue.Codes(
            "topic", "topics", TOPIC_CODES, "Topic codes, comma-separated: who answers any."
        ),
        catalogue.Codes(
            "language",
            "languages",
            sorted(LANGUAGE_CODES),
            "Language codes (e.g. `en`, `de`, `uk`), comma-separated: who speaks any.",
        ),
        catalogue.Flag(
            "international",
            "Whether they specialise in international newcomers",
            lambda contacts, international: contacts.filter(international=international),
        ),
    )
    order_fields = ("id", "sort_order", "name")
    default_order = ("sort_order", "id")

    def listing_items(self, queryset):
        # one query: the page is cut from the list (the contacts are few)
        return list(super().listing_items(queryset))
