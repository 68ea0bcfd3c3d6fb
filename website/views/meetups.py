"""Meet-ups: newcomers of the municipality finding each other for a concert or a trip, on the
API's `/api/v2/meetups/` (docs/meetups.md).

Signed-in newcomers only, like the account (views/account.py): every page is personal,
`private, no-store` and `noindex`, never in the sitemap, never kept by the service worker.
A POST must come from this site's own pages. The API decides everything (who may post, who
sees whom, capacity); the website shows its answers and keeps what was typed on a refusal."""

from datetime import date, datetime, time

from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse
from starlette.routing import Route

from website.i18n import N_, TIME_ZONE
from website.views.association_form import api_errors
from website.views.events import is_imported
from website.views.pages import items, optional
from website.views.session import (
    NO_STORE,
    SESSION_COOKIE,
    check_same_origin,
    signed_out,
    to_sign_in,
)
from website.visit import Visit

PAGE_SIZE = 20
PURPOSE = "meetup_visibility"
#: the languages a meet-up is most often held in, offered first
FIRST_LANGUAGES = ("da", "en", "de")
#: the API's languages of a meet-up (ISO 639-1 codes Django knows a name for)
CODES = (
    "af ar az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl he hi hr hu "
    "hy ia id ig io is it ja ka kk km kn ko ky lb lt lv mk ml mn mr ms my nb ne nl nn no os pa "
    "pl pt ro ru sk sl sq sr sv sw ta te tg th tk tr tt ug uk ur uz vi"
)
LANGUAGES = CODES.split()
FIELD_LABELS = {
    "title": N_("What is the plan?"),
    "description": N_("More about it"),
    "starts_at": N_("When"),
    "place": N_("Where to meet"),
    "language": N_("Language of the meet-up"),
    "max_people": N_("How many people, you included"),
    "link": N_("A web page about it"),
    "event": N_("An event in the calendar"),
    "shared_contact": N_("How the poster can reach you"),
    "reason": N_("What is wrong?"),
}
#: what a finished action says on the meet-up's page (`?done=`)
DONE = {
    "posted": N_("Your meet-up is posted. Other newcomers can see it and join."),
    "joined": N_("You have joined. The poster can see your first name and your contact."),
    "contact": N_("Your contact is changed."),
    "left": N_("You have left the meet-up. Your place is free again."),
    "reported": N_("Thank you. The municipality's newcomer service will look at it."),
}


def render(visit, template, context, status=200):
    return visit.render(template, {**context, "noindex": True}, status=status, headers=NO_STORE)


def languages(visit):
    """(code, name) of each language a meet-up can be held in: Danish, English, German first,
    then the others by their name in the page's language."""
    names = dict(zip(LANGUAGES, visit.language_names(LANGUAGES), strict=True))
    first = [(code, names[code]) for code in FIRST_LANGUAGES]
    rest = sorted(
        ((code, name) for code, name in names.items() if code not in FIRST_LANGUAGES),
        key=lambda pair: pair[1].lower(),
    )
    return first + rest


def starts_at(typed):
    """The date and time inputs as ISO 8601 in the municipality's time zone, or None."""
    try:
        day = date.fromisoformat(typed["date"])
        hour = time.fromisoformat(typed["time"])
    except ValueError:
        return None
    return datetime.combine(day, hour, tzinfo=TIME_ZONE).isoformat()


def post_body(form):
    """What was typed (kept to show again) and the API's body made of it."""
    typed = {
        name: str(form.get(name, "")).strip()
        for name in ("title", "description", "date", "time", "place", "language")
        + ("max_people", "link", "event")
    }
    body = {
        "title": typed["title"],
        "description": typed["description"],
        "starts_at": starts_at(typed),
        "place": typed["place"],
        "language": typed["language"],
        "max_people": int(typed["max_people"])
        if typed["max_people"].isdigit()
        else typed["max_people"],
        "link": typed["link"],
        "event": int(typed["event"]) if typed["event"].isdigit() else None,
    }
    return typed, body


def form_errors(visit, answer, status, typed):
    errors = api_errors(visit, answer, status)
    if "starts_at" in errors and not starts_at(typed):
        errors["starts_at"] = visit.gettext("Give a date and a time.")
    return errors


async def upcoming_events(visit):
    """The calendar's coming events for the form's choice, each once (the API lists dates)."""
    answer = await optional(
        visit.api.get(
            "events/", {"locale": visit.lang, "order": "start", "limit": 100, "fields": "-json_ld"}
        )
    )
    found = {}
    for event in items(answer):
        if not is_imported(event):
            found.setdefault(event["id"], event)
    return list(found.values())


def offset_of(request):
    try:
        return max(0, min(int(request.query_params.get("offset", 0)), 10_000))
    except ValueError:
        return 0


async def listing(request):
    """The open meet-ups, soonest first (or the visitor's own), and the form to post one."""
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return to_sign_in(visit)
    errors, typed, page_status = {}, {"language": visit.lang, "max_people": "4"}, 200
    if request.method == "POST":
        check_same_origin(request)
        typed, body = post_body(await request.form())
        status, answer = await visit.api.personal(
            "POST", "meetups/", token, json=body, client_ip=visit.client_ip, language=visit.lang
        )
        if status == 401:
            return signed_out(visit)
        if status == 201:
            target = visit.url("meetup", id=answer["id"]) + "?done=posted"
            return RedirectResponse(target, status_code=303)
        page_status = status
        if status != 403:  # without the consent, the page explains it instead of the form
            errors = form_errors(visit, answer, status, typed)
    mine = request.query_params.get("mine") == "true"
    offset = offset_of(request)
    params = f"?limit={PAGE_SIZE}&offset={offset}" + ("&mine=true" if mine else "")
    (list_status, found), (consents_status, consents), events = await visit.api.gather(
        visit.api.personal("GET", "meetups/" + params, token),
        visit.api.personal("GET", "me/consents/", token, language=visit.lang),
        upcoming_events(visit),
    )
    if 401 in (list_status, consents_status):
        return signed_out(visit)
    consent = next((c for c in consents.get("items", []) if c["purpose"] == PURPOSE), {})
    labels = {name: visit.gettext(label) for name, label in FIELD_LABELS.items()}
    return render(
        visit,
        "meetups/list.html",
        {
            "title": visit.gettext("Meet-ups"),
            "meetups": found.get("items", []),
            "total": found.get("meta", {}).get("total_count", 0),
            "offset": offset,
            "limit": PAGE_SIZE,
            "mine": mine,
            "consent": consent,
            "typed": typed,
            "errors": errors,
            "labels": labels,
            "languages": languages(visit),
            "events": events,
            "language_name": lambda code: visit.language_names([code])[0],
            "done": request.query_params.get("done"),
        },
        status=page_status,
    )


async def give_consent(request):
    """The consent to show one's meet-up posts, given from the meet-ups page and back to it."""
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return to_sign_in(visit)
    check_same_origin(request)
    body = {"purpose": PURPOSE, "given": True}
    status, _answer = await visit.api.personal(
        "POST", "me/consents/", token, json=body, language=visit.lang
    )
    if status == 401:
        return signed_out(visit)
    if status not in (200, 201):
        raise HTTPException(400)
    return RedirectResponse(visit.url("meetups") + "#post", status_code=303)


async def load(visit, token, meetup_id):
    """The meet-up as the API shows it to this newcomer; a 404 is the website's 404."""
    status, meetup = await visit.api.personal("GET", f"meetups/{meetup_id}/", token)
    if status == 404:
        raise HTTPException(404)
    return status, meetup


async def render_detail(visit, token, meetup_id, *, errors=None, typed=None, problem=None):
    status, meetup = await load(visit, token, meetup_id)
    if status == 401:
        return signed_out(visit)
    event = None
    if meetup.get("event"):
        event = await optional(visit.api.get(f"events/{meetup['event']}/", {"locale": visit.lang}))
    labels = {name: visit.gettext(label) for name, label in FIELD_LABELS.items()}
    errors = errors or {}
    done = DONE.get(visit.request.query_params.get("done", ""))
    return render(
        visit,
        "meetups/detail.html",
        {
            "title": meetup["title"],
            "meetup": meetup,
            "event": event,
            "language_name": visit.language_names([meetup["language"]])[0],
            "errors": errors,
            "labels": labels,
            "typed": typed or {},
            "problem": problem,
            "done": visit.gettext(done) if done else None,
        },
        status=problem["status"] if problem else 400 if errors else 200,
    )


async def detail(request):
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return to_sign_in(visit)
    return await render_detail(visit, token, request.path_params["id"])


async def act(request, method, path, *, field=None, done=None):
    """A POST of the meet-up's page passed on to the API: back to the page with `?done=` when
    the API agrees, the page with the API's message when it does not."""
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return to_sign_in(visit)
    check_same_origin(request)
    meetup_id = request.path_params["id"]
    form = await request.form()
    typed = {field: str(form.get(field, "")).strip()} if field else {}
    status, answer = await visit.api.personal(
        method,
        f"meetups/{meetup_id}/{path}",
        token,
        json=typed if method == "POST" else None,
        client_ip=visit.client_ip,
        language=visit.lang,
    )
    if status == 401:
        return signed_out(visit)
    if status == 404:
        raise HTTPException(404)
    if status < 300:
        return RedirectResponse(done(status) if callable(done) else done, status_code=303)
    if status == 400:
        errors = api_errors(visit, answer, status)
        return await render_detail(visit, token, meetup_id, errors=errors, typed=typed)
    message = answer.get("message") or visit.gettext("That did not work. Please try again.")
    if status == 429:
        message = visit.gettext("Too many attempts from your connection. Please try again later.")
    problem = {"status": status, "message": message}
    return await render_detail(visit, token, meetup_id, typed=typed, problem=problem)


async def join(request):
    page = Visit(request).url("meetup", id=request.path_params["id"])
    return await act(
        request,
        "POST",
        "join/",
        field="shared_contact",
        done=lambda status: page + ("?done=joined" if status == 201 else "?done=contact"),
    )


async def leave(request):
    page = Visit(request).url("meetup", id=request.path_params["id"])
    return await act(request, "DELETE", "join/", done=page + "?done=left")


async def report(request):
    page = Visit(request).url("meetup", id=request.path_params["id"])
    return await act(request, "POST", "report/", field="reason", done=page + "?done=reported")


async def cancel(request):
    """The poster cancels their meet-up: a confirmation first (GET), then the POST."""
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return to_sign_in(visit)
    meetup_id = request.path_params["id"]
    if request.method == "GET":
        status, meetup = await load(visit, token, meetup_id)
        if status == 401:
            return signed_out(visit)
        if not meetup["is_mine"]:
            raise HTTPException(404)
        context = {"title": visit.gettext("Cancel the meet-up"), "meetup": meetup}
        return render(visit, "meetups/cancel.html", context)
    return await act(request, "DELETE", "", done=visit.url("meetups") + "?done=cancelled")


routes = [
    Route("/meetups/", listing, methods=["GET", "POST"], name="meetups"),
    Route("/meetups/consent/", give_consent, methods=["POST"], name="meetups_consent"),
    Route("/meetups/{id:int}/", detail, name="meetup"),
    Route("/meetups/{id:int}/join/", join, methods=["POST"], name="meetup_join"),
    Route("/meetups/{id:int}/leave/", leave, methods=["POST"], name="meetup_leave"),
    Route("/meetups/{id:int}/report/", report, methods=["POST"], name="meetup_report"),
    Route("/meetups/{id:int}/cancel/", cancel, methods=["GET", "POST"], name="meetup_cancel"),
]
