"""`/api/v2/culture-guide/`: what you should know when you live here, one question at a
time, in the coordinator's order; Danish stands in for a missing translation."""

from drf_spectacular.utils import extend_schema

from frontend_api.serializers.guide import CultureNoteSerializer, listing_serializer
from frontend_api.views.guide_listing import BAD_PARAMETER, GuideListingView, documented_parameters
from guide.models import CultureNote


class CultureGuideView(GuideListingView):
    item_serializer = CultureNoteSerializer
    default_limit = 100

    @extend_schema(
        operation_id="culture_guide_list",
        summary="The culture guide",
        description=__doc__,
        parameters=documented_parameters(),
        responses={
            200: listing_serializer(CultureNoteSerializer, "CultureGuide"),
            400: BAD_PARAMETER,
        },
        tags=["culture-guide"],
    )
    def get(self, request):
        return super().get(request)

    def get_items(self):
        return (
            self.localise(CultureNote.objects.all())
            .select_related("locale", "image")
            .order_by("sort_order", "pk")
        )
