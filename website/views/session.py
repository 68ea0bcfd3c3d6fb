"""A newcomer's session on the website: the cookie that holds the API's session token, the
headers of every personal page, and the checks each personal view starts with.

The website keeps nothing of a newcomer but the API's session token, in an HttpOnly,
SameSite=Lax cookie. Personal pages are fetched with it, never from the API client's kept
answers, and sent `private, no-store`, which the app's service worker also respects. A POST
that changes a newcomer's data must come from this site's own pages (its Origin, when the
browser sends one, is checked besides the cookie's SameSite)."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse

SESSION_COOKIE = "velkomst_session"
NO_STORE = {"Cache-Control": "private, no-store"}


def same_origin(request):
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


def check_same_origin(request):
    """A POST from another site's page is refused (403)."""
    if request.method == "POST" and not same_origin(request):
        raise HTTPException(403)


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


def to_sign_in(visit):
    """A personal page asked for without a session."""
    return RedirectResponse(visit.url("sign_in"), status_code=303)
