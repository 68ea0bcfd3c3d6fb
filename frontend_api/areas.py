"""The areas of a site's content the response cache versions apart (`frontend_api.versions`),
what each endpoint's responses read of them, and the area a changed row belongs to.

- `pages`: page rows and their own rows (ambassadors, photos, audience tags, checklist links),
  view restrictions on pages, communities' access and members; its record also lists the
  coming page expiries;
- `events`: imported events, external calendars, the calendar's dates (`EventDate`) and any
  other row of the events app but registrations and seats (an event page is a page);
- `seats`: registrations and the seats of an event's dates;
- `associations`: the directory's rows (associations, their submissions, practices);
- `guide`: the guide's snippets (contacts, culture notes, useful links) and the facts and
  figures (`figures`: statistics series and their rows);
- `media`: images, documents, collections, their tags and view restrictions.

A response is rendered afresh when an area it reads changes, and only then (besides the
shared version, which every response reads): a registration renews the events' responses
and leaves the pages' cached. A row of no known area (a municipality, a site) renews every
area of its site, and a response of no known endpoint (the API's root, the schema) reads
every area.
"""

import functools

from django.conf import settings
from django.urls import Resolver404, resolve

PAGES, EVENTS, SEATS, ASSOCIATIONS, GUIDE, MEDIA = (
    "pages",
    "events",
    "seats",
    "associations",
    "guide",
    "media",
)
AREAS = (PAGES, EVENTS, SEATS, ASSOCIATIONS, GUIDE, MEDIA)

#: what the responses of each endpoint (`frontend_api.urls.ENDPOINTS`) read
ENDPOINT_AREAS = {
    # pages nest images (hero, photos, body blocks); communities their trial homes
    "communities": (PAGES, MEDIA),
    "pages": (PAGES, MEDIA),
    "changes": (PAGES, MEDIA),
    "images": (MEDIA,),
    "documents": (MEDIA,),
    # event pages and their communities, imported events, the dates and their seats left;
    # a detail's description holds image blocks
    "events": (PAGES, EVENTS, SEATS, MEDIA),
    # `community=<id>` and `community` read the community's pages
    "associations": (PAGES, ASSOCIATIONS),
    "doctors": (ASSOCIATIONS,),
    # the steps are pages (their links and audiences, rows of the page)
    "checklist": (PAGES,),
    "culture-guide": (GUIDE, MEDIA),
    "contacts": (GUIDE, MEDIA),
    "links": (GUIDE,),
    "statistics": (GUIDE,),
    # the municipality's own row renews every area of its site; its logo, its home page
    "municipalities": (PAGES, MEDIA),
}
API_NAMESPACE = "wagtailapi"


def read_by(request):
    """The areas a response to `request` reads, from the endpoint its URL resolves to
    (`wagtailapi:<endpoint>:…`); every area for any other URL."""
    return _read_at(request.path_info, getattr(request, "urlconf", None) or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=4096)
def _read_at(path, urlconf):
    # resolving costs more than a cache hit's other work: most requests ask the same paths
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return AREAS
    namespaces = match.namespaces
    if len(namespaces) < 2 or namespaces[0] != API_NAMESPACE:
        return AREAS
    return ENDPOINT_AREAS.get(namespaces[1], AREAS)


@functools.cache
def of_model(model):
    """The area a row of `model` belongs to; None: no one area (all of its site's)."""
    from taggit.models import TaggedItemBase
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

    from communities.models import CommunityAccess
    from events.models import OccurrenceSeats, Registration
    from guide.models.snippet_base import GuideSnippet

    media = (get_image_model(), get_document_model(), Collection, CollectionViewRestriction)
    if issubclass(model, (Page, PageViewRestriction, CommunityAccess)) or _of_a_page(model):
        return PAGES
    if issubclass(model, TaggedItemBase):  # the tags of images and documents
        return MEDIA
    if issubclass(model, media):
        return MEDIA
    if issubclass(model, (Registration, OccurrenceSeats)):
        return SEATS
    if issubclass(model, GuideSnippet) or model._meta.app_label == "figures":
        return GUIDE
    app_label = model._meta.app_label
    if app_label == "events":
        return EVENTS
    if app_label == "directory":
        return ASSOCIATIONS
    return None


def _of_a_page(model):
    """A row of a page (a `ParentalKey` to it), not Wagtail's own (comments come with drafts)."""
    from modelcluster.fields import ParentalKey
    from wagtail.models import Page

    return not model._meta.app_label.startswith("wagtail") and any(
        isinstance(field, ParentalKey) and issubclass(field.related_model, Page)
        for field in model._meta.get_fields()
    )
