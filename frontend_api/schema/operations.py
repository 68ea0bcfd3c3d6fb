"""One OpenAPI operation per view of each endpoint on the router, and the API root."""

import inspect

from django.urls import reverse
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page, get_page_models
from wagtail_headless_preview.models import HeadlessPreviewMixin

from frontend_api.schema import catalogue, parameters
from frontend_api.schema.shapes import Shapes, strict_object
from frontend_api.views.base import Endpoint
from frontend_api.views.preview import PreviewEndpoint

JSON = "application/json"
#: the API serves the municipality (site) of the request's host, else the default one
NO_MUNICIPALITY = "No municipality is served at this host (and there is no default one)."


def endpoint_operation(auto_schema, endpoint, action):
    from frontend_api.urls import ENDPOINTS

    shapes = Shapes(auto_schema)
    # (not endpoint.name: DRF's as_view() sets that to None)
    name = next(name for name, class_ in ENDPOINTS.items() if class_ is endpoint)
    model = endpoint.model
    page_based = issubclass(endpoint, PagesAPIViewSet)
    # /pages/ serves every page type (narrowed by ?type=); the others one model each
    models = _page_models() if model is Page else [model]
    if issubclass(endpoint, PreviewEndpoint):
        return _preview(shapes, endpoint, model)
    if issubclass(endpoint, Endpoint):
        return _endpoint(auto_schema, shapes, name, endpoint, action)
    if action == "listing_view":
        operation = {
            "operationId": f"{name}_list",
            "summary": f"List {name}",
            "parameters": parameters.listing(endpoint, model),
            "responses": {
                "200": _json(
                    "The items, in pages of `limit`.",
                    shapes.listing(shapes.any_item(endpoint, models, detail=False)),
                ),
                "400": _json("A parameter is not valid.", shapes.parameter_error()),
            },
        }
    elif action == "detail_view":
        operation = {
            "operationId": f"{name}_retrieve",
            "summary": f"One of the {name}",
            "parameters": [_id_in_path(), *parameters.detail(endpoint, model)],
            "responses": {
                "200": _json("The item.", shapes.any_item(endpoint, models, detail=True)),
                "400": _json("A parameter is not valid.", shapes.parameter_error()),
                "404": _json(
                    "No such item (that may be shown), no such `site`, or an unknown "
                    "`format`. (A path whose id is not a whole number is not the API's: "
                    "the site answers with its HTML page.)",
                    shapes.error(),
                    html=True,
                ),
            },
        }
    elif action == "find_view":
        operation = {
            "operationId": f"{name}_find",
            "summary": f"Find one of the {name}",
            "description": "Redirects to the item's detail URL, keeping the other parameters.",
            "parameters": parameters.find(endpoint, model),
            "responses": {
                "302": {
                    "description": "The item's detail URL.",
                    "headers": {
                        "Location": {"schema": {"type": "string"}, "required": True},
                    },
                },
                "400": _json("A parameter is not valid.", shapes.parameter_error()),
                "404": _json("Nothing found, or an unknown `format`.", shapes.error()),
            },
        }
    else:
        raise ValueError(f"{endpoint.__name__}: no schema for the action {action!r}")
    if page_based:
        operation["parameters"].append(parameters.accept_language())
    operation["responses"].setdefault(
        "404",
        _json(
            f"No such `site`, or an unknown `format`. {NO_MUNICIPALITY}"
            if page_based
            else f"An unknown `format`. {NO_MUNICIPALITY}",
            shapes.error(),
        ),
    )
    if action == "listing_view":
        operation["description"] = _module_doc(endpoint)
    operation["tags"] = [name]
    return operation


def _endpoint(auto_schema, shapes, name, endpoint, action):
    """An endpoint whose items one serializer shapes (`views.base.Endpoint`)."""
    operation_name = name.replace("-", "_")
    component = _item_component(auto_schema, endpoint.serializer_for(action))
    bad = _json("A parameter is not valid.", shapes.parameter_error())
    if action == "listing_view":
        return {
            "operationId": f"{operation_name}_list",
            "summary": f"List {name}",
            "description": _module_doc(endpoint),
            "parameters": [*catalogue.common(endpoint), parameters.accept_language()],
            "responses": {
                "200": _json("The items, in pages of `limit`.", shapes.listing(component.ref)),
                "400": bad,
                "404": _json(NO_MUNICIPALITY, shapes.error()),
            },
            "tags": [name],
        }
    return {
        "operationId": f"{operation_name}_retrieve",
        "summary": f"One of the {name}",
        "parameters": [
            _id_in_path(),
            *catalogue.common(endpoint, listing=False),
            parameters.accept_language(),
        ],
        "responses": {
            "200": _json("The item.", component.ref),
            "400": bad,
            "404": _json(
                "No such item (that may be shown) of this host's municipality, or no "
                "municipality here. (A path whose id is not a whole number is not the API's: "
                "the site answers with its HTML page.)",
                shapes.error(),
                html=True,
            ),
        },
        "tags": [name],
    }


def _item_component(auto_schema, serializer):
    component = auto_schema.resolve_serializer(serializer, "response")
    component.schema.pop("required", None)  # `fields` may leave any field out
    component.schema["additionalProperties"] = False
    return component


def _preview(shapes, endpoint, model):
    previewable = [m for m in _page_models() if issubclass(m, HeadlessPreviewMixin)]
    cache_control = {"Cache-Control": {"schema": {"type": "string", "enum": ["private, no-store"]}}}
    return {
        "operationId": "preview_retrieve",
        "summary": "The draft an editor is previewing",
        "description": _module_doc(endpoint),
        "parameters": [*parameters.preview(endpoint, model), parameters.accept_language()],
        "responses": {
            "200": _json(
                "The draft.",
                shapes.any_item(endpoint, previewable, detail=True),
                headers=cache_control,
            ),
            "400": _json("A parameter is not valid.", shapes.parameter_error()),
            "401": _json(
                "No token, or one that is not valid or has expired.",
                shapes.error(),
                headers={
                    **cache_control,
                    "WWW-Authenticate": {"schema": {"type": "string"}, "required": True},
                },
            ),
            "404": _json("No such previewable type, or no preview.", shapes.error()),
        },
        "tags": ["preview"],
    }


def api_root_operation():
    from frontend_api.urls import root_links

    names = list(root_links())
    endpoints = strict_object(
        {name: {"type": "string", "format": "uri"} for name in names}, required=names
    )
    return reverse("api_root"), {
        "operationId": "api_root",
        "summary": "What the API offers",
        "responses": {
            "200": _json(
                "The URL of each endpoint.",
                strict_object({"endpoints": endpoints}, required=["endpoints"]),
            )
        },
        "tags": ["root"],
    }


def _module_doc(endpoint):
    """The docstring of the endpoint's module: what it serves, for a reader of the docs."""
    return inspect.cleandoc(inspect.getmodule(endpoint).__doc__ or "")


def _page_models():
    return [model for model in get_page_models() if model is Page or not model._meta.abstract]


def _id_in_path():
    return {
        "in": "path",
        "name": "id",
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
    }


def _json(description, schema, headers=None, html=False):
    response = {"description": description, "content": {JSON: {"schema": schema}}}
    if html:
        response["content"]["text/html"] = {"schema": {"type": "string"}}
    if headers:
        response["headers"] = headers
    return response
