"""The checklist for people: a page to read and print (`/checklist/`) and an A4 PDF
(`/checklist.pdf`), in the asked language, for the asked audience; the same query as the
API's checklist (`locale`, `fallback`, `origin`, `children`, `partner`, `student`). A query
that is not understood is a 400 naming the parameter, never a page."""

from dataclasses import dataclass

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views import View

from guide.audience import HOUSEHOLD_CODES, ORIGIN_VALUES, Audience
from guide.checklist import checklist_plan
from guide.checklist_pdf import checklist_pdf
from guide.models import ChecklistStepPage
from guide.public import content_languages, default_language, public_pages

PARAMETERS = ("locale", "fallback", "origin", *HOUSEHOLD_CODES)
TRUE = ("1", "true", "yes")
FALSE = ("0", "false", "no")


class BadParameter(ValueError):
    def __init__(self, parameter, message, allowed):
        super().__init__(message)
        self.parameter = parameter
        self.allowed = list(allowed)

    def as_data(self):
        return {"message": str(self), "parameter": self.parameter, "allowed": self.allowed}


def _boolean(params, name, default=None):
    if name not in params:
        return default
    value = params[name].lower()
    if value not in TRUE + FALSE:
        raise BadParameter(name, f"{name} must be a boolean", TRUE + FALSE)
    return value in TRUE


def _language(request):
    """`?locale=`, else the first content language of Accept-Language, else Danish."""
    languages = content_languages()
    if "locale" in request.GET:
        code = request.GET["locale"]
        if code not in languages:
            raise BadParameter("locale", f"unknown locale '{code}'", languages)
        return code
    for language, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = language.split("-")[0].lower()
        if code in languages:
            return code
    return default_language()


@dataclass(frozen=True)
class ChecklistQuery:
    language: str
    fallback: bool
    audience: Audience

    @classmethod
    def from_request(cls, request):
        params = request.GET
        unknown = sorted(set(params) - set(PARAMETERS))
        if unknown:
            raise BadParameter(
                unknown[0], "unknown query parameter(s): " + ", ".join(unknown), sorted(PARAMETERS)
            )
        origin = params.get("origin") or None
        if origin is not None and origin not in ORIGIN_VALUES:
            raise BadParameter("origin", f"unknown origin '{origin}'", ORIGIN_VALUES)
        households = {flag: _boolean(params, flag) for flag in HOUSEHOLD_CODES if flag in params}
        return cls(
            language=_language(request),
            fallback=_boolean(params, "fallback", default=True),
            audience=Audience(origin=origin, households=households),
        )


class ChecklistPrintView(View):
    """The checklist as an HTML page, its interface strings in the checklist's language."""

    def get(self, request):
        try:
            query = ChecklistQuery.from_request(request)
        except BadParameter as error:
            return JsonResponse(error.as_data(), status=400)
        with translation.override(query.language):
            response = self.render(request, query)
        response["Content-Language"] = query.language
        return response

    def plan(self, request, query):
        visible = ChecklistStepPage.objects.filter(pk__in=public_pages(request).values("pk"))
        return checklist_plan(visible, query.audience, query.language, query.fallback)

    def render(self, request, query):
        html = render_to_string(
            "guide/checklist.html",
            {
                "steps": self.plan(request, query),
                "language": query.language,
                "pdf_url": reverse("checklist_pdf_download"),
                "query": request.GET.urlencode(),
            },
            request=request,
        )
        return HttpResponse(html, content_type="text/html; charset=utf-8")


class ChecklistPDFView(ChecklistPrintView):
    """The checklist as a tagged A4 PDF (see `guide.checklist_pdf`)."""

    #: where rendered PDFs are kept, `(request, render) -> bytes`, given by the URL wiring
    #: (the API's response cache); without one every request renders
    keep = None

    def render(self, request, query):
        def render():
            return checklist_pdf(self.plan(request, query), query.language)

        body = self.keep(request, render) if self.keep else render()
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="checklist-{query.language}.pdf"'
        return response
