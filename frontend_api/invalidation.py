"""After a change that can alter an API response: a new content version for the response
cache (`frontend_api.versions`) of its area of content in each site (municipality) it
concerns, and, when a CDN is configured, a purge of the API URLs on those sites' addresses.

What counts as a change (connected by `connect()`, from `FrontendApiConfig.ready`):

- pages: `page_published`, `page_unpublished`, `post_page_move`, deletion, and any save of a
  page row except Wagtail's draft bookkeeping (a draft revision, a lock), since the page row
  *is* the live content (code that saves a page directly changes the API at once);
- rows that belong to a page (models with a `ParentalKey` to it: ambassadors, audience tags,
  photos …; not Wagtail's comments, which come with drafts) saved or deleted on their own;
- a community's members (`User.groups`, either side) and its `CommunityAccess`; deleted
  users and groups;
- any other row of our domain apps (`DOMAIN_APPS`): registrations (seats left), imported
  events, associations, doctors, checklist snippets, statistics series …;
- images and documents, their tags, collections, view restrictions (and their groups),
  sites and locales.

Which sites a change concerns: `frontend_api.change_sites`; which area of them
(`frontend_api.areas.of_model`): a page, a row of a page, a community's access and members
`pages`; a registration or seats `seats`; another row of the events app `events`; a row of
the directory `associations`; a guide snippet `guide`; an image, a document, a collection, a
tag, a collection's restriction `media`; anything else (a municipality, a site) every area of
its sites. Only the responses that read that area (`areas.ENDPOINT_AREAS`) render afresh.

When it happens: the bump that counts comes once the change is committed, so that nothing
another process rendered between the change and its commit survives; outside a transaction
(Django's autocommit, as in most of the admin) that is at once, inside one it is at commit,
and several changes in one transaction give one bump and one purge. Inside a transaction this
process's own next read of the version bumps it first, as its requests may share the
connection and already see the change (a test runs inside a transaction that never
commits); a long import in one transaction still bumps only once.

The CDN (`WAGTAILFRONTENDCACHE`, e.g. `FRONTEND_CACHE_URL` or Cloudflare) is purged on the
events above, not on every page save: the listing URLs of every endpoint `/api/v2/` lists,
and the detail URLs that show the changed row, each bare and with each `?locale=`, on the
addresses of the sites the change concerns: each site's own (`Site.root_url`); the default
site's, which answers every host no site names, is `WAGTAILAPI_BASE_URL` (else
`WAGTAILADMIN_BASE_URL`). Which detail URLs show a row is read off the API's URL patterns:
a detail route (a `pk` in its path, answering GET) whose view declares
`detail_ids = {Model: ids_of(row)}` shows the details `ids_of` names when a row of `Model`
(or a subclass) changes; a Wagtail endpoint without it shows its `model`'s rows under their
own id. So an event page purges `/api/v2/pages/<id>/`,
`/api/v2/events/<id>/` and its `event.ics`; a registration the `/api/v2/events/<id>/` of
every language copy of its event (their seats); an association `/api/v2/associations/<id>/`.
A CDN purges exact URLs: other query strings live until `API_CACHE_CDN_MAX_AGE` runs out,
unless the CDN is told to treat a purge as a prefix ban (Varnish:
`ban("req.url ~ ^" + req.url)`).
"""

import functools
import logging
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import URLResolver, reverse
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from communities.models import CommunityAccess, CommunityPage
from events.occurrences import dates_extended
from frontend_api import areas, caching, change_sites, locales, versions
from frontend_api.areas import AREAS, PAGES
from frontend_api.change_sites import (
    community_sites,
    keyed_page_sites,
    page_child_sites,
    page_sites,
    row_sites,
)
from frontend_api.versions import ALL
from guide.public import DRAFT_BOOKKEEPING_FIELDS

logger = logging.getLogger(__name__)

DISPATCH_UID = "frontend_api.invalidation"
#: apps whose other rows (events' registrations and imports, associations, guide snippets)
#: feed API responses: any save or delete of one changes the API
DOMAIN_APPS = frozenset({"communities", "events", "directory", "guide", "figures"})


# -- the bump and the purge ---------------------------------------------------------------


class _Pending(threading.local):
    def __init__(self):
        self.dirty = False
        self.scopes = set()
        self.paths = {}  # site id (or ALL): the API paths to purge on its addresses


_pending = _Pending()


def purging_enabled():
    return bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
        or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None)
    )


def content_changed(paths=None, sites=None, area=None):
    """Record a change of `area` (None: every area). `sites` is a callable giving the ids of
    the sites it concerns (ALL, or None for a row of no known site, in it: every site);
    without it, every site. `paths` is a callable giving the API paths to purge (called
    only when a CDN is configured)."""
    scopes = _scopes(sites, area)
    _pending.dirty = True
    _pending.scopes |= scopes
    if paths is not None and purging_enabled():
        try:
            changed = paths()
        except Exception:
            logger.exception("could not work out which API URLs to purge")
            changed = listing_paths()
        for site_id in {ALL if scope == ALL else scope[0] for scope in scopes}:
            _pending.paths.setdefault(site_id, set()).update(changed)
    if transaction.get_connection().in_atomic_block:
        versions.mark_stale(scopes)
        transaction.on_commit(announce, robust=True)
    else:
        announce()


def _scopes(sites, area):
    """ALL, or (site id, area) of each site and area the change concerns."""
    if sites is None:
        return {ALL}
    try:
        found = set(sites())
    except Exception:
        logger.exception("could not work out which sites a change concerns")
        return {ALL}
    shared = {ALL} if not found or None in found or ALL in found else set()
    each_area = (area,) if area else AREAS
    # a site's own too, beside ALL: its record lists its pages' expiries
    return shared | {(site, each) for site in found - {None, ALL} for each in each_area}


def announce():
    """Bump the versions of the scopes the recorded changes concern, and purge their URLs:
    at the commit of their transaction (or at once, outside one)."""
    if not _pending.dirty:
        return  # another callback of the same transaction did it
    scopes, paths = _pending.scopes, _pending.paths
    _pending.dirty, _pending.scopes, _pending.paths = False, set(), {}
    change_sites.forget()
    versions.bump(sorted(scopes, key=str))
    if paths and purging_enabled():
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        try:
            purge_urls_from_cache(sorted(absolute_urls(paths)))
        except Exception:
            logger.exception("could not purge the API URLs from the CDN")


# -- which URLs ---------------------------------------------------------------------------


def site_addresses():
    """{site id: the address its API answers on}: a site's own (`root_url`); the default
    site's, which answers every host no site names, is the API's configured address."""
    configured = getattr(settings, "WAGTAILAPI_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return {
        site.pk: configured.rstrip("/") if site.is_default_site else site.root_url
        for site in Site.objects.all()
    }


def absolute_urls(paths):
    """{site id: paths} as absolute URLs on the addresses of each site (ALL: all)."""
    addresses = site_addresses()
    every = set(addresses.values())
    return {
        address + path
        for scope, scope_paths in paths.items()
        for address in (every if scope == ALL else {addresses.get(scope)} - {None})
        for path in scope_paths
    }


def _with_locales(path):
    """`path` bare and with each `?locale=`."""
    return {path, *(f"{path}?locale={code}" for code in locales.supported())}


def listing_paths():
    from frontend_api.urls import root_links

    paths = set()
    for url_name in root_links().values():
        listing = reverse(url_name)
        if not listing.startswith(caching.NEVER_CACHED_PREFIXES):  # not the preview's
            paths |= _with_locales(listing)
    return paths


def own_id(row):
    """A detail that shows the row itself, under its own id."""
    return [row.pk]


def _named_patterns(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry.url_patterns, inner)
        elif entry.name:
            yield f"{namespace}{entry.name}", entry


@functools.cache
def detail_routes():
    """[(URL name, {model: ids_of(row)})] of the cached detail routes under /api/v2/."""
    from frontend_api.urls import urlpatterns

    routes = []
    for url_name, pattern in _named_patterns(urlpatterns):
        callback = pattern.callback
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        actions = getattr(callback, "actions", None)  # a viewset's {method: action}
        answers_get = "get" in actions if actions is not None else hasattr(view, "get")
        if "pk" not in pattern.pattern.regex.groupindex or not answers_get:
            continue
        if actions is not None and actions.get("get") == "bad_id_view":  # answers 400 only
            continue
        declared = getattr(view, "detail_ids", None)
        if declared is None and getattr(view, "model", None) is not None:
            declared = {view.model: own_id}
        path = reverse(url_name, kwargs={"pk": 1})
        if declared and not path.startswith(caching.NEVER_CACHED_PREFIXES):
            routes.append((url_name, declared))
    return routes


def detail_paths(row, model=None):
    """The detail paths that show `row` (a `model`, by default its own class) or depend on it."""
    model = model or type(row)
    urls = set()
    for url_name, declared in detail_routes():
        for served, ids_of in declared.items():
            if issubclass(model, served):
                for pk in ids_of(row):
                    urls |= _with_locales(reverse(url_name, kwargs={"pk": pk}))
    return urls


def page_paths(page):
    return listing_paths() | detail_paths(page, page.specific_class or type(page))


def page_paths_by_id(*page_ids):
    paths = listing_paths()
    for page in Page.objects.filter(pk__in=page_ids).select_related("content_type"):
        paths |= detail_paths(page, page.specific_class or Page)
    return paths


def community_paths(group_ids):
    keys = CommunityAccess.objects.filter(group_id__in=group_ids).values("translation_key")
    page_ids = CommunityPage.objects.filter(translation_key__in=keys).values_list("pk", flat=True)
    return page_paths_by_id(*page_ids)


# -- the signal handlers ------------------------------------------------------------------


def page_event(sender, instance, **kwargs):
    """Published, unpublished or moved (out of one tree, into another)."""
    moved = [kwargs[name] for name in ("parent_page_before", "parent_page_after") if name in kwargs]
    content_changed(lambda: page_paths(instance), lambda: page_sites(instance, *moved), area=PAGES)


@functools.cache
def _kind(model):
    """How a saved or deleted instance of `model` matters: (kind, its page's ParentalKey)."""
    if issubclass(model, Page):
        return "page", None
    if issubclass(model, (get_image_model(), get_document_model())):
        return "media", None
    if issubclass(model, CommunityAccess):
        return "community", None
    for field in model._meta.get_fields():
        if (
            isinstance(field, ParentalKey)
            and issubclass(field.related_model, Page)
            and not model._meta.app_label.startswith("wagtail")
        ):
            return "page child", field
    related = (
        TaggedItemBase,
        Collection,
        CollectionViewRestriction,
        PageViewRestriction,
        Site,
        Locale,
    )
    if issubclass(model, related) or model._meta.app_label in DOMAIN_APPS:
        return "other", None
    return None, None


def model_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    kind, field = _kind(type(instance))
    if kind is None:
        return
    if kind == "page":
        if update_fields and set(update_fields) <= DRAFT_BOOKKEEPING_FIELDS:
            return
        # a publish, move or unpublish purges on its own signal
        content_changed(sites=lambda: page_sites(instance), area=PAGES)
    else:
        _changed(kind, field, instance)


def model_deleted(sender, instance, **kwargs):
    kind, field = _kind(type(instance))
    if kind == "page":
        content_changed(lambda: page_paths(instance), lambda: page_sites(instance), area=PAGES)
    elif kind is not None:
        _changed(kind, field, instance)
    elif isinstance(instance, (get_user_model(), Group)):
        content_changed(listing_paths)


def _changed(kind, field, instance):
    area = areas.of_model(type(instance))
    if kind == "page child":
        content_changed(
            lambda: page_paths_by_id(getattr(instance, field.attname)),
            lambda: page_child_sites(instance, field),
            area,
        )
    elif kind == "community":
        content_changed(
            lambda: community_paths([instance.group_id]),
            lambda: keyed_page_sites([instance.translation_key]),
            area,
        )
    else:  # media, and the other rows: whatever detail shows them
        content_changed(
            lambda: listing_paths() | detail_paths(instance), lambda: row_sites(instance), area
        )


def membership_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A user added to or removed from groups (`user.groups`), or the other way round
    (`group.user_set`): a community's members, or who passes a view restriction."""
    if not action.startswith("post_"):
        return
    if sender is not get_user_model().groups.through:
        content_changed(listing_paths)
        return
    groups = [instance.pk] if reverse else list(pk_set or ())
    content_changed(lambda: community_paths(groups), lambda: community_sites(groups), area=PAGES)


def dates_added(sender, **kwargs):
    """The daily job added dates of repeating events (in bulk: no row signals)."""
    content_changed(listing_paths, area=areas.EVENTS)


def connect():
    for name, signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ):
        signal.connect(page_event, dispatch_uid=f"{DISPATCH_UID}.{name}")
    dates_extended.connect(dates_added, dispatch_uid=f"{DISPATCH_UID}.dates")
    post_save.connect(model_saved, dispatch_uid=f"{DISPATCH_UID}.saved")
    post_delete.connect(model_deleted, dispatch_uid=f"{DISPATCH_UID}.deleted")
    for through in (
        get_user_model().groups.through,
        PageViewRestriction.groups.through,
        CollectionViewRestriction.groups.through,
    ):
        m2m_changed.connect(
            membership_changed, sender=through, dispatch_uid=f"{DISPATCH_UID}.{through._meta.label}"
        )
