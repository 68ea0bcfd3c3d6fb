"""The app around the pages: the web app manifest and the service worker that make the site an
installable app which opens offline, the offline page, the accessibility statement, and the
sitemap and robots.txt that make it findable."""

import hashlib
import json
from dataclasses import dataclass, field
from operator import itemgetter
from urllib.parse import urlsplit
from xml.etree import ElementTree

from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import NoMatchFound, Route

from website.api import ApiError, ApiUnavailable, NotFound, query
from website.i18n import N_, preferred_language, translations
from website.municipality import brand_css
from website.settings import DEFAULT_LANGUAGE, LANGUAGES
from website.visit import STATIC, Visit, static_url

#: the site's colours (static/css/site.css: --brand, --paper)
THEME_COLOUR = "#0b5e6b"
BACKGROUND_COLOUR = "#ffffff"
#: what the service worker keeps for offline use besides pages: every versioned static file
PRECACHED_FOLDERS = ("css", "js", "icons")
DESCRIPTION = N_("Your move here: communities, events, your checklist and whom to ask.")


def page_language(request):
    """The language of the page that asks (its Referer), else the browser's, else Danish."""
    referer = urlsplit(request.headers.get("referer", ""))
    first = referer.path.split("/")[1] if referer.path.count("/") > 1 else ""
    if referer.netloc == request.url.netloc and first in LANGUAGES:
        return first
    return preferred_language(request)


async def manifest(request):
    lang = page_language(request)
    name = Visit(request, lang).site_name
    icons = [
        {
            "src": static_url(f"icons/{kind}-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": purpose,
        }
        for kind, purpose in (("icon", "any"), ("maskable", "maskable"))
        for size in (192, 512)
    ]
    icons.append({"src": static_url("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"})
    data = {
        # one app whichever language it was installed in
        "id": "/",
        "lang": lang,
        "dir": "ltr",
        "name": name,
        "short_name": name,
        "description": translations(lang).ugettext(DESCRIPTION),
        "start_url": request.app.url_path_for("home", lang=lang),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }
    return JSONResponse(
        data,
        media_type="application/manifest+json",
        headers={"Cache-Control": "no-cache", "Vary": "Accept-Language, Referer"},
    )


def precached_files():
    return [
        static_url(path.relative_to(STATIC).as_posix())
        for folder in PRECACHED_FOLDERS
        for path in sorted((STATIC / folder).iterdir())
        if path.is_file()
    ]


async def service_worker(request):
    """static/sw.js with what it keeps: its bytes change whenever a static file does, which is
    how browsers learn to install the new version."""
    config = {
        "offline": {lang: request.app.url_path_for("offline", lang=lang) for lang in LANGUAGES},
        "static": precached_files(),
        "assets": request.app.url_path_for("assets", path="/"),
        "offlineCopy": static_url("js/offline-copy.js"),
    }
    body = f"const CONFIG = {json.dumps(config)};\n{(STATIC / 'sw.js').read_text()}"
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    return Response(
        f'const VERSION = "{version}";\n{body}',
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"},
    )


async def robots(request):
    site_url = Visit(request).site_url
    return PlainTextResponse(
        f"User-agent: *\nDisallow: /preview\nSitemap: {site_url}/sitemap.xml\n",
        headers={"Cache-Control": "public, max-age=3600"},
    )


async def brand_stylesheet(request):
    """The colour of the host's municipality (`?c=` only tells browsers it changed)."""
    return Response(
        brand_css(Visit(request).municipality),
        media_type="text/css",
        headers={"Cache-Control": "public, max-age=86400", "Vary": "Host"},
    )


async def offline(request):
    visit = Visit(request)
    return visit.render(
        "app_shell/offline.html", {"title": visit.gettext("You are offline"), "noindex": True}
    )


#: what the app keeps of the API's change feed for use offline (docs/website.md)
OFFLINE_AREAS = ("pages", "contacts", "associations", "culture-guide", "links")
OFFLINE_PAGE_SIZE = 100  # the API's largest
#: seconds: the app syncs in the background, where nobody waits for a page (a first download
#: reads every page whole)
OFFLINE_TIMEOUT = 20
#: the feed's answers are the app's own, never kept by a cache on the way
NO_STORE = {"Cache-Control": "no-store"}


def offline_copy_key(visit):
    """What the app's offline copy is of: the language and the visitor's audience. The copy
    is downloaded again when it changes."""
    return query(visit.params())


async def proxied(visit, path, params):
    """An API answer as the app's own JSON: refusals with their status and body."""
    headers = {**NO_STORE, "X-Offline-Copy": offline_copy_key(visit)}
    try:
        answer = await visit.api.get(path, params, keep=False, timeout=OFFLINE_TIMEOUT)
    except ApiError as error:
        return JSONResponse(error.body, status_code=error.status, headers=headers)
    except NotFound:
        return JSONResponse({"message": "not found"}, status_code=404, headers=headers)
    except ApiUnavailable:
        return JSONResponse(
            {"message": "the API cannot be reached"}, status_code=503, headers=headers
        )
    return JSONResponse(answer, headers={**headers, "X-Page-Size": str(OFFLINE_PAGE_SIZE)})


async def changes(request):
    """The API's change feed (`/api/v2/changes/`) on the site's own origin, for the app's
    offline copy: the kept areas in the page's language, for the visitor's audience; `since`
    as the app sends it. The API's refusals (400 for a cursor it never gave, 410 for one too
    old) come through with their status and body, so that the app downloads again."""
    visit = Visit(request)
    params = visit.params(areas=",".join(OFFLINE_AREAS), limit=OFFLINE_PAGE_SIZE)
    since = request.query_params.get("since")
    if since is not None:
        params["since"] = since
    return await proxied(visit, "changes/", params)


async def coming_events(request):
    """The calendar's next dates (`/api/v2/events/`, the next 60 days), for the app's offline
    copy: the feed has the event pages but not their dates, which move on with time (a
    repeating event's next date) without any change to the page."""
    visit = Visit(request)
    params = visit.params(limit=OFFLINE_PAGE_SIZE, fields="-json_ld,-location,-summary")
    return await proxied(visit, "events/", params)


async def general_contact(visit):
    """The newcomer service's own contact, where the API has one (topic "welcome")."""
    try:
        found = await visit.api.get(
            "contacts/", {"locale": visit.lang, "topic": "welcome", "limit": 1}
        )
    except (ApiUnavailable, ApiError):
        return None
    return (found.get("items") or [None])[0]


async def accessibility(request):
    visit = Visit(request)
    return visit.render(
        "app_shell/accessibility.html",
        {
            "title": visit.gettext("Accessibility statement"),
            "description": visit.gettext(
                "How this website meets the accessibility standard WCAG 2.1 AA, what does not "
                "work yet, and how to tell us about a problem."
            ),
            "contact": await general_contact(visit),
        },
    )


#: pages of the site that are not API content, in the sitemap
SITEMAP_PAGES = (
    "home",
    "communities",
    "events",
    "checklist",
    "associations",
    "trial_homes",
    "culture_guide",
    "contacts",
    "links",
    "stories",
    "accessibility",
    "doctors",
)
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
PAGE_SIZE = 100  # the API's largest
ElementTree.register_namespace("", SITEMAP_NS)
ElementTree.register_namespace("xhtml", XHTML_NS)


def html_path(item):
    """The path of a CMS page's copy: `/<lang>/<its path in the CMS>/`."""
    return urlsplit(item["meta"]["html_url"]).path


def translation_key(item):
    """What the copies of one CMS page share in every language: its path after the language."""
    return html_path(item).split("/", 2)[-1]


def by_slug(item):
    return {"slug": item["meta"]["slug"]}


def by_id(item):
    return {"id": item["id"]}


def in_community(item):
    """A trial home's address names its community: the page above it in the CMS."""
    return {"community": html_path(item).rstrip("/").split("/")[-2], **by_slug(item)}


@dataclass(frozen=True)
class Content:
    """One kind of API content with a page of its own on the website."""

    api_path: str
    route: str
    path_params: object  # item -> the route's path parameters
    params: dict = field(default_factory=dict)
    key: object = translation_key  # item -> the same key for each language's copy


# Events imported from other calendars are left out: their own calendars are where they belong.
CONTENT = (
    Content("communities/", "community", by_slug),
    Content("pages/", "trial_home", in_community, {"type": "communities.TrialHomePage"}),
    Content("pages/", "story", by_slug, {"type": "guide.StoryPage"}),
    Content("pages/", "event", by_id, {"type": "events.EventPage"}),
    Content("associations/", "association", by_id, {"fields": "_,id"}, key=itemgetter("id")),
)


async def listing(api, content, lang):
    """Every item of one kind in one language: the first page tells how many pages follow,
    which are then fetched at once."""
    params = {**content.params, "locale": lang, "limit": PAGE_SIZE}
    first = await api.get(content.api_path, params)
    rest = await api.gather(
        *(
            api.get(content.api_path, {**params, "offset": offset})
            for offset in range(PAGE_SIZE, first["meta"]["total_count"], PAGE_SIZE)
        )
    )
    return [item for answer in (first, *rest) for item in answer["items"]]


def route_names(app):
    return {
        route.name
        for top in app.routes
        for route in (top, *getattr(top, "routes", ()))
        if getattr(route, "name", None)
    }


async def content_pages(request, api):
    """Each content page as {lang: path}, its copies grouped by their translation key."""
    app = request.app
    kinds = [content for content in CONTENT if content.route in route_names(app)]
    answers = await api.gather(
        *(listing(api, content, lang) for content in kinds for lang in LANGUAGES)
    )
    found = iter(answers)
    pages = []
    for content in kinds:
        grouped = {}
        for lang in LANGUAGES:
            for item in next(found):
                try:
                    path = app.url_path_for(content.route, lang=lang, **content.path_params(item))
                except NoMatchFound:  # the area's route takes other parameters
                    continue
                grouped.setdefault(content.key(item), {})[lang] = str(path)
        pages += grouped.values()
    return pages


async def sitemap(request):
    """Every page in every language, each with its alternates (hreflang)."""
    visit = Visit(request)
    names = route_names(request.app)
    pages = [
        {lang: visit.url(name, lang=lang) for lang in LANGUAGES}
        for name in SITEMAP_PAGES
        if name in names
    ]
    pages += await content_pages(request, visit.api)
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for copies in pages:
        alternates = {**copies, "x-default": copies.get(DEFAULT_LANGUAGE)}
        for path in copies.values():
            url = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            ElementTree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = visit.absolute(path)
            for code, other in alternates.items():
                if other:
                    ElementTree.SubElement(
                        url,
                        f"{{{XHTML_NS}}}link",
                        rel="alternate",
                        hreflang=code,
                        href=visit.absolute(other),
                    )
    return Response(
        ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True),
        media_type="application/xml",
        headers={"Cache-Control": "public, max-age=3600"},
    )


routes = [
    Route("/offline/", offline, name="offline"),
    Route("/accessibility/", accessibility, name="accessibility"),
    Route("/app/changes.json", changes, name="offline_changes"),
    Route("/app/events.json", coming_events, name="offline_events"),
]
root_routes = [
    Route("/manifest.webmanifest", manifest, name="manifest"),
    Route("/sw.js", service_worker, name="service_worker"),
    Route("/robots.txt", robots, name="robots"),
    Route("/brand.css", brand_stylesheet, name="brand_stylesheet"),
    Route("/sitemap.xml", sitemap, name="sitemap"),
]
