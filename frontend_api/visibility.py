"""What an anonymous client may see: the pages (`guide.public`, which the guide's own
pages use too), the collections, and which images and documents are a site's."""

import time

from django.conf import settings
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef
from wagtail.api.v2.utils import get_restricted_collection_ids
from wagtail.models import Collection, Page, Site

from frontend_api import areas, caching
from guide import public
from guide.models import Municipality

__all__ = [
    "public_pages",
    "public_pages_q",
    "request_site",
    "restricted_collection_ids",
    "of_site_collections",
]

#: How many (version, host) entries each memo below holds before it starts afresh: a new
#: content version leaves the old entries unread, never wrong.
MEMO_SIZE = 256
_MISSING = object()
#: per process, by `_memo_key`: the site of a host, and `guide.public.visibility_facts`
_sites = {}
_facts = {}


def _memo_key(request):
    """What a request's site and visible pages depend on: the version of its pages the
    response cache read for it (`caching.version_of`: the shared and `pages` tokens, and how
    many page expiries have passed) and the host; not the other areas its endpoint reads (a
    registration leaves them standing). None (read afresh) when there is none: a request the
    middleware did not version, one whose endpoint does not read the pages area, or `?site=`
    (another site than the host's)."""
    request = getattr(request, "_request", request)
    version = caching.version_of(request, (areas.PAGES,))
    if version is None or "site" in request.GET:
        return None
    return (*version, request._get_raw_host(), request.get_port())


def _remember(memo, key, read):
    """`read()`, kept under `key` for at most API_CACHE_TIMEOUT seconds: as long as a
    response cached under the same version, should a change ever fail to bump it."""
    if key is None:
        return read()
    now = time.monotonic()
    value, until = memo.get(key, (_MISSING, 0))
    if value is _MISSING or until <= now:
        value = read()
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[key] = (value, now + getattr(settings, "API_CACHE_TIMEOUT", 3600))
    return value


def request_site(request):
    """`Site.find_for_request`, kept by content version and host: a site, its host and its
    root page change only with a new version (`frontend_api.invalidation`)."""
    request = getattr(request, "_request", request)
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = _remember(
            _sites, _memo_key(request), lambda: Site.find_for_request(request)
        )
    return request._wagtail_site


def public_pages_q(request):
    """`guide.public.public_pages_q`, with what it reads from the database (the view
    restrictions, the site's roots, the hidden sections) kept by content version and host:
    they change only with a new `pages` version, and the hidden sections with time only when
    a listed page expiry passes. Whether the request passes a restriction is asked anew."""
    facts = _remember(_facts, _memo_key(request), lambda: public.visibility_facts(request))
    return public.public_pages_q(request, facts)


def public_pages(request, model=Page):
    """`guide.public.public_pages` on the conditions of `public_pages_q` above."""
    return model._default_manager.filter(public_pages_q(request))


def restricted_collection_ids(request):
    """Collections (and everything below them) this request may not view, once per request."""
    if not hasattr(request, "_restricted_collection_ids"):
        request._restricted_collection_ids = get_restricted_collection_ids(request)
    return request._restricted_collection_ids


def of_site_collections(queryset, site):
    """The images or documents of `queryset` that are `site`'s: in its municipality's
    collection or below; the default site's also those in no municipality's collection
    (the root's, and what was there before there were municipalities). In the same query."""
    above = Municipality.objects.annotate(
        below=ExpressionWrapper(OuterRef("path"), output_field=CharField())
    ).filter(collection__isnull=False, below__startswith=F("collection__path"))
    condition = Exists(above.filter(site=site))
    if site.is_default_site:
        condition |= ~Exists(above.exclude(site=site))
    return queryset.filter(collection__in=Collection.objects.filter(condition).values("pk"))
