"""The registration endpoint keeps to its OpenAPI description whatever the body: generated
requests (schemathesis) at a real event never get a server error or an undescribed answer."""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import include, path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from events.models import Registration

PATH = "/api/v2/events/{id}/registrations/"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def registration_document():
    patterns = [path("api/v2/", include("frontend_api.routes.registrations"))]
    document = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


class InProcessApp:
    """Django's WSGI app that leaves the test's database connection open."""

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


schema = schemathesis.openapi.from_dict(registration_document())
schema.app = InProcessApp()


def test_the_operation_is_described():
    operation = schema.raw_schema["paths"][PATH]["post"]
    assert set(operation["responses"]) == {"201", "400", "404", "415", "429"}
    assert "Retry-After" in operation["responses"]["429"]["headers"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    component = schema.raw_schema["components"]["schemas"][body["$ref"].split("/")[-1]]
    assert set(component["required"]) == {
        "occurrence",
        "name",
        "email",
        "seats",
        "language",
        "consent",
    }


@pytest.mark.django_db
def test_generated_requests_keep_to_the_schema(make_event, settings_override):
    event = make_event(registration=True, seats=3)

    @given(case=schema[PATH]["POST"].as_strategy())
    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.path_parameters = {"id": event.pk}
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code in (201, 400)

    check()

    @given(case=schema[PATH]["POST"].as_strategy(generation_mode=GenerationMode.NEGATIVE))
    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check_bad(case):
        case.path_parameters = {"id": event.pk}
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code in (201, 400, 415)

    check_bad()

    # and a well-formed one is taken
    case = schema[PATH]["POST"].Case(
        path_parameters={"id": event.pk},
        body={
            "occurrence": event.start.isoformat(),
            "name": "Lena",
            "email": "lena@example.dk",
            "seats": 1,
            "language": "de",
            "consent": False,
        },
    )
    assert case.call_and_validate(checks=CHECKS).status_code == 201
    assert Registration.objects.filter(email="lena@example.dk").exists()


@pytest.fixture
def settings_override(settings):
    settings.REGISTRATION_RATE = "100000/hour"
