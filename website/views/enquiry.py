"""Asking the municipality a question: the form posts to the website, which posts it on to
the API's `enquiries/` (the visitor's address and language with it) and answers with the
sent page, or the form again with the API's errors beside the fields and what was typed
kept. The answer comes by e-mail, in the language of the page the question was asked on.
A signed-in newcomer's question is sent with their session, so that their account lists it
with its answers."""

from starlette.responses import RedirectResponse
from starlette.routing import Route

from website.api import ApiUnavailable
from website.i18n import N_
from website.views.session import NO_STORE, SESSION_COOKIE
from website.visit import Visit

#: the guide's contact topics (guide.models.contacts.TOPICS), which route the question
TOPICS = (
    ("welcome", N_("Welcome and settling in")),
    ("work", N_("Jobs and careers")),
    ("partner", N_("Jobs for partners")),
    ("residence", N_("Residence and registration")),
    ("housing", N_("Housing")),
    ("school", N_("School and day care")),
    ("health", N_("Health and doctors")),
    ("tax", N_("Tax")),
    ("language", N_("Danish lessons")),
    ("leisure", N_("Culture, sport and leisure")),
    ("tourism", N_("Tourism and rural districts")),
    ("business", N_("Business")),
)
FORM_FIELDS = ("topic", "message", "name", "email")
FIELD_LABELS = {
    "topic": N_("What is your question about?"),
    "message": N_("Your question"),
    "name": N_("Your name"),
    "email": N_("Your e-mail address"),
}


def field_errors(answer):
    """The API's messages per form field (in the visitor's language); those of no field of
    the form (none is expected: `language` is the page's) go to the summary, under `_`."""
    errors, others = {}, []
    for name, messages in ((answer or {}).get("errors") or {}).items():
        text = " ".join(messages) if isinstance(messages, list) else str(messages)
        if name in FORM_FIELDS:
            errors[name] = text
        else:
            others.append(text)
    if others:
        errors["_"] = " ".join(others)
    return errors


async def send(visit, body):
    """Post the question: with the newcomer's session when they are signed in; as anyone's
    when that session has ended (the answer goes to the address given all the same)."""
    call = {"json": body, "client_ip": visit.client_ip, "language": visit.lang}
    token = visit.request.cookies.get(SESSION_COOKIE)
    if token:
        status, answer = await visit.api.personal("POST", "enquiries/", token, **call)
        if status != 401:
            return status, answer
    return await visit.api.post("enquiries/", **call)


async def enquiry_form(request):
    visit = Visit(request)
    values, errors, problem, status = {"topic": request.query_params.get("topic", "")}, {}, "", 200
    token = request.cookies.get(SESSION_COOKIE)
    if token and request.method == "GET":  # a signed-in newcomer's address, filled in
        me_status, me = await visit.api.personal("GET", "me/", token)
        values["email"] = me.get("email", "") if me_status == 200 else ""
    if request.method == "POST":
        form = await request.form()
        values = {name: str(form.get(name) or "").strip() for name in FORM_FIELDS}
        try:
            status, answer = await send(visit, {**values, "language": visit.lang})
        except ApiUnavailable:
            status = 503
            problem = visit.gettext(
                "We could not send your question just now. What you typed is kept below: "
                "please try again in a few minutes."
            )
        else:
            if status == 201:
                return RedirectResponse(visit.url("enquiry_sent"), status_code=303)
            errors = field_errors(answer)
            if status == 429:
                problem = visit.gettext(
                    "Too many questions from your connection. Please try again later."
                )
            elif not errors:
                problem = (answer or {}).get("message") or visit.gettext(
                    "The question could not be sent. Please try again."
                )
            status = 429 if status == 429 else 400
    return visit.render(
        "enquiry/form.html",
        {
            "title": visit.gettext("Ask the newcomer service"),
            "description": visit.gettext(
                "Ask us anything about moving here; the right person answers by e-mail."
            ),
            "values": values,
            "errors": errors,
            "problem": problem,
            "labels": {name: visit.gettext(label) for name, label in FIELD_LABELS.items()},
            "topics": [(code, visit.gettext(label)) for code, label in TOPICS],
        },
        status=status,
        headers=NO_STORE if token else None,  # their address is in the page
    )


async def enquiry_sent(request):
    visit = Visit(request)
    return visit.render(
        "enquiry/sent.html", {"title": visit.gettext("Your question is sent"), "noindex": True}
    )


routes = [
    Route("/ask/", enquiry_form, methods=["GET", "POST"], name="enquiry"),
    Route("/ask/sent/", enquiry_sent, name="enquiry_sent"),
]
