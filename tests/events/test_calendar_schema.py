"""The calendar's part of the OpenAPI document, and schemathesis checking the calendar's
endpoints against it in-process (the whole document is checked by
tests/frontend_api/test_schema.py)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.events.factories import ImportedEventFactory
from tests.frontend_api.schema_support import CHECKS, InProcessApp, document_for

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
    document = document_for("frontend_api.urls")
    document["paths"] = {p: v for p, v in document["paths"].items() if p in PATHS}
    return document


DOCUMENT = calendar_document()
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = InProcessApp()


def test_every_calendar_endpoint_is_described_in_valid_openapi():
    assert set(DOCUMENT["paths"]) == PATHS
    schemathesis.openapi.from_dict(DOCUMENT).validate()
    listing = DOCUMENT["paths"]["/api/v2/events/"]["get"]
    described = {parameter["name"] for parameter in listing["parameters"]}
    assert {"from", "to", "community", "category", "audience", "near", "within_km"} <= described
    # 404: a host that is no municipality's
    assert set(listing["responses"]) == {"200", "400", "404"}
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
