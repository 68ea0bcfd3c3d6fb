"""Any page of the CMS by its path (the API's `html_url` points here): a page that an area of
the site presents under its own address is redirected there, any other is shown as content.

Also the helpers the page renderers share: calls a page can do without, and links to routes
that another area may or may not have.
"""

import importlib
from urllib.parse import urlsplit

from starlette.convertors import IntegerConvertor
from starlette.responses import RedirectResponse
from starlette.routing import Mount, NoMatchFound, Route

from website.api import ApiError, ApiUnavailable, NotFound
from website.blocks import resolve_body
from website.visit import Visit

#: meta.type -> (module in website/views, renderer): imported when first asked for, so that
#: a module still missing its renderer leaves its pages to `render_content`
RENDERERS = {
    "guide.HomePage": ("home", "render_home"),
    "communities.CommunityPage": ("communities", "render_community"),
    "communities.TrialHomePage": ("communities", "render_trial_home"),
    "events.EventPage": ("events", "render_event"),
    "guide.StoryPage": ("guide", "render_story"),
    "guide.ChecklistPage": ("guide", "render_checklist"),
}
#: meta.type -> the route that lists or shows such pages on their own
OWN_ROUTES = {
    "guide.HomePage": "home",
    "communities.CommunityIndexPage": "communities",
    "communities.CommunityPage": "community",
    "communities.TrialHomePage": "trial_home",
    "events.EventIndexPage": "events",
    "events.EventPage": "event",
    "guide.StoriesIndexPage": "stories",
    "guide.StoryPage": "story",
    "guide.ChecklistPage": "checklist",
    "guide.ChecklistStepPage": "checklist",
}


async def optional(call):
    """The answer of a call that a page can do without, or None when the API cannot give it
    (the page then shows the rest and says that something is missing)."""
    try:
        return await call
    except (ApiUnavailable, ApiError, NotFound):
        return None


def items(answer):
    """A listing's items; none when the call failed."""
    return (answer or {}).get("items", [])


def route_path(visit, name, **path_params):
    """The path of a route of this site, or None while no area answers it."""
    try:
        return visit.url(name, **path_params)
    except NoMatchFound:
        return None


def html_path(item):
    """The path of a page's `meta.html_url` (the website's address of its CMS path)."""
    return urlsplit((item.get("meta") or {}).get("html_url") or "").path or None


def _route(app, name):
    for route in app.routes:
        if isinstance(route, Mount):
            for child in route.routes:
                if isinstance(child, Route) and child.name == name:
                    return child
    return None


def page_link(visit, item, name):
    """The path of route `name` for a page: its path parameters are filled from the page
    (a whole-number parameter from its id, the others from its slug and its parent's), as
    the areas name them; None when there is no such route."""
    route = _route(visit.request.app, name)
    if route is None:
        return None
    meta = item.get("meta") or {}
    parent = urlsplit(((meta.get("parent") or {}).get("meta") or {}).get("html_url") or "")
    values = {}
    for param, convertor in route.param_convertors.items():
        if param == "lang":
            continue
        if isinstance(convertor, IntegerConvertor):
            values[param] = item["id"]
        elif param == "community":
            values[param] = parent.path.rstrip("/").rsplit("/", 1)[-1]
        else:
            values[param] = meta.get("slug") or (html_path(item) or "").rstrip("/").rsplit("/")[-1]
    return route_path(visit, name, **values)


def event_path(visit, event):
    """An event's page (its own route, or the imported events' one), else the calendar."""
    imported = (event.get("meta") or {}).get("type") == "events.ImportedEvent"
    return page_link(visit, event, "imported_event" if imported else "event") or route_path(
        visit, "events"
    )


def renderer_for(page_type):
    """The renderer of pages of `page_type` (`render_content` for any other)."""
    module_name, function = RENDERERS.get(page_type, (None, None))
    if module_name:
        module = importlib.import_module(f"website.views.{module_name}")
        found = getattr(module, function, None)
        if found:
            return found
    return render_content


async def render_content(visit, page, *, preview=False):
    """A page of any other kind: its title, intro and body."""
    body = page.get("body") if isinstance(page.get("body"), list) else []
    await resolve_body(visit.api, body)
    meta = page.get("meta") or {}
    return visit.render(
        "pages/content.html",
        {
            "page": page,
            "body": body,
            "title": meta.get("seo_title") or page.get("title"),
            "description": meta.get("search_description") or page.get("intro"),
            "fallback": meta.get("fallback"),
            "preview": preview,
            "noindex": preview,
        },
    )


async def page(request):
    visit = Visit(request)
    path = f"/{visit.lang}/{request.path_params['path']}"
    if not path.endswith("/"):
        return RedirectResponse(path + "/", status_code=301)
    try:
        found = await visit.api.find(path, visit.params())
    except NotFound:  # not meant for the visitor's audience: shown to who has its address
        found = await visit.api.find(path, {"locale": visit.lang})
    own = OWN_ROUTES.get(found["meta"]["type"])
    target = page_link(visit, found, own) if own else None
    if target and target != request.url.path:
        return RedirectResponse(target, status_code=301)
    return await renderer_for(found["meta"]["type"])(visit, found)


routes = [Route("/{path:path}", page, name="page")]
