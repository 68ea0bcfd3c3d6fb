"""`/api/v2/checklist/`: the checklist steps that apply to this newcomer, in an order that
respects every "before" (ties keep the coordinator's order), each with the ids of the steps
it waits for. The same list as a printable page (`/api/v2/checklist/print/`, also at
`/checklist/`) and an A4 PDF (`/api/v2/checklist/pdf/`, also at `/checklist.pdf`).

A step left out for this audience still orders the steps around it: a step that waits for it
waits, in the list, for what it waited for.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import APIException

from frontend_api import locales
from frontend_api.caching import APICacheMiddleware, current_version
from frontend_api.errors import ParameterError
from frontend_api.serializers.guide import ChecklistItemSerializer, listing_serializer
from frontend_api.views.guide_listing import (
    BAD_PARAMETER,
    GuideListingView,
    documented_parameters,
)
from frontend_api.visibility import public_pages
from guide.checklist import nearest_kept, stable_order, without_implied
from guide.checklist_pdf import checklist_pdf
from guide.models import ChecklistStepPage

#: a checklist longer than this is cut (the admin's checklist is a few dozen steps)
MAX_STEPS = 500
#: what the plan and the items read of a step (a page row has many more columns)
SERVED_FIELDS = (
    "id",
    "title",
    "path",
    "depth",
    "translation_key",
    "locale",
    "content_type",
    "body",
    "duration",
)


def checklist_plan(request, audience, locale_code, fallback):
    """The steps for `audience` in order, each with `position`, `audiences` and
    `depends_on` (ids of steps in the list). A fixed number of queries."""
    visible = ChecklistStepPage.objects.filter(pk__in=public_pages(request).values("pk"))
    steps = list(
        locales.localise(visible, locale_code, fallback)
        .only(*SERVED_FIELDS)
        .select_related("locale")
        .prefetch_related(
            "audience_tags",
            "links",
            Prefetch("depends_on", queryset=ChecklistStepPage.objects.only("translation_key")),
        )
        .order_by("path")[:MAX_STEPS]
    )
    by_key = {step.translation_key: step for step in steps}
    # the coordinator's order is the Danish checklist's, where the step has a Danish copy
    position = {step.translation_key: step.path for step in steps}
    position.update(
        ChecklistStepPage.objects.filter(
            translation_key__in=list(by_key), locale__language_code=locales.default()
        ).values_list("translation_key", "path")
    )
    edges = {
        step.translation_key: {d.translation_key for d in step.depends_on.all()} for step in steps
    }
    for step in steps:
        step.audiences = sorted(tag.audience for tag in step.audience_tags.all())
    kept = {step.translation_key for step in steps if audience.admits(step.audiences)}
    waits_for = nearest_kept(edges, kept)
    ordered = stable_order(kept, waits_for, position)
    waits_for = without_implied(waits_for, ordered)
    plan = []
    for number, key in enumerate(ordered, start=1):
        step = by_key[key]
        step.position = number
        step.depends_on_ids = sorted(by_key[d].pk for d in waits_for[key])
        plan.append(step)
    for step in plan:  # the step numbers it waits for, for people (print, PDF)
        step.after = sorted(by_key[d].position for d in waits_for[step.translation_key])
    return plan


class ChecklistView(GuideListingView):
    item_serializer = ChecklistItemSerializer
    default_limit = settings.WAGTAILAPI_LIMIT_MAX

    @extend_schema(
        operation_id="checklist_list",
        summary="Your checklist",
        description=__doc__,
        parameters=documented_parameters(),
        responses={
            200: listing_serializer(ChecklistItemSerializer, "Checklist"),
            400: BAD_PARAMETER,
        },
        tags=["checklist"],
    )
    def get(self, request):
        return super().get(request)

    def get_items(self):
        return checklist_plan(self.request, self.audience, self.locale_code, self.fallback)


class _Printable(GuideListingView):
    """The checklist for people: HTML or PDF, in the chosen language. Not in the OpenAPI
    document (it describes JSON)."""

    schema = None

    def get(self, request):
        with translation.override(self.locale_code):
            return self.render(request)

    def plan(self, request):
        return checklist_plan(request, self.audience, self.locale_code, self.fallback)

    def handle_exception(self, exc):
        if isinstance(exc, ParameterError):
            return JsonResponse(exc.as_data(), status=400)
        if isinstance(exc, APIException):
            return JsonResponse({"message": str(exc.detail)}, status=exc.status_code)
        return super().handle_exception(exc)

    def perform_content_negotiation(self, request, force=False):
        # these answer HTML or PDF whatever Accept says
        return super().perform_content_negotiation(request, force=True)


class ChecklistPrintView(_Printable):
    def render(self, request):
        html = render_to_string(
            "guide/checklist.html",
            {
                "steps": self.plan(request),
                "language": self.locale_code,
                "query": request.GET.urlencode(),
            },
            request=request,
        )
        return HttpResponse(html, content_type="text/html; charset=utf-8")


class ChecklistPDFView(_Printable):
    def render(self, request):
        key = _pdf_cache_key(request)
        body = cache.get(key) if key else None
        if body is None:
            body = checklist_pdf(self.plan(request), self.locale_code)
            if key:
                cache.set(key, body, timeout=getattr(settings, "API_CACHE_TIMEOUT", 3600))
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="checklist-{self.locale_code}.pdf"'
        response["Content-Language"] = self.locale_code  # the PDF's /Lang
        return response


def _pdf_cache_key(request):
    """The response cache's key for this request (content version, URL, language), so a PDF
    is rendered again exactly when a JSON response would be; None when not to cache."""
    if (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or not settings.CHECKLIST_PDF_CACHE
    ):
        return None
    key = APICacheMiddleware._key(request, current_version(), time.time())
    return f"checklist-pdf:{key}" if key else None
