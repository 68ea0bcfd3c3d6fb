"""The front page (the welcome letter, the visitor's next steps, events, communities) and
the one question the site asks: who the visitor is."""

from urllib.parse import urlsplit

from starlette.responses import RedirectResponse
from starlette.routing import Route

from website.audience import COOKIE, COOKIE_MAX_AGE, HOUSEHOLDS, ORIGINS, Audience
from website.blocks import resolve_body
from website.i18n import N_
from website.views.pages import event_path, items, optional, route_path
from website.visit import Visit

#: the question's answers, as the form words them
ORIGIN_CHOICES = {
    "denmark": N_("From elsewhere in Denmark"),
    "nordic": N_("From another Nordic country"),
    "eu": N_("From another EU/EEA country"),
    "non_eu": N_("From a country outside the EU/EEA"),
}
HOUSEHOLD_CHOICES = {
    "children": N_("Children are moving with me"),
    "partner": N_("A partner is moving with me"),
    "student": N_("I am coming to study"),
}
NEXT_STEPS = 5
UPCOMING_EVENTS = 4


def local_next(visit, value):
    """Where to go after answering: a path on this site only (never another site)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return visit.url("home")


def audience_form(visit, audience, *, errors=None, next_path=None):
    """The context of the audience form (shared by the front page and `about_you`)."""
    return {
        "form_audience": audience,
        "form_errors": errors or {},
        "form_next": next_path or visit.url("home"),
        "origin_choices": ORIGIN_CHOICES,
        "household_choices": HOUSEHOLD_CHOICES,
        "origins": ORIGINS,
        "households": HOUSEHOLDS,
    }


async def about_you(request):
    visit = Visit(request)
    if request.method == "GET":
        next_path = local_next(visit, request.query_params.get("next"))
        return _about_you_page(visit, visit.audience, next_path=next_path)
    form = await request.form()
    next_path = local_next(visit, form.get("next"))
    response = RedirectResponse(next_path, status_code=303)
    if form.get("forget"):
        response.delete_cookie(COOKIE, path="/")
        return response
    audience, error = Audience.from_form(form)
    if error:
        ticked = Audience(households=frozenset(form.getlist("household")) & set(HOUSEHOLDS))
        errors = {"origin": visit.gettext("Choose where you move from.")}
        return _about_you_page(visit, ticked, errors=errors, next_path=next_path, status=400)
    response.set_cookie(
        COOKIE,
        audience.cookie_value(),
        max_age=COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


def _about_you_page(visit, audience, *, errors=None, next_path=None, status=200):
    context = audience_form(visit, audience, errors=errors, next_path=next_path)
    context.update(
        title=visit.gettext("About you"),
        description=visit.gettext("Tell us where you move from, and we show what matters to you."),
        noindex=True,
    )
    return visit.render("home/about_you.html", context, status=status)


async def home_page(visit):
    answer = await visit.api.get("pages/", visit.params(type="guide.HomePage", fields="*"))
    return items(answer)[0] if items(answer) else {"title": visit.site_name, "meta": {}}


async def home_extras(visit):
    """What the front page shows besides the letter, asked all at once; None for what the
    API could not give."""
    checklist, events, communities, invitations = await visit.api.gather(
        optional(visit.api.get("checklist/", visit.params(limit=NEXT_STEPS))),
        optional(visit.api.get("events/", visit.params(limit=UPCOMING_EVENTS))),
        optional(
            visit.api.get(
                "communities/",
                visit.params(limit=100, fields="intro,kind,hero_image", order="title"),
            )
        ),
        optional(visit.api.get("invitations/", {"locale": visit.lang})),
    )
    return {
        "checklist": checklist,
        "events": events,
        "communities": communities,
        "invitations": invitations,
    }


async def _render(visit, page, extras, *, preview=False):
    await resolve_body(visit.api, page.get("body"))
    meta = page.get("meta") or {}
    context = {
        "page": page,
        "steps": items(extras["checklist"]),
        "steps_total": (extras["checklist"] or {}).get("meta", {}).get("total_count", 0),
        "events": items(extras["events"]),
        "event_path": lambda event: event_path(visit, event),
        "communities": items(extras["communities"]),
        "invitations": [
            {**invitation, "path": urlsplit(invitation["url"]).path}
            for invitation in items(extras["invitations"])
        ],
        "checklist_path": route_path(visit, "checklist"),
        "events_path": route_path(visit, "events"),
        "title": meta.get("seo_title") or page.get("title"),
        "description": meta.get("search_description") or page.get("intro"),
        "fallback": meta.get("fallback"),
        "stale": any(value is None for name, value in extras.items() if name != "invitations"),
        "preview": preview,
        "noindex": preview,
    }
    if not visit.audience.answered:
        context.update(audience_form(visit, visit.audience, next_path=visit.url("home")))
    return visit.render("home/home.html", context)


async def home(request):
    visit = Visit(request)
    page, extras = await visit.api.gather(home_page(visit), home_extras(visit))
    return await _render(visit, page, extras)


async def render_home(visit, page, *, preview=False):
    return await _render(visit, page, await home_extras(visit), preview=preview)


routes = [
    Route("/", home, name="home"),
    Route("/about-you/", about_you, methods=["GET", "POST"], name="about_you"),
]
