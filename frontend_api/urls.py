"""The one API under /api/v2/, on Wagtail's v2 router: every endpoint is registered here,
and its routes (listing, detail, and any extra ones such as an iCalendar file) come from its
own `get_urlpatterns()`."""

from django.http import JsonResponse
from django.urls import include, path, reverse
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail.api.v2.router import WagtailAPIRouter

from frontend_api.views import coupons, enquiries, me, meetups, mentors, privacy, push, unsubscribe
from frontend_api.views.associations import AssociationsEndpoint
from frontend_api.views.changes import ChangesEndpoint
from frontend_api.views.checklist import ChecklistEndpoint
from frontend_api.views.communities import CommunitiesEndpoint
from frontend_api.views.contacts import ContactsEndpoint
from frontend_api.views.culture_guide import CultureGuideEndpoint
from frontend_api.views.doctors import DoctorsEndpoint
from frontend_api.views.events import EventsEndpoint
from frontend_api.views.links import UsefulLinksEndpoint
from frontend_api.views.media import DocumentsEndpoint, ImagesEndpoint
from frontend_api.views.municipalities import MunicipalitiesEndpoint
from frontend_api.views.pages import PagesEndpoint
from frontend_api.views.preview import PreviewEndpoint
from frontend_api.views.statistics import StatisticsEndpoint

# Order matters: a model's items link to the first endpoint that serves it.
ENDPOINTS = {
    "communities": CommunitiesEndpoint,
    "pages": PagesEndpoint,
    "images": ImagesEndpoint,
    "documents": DocumentsEndpoint,
    "events": EventsEndpoint,
    "associations": AssociationsEndpoint,
    "doctors": DoctorsEndpoint,
    "checklist": ChecklistEndpoint,
    "culture-guide": CultureGuideEndpoint,
    "contacts": ContactsEndpoint,
    "links": UsefulLinksEndpoint,
    "municipalities": MunicipalitiesEndpoint,
    "statistics": StatisticsEndpoint,
    "preview": PreviewEndpoint,
    "changes": ChangesEndpoint,
}

api_router = WagtailAPIRouter("wagtailapi")
for name, endpoint in ENDPOINTS.items():
    api_router.register_endpoint(name, endpoint)


def root_links():
    """Name -> URL name of what /api/v2/ lists: each endpoint's listing, and the extra
    routes an endpoint names in `root_links` (e.g. the calendar's feed)."""
    links = {}
    for name, endpoint in ENDPOINTS.items():
        links[name] = f"wagtailapi:{name}:listing"
        for link, url_name in getattr(endpoint, "root_links", {}).items():
            links[link] = f"wagtailapi:{name}:{url_name}"
    return links


def api_root(request):
    """What the API offers, so a client can start from /api/v2/."""
    return JsonResponse(
        {
            "endpoints": {
                name: request.build_absolute_uri(reverse(url_name))
                for name, url_name in root_links().items()
            }
        }
    )


urlpatterns = [
    path("", api_root, name="api_root"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("", include((enquiries.urlpatterns, "enquiries"))),
    path(
        "me/unsubscribe/<str:token>/",
        unsubscribe.UnsubscribeRoute.as_view(),
        name="me_unsubscribe",
    ),
    path(
        "me/invitations/opt-out/<str:token>/",
        push.OptOutRoute.as_view(),
        name="me_invitations_opt_out",
    ),
    path("me/coupons/", include((coupons.me_urlpatterns, "me_coupons"))),
    path("me/", include((me.urlpatterns + privacy.urlpatterns + push.me_urlpatterns, "me"))),
    path("", include((push.urlpatterns, "push"))),
    path("coupons/", include((coupons.urlpatterns, "coupons"))),
    path("meetups/", include((meetups.urlpatterns, "meetups"))),
    path("mentors/", include((mentors.urlpatterns, "mentors"))),
    path("", api_router.urls),
]
