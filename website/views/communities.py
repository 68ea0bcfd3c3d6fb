"""The communities (list and map, each village's presentation) and their trial homes."""

import math
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from starlette.routing import Route

from website.api import ApiError, NotFound
from website.blocks import resolve_body
from website.i18n import N_
from website.views.pages import event_path, html_path, items, optional, page_link, route_path
from website.visit import Visit

KINDS = {
    "local_community": N_("Local community"),
    "ambassador_corps": N_("Ambassador corps"),
}
HOME_STATUSES = {
    "available": N_("Available"),
    "reserved": N_("Reserved"),
    "let": N_("Let"),
}
#: the trial home filters' choices: smallest size (m²), highest rent (kr. a month)
SIZES = (50, 70, 90, 110)
RENTS = (4500, 5000, 6000, 7000)
COMMUNITY_FIELDS = "intro,kind,hero_image,location"
COMMUNITY_EVENTS = 5


def image_url(image):
    """The file of an image field as the API gives it (`{"meta": {"download_url": …}}`)."""
    if isinstance(image, dict):
        return (image.get("meta") or {}).get("download_url")
    return None


def community_slug(item):
    """The slug of the community a page lies in, from its address (`/en/…/<community>/<slug>/`)
    or, in a detail, its parent."""
    parent = ((item.get("meta") or {}).get("parent") or {}).get("meta") or {}
    path = html_path({"meta": parent}) if parent else None
    if path:
        return path.rstrip("/").rsplit("/", 1)[-1]
    parts = (html_path(item) or "").strip("/").split("/")
    return parts[-2] if len(parts) >= 2 else ""


def rent_text(visit, rent):
    try:
        amount = Decimal(str(rent))
    except (InvalidOperation, ValueError):
        return ""
    amount = format_decimal(amount, "#,##0", locale=visit.lang)
    return visit.gettext("%(amount)s kr. a month", amount=amount)


def trial_home_view(visit, home):
    """A trial home as the templates show it."""
    community = community_slug(home)
    status = home.get("status")
    return {
        **home,
        "href": visit.url("trial_home", community=community, slug=home["meta"]["slug"])
        if community
        else html_path(home),
        "community_href": visit.url("community", slug=community) if community else None,
        "status_label": visit.gettext(HOME_STATUSES[status]) if status in HOME_STATUSES else "",
        "rent": rent_text(visit, home.get("rent_per_month")),
    }


# the communities and their map

TILE = 256
#: the map is at most this many tiles wide and high (the largest zoom that fits is chosen)
MAP_TILES_WIDE, MAP_TILES_HIGH = 4, 3
MAP_PADDING = 24  # px around the outermost markers
MAP_LABEL_ROOM = 110  # px right of the easternmost marker, for its name


def mercator(lat, lon, zoom):
    """A point's pixel position on the Web Mercator world map at `zoom` (OSM's tiles)."""
    scale = TILE * 2**zoom
    sin = math.sin(math.radians(lat))
    x = (lon + 180) / 360 * scale
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * scale
    return x, y


def map_layout(places, tiles):
    """A map, drawn by the server, that fits every place with a position: the tiles to lay
    out and the markers' positions, in the pixels of the chosen zoom. None without tiles or
    places."""
    located = [p for p in places if p["lat"] is not None and p["lon"] is not None]
    if not tiles or not located:
        return None
    for zoom in range(13, 2, -1):
        points = [mercator(p["lat"], p["lon"], zoom) for p in located]
        left = min(x for x, _ in points) - MAP_PADDING
        top = min(y for _, y in points) - MAP_PADDING
        width = max(x for x, _ in points) + MAP_LABEL_ROOM - left
        height = max(y for _, y in points) + MAP_PADDING - top
        # never a thin strip: at least half as high as wide
        if height < width / 2:
            top, height = top - (width / 2 - height) / 2, width / 2
        first_x, first_y = int(left // TILE), int(top // TILE)
        last_x, last_y = int((left + width) // TILE), int((top + height) // TILE)
        if last_x - first_x < MAP_TILES_WIDE and last_y - first_y < MAP_TILES_HIGH:
            break
    return {
        "view_box": f"{left:.0f} {top:.0f} {width:.0f} {height:.0f}",
        "size": width,
        "tiles": [
            {"x": x * TILE, "y": y * TILE, "url": tiles.format(z=zoom, x=x % 2**zoom, y=y, s="a")}
            for x in range(first_x, last_x + 1)
            for y in range(first_y, last_y + 1)
        ],
        "markers": [
            {**place, "x": round(x, 1), "y": round(y, 1)}
            for place, (x, y) in zip(located, points, strict=True)
        ],
    }


async def community_list(request):
    visit = Visit(request)
    answer = await visit.api.get(
        "communities/", visit.params(limit=100, fields=COMMUNITY_FIELDS, order="title")
    )
    communities = items(answer)
    places = [
        {
            "href": visit.url("community", slug=c["meta"]["slug"]),
            "label": c["title"],
            "lat": (c.get("location") or {}).get("lat"),
            "lon": (c.get("location") or {}).get("lon"),
        }
        for c in communities
    ]
    return visit.render(
        "communities/list.html",
        {
            "communities": communities,
            "kinds": KINDS,
            "map": map_layout(places, visit.settings.map_tiles),
            "title": visit.gettext("Communities"),
            "description": visit.gettext(
                "The villages and towns of the municipality: their ambassadors, trial homes "
                "and events."
            ),
        },
    )


async def community(request):
    visit = Visit(request)
    answer = await visit.by_address(
        "pages/", type="communities.CommunityPage", slug=request.path_params["slug"], fields="*"
    )
    if not items(answer):
        raise NotFound(request.url.path)
    return await render_community(visit, items(answer)[0])


async def _ambassador_photo(visit, ambassador):
    photo = ambassador.get("photo")
    if isinstance(photo, int):  # an image's id only: its file comes from the images endpoint
        photo = await optional(visit.api.get(f"images/{photo}/"))
    ambassador["photo_url"] = image_url(photo)


async def render_community(visit, page, *, preview=False):
    in_community = {"community": page["id"]}
    ambassadors = [dict(a) for a in page.get("ambassadors") or []]
    homes, events, stories, *_ = await visit.api.gather(
        optional(
            visit.api.get(
                "pages/",
                visit.params(type="communities.TrialHomePage", fields="*", **in_community),
            )
        ),
        optional(visit.api.get("events/", visit.params(limit=COMMUNITY_EVENTS, **in_community))),
        optional(
            visit.api.get(
                "pages/",
                visit.params(
                    type="guide.StoryPage",
                    fields="first_name,origin_country,quote,photo",
                    **in_community,
                ),
            )
        ),
        resolve_body(visit.api, page.get("body")),
        *(_ambassador_photo(visit, a) for a in ambassadors),
    )
    for ambassador in ambassadors:
        ambassador["language_names"] = visit.language_names(ambassador.get("languages"))
    meta = page.get("meta") or {}
    lat, lon = page.get("latitude"), page.get("longitude")
    place = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": page.get("title"),
        "description": page.get("intro"),
        "url": visit.absolute(visit.url("community", slug=meta.get("slug", ""))),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": page.get("title"),
            "addressCountry": "DK",
        },
    }
    if image_url(page.get("hero_image")):
        place["image"] = visit.media(image_url(page["hero_image"]))
    if lat is not None and lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}
    return visit.render(
        "communities/community.html",
        {
            "page": page,
            "kind": KINDS.get(page.get("kind")),
            "ambassadors": ambassadors,
            "homes": [trial_home_view(visit, home) for home in items(homes)],
            "events": items(events),
            "event_path": lambda event: event_path(visit, event),
            "events_path": route_path(visit, "events"),
            "stories": [
                {**story, "href": page_link(visit, story, "story") or html_path(story)}
                for story in items(stories)
            ],
            "title": meta.get("seo_title") or page.get("title"),
            "description": meta.get("search_description") or page.get("intro"),
            "og_image": image_url(page.get("hero_image")),
            "structured_data": [place],
            "fallback": meta.get("fallback"),
            "stale": None in (homes, events, stories),
            "preview": preview,
            "noindex": preview,
        },
    )


# trial homes


def read_filters(query):
    """The trial home filters from the query string; anything not understood is left out."""

    def number(name, allowed):
        value = query.get(name, "")
        return int(value) if value.isdigit() and int(value) in allowed else None

    try:
        moving_in = date.fromisoformat(query.get("available", ""))
    except ValueError:
        moving_in = None
    community_id = query.get("community", "")
    return {
        "community": int(community_id) if community_id.isdigit() else None,
        "available": moving_in,
        "size": number("size", SIZES),
        "rent": number("rent", RENTS),
    }


def matches(home, filters):
    """Whether a home passes the filters the API cannot apply (it filters on equal values
    only): free on the moving-in date, at least the size, at most the rent."""
    moving_in = filters["available"]
    if moving_in:
        if home.get("status") == "let" or not home.get("available_from"):
            return False
        start = date.fromisoformat(home["available_from"])
        end = date.fromisoformat(home["available_to"]) if home.get("available_to") else None
        if start > moving_in or (end and end < moving_in):
            return False
    if filters["size"] and (home.get("size_m2") or 0) < filters["size"]:
        return False
    if filters["rent"]:
        try:
            if Decimal(str(home.get("rent_per_month"))) > filters["rent"]:
                return False
        except (InvalidOperation, ValueError):
            return False
    return True


async def _trial_homes(visit, community_id):
    """Every trial home (of one community: the API filters by community)."""
    params = {"type": "communities.TrialHomePage", "fields": "*", "limit": 100}
    try:
        return await visit.api.get("pages/", visit.params(community=community_id, **params))
    except ApiError:  # not a community's id (an old link): no home is in it
        return {"items": []}


async def trial_homes(request):
    visit = Visit(request)
    filters = read_filters(request.query_params)
    homes, communities = await visit.api.gather(
        _trial_homes(visit, filters["community"]),
        optional(
            visit.api.get(
                "communities/", visit.params(limit=100, fields="_,id,title", order="title")
            )
        ),
    )
    shown = [trial_home_view(visit, home) for home in items(homes) if matches(home, filters)]
    return visit.render(
        "communities/trial_homes.html",
        {
            "homes": shown,
            "filters": filters,
            "filtered": any(value is not None for value in filters.values()),
            "communities": items(communities),
            "sizes": SIZES,
            "rents": [(rent, rent_text(visit, rent)) for rent in RENTS],
            "title": visit.gettext("Trial homes"),
            "description": visit.gettext(
                "Live in one of the villages for a few months before you decide: furnished "
                "trial homes at a fair rent."
            ),
            "stale": communities is None,
        },
    )


async def trial_home(request):
    visit = Visit(request)
    answer = await visit.by_address(
        "pages/", type="communities.TrialHomePage", slug=request.path_params["slug"], fields="*"
    )
    found = [h for h in items(answer) if community_slug(h) == request.path_params["community"]]
    if not found:
        raise NotFound(request.url.path)
    return await render_trial_home(visit, found[0])


async def render_trial_home(visit, page, *, preview=False):
    slug = community_slug(page)
    community_answer, *_ = await visit.api.gather(
        optional(
            visit.api.get(
                "pages/",
                visit.params(type="communities.CommunityPage", slug=slug, fields="_,id,title"),
            )
        ),
        resolve_body(visit.api, page.get("description")),
    )
    photos = [
        {"url": image_url(photo.get("image")) or image_url(photo), "caption": photo.get("caption")}
        for photo in page.get("photos") or []
        if isinstance(photo, dict)
    ]
    meta = page.get("meta") or {}
    communities = items(community_answer)
    return visit.render(
        "communities/trial_home.html",
        {
            "home": trial_home_view(visit, page),
            "community_title": communities[0]["title"] if communities else page.get("area"),
            "photos": [photo for photo in photos if photo["url"]],
            "title": meta.get("seo_title") or page.get("title"),
            "description": meta.get("search_description") or page.get("address"),
            "fallback": meta.get("fallback"),
            "preview": preview,
            "noindex": preview,
        },
    )


routes = [
    Route("/communities/", community_list, name="communities"),
    Route("/communities/{slug}/", community, name="community"),
    Route("/communities/{community}/{slug}/", trial_home, name="trial_home"),
    Route("/trial-homes/", trial_homes, name="trial_homes"),
]
