"""Search across the site: one query to the API's pages, events and associations at once,
the results grouped, each linking to the website's own page for it."""

from starlette.routing import Route

from website.views.pages import OWN_ROUTES, event_path, html_path, page_link
from website.visit import Visit

MIN_LENGTH = 2
MAX_LENGTH = 200
#: the API's largest page: a search that finds more asks for more words
LIMIT = 100


def page_result(visit, page):
    """A page found: at its area's own address where it has one, else at its CMS path."""
    kind = page["meta"]["type"]
    route = OWN_ROUTES.get(kind)
    # a listing has no `parent`; a trial home's address names its community, its parent,
    # whose address is the page's own less its last part
    own = page["meta"].get("html_url") or ""
    page["meta"].setdefault("parent", {"meta": {"html_url": own.rstrip("/").rsplit("/", 1)[0]}})
    href = (page_link(visit, page, route) if route else None) or html_path(page)
    if kind == "guide.ChecklistStepPage":
        href += f"#step-{page['id']}"
    return {"href": href, "title": page["title"], "fallback": page["meta"].get("fallback")}


def event_results(visit, occurrences):
    """One result per event (the API lists each of its dates), with its next date."""
    results = {}
    for occurrence in occurrences:
        results.setdefault(
            occurrence["id"],
            {
                "href": event_path(visit, occurrence),
                "title": occurrence["title"],
                "text": occurrence.get("summary"),
                "start": occurrence.get("start"),
                "all_day": occurrence.get("all_day"),
                "place": (occurrence.get("community") or {}).get("title"),
                "fallback": occurrence["meta"].get("fallback"),
            },
        )
    return list(results.values())


def association_result(visit, association):
    return {
        "href": page_link(visit, association, "association"),
        "title": association["name"],
        "text": association.get("description"),
        "place": association.get("address"),
        "fallback": association["meta"].get("fallback"),
    }


async def search(request):
    visit = Visit(request)
    words = " ".join(request.query_params.get("q", "").split())[:MAX_LENGTH]
    context = {"words": words, "title": visit.gettext("Search"), "noindex": bool(words)}
    if len(words) < MIN_LENGTH:
        context["too_short"] = bool(words)
        return visit.render("search/search.html", context)
    params = visit.params(search=words, limit=LIMIT)
    pages, events, associations = await visit.api.gather(
        visit.api.get("pages/", params),
        visit.api.get("events/", params),
        visit.api.get("associations/", params),
    )
    groups = [
        {
            "key": "pages",
            "label": visit.gettext("Pages"),
            # an event's page is found as an event, with its date
            "results": [
                page_result(visit, page)
                for page in pages["items"]
                if page["meta"]["type"] != "events.EventPage"
            ],
        },
        {
            "key": "events",
            "label": visit.gettext("Events"),
            "results": event_results(visit, events["items"]),
        },
        {
            "key": "associations",
            "label": visit.gettext("Associations"),
            "results": [association_result(visit, item) for item in associations["items"]],
        },
    ]
    context.update(
        groups=groups,
        total=sum(len(group["results"]) for group in groups),
        cut=any(answer["meta"]["total_count"] > LIMIT for answer in (pages, events, associations)),
        title=visit.gettext("Search: %(words)s", words=words),
    )
    return visit.render("search/search.html", context)


routes = [
    Route("/search/", search, name="search"),
]
