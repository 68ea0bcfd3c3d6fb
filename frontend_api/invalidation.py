"""After a change that can alter an API response: a new content version for the response
cache (`frontend_api.caching`), and, when a CDN is configured, a purge of the API URLs.

What counts as a change (connected by `connect()`, from `FrontendApiConfig.ready`):

- pages: `page_published`, `page_unpublished`, `post_page_move`, deletion, and any save of a
  page row except Wagtail's draft bookkeeping (a draft revision, a lock), since the page row
  *is* the live content (code that saves a page directly changes the API at once);
- rows that belong to a page (models with a `ParentalKey` to it: ambassadors, audience tags,
  photos …; not Wagtail's comments, which come with drafts) saved or deleted on their own;
- a community's members (`User.groups`, either side) and its `CommunityAccess`; deleted
  users and groups;
- any other row of our domain apps (`DOMAIN_APPS`): registrations (seats left), imported
  events, associations, doctors, checklist snippets …;
- images and documents, their tags, collections, view restrictions (and their groups),
  sites and locales.

When it happens: the bump that counts comes once the change is committed, so that nothing
another process rendered between the change and its commit survives; outside a transaction
(Django's autocommit, as in most of the admin) that is at once, inside one it is at commit,
and several changes in one transaction give one bump and one purge. Inside a transaction this
process's own next read of the version bumps it first, as its requests may share the
connection and already see the change (a test runs inside a transaction that never
commits); a long import in one transaction still bumps only once.

The CDN (`WAGTAILFRONTENDCACHE`, e.g. `FRONTEND_CACHE_URL` or Cloudflare) is purged on the
events above, not on every page save: the listing URLs of every endpoint `/api/v2/` lists,
and the detail URLs that show the changed row, each bare and with each `?locale=`, as
absolute URLs on `WAGTAILAPI_BASE_URL` (else `WAGTAILADMIN_BASE_URL`). Which detail URLs
show a row is read off the API's URL patterns: a detail route (a `pk` in its path, answering
GET) whose view declares `detail_ids = {Model: ids_of(row)}` shows the details `ids_of`
names when a row of `Model` (or a subclass) changes; a Wagtail endpoint without it shows
its `model`'s rows under their own id. So an event page purges `/api/v2/pages/<id>/`,
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
    COMMENTS_RELATION_NAME,
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from communities.models import CommunityAccess, CommunityPage
from frontend_api import caching, locales

logger = logging.getLogger(__name__)

#: fields Wagtail writes on a page row for drafts, locks and comments: not live content
DRAFT_BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
        COMMENTS_RELATION_NAME,
    }
)
DISPATCH_UID = "frontend_api.invalidation"
#: apps whose other rows (events' registrations and imports, associations, guide snippets)
#: feed API responses: any save or delete of one changes the API
DOMAIN_APPS = frozenset({"communities", "events", "directory", "guide"})


# -- the bump and the purge ---------------------------------------------------------------


class _Pending(threading.local):
    def __init__(self):
        self.dirty = False
        self.urls = set()


_pending = _Pending()


def purging_enabled():
    return bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
        or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None)
    )


def content_changed(urls=None):
    """Record a change; `urls` is a callable giving the URLs to purge (called only when a
    CDN is configured)."""
    _pending.dirty = True
    if urls is not None and purging_enabled():
        try:
            _pending.urls.update(urls())
        except Exception:
            logger.exception("could not work out which API URLs to purge")
            _pending.urls.update(listing_urls())
    if transaction.get_connection().in_atomic_block:
        caching.mark_stale()
        transaction.on_commit(_flush, robust=True)
    else:
        _flush()


def _flush():
    if not _pending.dirty:
        return  # another callback of the same transaction did it
    urls, _pending.urls, _pending.dirty = _pending.urls, set(), False
    caching.bump()
    if urls and purging_enabled():
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        try:
            purge_urls_from_cache(sorted(urls))
        except Exception:
            logger.exception("could not purge the API URLs from the CDN")


# -- which URLs ---------------------------------------------------------------------------


def _absolute(path):
    base = getattr(settings, "WAGTAILAPI_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + path


def _with_locales(path):
    """`path` bare and with each `?locale=`, absolute."""
    return {_absolute(path), *(_absolute(f"{path}?locale={code}") for code in locales.supported())}


def listing_urls():
    from frontend_api.urls import root_links

    urls = set()
    for url_name in root_links().values():
        listing = reverse(url_name)
        if not listing.startswith(caching.NEVER_CACHED_PREFIXES):  # not the preview's
            urls |= _with_locales(listing)
    return urls


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


def detail_urls(row, model=None):
    """The detail URLs that show `row` (a `model`, by default its own class) or depend on it."""
    model = model or type(row)
    urls = set()
    for url_name, declared in detail_routes():
        for served, ids_of in declared.items():
            if issubclass(model, served):
                for pk in ids_of(row):
                    urls |= _with_locales(reverse(url_name, kwargs={"pk": pk}))
    return urls


def page_urls(page):
    return listing_urls() | detail_urls(page, page.specific_class or type(page))


def page_urls_by_id(*page_ids):
    urls = listing_urls()
    for page in Page.objects.filter(pk__in=page_ids).select_related("content_type"):
        urls |= detail_urls(page, page.specific_class or Page)
    return urls


def community_urls(group_ids):
    keys = CommunityAccess.objects.filter(group_id__in=group_ids).values("translation_key")
    page_ids = CommunityPage.objects.filter(translation_key__in=keys).values_list("pk", flat=True)
    return page_urls_by_id(*page_ids)


# -- the signal handlers ------------------------------------------------------------------


def page_event(sender, instance, **kwargs):
    """Published, unpublished or moved."""
    content_changed(lambda: page_urls(instance))


@functools.cache
def _kind(model):
    """How a saved or deleted instance of `model` matters: (kind, page key attname)."""
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
            return "page child", field.attname
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
    kind, attname = _kind(type(instance))
    if kind is None:
        return
    if kind == "page":
        if update_fields and set(update_fields) <= DRAFT_BOOKKEEPING_FIELDS:
            return
        content_changed()  # a publish, move or unpublish purges on its own signal
    else:
        _changed(kind, attname, instance)


def model_deleted(sender, instance, **kwargs):
    kind, attname = _kind(type(instance))
    if kind == "page":
        content_changed(lambda: page_urls(instance))
    elif kind is not None:
        _changed(kind, attname, instance)
    elif isinstance(instance, (get_user_model(), Group)):
        content_changed(listing_urls)


def _changed(kind, attname, instance):
    if kind == "page child":
        content_changed(lambda: page_urls_by_id(getattr(instance, attname)))
    elif kind == "community":
        content_changed(lambda: community_urls([instance.group_id]))
    else:  # media, and the other rows: whatever detail shows them
        content_changed(lambda: listing_urls() | detail_urls(instance))


def membership_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A user added to or removed from groups (`user.groups`), or the other way round
    (`group.user_set`): a community's members, or who passes a view restriction."""
    if not action.startswith("post_"):
        return
    if sender is not get_user_model().groups.through:
        content_changed(listing_urls)
    elif reverse:
        content_changed(lambda: community_urls([instance.pk]))
    else:
        content_changed(lambda: community_urls(pk_set or ()))


def connect():
    for name, signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ):
        signal.connect(page_event, dispatch_uid=f"{DISPATCH_UID}.{name}")
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
