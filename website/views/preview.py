"""`/preview?content_type=…&token=…`: where an editor's *Preview* in the CMS opens. The draft
comes from the API's preview endpoint (never kept) and is rendered by the live page's own
renderer, in the draft's language, marked as a preview, never cached nor indexed.

The CMS shows this page in a frame of its admin, so the CMS may frame it."""

from starlette.routing import Route

from website.api import ApiError, NotFound
from website.headers import content_security_policy, origin
from website.i18n import preferred_language
from website.views.pages import renderer_for
from website.visit import Visit

#: what wagtail-headless-preview hands the client, passed on to the API as it is
PREVIEW_PARAMETERS = ("content_type", "token")


def headers(settings):
    """Never kept anywhere, never indexed, and framed by the CMS's admin."""
    admin = origin(settings.browser_api_url)
    return {
        "Cache-Control": "no-store",
        "X-Robots-Tag": "noindex",
        "Content-Security-Policy": content_security_policy(
            settings, framed_by=[admin] if admin else []
        ),
    }


async def preview(request):
    params = {name: request.query_params.get(name, "") for name in PREVIEW_PARAMETERS}
    page = None
    if all(params.values()):
        try:
            page = await Visit(request).api.get("preview/", params, keep=False)
        except (ApiError, NotFound):
            page = None  # a token that is bad, expired, or whose draft is gone
    if page is None:
        return expired(request)
    # the draft is shown in its own language
    visit = Visit(request, lang=page["meta"].get("locale"))
    render = renderer_for(page["meta"]["type"])
    response = await render(visit, page, preview=True)
    response.headers.update(headers(visit.settings))
    return response


def expired(request):
    visit = Visit(request, lang=preferred_language(request))
    return visit.render(
        "guide/preview_expired.html",
        {
            "title": visit.gettext("This preview link has expired"),
            "noindex": True,
            "alternates": None,
        },
        status=410,
        headers=headers(visit.settings),
    )


root_routes = [
    Route("/preview", preview, name="preview"),
    # the CMS adds a slash to the address it is given (ENFORCE_TRAILING_SLASH)
    Route("/preview/", preview),
]
