"""The guide: the checklist in the order its steps wait for each other, the culture guide,
contacts, useful links and the stories of people who moved here."""

from babel import Locale
from starlette.routing import Route

from website.api import NotFound, query
from website.blocks import resolve_body
from website.i18n import N_
from website.visit import Visit

#: the API's largest page: a whole list (the checklist, the contacts …) in as few calls as can be
LIMIT_MAX = 100
STORIES_PER_PAGE = 12
STORY_FIELDS = "first_name,origin_country,origin_place,arrival_year,quote,photo"
TOPIC_LABELS = {
    "welcome": N_("Welcome and settling in"),
    "work": N_("Jobs and careers"),
    "partner": N_("Jobs for partners"),
    "residence": N_("Residence and registration"),
    "housing": N_("Housing"),
    "school": N_("School and day care"),
    "health": N_("Health and doctors"),
    "tax": N_("Tax"),
    "language": N_("Danish lessons"),
    "leisure": N_("Culture, sport and leisure"),
    "tourism": N_("Tourism and rural districts"),
    "business": N_("Business"),
}


async def every_item(visit, path, params):
    """All items of an API listing: its first page, then the rest of them at once."""
    first = await visit.api.get(path, {**params, "limit": LIMIT_MAX})
    rest = await visit.api.gather(
        *(
            visit.api.get(path, {**params, "limit": LIMIT_MAX, "offset": offset})
            for offset in range(LIMIT_MAX, first["meta"]["total_count"], LIMIT_MAX)
        )
    )
    return [item for page in (first, *rest) for item in page["items"]]


async def first_page_of_type(visit, page_type, fields):
    """The page of a type there is one of (the checklist's, the stories index), or None."""
    found = await visit.api.get("pages/", visit.params(type=page_type, fields=fields, limit=1))
    return found["items"][0] if found["items"] else None


def paragraphs(text):
    """The API's plain text: an empty line separates paragraphs."""
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]


def offset_of(request):
    value = request.query_params.get("offset", "")
    return int(value) if value.isdigit() and len(value) < 10 else 0


def preview_context(preview):
    return {"preview": True, "noindex": True, "alternates": None} if preview else {}


# --- the checklist ---------------------------------------------------------------------------


async def checklist_steps(visit):
    return await every_item(visit, "checklist/", visit.params())


async def checklist(request):
    visit = Visit(request)
    page, steps = await visit.api.gather(
        first_page_of_type(visit, "guide.ChecklistPage", "intro"), checklist_steps(visit)
    )
    return checklist_response(visit, page, steps)


async def render_checklist(visit, page, *, preview=False):
    """The checklist with `page` (a guide.ChecklistPage) as its title and introduction."""
    return checklist_response(visit, page, await checklist_steps(visit), preview=preview)


def checklist_response(visit, page, steps, *, preview=False):
    titles = {step["id"]: step["title"] for step in steps}
    for step in steps:
        # a step waits only for steps in this visitor's list (the API leaves the others out)
        step["after"] = [titles[other] for other in step["depends_on"] if other in titles]
        step["paragraphs"] = paragraphs(step["body"])
    document = visit.settings.browser_api_url + "/api/v2/checklist/"
    audience_query = query(visit.params())
    return visit.render(
        "guide/checklist.html",
        {
            "page": page,
            "steps": steps,
            "title": page["title"] if page else visit.gettext("Checklist"),
            "description": page and page.get("intro"),
            "fallback": bool(page and page["meta"].get("fallback")),
            "pdf_url": f"{document}pdf/?{audience_query}",
            "print_url": f"{document}print/?{audience_query}",
            **preview_context(preview),
        },
    )


# --- culture guide, contacts, links ----------------------------------------------------------


async def culture_guide(request):
    visit = Visit(request)
    notes = await every_item(visit, "culture-guide/", visit.params())
    for note in notes:
        note["paragraphs"] = paragraphs(note["answer"])
    return visit.render(
        "guide/culture_guide.html",
        {"notes": notes, "title": visit.gettext("Culture guide")},
    )


async def contacts(request):
    visit = Visit(request)
    people = await every_item(visit, "contacts/", visit.params())
    for person in people:
        person["topic_labels"] = [
            visit.gettext(TOPIC_LABELS[code]) for code in person["topics"] if code in TOPIC_LABELS
        ]
        person["language_names"] = visit.language_names(person["languages"])
    return visit.render(
        "guide/contacts.html", {"people": people, "title": visit.gettext("Contacts")}
    )


async def links(request):
    visit = Visit(request)
    groups = {}
    for link in await every_item(visit, "links/", visit.params()):
        groups.setdefault(link["group_label"], []).append(link)  # the API orders by group
    return visit.render(
        "guide/links.html", {"groups": groups, "title": visit.gettext("Useful links")}
    )


# --- stories ---------------------------------------------------------------------------------


def country_name(visit, code):
    return Locale.parse(visit.lang).territories.get(code, code)


async def stories(request):
    visit = Visit(request)
    offset = offset_of(request)
    index, listing = await visit.api.gather(
        first_page_of_type(visit, "guide.StoriesIndexPage", "intro"),
        visit.api.get(
            "pages/",
            visit.params(
                type="guide.StoryPage", fields=STORY_FIELDS, limit=STORIES_PER_PAGE, offset=offset
            ),
        ),
    )
    for story in listing["items"]:
        story["country"] = country_name(visit, story["origin_country"])
    return visit.render(
        "guide/stories.html",
        {
            "index": index,
            "stories": listing["items"],
            "total": listing["meta"]["total_count"],
            "limit": STORIES_PER_PAGE,
            "offset": offset,
            "title": index["title"] if index else visit.gettext("Stories"),
            "description": index and index.get("intro"),
            # a later page of the list is the same content: one canonical address
            "canonical": visit.url("stories"),
        },
    )


async def story(request):
    visit = Visit(request)
    found = await visit.by_address(
        "pages/", type="guide.StoryPage", slug=request.path_params["slug"], fields="*", limit=1
    )
    if not found["items"]:
        raise NotFound(request.url.path)
    return await render_story(visit, found["items"][0])


async def render_story(visit, page, *, preview=False):
    """One story (a guide.StoryPage, in the shape of the API's page detail)."""
    await resolve_body(visit.api, page.get("body"))
    photo = page.get("photo") or {}
    return visit.render(
        "guide/story.html",
        {
            "page": page,
            "country": country_name(visit, page.get("origin_country") or ""),
            "photo_url": (photo.get("meta") or {}).get("download_url"),
            "video_file": ((page.get("video_file") or {}).get("meta") or {}).get("download_url"),
            "title": page["title"],
            "description": page.get("quote") or page.get("search_description"),
            "og_type": "article",
            "og_image": (photo.get("meta") or {}).get("download_url"),
            "fallback": page["meta"].get("fallback"),
            **preview_context(preview),
        },
    )


routes = [
    Route("/checklist/", checklist, name="checklist"),
    Route("/culture-guide/", culture_guide, name="culture_guide"),
    Route("/contacts/", contacts, name="contacts"),
    Route("/links/", links, name="links"),
    Route("/stories/", stories, name="stories"),
    Route("/stories/{slug:str}/", story, name="story"),
]
