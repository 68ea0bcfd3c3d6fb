"""A newcomer's account on the website: signing in with an e-mailed link, the profile and the
consents, the questions they asked, signing out (docs/newcomers.md has the API underneath;
`views/session.py` how the session is kept; `views/account_data.py` the export and the
deletion, `views/mentors.py` asking for a business mentor)."""

from functools import cache

from babel import Locale
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from website.i18n import BABEL_LOCALES, N_
from website.views.association_form import api_errors
from website.views.associations import Communities
from website.views.enquiry import TOPICS
from website.views.pages import optional
from website.views.session import (
    NO_STORE,
    SESSION_COOKIE,
    check_same_origin,
    same_origin,
    signed_out,
    start_session,
    to_sign_in,
)
from website.visit import HOUSEHOLD_LABELS, Visit

#: what a newcomer may be interested in, as the API names it (`interests`)
INTEREST_LABELS = {
    "culture": N_("Culture and concerts"),
    "sports": N_("Sports"),
    "nature": N_("Nature and outdoor life"),
    "food": N_("Food and markets"),
    "family": N_("Activities for families"),
    "volunteering": N_("Volunteering"),
    "language": N_("Learning Danish"),
    "work": N_("Work and business"),
}
PROFILE_LABELS = {
    "first_name": N_("First name"),
    "language": N_("Language for e-mails"),
    "moved_from_country": N_("Country you moved from"),
    "household": N_("Your household"),
    "community": N_("Local community"),
    "community_status": N_("You…"),
    "interests": N_("What interests you"),
    "moving_date": N_("Moving date"),
}
#: the consent purposes, in the order the page shows them, with a heading each
PURPOSES = {
    "ambassador_contact": N_("Contact from your community's ambassadors"),
    "community_invitations": N_("Invitations from your community"),
    "meetup_visibility": N_("Your meet-up posts"),
    "mentor_matching": N_("A business mentor"),
}
#: where an enquiry is, in the newcomer's words (the API's `status`)
ENQUIRY_STATUS = {
    "new": N_("Received"),
    "assigned": N_("Being answered"),
    "answered": N_("Answered"),
    "closed": N_("Closed"),
}
#: CLDR's regions that are not countries (the EU, the UN, unknown, pseudo-regions)
NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})


@cache
def countries(lang):
    """(code, name) of every country, named and sorted in `lang`."""
    names = Locale.parse(BABEL_LOCALES[lang]).territories
    found = {c: n for c, n in names.items() if len(c) == 2 and c.isalpha()}
    return sorted(
        ((c, n) for c, n in found.items() if c not in NOT_COUNTRIES), key=lambda pair: pair[1]
    )


async def sign_in(request):
    visit = Visit(request)
    errors, email = {}, request.query_params.get("email", "")
    if request.method == "POST":
        form = await request.form()
        email = str(form.get("email", "")).strip()
        status, answer = await visit.api.post(
            "me/sign-in/",
            json={"email": email, "language": visit.lang},
            client_ip=visit.client_ip,
            language=visit.lang,
        )
        if status == 202:
            return RedirectResponse(visit.url("sign_in_sent"), status_code=303)
        errors = api_errors(visit, answer, status)
    return render_sign_in(visit, email, errors)


def render_sign_in(visit, email, errors, status=None, **context):
    return visit.render(
        "account/sign_in.html",
        {
            "title": visit.gettext("Sign in"),
            "email": email,
            "errors": errors,
            "labels": {"email": visit.gettext("Your e-mail address")},
            "expired": "expired" in visit.request.query_params,
            "noindex": True,
            **context,
        },
        status=status or (400 if errors else 200),
        headers=NO_STORE,
    )


async def sign_in_sent(request):
    visit = Visit(request)
    return visit.render(
        "account/sign_in_sent.html", {"title": visit.gettext("Check your e-mail"), "noindex": True}
    )


async def sign_in_link(request):
    """The e-mailed link: a GET only shows a button (mail scanners open links; they must not
    spend it), the button's POST redeems it."""
    visit = Visit(request)
    headers = {**NO_STORE, "Referrer-Policy": "no-referrer"}  # the token is in the address
    context = {"title": visit.gettext("Sign in"), "noindex": True, "alternates": None}
    if request.method == "GET":
        return visit.render("account/link.html", context, headers=headers)
    status, answer = await visit.api.post(
        "me/session/",
        json={"token": request.path_params["token"]},
        client_ip=visit.client_ip,
        language=visit.lang,
    )
    if status == 201:
        response = RedirectResponse(visit.url("account"), status_code=303)
        start_session(response, request, answer)
        return response
    problem = {410: answer.get("reason") or "used", 400: "unknown", 429: "throttled"}
    context.update(problem=problem.get(status, "unknown"), errors={}, email="")
    context["labels"] = {"email": visit.gettext("Your e-mail address")}
    return visit.render("account/link.html", context, status=status, headers=headers)


def profile_body(form):
    """The API's profile from the form: the whole of it, as `PUT /api/v2/me/` wants."""
    community = str(form.get("community", "")).strip()
    return {
        "first_name": str(form.get("first_name", "")).strip(),
        "language": str(form.get("language", "")),
        "moved_from_country": str(form.get("moved_from_country", "")),
        "household": [code for code in form.getlist("household") if code in HOUSEHOLD_LABELS],
        "community": int(community) if community.isdigit() else community or None,
        "community_status": str(form.get("community_status", "")) if community else "",
        "interests": [code for code in form.getlist("interests") if code in INTEREST_LABELS],
        "moving_date": str(form.get("moving_date", "")).strip() or None,
    }


async def account(request):
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return to_sign_in(visit)
    check_same_origin(request)
    errors, typed = {}, None
    if request.method == "POST":
        typed = profile_body(await request.form())
        status, answer = await visit.api.personal(
            "PUT", "me/", token, json=typed, language=visit.lang
        )
        if status == 401:
            return signed_out(visit)
        if status == 200:
            target = visit.url("account") + "?saved=profile"
            return RedirectResponse(target, status_code=303)
        errors = api_errors(visit, answer, status)
    (
        (status, profile),
        (consents_status, consents),
        (asked_status, asked),
        push_key,
        *answers,
    ) = await visit.api.gather(
        visit.api.personal("GET", "me/", token),
        visit.api.personal("GET", "me/consents/", token, language=visit.lang),
        visit.api.personal("GET", "me/enquiries/", token),
        optional(visit.api.get("push/key/", {})),
        *Communities.calls(visit),
    )
    if 401 in (status, consents_status, asked_status):
        return signed_out(visit)
    communities = Communities(visit, answers)
    shown = {**profile, **(typed or {})}
    chosen = communities.get(shown.get("community"))
    shown["community"] = chosen["id"] if chosen else None
    labels = {name: visit.gettext(label) for name, label in PROFILE_LABELS.items()}
    return visit.render(
        "account/account.html",
        {
            "title": visit.gettext("Your account"),
            "email": profile["email"],
            "profile": shown,
            "errors": errors,
            "labels": labels,
            "saved": request.query_params.get("saved"),
            "countries": countries(visit.lang),
            "communities": communities.choices(),
            "households": [(c, visit.gettext(label)) for c, label in HOUSEHOLD_LABELS.items()],
            "interests": [(c, visit.gettext(label)) for c, label in INTEREST_LABELS.items()],
            "consents": sorted(consents["items"], key=lambda c: list(PURPOSES).index(c["purpose"])),
            "purpose_titles": {p: visit.gettext(title) for p, title in PURPOSES.items()},
            "enquiries": asked["items"],
            "topics": {code: visit.gettext(label) for code, label in TOPICS},
            "enquiry_status": {s: visit.gettext(label) for s, label in ENQUIRY_STATUS.items()},
            "push_key": (push_key or {}).get("public_key", ""),
            "noindex": True,
        },
        status=400 if errors else 200,
        headers=NO_STORE,
    )


async def consent(request):
    """Give or withdraw one purpose's consent, then back to it on the account page (or to
    the mentor page, when it was given there)."""
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return to_sign_in(visit)
    check_same_origin(request)
    form = await request.form()
    purpose = str(form.get("purpose", ""))
    body = {"purpose": purpose, "given": form.get("given") == "true"}
    status, _answer = await visit.api.personal(
        "POST", "me/consents/", token, json=body, language=visit.lang
    )
    if status == 401:
        return signed_out(visit)
    if status not in (200, 201):
        raise HTTPException(400)
    target = visit.url("account") + f"?saved=consent#consent-{purpose}"
    if form.get("back") == "mentor":
        target = visit.url("account_mentor") + "?saved=consent"
    return RedirectResponse(target, status_code=303)


async def push_subscription(request):
    """This browser's push subscription (JSON from js/push.js), passed on to the API."""
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not same_origin(request):
        raise HTTPException(403)
    if not token:
        return JSONResponse({"message": "signed out"}, status_code=401, headers=NO_STORE)
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return JSONResponse({"message": "not JSON"}, status_code=400, headers=NO_STORE)
    status, answer = await visit.api.personal(
        "POST",
        "me/push-subscriptions/",
        token,
        json=body,
        client_ip=visit.client_ip,
        language=visit.lang,
    )
    return JSONResponse(answer or {}, status_code=status, headers=NO_STORE)


async def sign_out(request):
    visit = Visit(request)
    if not same_origin(request):
        raise HTTPException(403)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await visit.api.personal("DELETE", "me/session/", token)
    return signed_out(visit, reason="signed_out")


routes = [
    Route("/sign-in/", sign_in, methods=["GET", "POST"], name="sign_in"),
    Route("/sign-in/sent/", sign_in_sent, name="sign_in_sent"),
    Route("/sign-in/{token}/", sign_in_link, methods=["GET", "POST"], name="sign_in_link"),
    Route("/sign-out/", sign_out, methods=["POST"], name="sign_out"),
    Route("/account/", account, methods=["GET", "POST"], name="account"),
    Route("/account/consents/", consent, methods=["POST"], name="account_consent"),
    Route("/account/push/", push_subscription, methods=["POST"], name="account_push"),
]
