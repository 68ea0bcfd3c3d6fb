"""The directory's listings run the same number of SQL queries for 1, 20 and 100 items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Association, Practice
from tests.directory.factories import AssociationFactory, PracticeFactory

SIZES = (1, 20, 100)

# Pinned: the count and the page of items, whatever the filters, and the request's site
# (Wagtail's `Site.find_for_request`) where the endpoint's version leaves out the pages: the
# associations' (which reads pages) keeps its site by content version
# (`frontend_api.visibility`); the response cache's content versions are written before (a
# first request after the rows were made).
LISTING_QUERIES = {
    "/api/v2/associations/?limit=100": 2,
    "/api/v2/associations/?limit=100&locale=de&category=sport&language=en": 2,
    "/api/v2/associations/?limit=100&search=forening&free=true&newcomer_friendly=1": 2,
    "/api/v2/associations/?limit=100&near=55.0,9.7&within_km=100&audience=adults": 2,
    "/api/v2/associations/?limit=100&community={community}&children=0&origin=eu": 2,
    "/api/v2/associations/?limit=100&locale=de&fallback=false&fields=*&order=-name": 2,
    "/api/v2/doctors/?limit=100&language=en": 3,
    "/api/v2/doctors/?limit=100&search=storegade&near=55.0,9.7&accepting_new_patients=1": 3,
}


@pytest.fixture
def sized(community, settings):
    settings.API_CACHE = False

    def make(size):
        Association.objects.all().delete()
        Practice.objects.all().delete()
        AssociationFactory.create_batch(
            size,
            community=community,
            categories=["sport"],
            languages=["da", "en"],
            newcomer_friendly=True,
            latitude=55.0,
            longitude=9.7,
            logo="associations/logo.png",
            description_de="Ein Verein.",
            activities_de="Training dienstags und donnerstags.",
        )
        PracticeFactory.create_batch(size, latitude=55.0, longitude=9.7)

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("url", LISTING_QUERIES)
def test_listing_queries_do_not_grow_with_the_page(client, sized, community, url):
    expected = LISTING_QUERIES[url]
    url = url.format(community=community.pk)
    counts = {}
    for size in SIZES:
        sized(size)
        client.get(url)  # the content versions, written afresh after the rows were made
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.content
        assert len(response.json()["items"]) == size
        counts[size] = len(queries)
    assert counts == dict.fromkeys(SIZES, expected), counts


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Association, Practice])
def test_the_detail_is_at_most_two_queries(client, sized, model):
    sized(1)
    name = "associations" if model is Association else "doctors"
    url = f"/api/v2/{name}/{model.objects.get().pk}/?locale=en"
    client.get(url)  # the content versions (as above)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # the entry and the request's site (an association's kept by content version, as above)
    assert len(queries) == (1 if model is Association else 2)
