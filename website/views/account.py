"""A newcomer's account on the website: signing in with an e-mailed link, the profile and the
consents, signing out (docs/newcomers.md has the API underneath).

The website keeps nothing of a newcomer but the API's session token, in an HttpOnly,
SameSite=Lax cookie. Personal pages are fetched with it, never from the API client's kept
answers, and sent `private, no-store`, which the app's service worker also respects. A POST
that changes a newcomer's data must come from this site's own pages (its Origin, when the
browser sends one, is checked besides the cookie's SameSite)."""

from datetime import UTC, datetime
from functools import cache
from urllib.parse import urlsplit

from babel import Locale
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse
from starlette.routing import Route

from website.i18n import BABEL_LOCALES, N_
from website.views.association_form import api_errors
from website.views.associations import Communities
from website.visit import HOUSEHOLD_LABELS, Visit

SESSION_COOKIE = "velkomst_session"
NO_STORE = {"Cache-Control": "private, no-store"}
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


def same_origin(request):
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


def start_session(response, request, session):
    """Keep the API's session token in the cookie, for as long as the session lasts."""
    expires = datetime.fromisoformat(session["expires_at"].replace("Z", "+00:00"))
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    response.set_cookie(
        SESSION_COOKIE,
        session["token"],
        max_age=max(0, int((expires - datetime.now(UTC)).total_seconds())),
        path="/",
        httponly=True,
        secure=secure,
        samesite="lax",
    )


def signed_out(visit, reason="expired"):
    """To the sign-in page, the cookie of a session the API no longer knows removed."""
    response = RedirectResponse(visit.url("sign_in") + f"?{reason}=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


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
        return RedirectResponse(visit.url("sign_in"), status_code=303)
    errors, typed = {}, None
    if request.method == "POST":
        if not same_origin(request):
            raise HTTPException(403)
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
    (status, profile), (consents_status, consents), *answers = await visit.api.gather(
        visit.api.personal("GET", "me/", token),
        visit.api.personal("GET", "me/consents/", token),
        *Communities.calls(visit),
    )
    if 401 in (status, consents_status):
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
            "noindex": True,
        },
        status=400 if errors else 200,
        headers=NO_STORE,
    )


async def consent(request):
    """Give or withdraw one purpose's consent, then back to it on the account page."""
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return RedirectResponse(visit.url("sign_in"), status_code=303)
    if not same_origin(request):
        raise HTTPException(403)
    form = await request.form()
    purpose = str(form.get("purpose", ""))
    body = {"purpose": purpose, "given": form.get("given") == "true"}
    status, _answer = await visit.api.personal("POST", "me/consents/", token, json=body)
    if status == 401:
        return signed_out(visit)
    if status not in (200, 201):
        raise HTTPException(400)
    target = visit.url("account") + f"?saved=consent#consent-{purpose}"
    return RedirectResponse(target, status_code=303)


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
]
