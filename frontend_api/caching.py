"""The API's HTTP caching: a shared server-side cache of rendered responses, `ETag` with
`304 Not Modified`, and `Cache-Control` on every response under `/api/v2/`.

Why a stale response cannot be served
-------------------------------------
Every cache key holds the content versions of `frontend_api.versions`, read once per
request: the shared version of what belongs to no one site, and the versions of the areas
of content (`frontend_api.areas`: pages, events, seats, associations, guide, media) of the
site (municipality) the request's host resolves to that the response reads, found from the
endpoint its URL resolves to (`areas.ENDPOINT_AREAS`; a URL of no endpoint reads every
area). A change writes new versions of its site's area, so no entry rendered before it that
read it is found again, and the entries that did not read it stay: a registration renders
the events' responses afresh and leaves the pages' cached. The site's `pages` version lists
the coming expiry times of its pages, and the key of a response reading pages holds how many
of them have passed: a page whose `expire_at` passes leaves the API at once.

What is cached, and what the headers say
----------------------------------------
Only `GET` responses of anonymous requests (no session cookie, no `Authorization`) with
status 200, a JSON or iCalendar body (the calendar's feeds, which phones poll) and no cookie
are stored; the key is the versions, the absolute URL with its query string, the negotiated
content language (`?locale=`, else Accept-Language, else Danish), the interface language and
the `Accept` header (DRF also renders HTML).
`/api/v2/preview/` (drafts, by signed token), `/api/v2/me/` (a newcomer's own data) and
`/api/v2/meetups/` (what signed-in newcomers show each other) are never cached and say
`no-store` (unless the view says something itself).

- `ETag`: a strong hash of the body, on every 200; a matching `If-None-Match` gets a 304.
- `Last-Modified`: when the content it reads last changed (the latest of its versions' times,
  or a page's expiry since). `If-Modified-Since` is deliberately not answered with a 304:
  HTTP dates count whole seconds, so two changes in one second could pass a stale copy for
  fresh. Clients revalidate with the ETag, which is exact.
- `Cache-Control: public, max-age=API_CACHE_MAX_AGE, must-revalidate` (default 0: clients keep
  the body but revalidate every time, which is a cheap 304, so a change shows in the very next
  response), plus `s-maxage=API_CACHE_CDN_MAX_AGE` when a CDN purge is configured
  (`WAGTAILFRONTENDCACHE`). Errors say `no-cache`; personal responses `private, no-cache`. A
  view that sets its own Cache-Control keeps it, and `private`, `no-cache`, `no-store` or
  `max-age=0` from a view keeps its response out of the server cache. A view whose body
  turns stale with time alone says for how long it holds (`response.fresh_for`, seconds):
  neither the server cache nor a CDN keeps it longer.
- `Vary: Accept, Accept-Language, Cookie`; `X-Cache: HIT | MISS | BYPASS` (for benchmarks).
- `Content-Language`: the language of the body, on every response under `/api/v2/`: what the
  view says (a page's detail is in the page's language, whatever was asked), else the
  negotiated content language. Django's LocaleMiddleware would say the interface language,
  which ignores `?locale=`; it keeps a header already set.

The middleware sits last in MIDDLEWARE (innermost): sessions, locale and CORS run before and
after it as for any response, and a hit skips only the view.

Settings: `API_CACHE` (default True; False keeps the headers but stores nothing),
`API_CACHE_MAX_AGE`, `API_CACHE_CDN_MAX_AGE`, `API_CACHE_TIMEOUT` (seconds an entry is kept,
default 3600).
"""

import hashlib
import logging
import time
from bisect import bisect_right

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags

from frontend_api import areas, locales, versions
from frontend_api.errors import ParameterError

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v2/"
#: drafts by signed token, the newcomer's own data, what newcomers show each other, and
#: questions to the municipality
NEVER_CACHED_PREFIXES = (
    "/api/v2/preview/",
    "/api/v2/me/",
    "/api/v2/meetups/",
    "/api/v2/mentors/",
    "/api/v2/enquiries/",
    # how many coupons are left changes with every claim
    "/api/v2/coupons/",
)
ENTRY_KEY_PREFIX = "frontend_api:response:"
#: headers a 304 repeats from the 200 it stands for (RFC 9110, 15.4.5)
NOT_MODIFIED_HEADERS = (
    "Cache-Control",
    "Content-Location",
    "ETag",
    "Expires",
    "Last-Modified",
    "Vary",
    "X-Cache",
)
VARY = ("Accept", "Accept-Language", "Cookie")
UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store", "max-age=0")
#: stored beside JSON: the calendar's feeds, which subscribed phones poll
CALENDAR_TYPE = "text/calendar"

PUBLIC, PERSONAL, NEVER = "public", "personal", "never"


# -- the request's version ----------------------------------------------------------------


def current_version(request=None):
    """The version of what a response to `request` reads (by default: every area of the
    default site) as one record: the shared token and those of the site's areas it reads,
    when the latest of them changed, the coming page expiries (when it reads pages); None
    when the cache cannot be reached."""
    shared = versions.shared_version()
    if shared is None:
        return None
    if request is not None:
        site_id = versions.request_site_id(shared, request)
        read = areas.read_by(request)
    else:
        site_id, read = versions.default_site(shared), areas.AREAS
    records = versions.area_versions(site_id, read)
    if records is None:
        return None
    pages = records.get(areas.PAGES, {"expiries": [], "complete": True})
    return {
        "token": ".".join([shared["token"], *(records[area]["token"] for area in read)]),
        "tokens": {"shared": shared["token"]} | {area: records[area]["token"] for area in read},
        "changed_at": max(
            shared["changed_at"], *(record["changed_at"] for record in records.values())
        ),
        "expiries": pages["expiries"],
        "complete": pages["complete"],
        "site": site_id,
    }


def _epoch(record, now):
    """How many of the record's expiries have passed, or None when the record cannot tell
    (more pages expired than it lists): then nothing may be cached."""
    passed = bisect_right(record["expiries"], now)
    if passed == len(record["expiries"]) and not record["complete"]:
        return None
    return passed


def _area_versions(record, now):
    """What the request's content is as of now: ({"shared" or area: token}, passed
    expiries), or None when the record cannot tell (`version_of`)."""
    if record is None:
        return None
    epoch = _epoch(record, now)
    return None if epoch is None else (record["tokens"], epoch)


def version_of(request, names):
    """What the request's content in the areas `names` (those its endpoint reads) is as of
    the middleware: the shared token, each area's token and how many page expiries have
    passed; None when the middleware did not version the request or it read no such area.
    A view keeps what it derives from those areas only by it: a registration (`seats`) then
    leaves what it derived from the pages and the calendar's dates standing."""
    request = getattr(request, "_request", request)
    versioned = getattr(request, "api_area_versions", None)
    if versioned is None:
        return None
    tokens, epoch = versioned
    if any(name not in tokens for name in names):
        return None
    return (tokens["shared"], *(tokens[name] for name in names), epoch)


# -- the middleware -----------------------------------------------------------------------


def _scope(request):
    path = request.path_info
    if not path.startswith(API_PREFIX):
        return None
    if path.startswith(NEVER_CACHED_PREFIXES):
        return NEVER
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return PERSONAL
    return PUBLIC


def is_public(request):
    """Whether a response to `request` is the same for every client (no session, no
    credentials: it passes no view restriction), as the response cache stores it."""
    return _scope(getattr(request, "_request", request)) == PUBLIC


class APICacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = _scope(request)
        if scope is None:
            response = self.get_response(request)
            if request.path_info.startswith(API_PREFIX):
                _set_content_language(request, response)
            return response
        if scope == NEVER:
            response = self.get_response(request)
            _set_content_language(request, response)
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            return response

        record = current_version(request)
        now = time.time()
        request.api_area_versions = _area_versions(record, now)
        key = self._key(request, record, now) if scope == PUBLIC else None
        entry = self._lookup(key)
        if entry is not None:
            response = _from_entry(entry)
            outcome = "HIT"
        else:
            response = self.get_response(request)
            _set_etag(response)
            _set_content_language(request, response)
            outcome = "BYPASS"
            if key is not None:
                outcome = "MISS"
                if request.method == "GET" and _storable(request, response):
                    self._store(key, response, record, now)
        return _finish(request, response, record, now, public=scope == PUBLIC, outcome=outcome)

    @staticmethod
    def _key(request, record, now):
        if record is None or not getattr(settings, "API_CACHE", True):
            return None
        if "site" in request.GET:  # another site's pages (Wagtail's `?site=`): not its version
            return None
        epoch = _epoch(record, now)
        if epoch is None:
            return None
        try:
            content_language = locales.requested_locale(request)
        except ParameterError:
            return None  # the view answers 400
        parts = (
            record["token"],
            str(epoch),
            request.build_absolute_uri(),
            content_language,
            translation.get_language() or "",
            request.headers.get("Accept", ""),
        )
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return ENTRY_KEY_PREFIX + digest

    @staticmethod
    def _lookup(key):
        if key is None:
            return None
        try:
            return versions.shared_cache().get(key)
        except Exception:
            logger.exception("could not read the API response cache")
            return None

    @staticmethod
    def _store(key, response, record, now):
        timeout = getattr(settings, "API_CACHE_TIMEOUT", 3600)
        coming = [moment for moment in record["expiries"] if moment > now]
        if coming:  # no point keeping it past the next expiry
            timeout = max(1, min(timeout, int(coming[0] - now) + 1))
        timeout = _held(response, timeout)
        entry = {
            "status": response.status_code,
            "content": response.content,
            "headers": list(response.items()),
            "fresh_for": getattr(response, "fresh_for", None),
        }
        try:
            versions.shared_cache().set(key, entry, timeout=timeout)
        except Exception:
            logger.exception("could not write the API response cache")


def _held(response, seconds):
    """`seconds`, at most as long as the response's body holds (`fresh_for`)."""
    fresh_for = getattr(response, "fresh_for", None)
    return seconds if fresh_for is None else min(seconds, fresh_for)


def _storable(request, response):
    """A JSON or iCalendar 200 that sets no cookie (nor will on its way out) and does not opt
    out."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or (session is not None and session.modified):
        return False
    content_type = response.get("Content-Type", "")
    if "json" not in content_type and not content_type.startswith(CALENDAR_TYPE):
        return False
    cache_control = response.get("Cache-Control", "").replace(" ", "").lower()
    return not any(word in cache_control.split(",") for word in UNCACHEABLE_DIRECTIVES)


def _from_entry(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response.fresh_for = entry.get("fresh_for")
    return response


def _set_content_language(request, response):
    """The negotiated content language, unless the view named the body's own; none when
    `?locale=` is not a language we serve (its 400 is in the interface language)."""
    if response.has_header("Content-Language"):
        return
    try:
        response["Content-Language"] = locales.requested_locale(request)
    except ParameterError:
        return


def _set_etag(response):
    if response.status_code == 200 and not response.streaming and not response.has_header("ETag"):
        digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
        response["ETag"] = f'"{digest}"'


def _last_modified(record, now):
    passed = [moment for moment in record["expiries"] if moment <= now]
    return max([record["changed_at"], *passed])


def _finish(request, response, record, now, public, outcome):
    response["X-Cache"] = outcome
    patch_vary_headers(response, VARY)
    if response.status_code != 200:
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)
        return response
    if not response.has_header("Cache-Control"):
        if public:
            max_age = _held(response, getattr(settings, "API_CACHE_MAX_AGE", 0))
            directives = {"public": True, "max_age": max_age, "must_revalidate": True}
            if getattr(settings, "WAGTAILFRONTENDCACHE", None):
                cdn_max_age = getattr(settings, "API_CACHE_CDN_MAX_AGE", 60)
                directives["s_maxage"] = _held(response, cdn_max_age)
            patch_cache_control(response, **directives)
        else:
            patch_cache_control(response, private=True, no_cache=True)
    if record is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(_last_modified(record, now))
    if response.has_header("ETag") and _matches(request, response["ETag"]):
        return _not_modified(response)
    return response


def _matches(request, etag):
    """Weak comparison, as If-None-Match asks (RFC 9110, 13.1.2)."""
    wanted = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
    if "*" in wanted:
        return True
    plain = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == plain for tag in wanted)


def _not_modified(response):
    not_modified = HttpResponseNotModified()
    for name in NOT_MODIFIED_HEADERS:
        if response.has_header(name):
            not_modified[name] = response[name]
    return not_modified
