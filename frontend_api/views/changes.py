"""`/api/v2/changes/`: everything an app needs to keep an offline copy of the pages and of
the rows beside them (associations, culture guide, contacts, links, imported events).

The first download is the feed without `since`, paged: every page the app may show, each
whole, exactly as `/api/v2/pages/<id>/` gives it (with the same `locale`, `fallback` and
audience parameters), and every row of those areas as its endpoint's listing gives it in
that language (whole: `fields` names the pages' fields); an imported event is the events
listing's item of it on its first date (`/api/v2/events/`, `meta.type`
`events.ImportedEvent`: the listing gives one item per date). `meta.next` is the cursor to keep;
`?since=<cursor>` then gives what changed after it, in the order of the change: pages
published, republished or shown again and rows created or changed (whole, as before), and
what is no longer to be shown (a page unpublished, deleted, expired, restricted, moved below
a hidden page, no longer for the audience, or a Danish stand-in replaced by its
translation; a row deleted, an association hidden, a row no longer for the audience or the
language) as `{"id": …, "meta": {"type": …, "change": "removed", "locale": …}}`, `type` as
the item's `meta.type`. A removal may name something the app never had: it ignores it.
`areas=pages,associations` narrows the feed to those areas (`AREAS`).

Page through with the cursor of the last response (`since=meta.next`) until a response
has fewer than `limit` items: a change made meanwhile comes on a later page, none is
skipped or repeated. With nothing new, `meta.next` is the same position (read again).
`meta.total_count` counts the changes after `since`.

`since` that is not a cursor of this feed is a 400; one read longer ago than the feed
keeps removals (`CHANGES_RETENTION_DAYS`, a year by default), or one of the feed when it
gave pages only (version 1) or no imported events (version 2), is a 410: download again.

Each site (municipality, by the request's host) has its own feed: its pages and rows, its
removals. A change shows once it is `CHANGES_SETTLE_SECONDS` old (see
`frontend_api.changes`).
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from wagtail.api.v2.serializers import PageParentField
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from events.models import ImportedEvent
from frontend_api import changes, locales, prefetch
from frontend_api.errors import ParameterError
from frontend_api.models import PageVisibility
from frontend_api.pagination import Pagination
from frontend_api.schema.changes import ChangesSchema
from frontend_api.serializers import LocalisedPageSerializer
from frontend_api.views.associations import AssociationsEndpoint
from frontend_api.views.base import COMMON_PARAMETERS, Endpoint
from frontend_api.views.contacts import ContactsEndpoint
from frontend_api.views.culture_guide import CultureGuideEndpoint
from frontend_api.views.events import EventsEndpoint, as_item
from frontend_api.views.links import UsefulLinksEndpoint
from frontend_api.views.pages import PagesEndpoint
from frontend_api.visibility import public_pages


class ImportedEventItems(EventsEndpoint):
    """The events listing's items of the site's imported events, each on its first date, for
    the client's audience (as the listing filters them, `for_audience`)."""

    def get_queryset(self):
        return ImportedEvent.objects.of_site(self.site).select_related("calendar")

    def filter_queryset(self, queryset):
        return queryset.for_audience(self.audience)

    def prepare(self, items):
        return self.prepare_page([as_item(event) for event in items])


#: the endpoint whose items each row kind of the feed is (`row_changes.ALL_KINDS`)
ROW_ENDPOINTS = {
    "associations": AssociationsEndpoint,
    "culture-guide": CultureGuideEndpoint,
    "contacts": ContactsEndpoint,
    "links": UsefulLinksEndpoint,
    "imported-events": ImportedEventItems,
}
#: what `areas` may name, in the feed's order of ties
AREAS = (changes.PAGES_AREA, *changes.ROW_KINDS)


class CursorGone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = (
        "since: this cursor is older than the feed remembers removals; download everything "
        "again (the feed without since)"
    )


class PagesOnlyCursorGone(CursorGone):
    default_detail = (
        "since: this cursor is of the feed when it gave pages only; download everything "
        "again (the feed without since) to have the other areas too"
    )


class WithoutImportedEventsCursorGone(CursorGone):
    default_detail = (
        "since: this cursor is of the feed before it gave imported events; download "
        "everything again (the feed without since) to have them too"
    )


class PreloadedParentField(PageParentField):
    """`parent` as the stock field gives it, from parents read for all the items at once."""

    def get_attribute(self, instance):
        return self.context["parents"].get(instance.pk)


class FeedPageSerializer(LocalisedPageSerializer):
    parent = PreloadedParentField(read_only=True)


class FeedPages(PagesEndpoint):
    """The pages endpoint's detail serialisers, with parents read in bulk."""

    base_serializer_class = FeedPageSerializer


class ChangesEndpoint(Endpoint):
    model = PageVisibility  # (the router wants a model; items link to the pages' details)
    localised = True
    has_detail = False
    schema = ChangesSchema()

    @classmethod
    def listing_parameters(cls):
        return COMMON_PARAMETERS | {"limit", "offset", "since", "areas"}

    def check_order_parameter(self):
        pass  # the order is the feed's (an `order` parameter is unknown here)

    def cursor(self, settled):
        if "since" not in self.request.GET:
            return changes.start(settled)
        try:
            cursor = changes.Cursor.decode(self.request.GET["since"])
        except changes.PagesOnlyCursor as error:
            raise PagesOnlyCursorGone() from error
        except changes.WithoutImportedEventsCursor as error:
            raise WithoutImportedEventsCursorGone() from error
        except changes.BadCursor as error:
            raise ParameterError(
                "since", "since must be a cursor this feed gave (meta.next)"
            ) from error
        if cursor.expired(timezone.now()):
            raise CursorGone()
        return cursor

    def areas(self):
        """The areas `areas` asks for (comma-separated), all of them without it."""
        if "areas" not in self.request.GET:
            return AREAS
        named = [name.strip() for name in self.request.GET["areas"].split(",")]
        unknown = sorted({name for name in named if name not in AREAS})
        if unknown or not named:
            raise ParameterError(
                "areas", "unknown areas: " + ", ".join(unknown or ['""']), allowed=list(AREAS)
            )
        return tuple(area for area in AREAS if area in named)

    def row_views(self, areas):
        """Each asked row kind's endpoint, as if its listing were asked for."""
        views = {}
        for kind in areas:
            if kind in ROW_ENDPOINTS:
                view = ROW_ENDPOINTS[kind](
                    request=self.request, action="listing_view", args=(), kwargs={}
                )
                view.format_kwarg = None
                views[kind] = view
        return views

    def listing_view(self, request):
        settled = changes.settled(timezone.now())
        since = self.cursor(settled)
        areas = self.areas()
        fields_config = self.fields_config()
        limit, offset = Pagination.limits(request)
        public = shown = None
        if changes.PAGES_AREA in areas:
            public = public_pages(request)
            shown = self.audience.filter_pages(public)
            shown = locales.localise(shown, self.locale_code, self.fallback)
        views = self.row_views(areas)
        rows = {kind: view.filter_queryset(view.get_queryset()) for kind, view in views.items()}
        site = Site.find_for_request(request)
        total, found = changes.changes_since(
            site,
            public,
            shown,
            self.locale_code,
            self.fallback,
            since,
            offset,
            limit,
            settled,
            rows=rows,
        )
        next_cursor = since.following(found, limit, settled)
        items = self.items(found, public, fields_config, views, rows)
        response = Response(
            {"meta": {"total_count": total, "next": next_cursor.encode()}, "items": items}
        )
        if changes.settle_seconds():  # a change not settled yet shows once it has
            response.fresh_for = changes.settle_seconds()
        return response

    # --- fields --------------------------------------------------------------------------

    def fields_config(self):
        """`fields` as the pages endpoint reads it, naming only fields every page has."""
        available = PagesEndpoint.get_available_fields(Page)
        try:
            config = parse_fields_parameter(self.request.GET.get("fields", ""))
        except (BadRequestError, ValueError) as error:
            raise ParameterError("fields", f"fields: {error}", allowed=available) from error
        named = {name for name, _negated, _sub in config} - {"*", "_"}
        unknown = sorted(named - set(available))
        if unknown:
            raise ParameterError(
                "fields",
                "unknown fields (the feed takes fields every page has): " + ", ".join(unknown),
                allowed=available,
            )
        return config

    # --- items ---------------------------------------------------------------------------

    def items(self, found, public, fields_config, views, rows):
        shown = [change for change in found if change.shown]
        pages = self.load_pages([change for change in shown if change.kind == "pages"], public)
        context = self.page_context(public, pages)
        whole_rows = self.load_rows(shown, views, rows)
        serializers = {}
        items = []
        for change in found:
            if not change.shown:
                items.append(tombstone(change, self.locale_code))
                continue
            if change.kind != changes.PAGES_AREA:
                items.append(whole_rows[change.kind, change.item_id])
                continue
            page = pages[change.item_id]
            model = type(page)
            if model not in serializers:
                serializers[model] = FeedPages._get_serializer_class(
                    self.request.wagtailapi_router, model, fields_config, show_details=True
                )
            items.append(serializers[model](page, context=context).data)
        return items

    def load_pages(self, shown, public):
        """The specific pages, as the detail serialises them, a few queries per page type."""
        by_type = {}
        for change in shown:
            by_type.setdefault(change.content_type_id, []).append(change.item_id)
        pages = {}
        for content_type_id, ids in by_type.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            queryset = model.objects.filter(pk__in=ids).select_related("locale", "alias_of")
            loaded = list(prefetch.for_api(queryset))
            load_streams(model, loaded)
            pages.update((page.pk, page) for page in loaded)
        return pages

    def load_rows(self, shown, views, rows):
        """(kind, id) -> the row as its endpoint's listing gives it (whole: `fields` names
        the pages' fields), a few queries per kind."""
        by_kind = {}
        for change in shown:
            if change.kind != changes.PAGES_AREA:
                by_kind.setdefault(change.kind, []).append(change.item_id)
        items = {}
        for kind, ids in by_kind.items():
            view = views[kind]
            view.selected_fields = lambda: None  # every field of the item
            found = view.prepare(list(rows[kind].filter(pk__in=ids)))
            for row, item in zip(found, view.serialize(found, many=True), strict=True):
                items[kind, row.pk] = item
        return items

    def page_context(self, public, pages):
        public = Page.objects.none() if public is None else public
        view = FeedPages(request=self.request, action="detail_view", args=(), kwargs={})
        view.format_kwarg = None
        view._base_queryset = public
        # a Danish item of another language's feed is there for want of a translation
        view.localised = True
        return {
            "request": self.request,
            "view": view,
            "router": self.request.wagtailapi_router,
            "_wagtail_rich_text_format": view.resolve_rich_text_format(),
            "base_queryset": public,
            "locale": self.locale_code,
            "audience": self.audience,
            "parents": visible_parents(pages.values(), public),
        }


def tombstone(change, locale_code):
    """A removal; a row in several languages (an association) is removed in the asked one."""
    language = change.language_code or locale_code
    return {
        "id": change.item_id,
        "meta": {"type": change.item_type, "change": "removed", "locale": language},
    }


def load_streams(model, pages):
    """Convert the pages' stream fields (bodies) for all of them at once, as the pages
    listing does: one by one, each would read its images in queries of its own."""
    for field in model._meta.concrete_fields:
        if isinstance(field, StreamField):
            streams = [list(getattr(page, field.name).raw_data) for page in pages]
            for page, value in zip(pages, field.stream_block.bulk_to_python(streams), strict=True):
                setattr(page, field.name, value)


def visible_parents(pages, public):
    """Page id -> its parent where the client may see it (else None), as `meta.parent`."""
    parent_paths = {page.pk: page.path[: -Page.steplen] for page in pages if page.depth > 1}
    parents = {
        parent.path: parent
        for parent in public.filter(path__in=set(parent_paths.values())).select_related("locale")
    }
    return {pk: parents.get(path) for pk, path in parent_paths.items()}
