"""Business mentors (docs/mentors.md): a signed-in newcomer asks for a mentor for their
job-seeking partner once they allow `mentor_matching`, sees their requests and withdraws an
open one (`/<lang>/account/mentor/`); a volunteer registers as a mentor, without an account
(`/<lang>/mentors/volunteer/`), and a coordinator approves them in the admin."""

from starlette.responses import RedirectResponse
from starlette.routing import Route

from website.api import ApiUnavailable
from website.i18n import N_
from website.views.association_form import COMMON_LANGUAGES, api_errors
from website.views.associations import LANGUAGE_CODES, language_names
from website.views.session import (
    NO_STORE,
    SESSION_COOKIE,
    check_same_origin,
    signed_out,
    to_sign_in,
)
from website.visit import Visit

#: the industries as the API names them: keep in step with newcomers.models.mentor.INDUSTRIES
#: (the API's enum; the website imports nothing of the CMS)
INDUSTRIES = {
    "it": N_("IT and software"),
    "engineering": N_("Engineering and manufacturing"),
    "health": N_("Health and care"),
    "education": N_("Education and research"),
    "finance": N_("Finance, accounting and insurance"),
    "sales": N_("Sales, marketing and communication"),
    "logistics": N_("Transport and logistics"),
    "construction": N_("Construction and crafts"),
    "hospitality": N_("Tourism, hotels and restaurants"),
    "agriculture": N_("Agriculture and food"),
    "public": N_("Public administration"),
    "business": N_("Starting a business"),
}
REQUEST_STATUS = {
    "open": N_("Waiting for a mentor"),
    "matched": N_("Matched: we introduced you to a mentor by e-mail"),
    "closed": N_("Closed"),
    "withdrawn": N_("Withdrawn"),
}
REQUEST_LABELS = {
    "industry": N_("The industry of the job they are looking for"),
    "languages": N_("Languages they speak"),
    "need": N_("What they would like help with"),
}
VOLUNTEER_LABELS = {
    "name": N_("Your name"),
    "email": N_("Your e-mail address"),
    "phone": N_("Phone"),
    "language": N_("Language for e-mails"),
    "industries": N_("Industries you know"),
    "languages": N_("Languages you speak"),
    "capacity": N_("Newcomers you can help at once"),
    "about": N_("About you"),
    "consent": N_("Your consent"),
}
CAPACITIES = ("1", "2", "3", "4", "5")


def spoken_languages(visit):
    """The common languages first, then the rest by name, for checkboxes."""
    names = language_names(visit.lang)
    common = [(code, names[code]) for code in COMMON_LANGUAGES]
    others = sorted(
        ((c, n) for c, n in names.items() if c not in COMMON_LANGUAGES), key=lambda pair: pair[1]
    )
    return common, others


def spoken(form):
    return [code for code in form.getlist("languages") if code in LANGUAGE_CODES]


async def mentor(request):
    """The newcomer's requests for a mentor, and a new one (only with the consent)."""
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return to_sign_in(visit)
    check_same_origin(request)
    if request.method == "GET":
        return await render_mentor(visit, token)
    form = await request.form()
    typed = {
        "industry": str(form.get("industry", "")),
        "languages": spoken(form),
        "need": str(form.get("need", "")).strip(),
    }
    status, answer = await visit.api.personal(
        "POST", "mentors/requests/", token, json=typed, language=visit.lang
    )
    if status == 401:
        return signed_out(visit)
    if status == 201:
        return RedirectResponse(visit.url("account_mentor") + "?saved=asked", status_code=303)
    if status in (403, 409):  # the consent withdrawn meanwhile; a request open already
        problem = answer.get("message")
        return await render_mentor(visit, token, typed=typed, problem=problem, status=status)
    errors = api_errors(visit, answer, status)
    return await render_mentor(visit, token, typed=typed, errors=errors, status=400)


async def withdraw(request):
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return to_sign_in(visit)
    check_same_origin(request)
    found = request.path_params["id"]
    status, answer = await visit.api.personal(
        "DELETE", f"mentors/requests/{found}/", token, language=visit.lang
    )
    if status == 401:
        return signed_out(visit)
    if status == 204:
        return RedirectResponse(visit.url("account_mentor") + "?saved=withdrawn", status_code=303)
    return await render_mentor(visit, token, problem=answer.get("message"), status=status)


async def render_mentor(visit, token, *, typed=None, errors=None, problem="", status=200):
    (consents_status, consents), (asked_status, asked) = await visit.api.gather(
        visit.api.personal("GET", "me/consents/", token, language=visit.lang),
        visit.api.personal("GET", "mentors/requests/", token),
    )
    if 401 in (consents_status, asked_status):
        return signed_out(visit)
    consent = next(c for c in consents["items"] if c["purpose"] == "mentor_matching")
    common, others = spoken_languages(visit)
    return visit.render(
        "mentors/request.html",
        {
            "title": visit.gettext("A business mentor"),
            "consent": consent,
            "requests": asked["items"],
            "has_open": any(r["status"] == "open" for r in asked["items"]),
            "values": typed or {},
            "errors": errors or {},
            "problem": problem,
            "saved": visit.request.query_params.get("saved"),
            "labels": {name: visit.gettext(label) for name, label in REQUEST_LABELS.items()},
            "industries": {c: visit.gettext(label) for c, label in INDUSTRIES.items()},
            "statuses": {s: visit.gettext(label) for s, label in REQUEST_STATUS.items()},
            "language_names": dict(common + others),
            "common_languages": common,
            "other_languages": others,
            "noindex": True,
        },
        status=status,
        headers=NO_STORE,
    )


async def volunteer(request):
    """A volunteer registers as a business mentor (anonymous; the API limits it per
    visitor and a coordinator approves them)."""
    visit = Visit(request)
    check_same_origin(request)
    values, errors, problem, status = {"language": visit.lang, "capacity": "1"}, {}, "", 200
    if request.method == "POST":
        form = await request.form()
        values = {
            name: str(form.get(name, "")).strip()
            for name in ("name", "email", "phone", "language", "capacity", "about")
        }
        values["industries"] = [c for c in form.getlist("industries") if c in INDUSTRIES]
        values["languages"] = spoken(form)
        values["consent"] = form.get("consent") == "yes"
        capacity = values["capacity"]
        body = {**values, "capacity": int(capacity) if capacity.isdigit() else capacity}
        try:
            status, answer = await visit.api.post(
                "mentors/", json=body, client_ip=visit.client_ip, language=visit.lang
            )
        except ApiUnavailable:
            status, problem = (
                503,
                visit.gettext(
                    "We could not send your registration just now. What you typed is kept below: "
                    "please try again in a few minutes."
                ),
            )
        else:
            if status == 201:
                return RedirectResponse(visit.url("mentor_thanks"), status_code=303)
            errors = api_errors(visit, answer, status)
            status = 429 if status == 429 else 400
    common, others = spoken_languages(visit)
    return visit.render(
        "mentors/volunteer.html",
        {
            "title": visit.gettext("Become a business mentor"),
            "description": visit.gettext(
                "Help a newcomer's partner find work here: register as a volunteer business mentor."
            ),
            "values": values,
            "errors": errors,
            "problem": problem,
            "labels": {name: visit.gettext(label) for name, label in VOLUNTEER_LABELS.items()},
            "industries": [(c, visit.gettext(label)) for c, label in INDUSTRIES.items()],
            "common_languages": common,
            "other_languages": others,
            "capacities": CAPACITIES,
        },
        status=status,
    )


async def thanks(request):
    visit = Visit(request)
    return visit.render(
        "mentors/thanks.html",
        {"title": visit.gettext("Thank you for volunteering"), "noindex": True},
    )


routes = [
    Route("/account/mentor/", mentor, methods=["GET", "POST"], name="account_mentor"),
    Route(
        "/account/mentor/requests/{id:int}/withdraw/",
        withdraw,
        methods=["POST"],
        name="account_mentor_withdraw",
    ),
    Route("/mentors/volunteer/", volunteer, methods=["GET", "POST"], name="mentor_volunteer"),
    Route("/mentors/volunteer/thanks/", thanks, name="mentor_thanks"),
]
