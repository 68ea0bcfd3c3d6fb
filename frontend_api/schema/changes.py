"""The OpenAPI operation of the change feed (`views.changes`): its items are the pages
endpoint's details, of any page type, the items of the row endpoints it covers
(associations, culture guide, contacts, links: each its endpoint's component), or
removals, so its shape comes from those shapes rather than from one serializer."""

from frontend_api.schema import APISchema

CURSOR = {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"}


class ChangesSchema(APISchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        from django.utils import translation

        self.registry = registry
        with translation.override("en"):
            return operation(self)


def operation(auto_schema):
    from wagtail.models import Page

    from frontend_api.schema import catalogue, parameters
    from frontend_api.schema.operations import (
        _item_component,
        _json,
        _module_doc,
        _page_models,
    )
    from frontend_api.schema.shapes import Shapes, array, strict_object
    from frontend_api.views.changes import AREAS, ROW_ENDPOINTS, ChangesEndpoint
    from frontend_api.views.pages import PagesEndpoint

    shapes = Shapes(auto_schema)
    pages = shapes.any_item(PagesEndpoint, _page_models(), detail=True)
    rows = [
        _item_component(auto_schema, endpoint.serializer_for("listing_view")).ref
        for endpoint in ROW_ENDPOINTS.values()
    ]
    removal = shapes.component(["PageRemoval"], lambda: _removal(strict_object))
    meta = strict_object(
        {
            "total_count": {
                "type": "integer",
                "minimum": 0,
                "description": "How many changes follow `since`.",
            },
            "next": {**CURSOR, "description": "The cursor to keep: the next `since`."},
        },
        required=["total_count", "next"],
    )
    listing = strict_object(
        {"meta": meta, "items": array({"anyOf": [*pages["anyOf"], *rows, removal]})},
        required=["meta", "items"],
    )
    since = catalogue.query(
        "since",
        CURSOR,
        "Only what changed after this cursor (`meta.next` of an earlier response).",
    )
    fields = catalogue.query(
        "fields",
        {"type": "string"},
        "Which fields each page has, as on `/api/v2/pages/<id>/` (default: all), among "
        "those every page has: "
        + ", ".join(f"`{name}`" for name in PagesEndpoint.get_available_fields(Page))
        + ". Rows (associations, culture guide, contacts, links, imported events) are always "
        "whole; a "
        "removal always has its `id` and `meta`.",
    )
    areas = catalogue.query(
        "areas",
        {"type": "string"},
        "Only the changes of these areas, comma-separated (default: all): "
        + ", ".join(f"`{area}`" for area in AREAS)
        + ". `pages` are every page (communities, events, the checklist, guides …); each "
        "other is the rows of the endpoint of that name (`imported-events`: the imported "
        "events of `/api/v2/events/`, each its listing's item on its first date). An unknown "
        "one is a 400.",
    )
    return {
        "operationId": "changes_list",
        "summary": "What changed since a cursor, for an offline copy",
        "description": _module_doc(ChangesEndpoint),
        "parameters": [
            since,
            areas,
            *catalogue.paging(),
            fields,
            *catalogue.language_and_audience(),
            parameters.accept_language(),
        ],
        "responses": {
            "200": _json("The changes, in pages of `limit`.", listing),
            "400": _json("A parameter is not valid.", shapes.parameter_error()),
            "410": _json(
                "`since` was read longer ago than the feed keeps removals, or is of the feed "
                "when it gave pages only or no imported events: download again.",
                shapes.error(),
            ),
        },
        "tags": ["changes"],
    }


def _removal(strict_object):
    from frontend_api import locales

    meta = strict_object(
        {
            "type": {
                "type": "string",
                "description": "`app_label.ModelName`, as the removed item's `meta.type`",
            },
            "change": {"type": "string", "enum": ["removed"]},
            "locale": {"type": "string", "enum": locales.supported()},
        },
        required=["type", "change", "locale"],
    )
    return strict_object({"id": {"type": "integer"}, "meta": meta}, required=["id", "meta"])
