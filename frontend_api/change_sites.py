"""Which sites (municipalities) a change concerns, so that `frontend_api.invalidation` bumps
only their content versions (of the change's area, `frontend_api.areas.of_model`) and purges
only their addresses.

Found without a query per item, from the shared version's map of the sites' root pages and
collections (`versions.site_map`): a page's by the tree it lies in (a move: both trees); a
row with a `site` (the guide's snippets, associations and their submissions, practices,
calendars, a municipality) that site; an imported event its calendar's; a row keyed on
pages' `translation_key` (registrations and seats by their event's, a community's access)
the site of those pages; a row of a page (ambassadors, photos) its page's; a row of an event
(a calendar's date) its event page's or its imported event's; a statistics row its series';
an image or a document the municipality whose collection holds it. What belongs to no one
site, or to a site not known (yet), concerns every site: the shared version (`ALL`). A
change of the map itself (a host, a site, a root page's copy, a municipality's collection)
concerns every site as well.
"""

import threading

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

from communities.models import CommunityAccess
from events.models import ExternalCalendar, ImportedEvent
from figures.models import Row, Series
from frontend_api import versions
from frontend_api.versions import ALL
from guide.models import Municipality


def _site_map():
    return versions.shared_version() or {"sites": [], "roots": [], "collections": []}


def map_changed():
    """{ALL} if the sites' hosts, root pages or collections differ from the shared map."""
    shared = _site_map()
    fresh = versions.site_map()
    return {ALL} if any(shared.get(name) != value for name, value in fresh.items()) else set()


def sites_of_paths(paths):
    roots = _site_map()["roots"]
    return {versions.site_below(roots, path) for path in paths}


def page_sites(*pages):
    """The sites of these pages' trees; all of them if one may be a site's root page."""
    found = sites_of_paths(page.path for page in pages)
    if any(page.depth <= 2 for page in pages):
        found |= map_changed()
    return found


def keyed_page_sites(translation_keys):
    """The sites of the pages with these translation keys (in every language)."""
    pages = Page.objects.filter(translation_key__in=translation_keys)
    return sites_of_paths(pages.values_list("path", flat=True))


def _related(instance, field, model, *values):
    """`values` of the row `instance.<field>` points to: as loaded, else read (one query)."""
    loaded = field.get_cached_value(instance, None)
    if loaded is not None:
        return tuple(getattr(loaded, name) for name in values)
    pk = getattr(instance, field.attname)
    return model.objects.filter(pk=pk).values_list(*values).first() or (None,) * len(values)


def page_child_sites(instance, field):
    """The site of a row of a page (`field`: its `ParentalKey`): its page's."""
    return sites_of_paths([_related(instance, field, Page, "path")[0] or ""])


def collection_sites(path):
    """The municipality whose collection holds the collection at `path` (None: not known)."""
    return {versions.site_below(_site_map()["collections"], path or "")}


def row_sites(instance):
    """The sites a saved or deleted row concerns (see the module's docstring)."""
    model = type(instance)
    if issubclass(model, Site):
        return {instance.pk} | map_changed()
    if issubclass(model, ImportedEvent):
        field = model._meta.get_field("calendar")
        return set(_related(instance, field, ExternalCalendar, "site_id"))
    if issubclass(model, Collection):
        return collection_sites(instance.path) | map_changed()
    if issubclass(model, (get_image_model(), get_document_model(), CollectionViewRestriction)):
        field = model._meta.get_field("collection")
        return collection_sites(_related(instance, field, Collection, "path")[0])
    if issubclass(model, Row):
        return set(_related(instance, model._meta.get_field("series"), Series, "site_id"))
    if issubclass(model, PageViewRestriction):
        path = _related(instance, model._meta.get_field("page"), Page, "path")[0]
        return sites_of_paths([path or ""])
    site_id = getattr(instance, "site_id", None)
    if site_id is not None:  # a municipality's collection is on the map
        return {site_id} | (map_changed() if issubclass(model, Municipality) else set())
    key = getattr(instance, "event_key", None) or getattr(instance, "translation_key", None)
    if key is not None:
        return keyed_page_sites([key])
    return _event_sites(instance) or {ALL}


class _Seen(threading.local):
    def __init__(self):
        self.sites = {}  # (model, pk): the sites of that event


_seen = _Seen()


def forget():
    """Forget the events' sites looked up so far (at the end of a transaction: pages move).
    Within one, the dates of an event rewritten or deleted row by row cost one query."""
    _seen.sites.clear()


def _event_sites(instance):
    """The site of the event a row points to (a page, or an imported event); empty if none."""
    for field in type(instance)._meta.concrete_fields:
        pk = getattr(instance, field.attname) if field.many_to_one else None
        if pk is None or not issubclass(field.related_model, (Page, ImportedEvent)):
            continue
        key = (field.related_model, pk)
        if key not in _seen.sites:
            _seen.sites[key] = _sites_of_event(instance, field, pk)
        return _seen.sites[key]
    return set()


def _sites_of_event(instance, field, pk):
    if issubclass(field.related_model, Page):
        return sites_of_paths([_related(instance, field, Page, "path")[0] or ""])
    event = field.get_cached_value(instance, None)
    if event is not None:
        return row_sites(event)
    found = ImportedEvent.objects.filter(pk=pk).values_list("calendar__site_id").first()
    return set(found or (None,))


def community_sites(group_ids):
    """The sites of the communities whose groups these are; every site if none is."""
    keys = CommunityAccess.objects.filter(group_id__in=group_ids).values("translation_key")
    return keyed_page_sites(keys) or {ALL}
