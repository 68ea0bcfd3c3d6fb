"""The one API under /api/v2/, on Wagtail's v2 router."""

from django.http import JsonResponse
from django.urls import path, reverse
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

ENDPOINTS = {
    "pages": PagesAPIViewSet,
    "images": ImagesAPIViewSet,
    "documents": DocumentsAPIViewSet,
}

api_router = WagtailAPIRouter("wagtailapi")
for name, viewset in ENDPOINTS.items():
    api_router.register_endpoint(name, viewset)


def api_root(request):
    """What the API offers, so a client can start from /api/v2/."""
    return JsonResponse(
        {
            "endpoints": {
                name: request.build_absolute_uri(reverse(f"wagtailapi:{name}:listing"))
                for name in ENDPOINTS
            }
        }
    )


urlpatterns = [
    path("", api_root, name="api_root"),
    path("", api_router.urls),
]
