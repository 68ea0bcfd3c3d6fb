"""The registration endpoint keeps to its OpenAPI description whatever the body: generated
requests (schemathesis) at a real event never get a server error or an undescribed answer."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from events.models import Registration
from tests.frontend_api.schema_support import CHECKS, InProcessApp, document_for

PATH = "/api/v2/events/{id}/registrations/"


def registration_document():
    document = document_for("frontend_api.urls")
    document["paths"] = {PATH: document["paths"][PATH]}
    return document


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
