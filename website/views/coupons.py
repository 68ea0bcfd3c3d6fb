"""Coupons from local shops, on the API's `/api/v2/coupons/` and `/api/v2/me/coupons/`
(docs/coupons.md): the municipality's coupons for anyone; a signed-in newcomer claims one and
finds its code and QR code here, to show in the shop.

The page is personal when signed in: `private, no-store` and `noindex` always (how many are
left changes with every claim). A POST must come from this site's own pages; the API decides
everything (eligibility, how many are left) and the page shows its answer."""

from markupsafe import Markup
from starlette.responses import RedirectResponse
from starlette.routing import Route

from website.views.session import (
    NO_STORE,
    SESSION_COOKIE,
    check_same_origin,
    signed_out,
    to_sign_in,
)
from website.visit import Visit


async def listing(request):
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    problem, page_status = None, 200
    if request.method == "POST":
        if not token:
            return to_sign_in(visit)
        check_same_origin(request)
        form = await request.form()
        coupon = str(form.get("coupon", ""))
        status, answer = await visit.api.personal(
            "POST",
            "me/coupons/",
            token,
            json={"coupon": int(coupon) if coupon.isdigit() else coupon},
            client_ip=visit.client_ip,
            language=visit.lang,
        )
        if status == 401:
            return signed_out(visit)
        if status == 201:
            target = visit.url("coupons") + f"?done=claimed#claim-{answer['id']}"
            return RedirectResponse(target, status_code=303)
        page_status = status
        problem = answer.get("message") or visit.gettext("That did not work. Please try again.")
        if status == 429:
            problem = visit.gettext("Too many attempts. Please try again later.")
    found = await visit.api.get("coupons/", {"locale": visit.lang}, keep=False)
    claims = []
    if token:
        status, mine = await visit.api.personal("GET", "me/coupons/", token)
        if status == 401:
            return signed_out(visit)
        claims = [{**c, "qr": Markup(c["qr_svg"])} for c in mine.get("items", [])]  # noqa: S704  (the API's SVG)
    claimed = {c["coupon"]["id"] for c in claims}
    return visit.render(
        "coupons/list.html",
        {
            "title": visit.gettext("Coupons from local shops"),
            "coupons": found.get("items", []),
            "claims": claims,
            "claimed": claimed,
            "signed_in": bool(token),
            "problem": problem,
            "done": request.query_params.get("done"),
            "noindex": True,
        },
        status=page_status,
        headers=NO_STORE,
    )


routes = [Route("/coupons/", listing, methods=["GET", "POST"], name="coupons")]
