"""`/api/v2/contacts/`: the newcomer service's contact people and the dedicated contacts in
the departments, with the topics they answer and the languages they speak.

`topic=<code>` keeps those who answer it, `language=<code>` those who speak it,
`international=1` those who specialise in international newcomers."""

from drf_spectacular.utils import OpenApiParameter, extend_schema

from frontend_api.errors import FALSE, TRUE, ParameterError, boolean_parameter
from frontend_api.serializers.guide import GuideContactSerializer, listing_serializer
from frontend_api.views.guide_listing import BAD_PARAMETER, GuideListingView, documented_parameters
from guide.fields import LANGUAGE_CODES
from guide.models import Contact
from guide.models.contacts import TOPIC_CODES


class ContactsView(GuideListingView):
    item_serializer = GuideContactSerializer
    parameters = ("topic", "language", "international")
    default_limit = 100

    @extend_schema(
        operation_id="contacts_list",
        summary="Contacts",
        description=__doc__,
        parameters=documented_parameters(
            [
                OpenApiParameter("topic", {"type": "string", "enum": list(TOPIC_CODES)}),
                OpenApiParameter(
                    "language",
                    {"type": "string", "enum": sorted(LANGUAGE_CODES)},
                    description="A language code, e.g. en, de, uk.",
                ),
                OpenApiParameter("international", {"type": "string", "enum": [*TRUE, *FALSE]}),
            ]
        ),
        responses={200: listing_serializer(GuideContactSerializer, "Contacts"), 400: BAD_PARAMETER},
        tags=["contacts"],
    )
    def get(self, request):
        return super().get(request)

    def get_items(self):
        params = self.request.GET
        topic, language = params.get("topic"), params.get("language")
        if topic is not None and topic not in TOPIC_CODES:
            raise ParameterError("topic", f"unknown topic '{topic}'", TOPIC_CODES)
        if language is not None and language not in LANGUAGE_CODES:
            raise ParameterError("language", f"unknown language code '{language}'")
        international = boolean_parameter(params, "international")
        contacts = self.localise(Contact.objects.all())
        if international is not None:
            contacts = contacts.filter(international=international)
        contacts = contacts.select_related("locale", "photo").order_by("sort_order", "pk")
        # topics and languages are JSON lists, which SQLite cannot search inside: the
        # contacts are few, so they are narrowed here, in one query as ever
        return [
            contact
            for contact in contacts
            if (topic is None or topic in contact.topics)
            and (language is None or language in contact.languages)
        ]
