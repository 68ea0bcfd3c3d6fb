"""Registering for an event from its page: the form posts to the event's own address, the
website posts it on to the API (the visitor's address and language with it), and answers
with the confirmation (a place, or the waiting list) or the form again with the API's errors
beside the fields and what was typed kept."""

from urllib.parse import urlencode

from starlette.responses import RedirectResponse
from starlette.routing import Route

from website.api import ApiUnavailable, NotFound
from website.views.events import MAX_SEATS, alternates, ical_url, load_event, moment, render_event
from website.visit import Visit

#: the form's fields, as the API's registration names them
FORM_FIELDS = ("occurrence", "name", "email", "seats", "consent")


def registration_body(visit, values):
    """The API's registration from the form's values: numbers as numbers where they are."""
    seats = values["seats"]
    return {
        "occurrence": values["occurrence"],
        "name": values["name"],
        "email": values["email"],
        "seats": int(seats) if seats.isdigit() else seats,
        "language": visit.lang,
        "consent": values["consent"],
    }


def field_errors(body):
    """The API's errors per form field (its messages are in the visitor's language); those
    of no field of the form go to the summary only, under `_`."""
    errors, others = {}, []
    for name, messages in ((body or {}).get("errors") or {}).items():
        text = " ".join(messages) if isinstance(messages, list) else str(messages)
        if name in FORM_FIELDS:
            errors[name] = text
        else:
            others.append(text)
    if others:
        errors["_"] = " ".join(others)
    return errors


async def register(request):
    visit = Visit(request)
    event_id = request.path_params["id"]
    form = await request.form()
    values = {name: (form.get(name) or "").strip() for name in FORM_FIELDS}
    values["consent"] = form.get("consent") == "yes"
    state = {"typed": values, "errors": {}, "problem": None}
    try:
        status, answer = await visit.api.post(
            f"events/{event_id}/registrations/",
            json=registration_body(visit, values),
            client_ip=visit.client_ip,
            language=visit.lang,
        )
    except ApiUnavailable:
        status, answer = None, None
        state["problem"] = visit.gettext(
            "We could not reach the registration service just now, so you are not registered "
            "yet. What you typed is kept below: please try again in a few minutes."
        )
    if status == 201:
        confirmation = {
            "status": answer.get("status"),
            "position": answer.get("position") or "",
            "occurrence": answer.get("occurrence") or values["occurrence"],
            "seats": answer.get("seats") or "",
        }
        target = visit.url("registered", id=event_id) + "?" + urlencode(confirmation)
        return RedirectResponse(target, status_code=303)
    if status is not None:
        state["errors"] = field_errors(answer)
        if not state["errors"]:
            state["problem"] = (answer or {}).get("message") or visit.gettext(
                "The registration could not be made. Please try again."
            )
    try:
        event, copies = await load_event(visit, event_id)
    except (ApiUnavailable, NotFound):
        return visit.render(
            "events/registration.html",
            {
                "title": visit.gettext("Registration"),
                "form": state,
                "form_action": visit.request.url.path,
                "max_seats": MAX_SEATS,
                "dates": [],
                "noindex": True,
                "alternates": None,
            },
            status=503 if status is None else 400,
        )
    return await render_event(
        visit, event, copies=copies, form=state, status=503 if status is None else 400
    )


async def registered(request):
    """After registering: a place, or the waiting list, and what happens next."""
    visit = Visit(request)
    params = request.query_params
    event_id = request.path_params["id"]
    try:
        event, copies = await load_event(visit, event_id)
    except (ApiUnavailable, NotFound):
        event, copies = None, {}
    position = params.get("position", "")
    context = {
        "title": visit.gettext("You are on the waiting list")
        if params.get("status") == "waiting"
        else visit.gettext("You are registered"),
        "waiting": params.get("status") == "waiting",
        "position": int(position) if position.isdigit() else None,
        "occurrence": moment(params.get("occurrence")),
        "seats": params.get("seats", ""),
        "event": event,
        "event_path": visit.url("event", id=event["id"] if event else event_id),
        "ical": ical_url(visit, event) if event else None,
        "noindex": True,
    }
    if event and copies:
        context["alternates"] = {
            lang: path + ("?" + request.url.query if request.url.query else "")
            for lang, path in alternates(visit, event, copies, "registered").items()
        }
    return visit.render("events/registered.html", context)


routes = [
    Route("/events/{id:int}/", register, methods=["POST"], name="register"),
    Route("/events/{id:int}/registered/", registered, name="registered"),
]
