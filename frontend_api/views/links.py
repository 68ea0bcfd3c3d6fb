"""`/api/v2/links/`: useful links (bus and train times, the airport, ferries, the calendar …),
group by group in a fixed order (`group`, with its translated `group_label`), then in the
coordinator's order within a group. `group=<code>` keeps one group."""

from django.db.models import Case, IntegerField, Value, When
from drf_spectacular.utils import OpenApiParameter, extend_schema

from frontend_api.errors import ParameterError
from frontend_api.serializers.guide import UsefulLinkSerializer, listing_serializer
from frontend_api.views.guide_listing import BAD_PARAMETER, GuideListingView, documented_parameters
from guide.models import UsefulLink
from guide.models.links import LINK_GROUPS

GROUP_CODES = tuple(code for code, _label in LINK_GROUPS)


class UsefulLinksView(GuideListingView):
    item_serializer = UsefulLinkSerializer
    parameters = ("group",)
    default_limit = 100

    @extend_schema(
        operation_id="links_list",
        summary="Useful links",
        description=__doc__,
        parameters=documented_parameters(
            [OpenApiParameter("group", {"type": "string", "enum": list(GROUP_CODES)})]
        ),
        responses={
            200: listing_serializer(UsefulLinkSerializer, "UsefulLinks"),
            400: BAD_PARAMETER,
        },
        tags=["links"],
    )
    def get(self, request):
        return super().get(request)

    def get_items(self):
        links = self.localise(UsefulLink.objects.all())
        group = self.request.GET.get("group")
        if group is not None:
            if group not in GROUP_CODES:
                raise ParameterError("group", f"unknown group '{group}'", GROUP_CODES)
            links = links.filter(group=group)
        group_order = Case(
            *(When(group=code, then=Value(n)) for n, code in enumerate(GROUP_CODES)),
            output_field=IntegerField(),
        )
        return links.select_related("locale").order_by(group_order, "sort_order", "pk")
