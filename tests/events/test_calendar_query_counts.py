"""The calendar runs the same number of queries whatever it lists: 1, 20 or 100 events, or
one event repeating into hundreds of dates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.events.factories import CPH, ImportedEventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.API_CACHE = False  # count what the view does, not the response cache


#: Pinned: the longest date (how far back the window's dates begin), the count and the page
#: of dates, the pages and the imported events on it, the communities of the listed items,
#: seats left. What visibility reads (view restrictions, the site's roots, hidden sections)
#: and the request's site are kept by content version from the warm-up request
#: (`frontend_api.visibility`).
LISTING_QUERIES = 7
FEED_QUERIES = 3  # the longest date, the event pages, the imported events
DETAIL_QUERIES = 3


def at(*args):
    return datetime.datetime(*args, tzinfo=CPH)


def count(client, url, params=None):
    client.get(url, params)  # warm the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response


@pytest.fixture
def events(make_event, community):
    """101 events with registration, in the community's section, and one imported."""

    def make(n):
        for day in range(n):
            make_event(
                parent=community,
                registration=True,
                start=at(2027, 3, 1, 10) + datetime.timedelta(days=day % 50),
                end=at(2027, 3, 1, 12) + datetime.timedelta(days=day % 50),
            )
        ImportedEventFactory(start=at(2027, 3, 2, 10), end=at(2027, 3, 2, 11))

    return make


@pytest.mark.parametrize("size", [1, 20, 100])
def test_the_listing_runs_a_constant_number_of_queries(client, events, size):
    events(size)
    queries, response = count(
        client, "/api/v2/events/", {"from": "2027-03-01", "to": "2027-05-01", "limit": 100}
    )
    assert response.json()["meta"]["total_count"] == size + 1
    assert queries == LISTING_QUERIES


def test_a_repeating_event_with_many_dates_costs_no_more(client, make_event, community):
    make_event(
        parent=community,
        registration=True,
        start=at(2027, 1, 1, 10),
        end=at(2027, 1, 1, 11),
        rrule="FREQ=DAILY",
    )
    ImportedEventFactory(start=at(2027, 3, 2, 10), end=at(2027, 3, 2, 11), rrule="FREQ=DAILY")
    queries, response = count(
        client, "/api/v2/events/", {"from": "2027-01-01", "to": "2027-12-31", "limit": 100}
    )
    assert response.json()["meta"]["total_count"] == 365 + 305
    assert queries == LISTING_QUERIES


@pytest.mark.parametrize("size", [1, 20, 100])
def test_the_feed_runs_a_constant_number_of_queries(client, events, size):
    events(size)
    queries, response = count(
        client, "/api/v2/events/feed.ics", {"from": "2027-03-01", "to": "2027-05-01"}
    )
    assert response.content.count(b"BEGIN:VEVENT") == size + 1
    assert queries == FEED_QUERIES


def test_the_detail_runs_a_fixed_number_of_queries(client, make_event, community):
    event = make_event(parent=community, registration=True, rrule="FREQ=DAILY")
    queries, response = count(client, f"/api/v2/events/{event.pk}/")
    assert len(response.json()["occurrences"]) == 10
    assert queries == DETAIL_QUERIES


@pytest.mark.parametrize("size", [1, 20, 100])
def test_a_filtered_listing_runs_a_constant_number_of_queries(client, events, community, size):
    events(size)
    params = {
        "from": "2027-03-01",
        "to": "2027-05-01",
        "limit": 100,
        # the community's language copies are read; imported events (in none) are not
        "community": community.pk,
        "category": "social",
        "search": "Arrangement",
        "locale": "en",
    }
    queries, response = count(client, "/api/v2/events/", params)
    assert response.json()["meta"]["total_count"] == size
    assert queries == LISTING_QUERIES
