"""The newcomer's copy of their data, `GET /api/v2/me/export/` (GDPR art. 15 and 20); the
erasure is `DELETE /api/v2/me/` (views.me.ProfileRoute), both from the register of personal
data (newcomers.privacy)."""

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from frontend_api.auth import IsSignedIn
from frontend_api.serializers.privacy import ExportSerializer
from frontend_api.views.me import BAD_PARAMETER, SIGNED_OUT, TAGS, MeRoute
from newcomers.privacy import export


class ExportRoute(MeRoute):
    """Everything held about the signed-in newcomer, as a JSON file to keep."""

    permission_classes = [IsSignedIn]

    @extend_schema(
        tags=TAGS,
        operation_id="me_export_retrieve",
        responses={
            200: OpenApiResponse(
                ExportSerializer, description="A download (`Content-Disposition: attachment`)."
            ),
            400: BAD_PARAMETER,
            401: SIGNED_OUT,
        },
    )
    def get(self, request):
        response = Response(export.export(self.account))
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="my-data-{day}.json"'
        return response


urlpatterns = [path("export/", ExportRoute.as_view(), name="export")]
