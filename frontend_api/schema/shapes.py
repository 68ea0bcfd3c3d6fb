"""Response shapes: the items an endpoint returns, built from the serializers Wagtail makes
for each model it serves, and the envelopes around them (listing, errors).

`fields` decides which fields an item has, so no field is required, but every field an item
can have is described, and nothing else (`additionalProperties: false`). Where the model of
an item varies (pages of any type), the item is `anyOf` the shapes of those models.
"""

import json

from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField
from wagtail.images.api.v2.serializers import ImageDownloadUrlField

from frontend_api import locales
from frontend_api.schema.nullable import or_null
from frontend_api.serializers import FallbackField
from frontend_api.serializers.errors import ErrorSerializer, ParameterErrorSerializer

ALL_FIELDS = [("*", False, None)]

#: serializer fields of ours whose values drf-spectacular cannot infer (no type hints)
METHOD_FIELDS = {
    "type": {"type": "string", "description": "The page type, `app_label.ModelName`."},
    "detail_url": {"type": "string", "nullable": True},
}

#: DRF's own field types, which drf-spectacular maps (with their validators)
PLAIN_FIELDS = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.FloatField,
    serializers.IntegerField,
)


def array(items):
    return {"type": "array", "items": items}


def strict_object(properties, required=()):
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


class Shapes:
    """Builds (and registers as components) the response schemas of one generator run."""

    def __init__(self, auto_schema):
        from frontend_api.urls import api_router

        self.auto_schema = auto_schema
        self.registry = auto_schema.registry
        self.router = api_router

    # --- components -----------------------------------------------------------------

    def component(self, names, build):
        """A $ref to a component with this schema: the one already registered, else a new
        one under the first free name of `names`."""
        schema = build()
        known = self.registry.__dict__.setdefault("_schemas_by_content", {})
        key = names[0] + json.dumps(schema, sort_keys=True)  # the same model, the same shape
        if key in known:
            return known[key]
        for name in names:
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
            )
            if component not in self.registry:
                self.registry.register_on_missing(component)
                known[key] = component.ref
                return component.ref
        raise ValueError(f"no free component name among {names}")

    def item(self, endpoint, model, detail=True):
        """One item of `model` as `endpoint` serialises it, with any `fields` selection:
        in a detail view (all fields), else in a listing or nested (no detail-only fields)."""
        if not detail and not set(endpoint.detail_only_fields) & set(
            endpoint.get_available_fields(model)
        ):
            detail = True  # the same shape either way
        base = model.__name__ if detail else f"{model.__name__}ListItem"
        qualified = base + endpoint.__name__.removesuffix("Endpoint").removesuffix("APIViewSet")
        return self.component([base, qualified], lambda: self.build_item(endpoint, model, detail))

    def any_item(self, endpoint, models, detail=True):
        refs = [self.item(endpoint, model, detail) for model in models]
        return refs[0] if len(refs) == 1 else {"anyOf": refs}

    def page_reference(self):
        """`parent` and `alias_of`: a short reference to another page."""
        meta = strict_object(
            {
                "type": {"type": "string"},
                "detail_url": {"type": "string"},
                "html_url": {"type": "string", "nullable": True},
            }
        )
        schema = strict_object(
            {"id": {"type": "integer"}, "meta": meta, "title": {"type": "string"}}
        )
        return self.component(["PageReference"], lambda: schema)

    def stream_block(self):
        schema = strict_object(
            {
                "type": {"type": "string", "description": "The block type."},
                "value": {"description": "The block's value: its shape depends on the type."},
                "id": {"type": "string", "nullable": True},
            },
            required=["type", "value", "id"],
        )
        return self.component(["StreamBlock"], lambda: schema)

    def listing(self, item):
        meta = strict_object(
            {"total_count": {"type": "integer", "minimum": 0}}, required=["total_count"]
        )
        return strict_object({"meta": meta, "items": array(item)}, required=["meta", "items"])

    def parameter_error(self):
        return self.serializer(ParameterErrorSerializer)

    def error(self):
        return self.serializer(ErrorSerializer)

    def serializer(self, serializer):
        """The component of a plain serializer, with nothing beyond its fields."""
        component = self.auto_schema.resolve_serializer(serializer, "response")
        component.schema["additionalProperties"] = False
        return component.ref

    # --- items, from Wagtail's serializers ---------------------------------------------

    def build_item(self, endpoint, model, detail):
        serializer_class = endpoint._get_serializer_class(
            self.router, model, ALL_FIELDS, show_details=detail, nested=not detail
        )
        serializer = serializer_class(context={})
        body, meta = {}, {}
        for name, field in serializer.fields.items():
            target = meta if name in serializer.meta_fields else body
            target[name] = self.field_schema(model, name, field)
        properties = {"id": body.pop("id")} if "id" in body else {}
        if meta:
            properties["meta"] = strict_object(meta)
        properties.update(body)
        return strict_object(properties)

    def field_schema(self, model, name, field):
        w = wagtail_serializers
        if isinstance(field, (w.TypeField, w.PageTypeField)):
            return {"type": "string", "description": "`app_label.ModelName`"}
        if isinstance(field, (w.DetailUrlField, ImageDownloadUrlField, DocumentDownloadUrlField)):
            return {"type": "string"}
        if isinstance(field, w.PageHtmlUrlField):
            return {"type": "string", "nullable": True}
        if isinstance(field, w.PageLocaleField):
            return {"type": "string", "enum": locales.supported()}
        if isinstance(field, FallbackField):
            return {
                "type": "boolean",
                "description": "True when this Danish item stands in for a missing translation.",
            }
        if isinstance(field, (w.PageParentField, w.PageAliasOfField)):
            return or_null(self.page_reference())
        if isinstance(field, w.StreamField):
            return array(self.stream_block())
        if isinstance(field, w.TagsField):
            return array({"type": "string"})
        if isinstance(field, w.ChildRelationField):
            child = model._meta.get_field(name).related_model
            return array(self.item(self.endpoint_for(child), child, detail=False))
        if isinstance(field, w.RelatedField):
            model_field = model._meta.get_field(name)
            child = model_field.related_model
            endpoint = self.endpoint_for(child)
            ref = self.item(endpoint, child, detail=False)
            return or_null(ref) if model_field.null or _may_hide(endpoint) else ref
        return self.plain_field_schema(model, field)

    def plain_field_schema(self, model, field):
        if hasattr(field, "_spectacular_annotation"):  # a field that says its own schema
            return self.auto_schema._map_serializer_field(field, "response")
        if isinstance(field, serializers.ListSerializer):
            return array(self.serializer_schema(field.child))
        if isinstance(field, serializers.Serializer):
            return self.serializer_schema(field)
        if isinstance(field, serializers.SerializerMethodField):
            return dict(METHOD_FIELDS.get(field.field_name, {}))
        if isinstance(field, serializers.JSONField):
            from guide.fields import LanguageListField

            model_field = model._meta.get_field(field.source)
            if isinstance(model_field, LanguageListField):
                return array({"type": "string", "description": "A language code."})
            return {}
        if isinstance(field, PLAIN_FIELDS):
            schema = self.auto_schema._map_serializer_field(field, "response")
            self.auto_schema._insert_field_validators(field, schema)
            schema.pop("readOnly", None)
            return schema
        return {}  # a field whose values this document does not describe

    def serializer_schema(self, serializer):
        """A plain DRF serializer nested in an item (a community's trial homes, pages)."""
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        properties = {
            name: self.plain_field_schema(model, field) for name, field in serializer.fields.items()
        }
        name = type(serializer).__name__.removesuffix("Serializer")
        return self.component([name], lambda: strict_object(properties, required=properties))

    def endpoint_for(self, model):
        found = self.router.get_model_endpoint(model)
        return found[1] if found else BaseAPIViewSet


def _may_hide(endpoint):
    """Nested images are null when their collection is restricted."""
    from frontend_api.views.media import VisibleImageSerializer

    return issubclass(endpoint.base_serializer_class, VisibleImageSerializer)
