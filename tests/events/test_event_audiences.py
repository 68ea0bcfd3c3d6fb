"""One store per audience: an event page is for newcomers by its page audience tags on every
endpoint (the calendar, the event's detail, the pages API); tourists/locals are the
calendar's own list. An imported event (no page) is for newcomers by its own codes, filtered
in SQL by the same rule as `Audience.admits`."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import ImportedEvent
from guide.audience import HOUSEHOLD_CODES, ORIGIN_CODES
from tests.events.factories import ImportedEventFactory
from tests.frontend_api.test_audience import audiences

pytestmark = pytest.mark.django_db


def calendar_ids(client, **params):
    response = client.get("/api/v2/events/", params)
    assert response.status_code == 200, response.content[:300]
    return {item["id"] for item in response.json()["items"]}


def pages_ids(client, **params):
    response = client.get("/api/v2/pages/", {"type": "events.EventPage", **params})
    assert response.status_code == 200, response.content[:300]
    return {item["id"] for item in response.json()["items"]}


def detail_status(client, event, **params):
    return client.get(f"/api/v2/events/{event.pk}/", params).status_code


def test_every_endpoint_reads_an_event_pages_audience_from_its_tags(client, make_event):
    for_eu = make_event(title="EU-café", audiences=["eu"], calendar_audiences=["tourists"])
    everyone = make_event(title="Fællesspisning")

    assert calendar_ids(client, origin="non_eu") == {everyone.pk}
    assert pages_ids(client, origin="non_eu") == {everyone.pk}
    assert detail_status(client, for_eu, origin="non_eu") == 404
    assert calendar_ids(client, origin="eu") == {for_eu.pk, everyone.pk}
    assert pages_ids(client, origin="eu") == {for_eu.pk, everyone.pk}
    assert detail_status(client, for_eu, origin="eu") == 200


def test_an_item_lists_the_newcomer_audiences_then_tourists_or_locals(client, make_event):
    event = make_event(audiences=["children", "eu"], calendar_audiences=["locals"])
    (item,) = client.get("/api/v2/events/").json()["items"]
    assert item["audiences"] == ["eu", "children", "locals"]
    detail = client.get(f"/api/v2/events/{event.pk}/").json()
    assert detail["audiences"] == ["eu", "children", "locals"]


def test_tourists_or_locals_is_not_a_newcomer_audience(client, make_event):
    for_tourists = make_event(calendar_audiences=["tourists"])
    assert calendar_ids(client, origin="eu", children="0") == {for_tourists.pk}
    assert calendar_ids(client, audience="locals") == set()


def test_an_imported_event_detail_applies_the_audience_too(client):
    event = ImportedEventFactory(audiences=["non_eu"])
    url = f"/api/v2/events/imported/{event.pk}/"
    assert client.get(url, {"origin": "eu"}).status_code == 404
    assert client.get(url, {"origin": "abroad"}).status_code == 200


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    code_sets=st.lists(
        st.lists(st.sampled_from((*ORIGIN_CODES, *HOUSEHOLD_CODES)), unique=True),
        min_size=1,
        max_size=6,
    ),
    audience=audiences,
)
def test_imported_events_are_filtered_in_sql_as_admits_decides(db, code_sets, audience):
    events = [ImportedEventFactory(audiences=codes) for codes in code_sets]
    rows = ImportedEvent.objects.filter(pk__in=[event.pk for event in events])
    selected = set(rows.for_audience(audience).values_list("pk", flat=True))
    for event in events:
        assert (event.pk in selected) == audience.admits(event.audiences), (event, audience)
    ImportedEvent.objects.filter(pk__in=[event.pk for event in events]).delete()
