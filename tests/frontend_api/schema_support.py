"""What the schema tests share: schemathesis's checks, and Django's WSGI app run in-process
the way the test client runs it."""

import json

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import include, path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


class InProcessApp:
    """Django's WSGI app, run as Django's test client runs it: a request does not close the
    database connection (which would end the test's transaction on PostgreSQL)."""

    handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()  # sends request_finished
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def generated_document():
    """The document /api/v2/schema/ serves, made without a request (nor the database, which
    is not there yet while pytest collects the tests)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


def document_for(urls):
    """The OpenAPI document of the views in `urls` (a module path or a list of patterns)
    mounted under /api/v2/, as the served document describes them."""
    generator = SchemaGenerator(patterns=[path("api/v2/", include(urls))])
    return json.loads(OpenApiJsonRenderer().render(generator.get_schema(public=True)))
