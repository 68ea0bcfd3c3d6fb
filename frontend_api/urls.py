"""The one API under /api/v2/, on Wagtail's v2 router."""

from importlib import import_module

from django.http import JsonResponse
from django.urls import include, path, reverse
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail.api.v2.router import WagtailAPIRouter

from frontend_api.routes import AREAS
from frontend_api.views.communities import CommunitiesEndpoint
from frontend_api.views.media import DocumentsEndpoint, ImagesEndpoint
from frontend_api.views.pages import PagesEndpoint
from frontend_api.views.preview import PreviewEndpoint

# Order matters: a model's items link to the first endpoint that serves it.
ENDPOINTS = {
    "communities": CommunitiesEndpoint,
    "pages": PagesEndpoint,
    "images": ImagesEndpoint,
    "documents": DocumentsEndpoint,
    "preview": PreviewEndpoint,
}

api_router = WagtailAPIRouter("wagtailapi")
for name, endpoint in ENDPOINTS.items():
    api_router.register_endpoint(name, endpoint)

#: name -> URL name of the listings that are not on Wagtail's router
LISTINGS = {}
for area in AREAS:
    LISTINGS.update(import_module(area).LISTINGS)


def api_root(request):
    """What the API offers, so a client can start from /api/v2/."""
    urls = {name: reverse(f"wagtailapi:{name}:listing") for name in ENDPOINTS}
    urls.update({name: reverse(url_name) for name, url_name in LISTINGS.items()})
    return JsonResponse(
        {"endpoints": {name: request.build_absolute_uri(url) for name, url in urls.items()}}
    )


urlpatterns = [
    path("", api_root, name="api_root"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    *(path("", include(area)) for area in AREAS),
    path("", api_router.urls),
]
