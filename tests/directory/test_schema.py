"""The directory's operations in the OpenAPI document, and schemathesis against them: no
input makes a server error, and every answer keeps to the document."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.directory.factories import AssociationFactory, PracticeFactory
from tests.frontend_api.schema_support import CHECKS, InProcessApp, generated_document

PATHS = {
    "/api/v2/associations/",
    "/api/v2/associations/{id}/",
    "/api/v2/associations/submissions/",
    "/api/v2/associations/edit-link/",
    "/api/v2/doctors/",
    "/api/v2/doctors/{id}/",
}


def directory_document():
    """The directory's part of the document /api/v2/schema/ serves."""
    document = generated_document()
    document["paths"] = {
        path: operations
        for path, operations in document["paths"].items()
        if path.startswith(("/api/v2/associations/", "/api/v2/doctors/"))
    }
    return document


schema = schemathesis.openapi.from_dict(directory_document())
schema.app = InProcessApp()


def test_every_directory_operation_is_described():
    assert set(schema.raw_schema["paths"]) == PATHS
    listing = schema.raw_schema["paths"]["/api/v2/associations/"]["get"]
    described = {parameter["name"] for parameter in listing["parameters"]}
    assert {
        "search", "category", "audience", "language", "community", "newcomer_friendly", "free",
        "near", "within_km", "order", "fields", "locale", "fallback", "children", "origin",
    } <= described  # fmt: skip
    doctors = schema.raw_schema["paths"]["/api/v2/doctors/"]["get"]
    described = {parameter["name"] for parameter in doctors["parameters"]}
    assert {"search", "language", "accepting_new_patients", "near", "within_km"} <= described
    post = schema.raw_schema["paths"]["/api/v2/associations/submissions/"]["post"]
    assert {"202", "400", "429"} <= set(post["responses"])


@pytest.fixture
def entries(db):
    AssociationFactory(
        latitude=55.0, longitude=9.7, description_en="A club.", website="https://a.dk/"
    )
    AssociationFactory(fee_free=False, fee_min=100, fee_max=200)
    PracticeFactory()


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"locale": "en", "near": "55.0,9.7", "within_km": "20"},
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
