"""The website application: `uvicorn website.app:app` (settings from the environment).

Every page lives under its language (`/da/`, `/en/`, `/de/`); each area of the site has its
module in `website/views/` with its routes. A page of the CMS that no area claims is answered
by its CMS path (`views/pages.py`), which is also where the API's `html_url` points.
"""

import contextlib
import logging

from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from website.api import Api, ApiUnavailable, NotFound
from website.headers import SecurityHeaders
from website.i18n import preferred_language
from website.municipality import Municipalities, MunicipalityMiddleware
from website.settings import LANGUAGES, Settings
from website.views import AREAS, ROOT_ROUTES
from website.visit import STATIC, Visit

log = logging.getLogger(__name__)


class LanguageConvertor(Convertor):
    regex = "|".join(LANGUAGES)

    def convert(self, value):
        return value

    def to_string(self, value):
        return value


register_url_convertor("lang", LanguageConvertor())


async def root(request):
    return RedirectResponse(f"/{preferred_language(request)}/", status_code=302)


async def healthz(request):
    return PlainTextResponse("ok")


async def not_found(request, exc=None):
    visit = Visit(request)
    return visit.render("error.html", {"error": "not_found", "alternates": None}, status=404)


async def unavailable(request, exc):
    visit = Visit(request)
    return visit.render(
        "error.html",
        {"error": "unavailable", "alternates": None},
        status=503,
        headers={"Retry-After": "30"},
    )


async def http_error(request, exc):
    if exc.status_code == 404:
        return await not_found(request)
    visit = Visit(request)
    return visit.render(
        "error.html", {"error": "other", "alternates": None}, status=exc.status_code
    )


async def server_error(request, exc):
    log.exception("error on %s", request.url.path, exc_info=exc)
    visit = Visit(request)
    return visit.render("error.html", {"error": "server", "alternates": None}, status=500)


def create_app(settings=None, transport=None):
    """The website for `settings` (the environment's by default); `transport` is httpx's,
    for a test that points the website at an API that misbehaves."""
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app):
        app.state.api = Api(settings, transport=transport)
        try:
            yield
        finally:
            await app.state.api.close()

    routes = [
        Route("/", root),
        Route("/healthz", healthz),
        *ROOT_ROUTES,
        Mount("/assets", StaticFiles(directory=STATIC), name="assets"),
        Mount("/{lang:lang}", routes=[route for area in AREAS for route in area]),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(SecurityHeaders, settings=settings),
            Middleware(MunicipalityMiddleware, municipalities=Municipalities(settings)),
        ],
        exception_handlers={
            NotFound: not_found,
            ApiUnavailable: unavailable,
            HTTPException: http_error,
            Exception: server_error,
        },
    )
    app.state.settings = settings
    return app


app = create_app()
