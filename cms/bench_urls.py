"""URLs for `make bench` (settings `cms.settings.bench`): the product's own, plus the two
points it is compared with, served by the same Django process:

- `/bench/stock/pages/`: Wagtail's stock `PagesAPIViewSet`, untouched, on a router of its own
  (with the stock images and documents endpoints, so nested images serialise the same way);
- `/bench/static.json`: a JSON body read from disk once per process and returned as bytes, the
  cheapest response Django can give: what "a static file served by the same server" costs.
  It is a copy of our trial-homes listing; `/bench/static/<name>.json` are copies of the
  other responses measured (`var/bench-static/<name>.json`, written by bench/harness.py).
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.urls import urlpatterns as product_urlpatterns

stock_router = WagtailAPIRouter("benchapi")
stock_router.register_endpoint("pages", PagesAPIViewSet)
stock_router.register_endpoint("images", ImagesAPIViewSet)
stock_router.register_endpoint("documents", DocumentsAPIViewSet)


_static = {}


def _static_body(name):
    """The file's bytes, read on the first request that finds it (then never again)."""
    if name not in _static:
        try:
            _static[name] = (settings.BENCH_STATIC_DIR / f"{name}.json").read_bytes()
        except FileNotFoundError:
            return None
    return _static[name]


@require_GET
def static_json(request, name="trial_homes"):
    body = _static_body(name)
    if body is None:
        raise Http404("no such static comparison body: bench/harness.py writes them")
    return HttpResponse(body, content_type="application/json")


urlpatterns = [
    path("bench/static.json", static_json, name="bench_static_json"),
    path("bench/static/<slug:name>.json", static_json, name="bench_static_copy"),
    path("bench/stock/", stock_router.urls),
    # the product's patterns last: they end with Wagtail's catch-all page serving
    *product_urlpatterns,
]
