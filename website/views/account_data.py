"""A newcomer's data as a file to keep (the API's `me/export/`, GDPR art. 15 and 20) and
the deletion of their account with everything about them (`DELETE me/`): a confirmation
page that says what goes, the deletion, and a page saying it is done."""

import json
from datetime import datetime

from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from website.i18n import TIME_ZONE, parse_datetime
from website.views.session import (
    NO_STORE,
    SESSION_COOKIE,
    check_same_origin,
    signed_out,
    to_sign_in,
)
from website.visit import Visit


async def export(request):
    """The API's export, answered as a download of this site's own (the API's file name
    and headers do not reach the browser)."""
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return to_sign_in(visit)
    status, answer = await visit.api.personal("GET", "me/export/", token)
    if status == 401:
        return signed_out(visit)
    if status != 200:
        raise HTTPException(502)
    day = (parse_datetime(answer.get("exported_at")) or datetime.now(TIME_ZONE)).date()
    return Response(
        json.dumps(answer, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={
            **NO_STORE,
            "Content-Disposition": f'attachment; filename="velkomst-{day.isoformat()}.json"',
        },
    )


async def delete_account(request):
    """GET: what deleting the account removes, and the button; POST: delete it."""
    visit = Visit(request)
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return to_sign_in(visit)
    check_same_origin(request)
    if request.method == "POST":
        status, _answer = await visit.api.personal("DELETE", "me/", token)
        if status == 401:
            return signed_out(visit)
        if status != 204:
            raise HTTPException(502)
        response = RedirectResponse(visit.url("account_deleted"), status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response
    status, profile = await visit.api.personal("GET", "me/", token)
    if status == 401:
        return signed_out(visit)
    return visit.render(
        "account/delete.html",
        {"title": visit.gettext("Delete your account"), "email": profile["email"], "noindex": True},
        headers=NO_STORE,
    )


async def account_deleted(request):
    visit = Visit(request)
    return visit.render(
        "account/deleted.html",
        {"title": visit.gettext("Your account is deleted"), "noindex": True},
        headers=NO_STORE,
    )


routes = [
    Route("/account/export/", export, name="account_export"),
    Route("/account/delete/", delete_account, methods=["GET", "POST"], name="account_delete"),
    Route("/account/deleted/", account_deleted, name="account_deleted"),
]
