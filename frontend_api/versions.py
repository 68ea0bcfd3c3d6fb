"""The content versions the API's response cache (`frontend_api.caching`) keys its entries on,
and the map of the deployment's sites they carry.

Two kinds of record live in the shared cache (`caches["default"]`: Redis in production;
without `CACHE_URL`, files under `var/cache`; so every app process, command and cron job
reads the same ones): one per site (municipality) and area of its content
(`frontend_api.areas`: pages, events, seats, associations, guide, media), and a shared one for
what belongs to no one site (hosts, locales, images outside any municipality's collection …).
A response's key holds the shared version and the versions of the areas of its site that it
reads (`areas.read_by`). `frontend_api.invalidation` bumps the records of the sites and areas
a change concerns (or the shared one) once the change is committed, so the next request of
every process that reads them renders afresh, and the other entries stay valid: a
registration renews the site's `seats`, which the events' responses read and the pages'
do not.

The shared record also holds the map of the deployment: each site's host, the paths of its
root page's copies and of its municipality's collection. A request finds its site in it
without a query (as `Site.find_for_request` would), so a hit costs three cache reads (the
shared record, its areas' records in one `get_many`, the entry) and no query;
`frontend_api.change_sites` finds the site of a page or an image in it too. A change of that
map (a host, a new site, a root page's new copy) writes a new shared record.

A record's token is random, never a counter: a token is never used twice, so neither two
writers racing (the last write wins, whichever it is) nor an evicted record (a reader then
adds a fresh one) can bring back entries rendered before a change. Every entry found under a
token was rendered after that token was written, and every change is followed by a new
token. That holds with plain `get`/`set`/`add` on any backend (Redis, database, files), with
no atomic increment needed.

Time changes content too: a page whose `expire_at` passes leaves the API at once, before
`publish_scheduled` unpublishes it. A site's `pages` record therefore lists the coming expiry
times of the live pages of its tree (the middleware counts how many have passed); should more
expire than the record lists before the next change, the responses that read the site's
pages go uncached until then.
"""

import functools
import logging
import secrets
import time

from django.core.cache import caches
from django.http.request import split_domain_port
from django.utils import timezone

from frontend_api.areas import PAGES

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
VERSION_KEY = "frontend_api:content-version"
#: how many coming page expiries a version record lists
EXPIRY_HORIZON = 50

SHARED_FIELDS = frozenset({"token", "changed_at", "sites", "roots", "collections"})
AREA_FIELDS = frozenset({"token", "changed_at"})
PAGES_FIELDS = AREA_FIELDS | {"expiries", "complete"}
#: a scope of `bump`: what belongs to no one site, so every site's responses (the other
#: scopes are (site id, area))
ALL = "all"


def shared_cache():
    return caches[CACHE_ALIAS]


# -- the records --------------------------------------------------------------------------


def area_key(site_id, area):
    return f"{VERSION_KEY}:site:{site_id}:{area}"


def site_map():
    """The deployment's map: [site id, hostname, port, is default] of every site, and
    [path, site id] of the copies of each site's root page and of each municipality's
    collection (what lies below a path belongs to its site)."""
    from wagtail.models import Page, Site

    from guide.models import Municipality

    sites = list(
        Site.objects.order_by("pk").values_list(
            "pk", "hostname", "port", "is_default_site", "root_page__translation_key"
        )
    )
    site_of_key = {key: pk for pk, *_host, key in sites}
    roots = Page.objects.filter(translation_key__in=site_of_key).values_list(
        "path", "translation_key"
    )
    collections = Municipality.objects.filter(collection__isnull=False).values_list(
        "collection__path", "site_id"
    )
    return {
        "sites": [[pk, hostname, port, default] for pk, hostname, port, default, _key in sites],
        "roots": sorted([path, site_of_key[key]] for path, key in roots),
        "collections": sorted([path, site_id] for path, site_id in collections),
    }


def new_shared_version():
    return {"token": secrets.token_hex(16), "changed_at": time.time(), **site_map()}


def new_area_version(site_id, area):
    """A fresh record of a site's area (site None: requests of no site): a never-used token,
    the time, and for its pages the coming expiries."""
    now = timezone.now()
    record = {"token": secrets.token_hex(16), "changed_at": now.timestamp()}
    if area == PAGES:
        expiries = _coming_expiries(site_id, now)
        record["expiries"] = [moment.timestamp() for moment in expiries[:EXPIRY_HORIZON]]
        record["complete"] = len(expiries) <= EXPIRY_HORIZON
    return record


def _coming_expiries(site_id, now):
    """Up to one more than `EXPIRY_HORIZON` expiry times of the live pages of the site's tree."""
    from wagtail.models import Page, Site

    from guide.sites import site_pages_q

    site = Site.objects.filter(pk=site_id).select_related("root_page").first()
    if site is None:
        return []
    return list(
        Page.objects.filter(site_pages_q(site), live=True, expire_at__gt=now)
        .order_by("expire_at")
        .values_list("expire_at", flat=True)[: EXPIRY_HORIZON + 1]
    )


#: scopes changed by this process's open transaction, not announced yet
_stale = set()


def bump(scopes=(ALL,)):
    """Replace the versions of these scopes (ALL for the shared one, else (site id, area)):
    their cached responses are out of date from now on.

    Never raises: a change must not fail because the cache is down (it logs instead)."""
    _stale.difference_update(scopes)
    for scope in scopes:
        try:
            if scope == ALL:
                shared_cache().set(VERSION_KEY, new_shared_version(), timeout=None)
            else:
                shared_cache().set(area_key(*scope), new_area_version(*scope), timeout=None)
        except Exception:
            logger.exception("could not replace the API content version of %s", scope)


def mark_stale(scopes):
    """Changes this process cannot announce yet (its transaction is open): its own next
    read of these versions bumps them first, since its own connection already sees the
    changes."""
    _stale.update(scopes)


def _valid(record, fields):
    return isinstance(record, dict) and fields.issubset(record)  # else another release's


def _read(key, fresh, fields, found=None):
    """The record under `key` (`found`: as read already), created by `fresh()` if it is
    missing (first use, or evicted)."""
    cache = shared_cache()
    record = cache.get(key) if found is None else found
    if record is None:
        new = fresh()
        # unless another process was first
        record = new if cache.add(key, new, timeout=None) else (cache.get(key) or new)
    if not _valid(record, fields):
        record = fresh()
        cache.set(key, record, timeout=None)
    return record


def shared_version():
    """The shared record every process reads (with the map); None when the cache cannot be
    reached."""
    if ALL in _stale:
        bump([ALL])
    try:
        return _read(VERSION_KEY, new_shared_version, SHARED_FIELDS)
    except Exception:
        logger.exception("could not read the API content version")
        return None


def area_versions(site_id, areas):
    """{area: record} of these areas of a site (None: requests of no site), read in one
    `get_many`; None when the cache cannot be reached."""
    stale = [(site_id, area) for area in areas if (site_id, area) in _stale]
    if stale:
        bump(stale)
    keys = {area: area_key(site_id, area) for area in areas}
    try:
        found = shared_cache().get_many(keys.values())
        return {
            area: _read(
                key,
                functools.partial(new_area_version, site_id, area),
                PAGES_FIELDS if area == PAGES else AREA_FIELDS,
                found.get(key),
            )
            for area, key in keys.items()
        }
    except Exception:
        logger.exception("could not read the API content version")
        return None


# -- the map's sites ----------------------------------------------------------------------

MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT, MATCH_DEFAULT, MATCH_HOSTNAME = range(4)


def default_site(shared):
    return next((site_id for site_id, *_host, default in shared["sites"] if default), None)


def request_site_id(shared, request):
    """The id of the site that answers `request` (None: none), as `Site.find_for_request`
    chooses it, from the map."""
    hostname = split_domain_port(request._get_raw_host())[0]
    try:
        port = int(request.get_port())
    except ValueError:
        port = None
    ranked = []
    for site_id, site_hostname, site_port, default in shared["sites"]:
        if site_hostname == hostname and site_port == port:
            ranked.append((MATCH_HOSTNAME_PORT, site_id))
        elif site_hostname == hostname and default:
            ranked.append((MATCH_HOSTNAME_DEFAULT, site_id))
        elif default:
            ranked.append((MATCH_DEFAULT, site_id))
        elif site_hostname == hostname:
            ranked.append((MATCH_HOSTNAME, site_id))
    ranked.sort(key=lambda match: match[0])
    if len(ranked) == 1 or (ranked and ranked[0][0] < MATCH_DEFAULT):
        return ranked[0][1]
    if ranked and ranked[0][0] == MATCH_DEFAULT:  # one other host's site, else the default
        return ranked[len(ranked) == 2][1]
    return None


def site_below(entries, path):
    """The site of the first [path, site id] entry `path` lies below (or at), or None."""
    return next((site_id for prefix, site_id in entries if path.startswith(prefix)), None)
