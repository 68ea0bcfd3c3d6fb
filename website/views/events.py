"""The calendar: the coming dates by day, with filters and a subscription (`/events/`); an
event's page with its dates, "add to my calendar" and the registration form (which posts to
views/registration.py).

Each language copy of an event page has its own id in the API, so an event's address is
`/<lang>/events/<id of the copy in that language>/` (an event without a copy in a language
keeps the Danish copy's id there). Events imported from other calendars have one id in every
language: `/<lang>/events/imported/<id>/`.
"""

import re
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from itertools import groupby
from urllib.parse import urlsplit

from babel import Locale
from babel.numbers import format_currency
from starlette.responses import RedirectResponse
from starlette.routing import Route

from website.api import ApiError, ApiUnavailable, NotFound, query
from website.blocks import resolve_body
from website.i18n import N_, parse_datetime
from website.views.pages import items, optional
from website.visit import Visit

PAGE_SIZE = 20
#: what the API's calendar takes: at most this many days between `from` and `to`
MAX_DAYS = 400
#: how far ahead the calendar lists dates, and the window without `to` (the API's)
LISTED_DAYS = 540
DEFAULT_DAYS = 60
#: at most this many people on one registration (the API's limit)
MAX_SEATS = 10
CATEGORIES = {
    "social": N_("Social"),
    "culture": N_("Culture"),
    "sport": N_("Sport"),
    "nature": N_("Nature"),
    "career": N_("Career and job fairs"),
    "welcome": N_("Welcome"),
}
#: the calendar's own audiences (the API's `audience`)
CALENDAR_AUDIENCES = {"tourists": N_("Visitors and tourists"), "locals": N_("Local residents")}
SPOKEN = ("da", "en", "de")
DISTANCES = (5, 10, 25, 50)
COORDINATES = re.compile(r"^-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?$")
#: the feed of a subscription follows the calendar as it goes on: no window, no paging
NOT_IN_FEED = ("from", "to", "limit", "offset", "order", "fields")


@dataclass
class Filters:
    """The listing's filters as the visitor's form sends them (unknown values dropped)."""

    q: str = ""
    category: str = ""
    community: str = ""
    language: str = ""
    audience: str = ""
    who: str = "me"
    near: str = ""
    km: str = "25"
    start: str = ""
    end: str = ""

    @classmethod
    def from_query(cls, params):
        def pick(name, allowed, default=""):
            value = params.get(name, "").strip()
            return value if value in allowed else default

        return cls(
            q=params.get("q", "").strip()[:100],
            category=pick("category", CATEGORIES),
            community=params.get("community", "") if params.get("community", "").isdigit() else "",
            language=pick("language", SPOKEN),
            audience=pick("audience", CALENDAR_AUDIENCES),
            who=pick("who", ("me", "everyone"), "me"),
            near=params.get("near", "") if COORDINATES.match(params.get("near", "")) else "",
            km=pick("km", [str(km) for km in DISTANCES], "25"),
            start=_iso_date(params.get("from")),
            end=_iso_date(params.get("to")),
        )

    def errors(self, visit):
        """What is wrong with the window, by field (the API would refuse it)."""
        if self.start and self.end:
            first, last = date.fromisoformat(self.start), date.fromisoformat(self.end)
            if last < first:
                return {"to": visit.gettext("The last date must not be before the first.")}
            if last - first > timedelta(days=MAX_DAYS - 1):
                return {"to": visit.gettext("Choose at most a year at a time.")}
        # the calendar's dates are kept about 18 months ahead (the API refuses later ones)
        latest = date.today() + timedelta(days=LISTED_DAYS)
        if self.end and date.fromisoformat(self.end) > latest:
            return {"to": visit.gettext("Choose a date within the next 17 months.")}
        if (
            self.start
            and not self.end
            and date.fromisoformat(self.start) > latest - timedelta(days=DEFAULT_DAYS)
        ):
            return {"to": visit.gettext("Choose a date within the next 17 months.")}
        return {}

    def api_params(self, visit):
        """The API's parameters: the visitor's language and audience (unless they widened it
        to everyone) and the filters."""
        params = visit.params() if self.who == "me" else {"locale": visit.lang}
        ok = not self.errors(visit)
        params.update(
            search=self.q,
            category=self.category,
            community=self.community,
            language=self.language,
            audience=self.audience,
            near=self.near,
            within_km=self.km if self.near else "",
            **{"from": self.start if ok else "", "to": self.end if ok else ""},
        )
        return params

    def query_string(self):
        """These filters as the listing's own query (for paging)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["from"], values["to"] = values.pop("start"), values.pop("end")
        if values["who"] == "me":
            del values["who"]
        if not values["near"]:
            del values["km"]
        return query(values)

    @property
    def narrowed(self):
        chosen = (self.q, self.category, self.community, self.language, self.audience)
        return self.who != "me" or any((*chosen, self.near, self.start, self.end))


def moment(value):
    try:
        return parse_datetime(value)
    except ValueError:
        return None


def _iso_date(value):
    try:
        return date.fromisoformat((value or "").strip()).isoformat()
    except ValueError:
        return ""


def public_api_url(visit, path, params=None):
    """An address of the API as the visitor's browser (or calendar app) reaches it."""
    qs = query(params)
    return f"{visit.settings.browser_api_url}/api/v2/{path.lstrip('/')}" + (f"?{qs}" if qs else "")


def webcal(url):
    return re.sub(r"^https?://", "webcal://", url)


def ical_url(visit, event):
    """The API's `event.ics` of the event ("add to my calendar"), at its public address."""
    path = urlsplit(event.get("ical_url") or "").path
    return visit.settings.browser_api_url + path if path else None


def is_imported(event):
    return (event.get("meta") or {}).get("type") == "events.ImportedEvent"


def event_path(visit, event, lang=None):
    """The website's page of a calendar item (a listing's or a detail's)."""
    if is_imported(event):
        return visit.url("imported_event", lang=lang, id=event["id"])
    return visit.url("event", lang=lang, id=event["id"])


def by_day(items):
    """The items grouped by their local day: [(date, [item, ...]), ...]."""
    return [
        (day, list(group))
        for day, group in groupby(items, key=lambda item: parse_datetime(item["start"]).date())
    ]


def availability(visit, seats_left, join):
    """Places left on a date, in words, with the badge's kind; None without registration."""
    if (join or {}).get("mode") != "registration" or seats_left is None:
        return None
    if seats_left <= 0:
        return ("full", visit.gettext("Full – waiting list"))
    return ("open", visit.ngettext("%(num)s place left", "%(num)s places left", seats_left))


def spoken(visit, codes):
    """Language codes as names in the visitor's language ("Danish, English")."""
    return ", ".join(visit.language_names(codes))


def price(visit, amount):
    """A price in DKK as the visitor's language writes it, without øre when whole."""
    value = Decimal(amount)
    pattern = Locale.parse(visit.lang).currency_formats["standard"].pattern
    if value == value.to_integral_value():
        pattern = pattern.replace(".00", "")
    text = format_currency(value, "DKK", format=pattern, locale=visit.lang, currency_digits=False)
    return re.sub(r"^DKK(?=\d)", "DKK\u00a0", text)


def listing_context(visit):
    return {
        "categories": CATEGORIES,
        "calendar_audiences": CALENDAR_AUDIENCES,
        "distances": DISTANCES,
        "availability": lambda item: availability(visit, item.get("seats_left"), item.get("join")),
        "event_path": lambda item: event_path(visit, item),
        "spoken": lambda codes: spoken(visit, codes),
        "price": lambda amount: price(visit, amount),
    }


async def events(request):
    visit = Visit(request)
    filters = Filters.from_query(request.query_params)
    try:
        offset = max(0, min(int(request.query_params.get("offset", 0)), 10_000))
    except ValueError:
        offset = 0
    params = filters.api_params(visit)
    calendar, communities = await visit.api.gather(
        visit.api.get(
            "events/",
            {
                **params,
                "limit": PAGE_SIZE,
                "offset": offset,
                "order": "start",
                "fields": "-json_ld",
            },
        ),
        optional(
            visit.api.get(
                "communities/",
                {"locale": visit.lang, "limit": 100, "fields": "_,id,title,location"},
            )
        ),
    )
    feed = {key: value for key, value in params.items() if key not in NOT_IN_FEED}
    feed_url = public_api_url(visit, "events/feed.ics", feed)
    places = sorted(items(communities), key=lambda c: c["title"])
    context = {
        "title": visit.gettext("Calendar"),
        "description": visit.gettext(
            "Events for newcomers in the municipality: meet people, clubs and employers."
        ),
        "filters": filters,
        "filter_errors": filters.errors(visit),
        "days": by_day(calendar.get("items", [])),
        "total": calendar.get("meta", {}).get("total_count", 0),
        "offset": offset,
        "limit": PAGE_SIZE,
        "base_query": filters.query_string(),
        "communities": places,
        # "near" a community is near its location: {title: "lat,lon"}
        "points": {
            c["title"]: f"{c['location']['lat']},{c['location']['lon']}"
            for c in places
            if c.get("location")
        },
        "feed_url": feed_url,
        "webcal_url": webcal(feed_url),
        **listing_context(visit),
    }
    if offset or filters.narrowed:
        context["noindex"] = True
    return visit.render("events/list.html", context)


# -- an event -----------------------------------------------------------------------------


async def load_event(visit, event_id, *, imported=False, keep=True):
    """The API's detail of an event and its language copies ({lang: id}). An event that is
    not meant for the visitor's audience is still shown to someone who has its address."""
    path = f"events/imported/{event_id}/" if imported else f"events/{event_id}/"

    async def copies():
        if imported:
            return {}
        try:
            answer = await visit.api.get(
                "pages/", {"translation_of": event_id, "fields": "_,id,locale"}, keep=keep
            )
        except (ApiError, ApiUnavailable, NotFound):  # the page itself is the one needed
            return {}
        return {item["meta"]["locale"]: item["id"] for item in answer.get("items", [])}

    event, others = await visit.api.gather(visit.by_address(path, keep=keep), copies())
    others[event["meta"]["locale"]] = event["id"]
    return event, others


def alternates(visit, event, copies, name="event"):
    """The event's page in each language: its copy there, else the Danish one."""
    if is_imported(event):
        return None  # the default: the same path in every language
    fallback = copies.get("da", event["id"])
    return {
        lang: visit.url(name, lang=lang, id=copies.get(lang, fallback))
        for lang in visit.settings.languages
    }


def structured_data(visit, event, page_url):
    """The API's schema.org Event with the website's address and what the seats tell."""
    data = dict(event.get("json_ld") or {})
    if not data:
        return []
    data["url"] = page_url
    seats = {o["start"]: o.get("seats_left") for o in event.get("occurrences") or []}
    registration = (event.get("join") or {}).get("mode") == "registration"

    def with_seats(item):
        left = seats.get(item.get("startDate"))
        if not registration or left is None:
            return item
        offer = dict(item.get("offers") or {"@type": "Offer", "price": "0", "priceCurrency": "DKK"})
        offer.update(
            url=page_url,
            availability="https://schema.org/" + ("InStock" if left > 0 else "SoldOut"),
        )
        return {**item, "remainingAttendeeCapacity": max(left, 0), "offers": offer}

    data = with_seats(data)
    if data.get("subEvent"):
        data["subEvent"] = [with_seats(item) for item in data["subEvent"]]
    return [data]


def dates_of(visit, event):
    """The coming dates, each with its availability, for the page and the form."""
    dates = event.get("occurrences") or []
    if not dates and event.get("start"):
        dates = [{"start": event["start"], "end": event.get("end"), "seats_left": None}]
    return [
        {**d, "availability": availability(visit, d.get("seats_left"), event.get("join"))}
        for d in dates
    ]


def default_date(dates):
    """The date the form offers first: the first with places left, else the first."""
    for d in dates:
        if d.get("seats_left") is None or d["seats_left"] > 0:
            return d["start"]
    return dates[0]["start"] if dates else ""


async def render_event(visit, page, *, preview=False, form=None, copies=None, status=200):
    """An event's page. `page` is the events API's detail, or a page of the pages API (an
    editor's preview: the event's calendar data are read from the events API by its id, and
    what the page itself carries wins)."""
    event = page
    if "occurrences" not in page:
        try:
            event, copies = await load_event(visit, page["id"], keep=not preview)
        except NotFound:  # a draft never published: only what the page carries
            event, copies = {"occurrences": [], "join": {}}, {}
        event = {**event, **{k: v for k, v in page.items() if k != "meta"}}
        event["meta"] = {**(event.get("meta") or {}), **(page.get("meta") or {})}
    copies = copies or {}
    body = event.get("body") if isinstance(event.get("body"), list) else []
    await resolve_body(visit.api, body)
    meta = event.get("meta") or {}
    path = event_path(visit, event) if "id" in event else visit.request.url.path
    dates = dates_of(visit, event)
    registration = (event.get("join") or {}).get("mode") == "registration" and not preview
    form = form or {"typed": {"occurrence": default_date(dates), "seats": "1"}, "errors": {}}
    context = {
        "title": event.get("title"),
        "description": event.get("summary"),
        "fallback": meta.get("fallback"),
        "canonical": path,
        "alternates": alternates(visit, event, copies) if "id" in event else None,
        "structured_data": [] if preview else structured_data(visit, event, visit.absolute(path)),
        "og_type": "article",
        "event": event,
        "body": body,
        "dates": dates,
        "ical": ical_url(visit, event),
        "registration": registration,
        "form": form,
        "form_action": path,
        "max_seats": MAX_SEATS,
        "preview": preview,
        "noindex": preview or bool(form.get("errors") or form.get("problem")),
        "spoken": lambda codes: spoken(visit, codes),
        "price": lambda amount: price(visit, amount),
        "categories": CATEGORIES,
    }
    return visit.render("events/event.html", context, status=status)


async def event_page(request):
    visit = Visit(request)
    event, copies = await load_event(visit, request.path_params["id"])
    own = copies.get(visit.lang)
    if own and own != event["id"]:  # another language's copy: this language's own page
        return RedirectResponse(visit.url("event", id=own), status_code=301)
    return await render_event(visit, event, copies=copies)


async def imported_event(request):
    visit = Visit(request)
    event, _copies = await load_event(visit, request.path_params["id"], imported=True)
    return await render_event(visit, event)


routes = [
    Route("/events/", events, name="events"),
    # a POST to the same address is the registration (views/registration.py)
    Route("/events/{id:int}/", event_page, methods=["GET"], name="event"),
    Route("/events/imported/{id:int}/", imported_event, name="imported_event"),
]
