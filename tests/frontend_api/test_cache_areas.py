"""A cached response is stored under the versions of the areas of content it reads
(`frontend_api.areas`), and a change renews only its own area: the next response of an
endpoint that reads it is rendered afresh and shows the change, and the cached responses of
the endpoints that do not read it are still served, without a query. So a registration
renders the events afresh and leaves the pages, communities, associations and the
checklist cached.

As in `test_caching_processes`, two real processes share a file-based cache and the
database: one serves the API and keeps running, the other makes the change (a registration
through the API, as another app worker would take it).
"""

import json
import time

import pytest
from django.utils.http import parse_http_date
from wagtail.models import Site

from frontend_api import invalidation
from frontend_api.areas import AREAS, ENDPOINT_AREAS
from frontend_api.urls import ENDPOINTS
from guide.models import Municipality
from tests.directory.factories import AssociationFactory
from tests.events import registration_helpers
from tests.events.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ExternalCalendarFactory,
    ImportedEventFactory,
)
from tests.factories import ImageFactory
from tests.frontend_api.test_caching_processes import SETUP, Server, change, shared_environment
from tests.guide.factories import (
    ChecklistPageFactory,
    ChecklistStepPageFactory,
    UsefulLinkFactory,
)

#: what the processes' database holds must be committed
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# One change, in a process of its own: `<action> <id> <value>`.
CHANGE = (
    SETUP
    + """
from django.test import Client
from directory.models import Association
from events.models import EventPage, ImportedEvent
from guide.models import UsefulLink
from wagtail.images import get_image_model
from wagtail.models import Page
action, pk, value = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if action == "page":
    page = Page.objects.get(pk=pk).specific
    page.title = value
    page.save_revision().publish()
elif action == "register":
    response = Client(HTTP_HOST="localhost").post(
        f"/api/v2/events/{pk}/registrations/", json.loads(value), content_type="application/json"
    )
    assert response.status_code == 201, response.content
else:
    model = {
        "imported": ImportedEvent,
        "association": Association,
        "link": UsefulLink,
        "image": get_image_model(),
    }[action]
    row = model.objects.get(pk=pk)
    setattr(row, {"association": "name", "link": "label"}.get(action, "title"), value)
    row.save()
"""
)

PAGES = "/api/v2/pages/?limit=100"
COMMUNITIES = "/api/v2/communities/"
EVENTS = "/api/v2/events/?fields=seats_left"
ASSOCIATIONS = "/api/v2/associations/"
CHECKLIST = "/api/v2/checklist/"
LINKS = "/api/v2/links/"
IMAGES = "/api/v2/images/"
LISTINGS = (PAGES, COMMUNITIES, EVENTS, ASSOCIATIONS, CHECKLIST, LINKS, IMAGES)


@pytest.fixture
def world(community, home):
    """A row of every area, on the default site (Sønderborg), committed."""
    calendar = EventIndexPageFactory(parent=home)
    step = ChecklistStepPageFactory(parent=ChecklistPageFactory(parent=home))
    site = Site.objects.get(is_default_site=True)
    room = Municipality.objects.get(site=site).collection
    return {
        # not the community: its title names its room's collection too (media)
        "page": step,
        "event": EventPageFactory(parent=calendar, registration=True, title="Fællesspisning"),
        "imported": ImportedEventFactory(calendar=ExternalCalendarFactory(site=site)),
        "association": AssociationFactory(site=site),
        "link": UsefulLinkFactory(site=site),
        "image": ImageFactory(collection=room),
    }


def registration(event):
    return json.dumps(registration_helpers.body(event, seats=2))


#: area: (the change, the listing that shows it and what it then shows, listings not
#: reading the area)
CASES = {
    "pages": (
        lambda world: ("page", world["page"].pk, "Find en læge"),
        (PAGES, "Find en læge"),
        (LINKS, IMAGES),
    ),
    "events": (
        lambda world: ("imported", world["imported"].pk, "Loppemarked"),
        (EVENTS, "Loppemarked"),
        (PAGES, COMMUNITIES, ASSOCIATIONS, CHECKLIST, LINKS, IMAGES),
    ),
    "seats": (
        lambda world: ("register", world["event"].pk, registration(world["event"])),
        (EVENTS, '"seats_left":8'),
        (PAGES, COMMUNITIES, ASSOCIATIONS, CHECKLIST, LINKS, IMAGES),
    ),
    "associations": (
        lambda world: ("association", world["association"].pk, "Roklubben"),
        (ASSOCIATIONS, "Roklubben"),
        (PAGES, COMMUNITIES, EVENTS, CHECKLIST, LINKS, IMAGES),
    ),
    "guide": (
        lambda world: ("link", world["link"].pk, "Færgen til Als"),
        (LINKS, "Færgen til Als"),
        (PAGES, COMMUNITIES, EVENTS, ASSOCIATIONS, CHECKLIST, IMAGES),
    ),
    "media": (
        lambda world: ("image", world["image"].pk, "Havnen om aftenen"),
        (IMAGES, "Havnen om aftenen"),
        (ASSOCIATIONS, CHECKLIST, LINKS),
    ),
}


@pytest.fixture
def environ(tmp_path, world):
    return shared_environment(tmp_path)


@pytest.fixture
def server(environ):
    server = Server(environ)
    yield server
    server.stop()


def warm(server):
    bodies = {}
    for url in LISTINGS:
        first = server.get(url)
        assert (first["status"], first["x_cache"]) == (200, "MISS"), (url, first["body"][:300])
        assert server.get(url)["x_cache"] == "HIT", url
        bodies[url] = first["body"]
    return bodies


def served_from_the_cache(server, urls, bodies):
    for url in urls:
        response = server.get(url)
        assert (response["x_cache"], response["queries"]) == ("HIT", 0), url
        assert response["body"] == bodies[url], url


def test_every_area_is_tried():
    assert set(CASES) == set(AREAS)


@committed
@pytest.mark.parametrize("area", CASES)
def test_a_change_renews_the_responses_reading_its_area_only(area, world, environ, server):
    changed, (reading, shown), not_reading = CASES[area]
    bodies = warm(server)
    assert shown not in bodies[reading]

    change(environ, *changed(world), script=CHANGE)

    fresh = server.get(reading)
    assert (fresh["status"], fresh["x_cache"]) == (200, "MISS")
    assert shown in fresh["body"]
    served_from_the_cache(server, not_reading, bodies)


@committed
def test_a_registration_leaves_the_pages_listing_cached(world, server):
    """Taken by the serving process itself: its pages listing is still served from the
    cache without a query, and its events listing shows the seats taken."""
    event = world["event"]
    bodies = warm(server)
    assert '"seats_left":10' in bodies[EVENTS]

    taken = server.post(registration_helpers.url(event), json.loads(registration(event)))
    assert taken["status"] == 201, taken["body"]

    pages = server.get(PAGES)
    assert (pages["x_cache"], pages["queries"]) == ("HIT", 0)
    assert pages["body"] == bodies[PAGES]
    events = server.get(EVENTS)
    assert events["x_cache"] == "MISS"
    assert '"seats_left":8' in events["body"]


@pytest.mark.django_db
def test_last_modified_is_when_what_the_response_reads_last_changed(client, world):
    event = world["event"]
    invalidation.announce()  # what the fixtures changed, as at their commit
    before = {url: client.get(url) for url in (PAGES, EVENTS)}
    time.sleep(1.1)  # HTTP dates count whole seconds
    assert registration_helpers.post(client, event, seats=2).status_code == 201
    pages, events = client.get(PAGES), client.get(EVENTS)
    assert (pages["X-Cache"], events["X-Cache"]) == ("HIT", "MISS")
    assert pages["Last-Modified"] == before[PAGES]["Last-Modified"]
    assert parse_http_date(events["Last-Modified"]) > parse_http_date(
        before[EVENTS]["Last-Modified"]
    )


def test_each_endpoint_named_in_the_map_is_an_endpoint_and_reads_known_areas():
    """A misspelt endpoint would read every area, silently."""
    assert set(ENDPOINT_AREAS) <= set(ENDPOINTS)
    assert {area for read in ENDPOINT_AREAS.values() for area in read} <= set(AREAS)


@pytest.mark.django_db
def test_an_image_change_renews_the_event_details_that_may_show_it(client, world):
    """An event's description holds image blocks: its detail reads the media area."""
    detail = f"/api/v2/events/{world['event'].pk}/"
    invalidation.announce()  # what the fixtures changed, as at their commit
    client.get(detail)
    assert client.get(detail)["X-Cache"] == "HIT"
    image = world["image"]
    image.title = "Havnen om aftenen"
    image.save()
    assert client.get(detail)["X-Cache"] == "MISS"
