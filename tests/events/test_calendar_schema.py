"""The calendar's part of the OpenAPI document, and schemathesis checking the calendar's
endpoints against it in-process (the whole document is checked by
tests/frontend_api/test_schema.py)."""

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
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from frontend_api.routes import events as routes
from tests.events.factories import ImportedEventFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PATHS = {
    "/api/v2/events/",
    "/api/v2/events/feed.ics",
    "/api/v2/events/{id}/",
    "/api/v2/events/{id}/event.ics",
    "/api/v2/events/imported/{id}/",
    "/api/v2/events/imported/{id}/event.ics",
}


def calendar_document():
    """The document's operations for the calendar's own URLs (not the registrations')."""
    own = [pattern for pattern in routes.urlpatterns if not hasattr(pattern, "url_patterns")]
    generator = SchemaGenerator(patterns=[path("api/v2/", include(own))])
    document = json.loads(OpenApiJsonRenderer().render(generator.get_schema(public=True)))
    document["paths"] = {p: v for p, v in document["paths"].items() if p in PATHS}
    return document


class InProcessApp:
    """Django's WSGI app as the test client runs it (the connection stays open)."""

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


DOCUMENT = calendar_document()
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = InProcessApp()


def test_every_calendar_endpoint_is_described_in_valid_openapi():
    assert set(DOCUMENT["paths"]) == PATHS
    schemathesis.openapi.from_dict(DOCUMENT).validate()
    listing = DOCUMENT["paths"]["/api/v2/events/"]["get"]
    described = {parameter["name"] for parameter in listing["parameters"]}
    assert {"from", "to", "community", "category", "audience", "near", "within_km"} <= described
    assert set(listing["responses"]) == {"200", "400"}
    feed = DOCUMENT["paths"]["/api/v2/events/feed.ics"]["get"]["responses"]["200"]
    assert set(feed["content"]) == {"text/calendar"}


@pytest.fixture
def calendar(make_event, community):
    make_event(parent=community, registration=True, rrule="FREQ=WEEKLY")
    make_event(all_day=True)
    ImportedEventFactory()


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_calendar_keeps_to_its_schema(case, calendar, db):
    case.call_and_validate(checks=CHECKS)
