"""The directory's operations in the OpenAPI document, and schemathesis against them: no
input makes a server error, and every answer keeps to the document."""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import include, path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.directory.factories import AssociationFactory, PracticeFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PATHS = {
    "/api/v2/associations/",
    "/api/v2/associations/{id}/",
    "/api/v2/associations/submissions/",
    "/api/v2/associations/edit-link/",
    "/api/v2/doctors/",
}


def directory_document():
    """The directory's part of the document /api/v2/schema/ serves (without the API root,
    which the document's postprocessing always adds)."""
    patterns = [path("api/v2/", include("frontend_api.routes.directory"))]
    document = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    document = json.loads(OpenApiJsonRenderer().render(document))
    document["paths"].pop("/api/v2/")
    return document


class InProcessApp:
    """Django's WSGI app as the test client runs it: the test's transaction stays open."""

    handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(directory_document())
schema.app = InProcessApp()


def test_every_directory_operation_is_described():
    assert set(schema.raw_schema["paths"]) == PATHS
    listing = schema.raw_schema["paths"]["/api/v2/associations/"]["get"]
    described = {parameter["name"] for parameter in listing["parameters"]}
    assert {"search", "category", "audience", "language", "community", "near"} <= described
    post = schema.raw_schema["paths"]["/api/v2/associations/submissions/"]["post"]
    assert {"202", "400", "429"} <= set(post["responses"])


@pytest.fixture
def entries(db):
    AssociationFactory(lat=55.0, lon=9.7, description_en="A club.", website="https://a.dk/")
    AssociationFactory(fee_free=False, fee_min=100, fee_max=200)
    PracticeFactory()


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"locale": "en", "near": "55.0,9.7", "radius": "20"},
        {"search": "forening", "free": "true", "category": "sport"},
    ],
)
def test_real_responses_keep_to_the_schema(entries, query):
    response = (
        schema["/api/v2/associations/"]["GET"].Case(query=query).call_and_validate(checks=CHECKS)
    )
    assert response.json()["items"]


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_directory_keeps_to_its_schema(case, entries):
    case.call_and_validate(checks=CHECKS)
