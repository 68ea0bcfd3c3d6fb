"""`/api/v2/doctors/`: general practices and the languages their doctors speak."""

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers

from directory.models import Practice
from directory.models.choices import LANGUAGES
from frontend_api.errors import boolean_parameter
from frontend_api.serializers.directory import BadParameterSerializer, PracticeSerializer
from frontend_api.views.associations import (
    LISTING_PARAMETERS,
    DirectoryEndpoint,
    code_parameter,
)


@extend_schema_view(get=extend_schema(operation_id="doctors_list"))
@extend_schema(
    tags=["doctors"],
    parameters=[
        *LISTING_PARAMETERS,
        OpenApiParameter(
            "language",
            str,
            enum=[code for code, _label in LANGUAGES],
            description="spoken by a doctor of the practice",
        ),
        OpenApiParameter("accepting_new_patients", bool),
    ],
    responses={
        200: inline_serializer(
            "PracticeListing",
            {
                "meta": inline_serializer(
                    "PracticeListingMeta", {"total_count": serializers.IntegerField()}
                ),
                "items": PracticeSerializer(many=True),
            },
        ),
        400: BadParameterSerializer,
    },
)
class DoctorsEndpoint(DirectoryEndpoint):
    serializer_class = PracticeSerializer
    filters = frozenset({"language", "accepting_new_patients"})

    def get(self, request):
        params = request.GET
        self.check_parameters(params)
        queryset = Practice.objects.all()
        language = code_parameter(params, "language", LANGUAGES)
        if language:
            queryset = queryset.speaking(language)
        accepting = boolean_parameter(params, "accepting_new_patients")
        if accepting is not None:
            queryset = queryset.filter(accepting_new_patients=accepting)
        return self.listing(self.ordering(params, queryset), self.get_serializer_context())
