"""`/api/v2/checklist/`: the checklist steps that apply to this newcomer, in an order that
respects every "before" (ties keep the coordinator's order), each with the ids of the steps
it waits for. The plan is the guide's (`guide.checklist`): a whole, so it has no detail and
no `search` (which would cut steps out of their order); `order=position` is the plan's
order (the default). The same list as a printable page (`/api/v2/checklist/print/`, also at
`/checklist/`) and an A4 PDF (`/api/v2/checklist/pdf/`, also at `/checklist.pdf`), both
rendered by `guide.views`.

A step left out for this audience still orders the steps around it: a step that waits for it
waits, in the list, for what it waited for.
"""

import time
from operator import attrgetter

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.urls import path

from frontend_api.caching import APICacheMiddleware, current_version
from frontend_api.serializers.guide import ChecklistItemSerializer
from frontend_api.views.base import Endpoint
from frontend_api.visibility import public_pages
from guide import views as guide_views
from guide.checklist import checklist_plan
from guide.models import ChecklistStepPage


class ChecklistEndpoint(Endpoint):
    model = ChecklistStepPage
    serializer_class = ChecklistItemSerializer
    localised = True
    has_detail = False
    order_fields = ("id", "position")
    default_order = ("position",)

    @classmethod
    def extra_urlpatterns(cls):
        # HTML and PDF, not JSON: the guide's own views (outside the OpenAPI document)
        return [
            path("print/", guide_views.ChecklistPrintView.as_view(), name="print"),
            path("pdf/", guide_views.ChecklistPDFView.as_view(keep=kept_pdf), name="pdf"),
        ]

    def bad_id_view(self, request, pk):
        raise Http404("the checklist is one plan: it has no items one by one")

    def get_queryset(self):
        return public_pages(self.request, ChecklistStepPage)

    def listing_items(self, queryset):
        plan = checklist_plan(queryset, self.audience, self.locale_code, self.fallback)
        for name in reversed(self.ordering()):  # stable sorts: the first name decides
            plan.sort(key=attrgetter(name.lstrip("-")), reverse=name.startswith("-"))
        return plan


def kept_pdf(request, render):
    """A checklist PDF from the response cache, else `render()`d and kept there, under the
    response cache's key for the request (content version, URL, language): rendered again
    exactly when a JSON response would be. Personal requests are never kept."""
    key = _pdf_cache_key(request)
    body = cache.get(key) if key else None
    if body is None:
        body = render()
        if key:
            cache.set(key, body, timeout=getattr(settings, "API_CACHE_TIMEOUT", 3600))
    return body


def _pdf_cache_key(request):
    if (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or not settings.CHECKLIST_PDF_CACHE
    ):
        return None
    key = APICacheMiddleware._key(request, current_version(request), time.time())
    return f"checklist-pdf:{key}" if key else None
