"""The OpenAPI 3 document of /api/v2/ (served at /api/v2/schema/, shown at /api/v2/docs/).

drf-spectacular walks the URLs; for Wagtail's endpoints, whose shape depends on the model,
the `fields` parameter and the router rather than on a fixed serializer, `APISchema` builds
each operation by introspecting the endpoint class: its query parameters and filter backends
(`parameters`), and the serializers Wagtail would build for every model it serves
(`shapes`). Nothing here changes what an endpoint does.

This module is imported while Django loads its apps (DRF resolves `DEFAULT_SCHEMA_CLASS`
early), so everything that touches models is imported inside functions.
"""

from drf_spectacular.openapi import AutoSchema

from frontend_api.schema.nullable import fix_nullable_reference

API_PREFIX = "/api/v2/"
BLANK_STRING = {"type": "string", "maxLength": 0}


class APISchema(AutoSchema):
    """drf-spectacular's AutoSchema, which also understands Wagtail's API endpoints, and
    writes nullable and blank-or-formatted fields in forms a strict 3.0.3 validator reads as
    meant."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        return fix_nullable_reference(schema)

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        # A blank string beside a format (an optional URL or e-mail) comes as `oneOf` the
        # format and `maxLength: 0`; where a validator does not check the format, "" matches
        # both and `oneOf` fails. `anyOf` says the same without that.
        if schema.get("oneOf", [None])[-1] == BLANK_STRING:
            schema["anyOf"] = schema.pop("oneOf")

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        from wagtail.api.v2.views import BaseAPIViewSet

        if not isinstance(self.view, BaseAPIViewSet):
            return super().get_operation(path, path_regex, path_prefix, method, registry)
        from django.utils import translation

        from frontend_api.schema.operations import endpoint_operation

        self.registry = registry
        self.path, self.path_regex, self.path_prefix = path, path_regex, path_prefix
        self.method = method.upper()
        with translation.override("en"):  # the same document whatever the Accept-Language
            return endpoint_operation(self, type(self.view), self.view.action)


def only_the_public_api(endpoints, **kwargs):
    """Preprocessing hook: the document covers /api/v2/ (not the admin's own API), and not
    the route that answers an id that is not a number with a 400."""
    return [
        (path, regex, method, callback)
        for path, regex, method, callback in endpoints
        if path.startswith(API_PREFIX)
        and getattr(callback, "actions", {}).get("get") != "bad_id_view"
    ]


def add_the_api_root(result, generator, request, public, **kwargs):
    """Postprocessing hook: the API root is a plain Django view, which drf-spectacular does
    not see, so its operation is added here."""
    from frontend_api.schema.operations import api_root_operation

    path, operation = api_root_operation()
    result["paths"] = {path: {"get": operation}, **result.get("paths", {})}
    return result
