"""Each municipality (site) has its own content versions: a change in Aabenraa renders
Aabenraa's responses that read its area afresh and leaves Sønderborg's (the default site)
cached, served without a query; what belongs to no one municipality, or a change of the
sites themselves, renders every site afresh. A CDN is purged on the concerned site's host
only, and each site's change feed tells of its own pages only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Collection

from events import registrations
from frontend_api import invalidation
from guide.sites import site_of_page
from tests.directory.factories import AssociationFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.factories import ImageFactory, TrialHomePageFactory

AABENRAA = "aabenraa.localhost"
SOENDERBORG = "localhost"
LISTINGS = ("/api/v2/pages/", "/api/v2/associations/", "/api/v2/events/")


def get(client, host, url):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, response.content[:300]
    return response


def setup_committed():
    """What the test's fixtures changed, announced as at its commit (a test's transaction
    never commits): the change under test is then the only one left to announce."""
    invalidation.announce()


def warm(client, host):
    for url in LISTINGS:
        get(client, host, url)
        assert get(client, host, url)["X-Cache"] == "HIT", (host, url)


def served_without_a_query(client, host):
    """Every listing of `host` comes from the cache, and no request asks the database."""
    for url in LISTINGS:
        with CaptureQueriesContext(connection) as queries:
            response = get(client, host, url)
        assert response["X-Cache"] == "HIT", (host, url)
        assert len(queries) == 0, (host, url, [query["sql"] for query in queries])


def rendered_afresh(client, host, urls=LISTINGS):
    for url in urls:
        assert get(client, host, url)["X-Cache"] == "MISS", (host, url)


@pytest.fixture
def aabenraa_calendar(aabenraa):
    return EventIndexPageFactory(parent=aabenraa.site.root_page)


@pytest.fixture
def soenderborg_calendar(home):
    return EventIndexPageFactory(parent=home)


def publish(page, title):
    page.title = title
    page.save_revision().publish()


# -- one municipality's change, the other's cache -----------------------------------------


# each: the change, what shows it, and the listings that read its area (the associations'
# read pages: `community`)


def a_publish(calendar):
    event = EventPageFactory(parent=calendar)
    shown = ("/api/v2/events/", "Fællesspisning")
    return lambda: publish(event, "Fællesspisning"), shown, LISTINGS


def an_association_saved(calendar):
    association = AssociationFactory(site=site_of_page(calendar))

    def change():
        association.name = "Roklubben"
        association.save()

    return change, ("/api/v2/associations/", "Roklubben"), ("/api/v2/associations/",)


def a_registration(calendar):
    event = EventPageFactory(parent=calendar, registration=True)

    def change():
        outcome = registrations.register(
            event,
            event.start,
            name="Ola",
            email="o@example.dk",
            seats=1,
            language="da",
            consent=True,
        )
        assert outcome.token

    return change, (f"/api/v2/events/{event.pk}/", '"seats_left":9'), ("/api/v2/events/",)


CHANGES = {
    "a publish": a_publish,
    "an association saved": an_association_saved,
    "a registration": a_registration,
}


@pytest.mark.parametrize("name", CHANGES)
def test_a_change_in_aabenraa_leaves_soenderborgs_cache_valid(
    name, client, aabenraa_calendar, soenderborg_calendar, django_capture_on_commit_callbacks
):
    change, shown, reading = CHANGES[name](aabenraa_calendar)
    setup_committed()
    warm(client, SOENDERBORG)
    warm(client, AABENRAA)

    with django_capture_on_commit_callbacks(execute=True):  # committed, as the admin's are
        change()

    served_without_a_query(client, SOENDERBORG)
    rendered_afresh(client, AABENRAA, reading)
    url, text = shown
    assert text in get(client, AABENRAA, url).content.decode()


@pytest.mark.parametrize("name", CHANGES)
def test_a_change_in_soenderborg_leaves_aabenraas_cache_valid(
    name, client, aabenraa_calendar, soenderborg_calendar, django_capture_on_commit_callbacks
):
    change, _shown, reading = CHANGES[name](soenderborg_calendar)
    setup_committed()
    warm(client, SOENDERBORG)
    warm(client, AABENRAA)

    with django_capture_on_commit_callbacks(execute=True):
        change()

    served_without_a_query(client, AABENRAA)
    rendered_afresh(client, SOENDERBORG, reading)


def test_a_change_not_yet_committed_shows_on_its_own_site_only(
    client, aabenraa_calendar, soenderborg_calendar
):
    """Inside an open transaction (as here) this process's next read of Aabenraa's version
    renews it; Sønderborg's stays."""
    event = EventPageFactory(parent=aabenraa_calendar)
    warm(client, SOENDERBORG)
    warm(client, AABENRAA)
    publish(event, "Fællesspisning")
    served_without_a_query(client, SOENDERBORG)
    assert "Fællesspisning" in get(client, AABENRAA, "/api/v2/pages/?limit=100").content.decode()


# -- what belongs to no one site, or to the sites themselves -----------------------------


def test_an_image_counts_for_the_municipality_whose_collection_holds_it(
    client, aabenraa, home, django_capture_on_commit_callbacks
):
    room = Collection.objects.get(pk=aabenraa.collection_id)
    inside = room.add_child(name="Aabenraa Strand")
    setup_committed()
    warm(client, SOENDERBORG)
    warm(client, AABENRAA)
    with django_capture_on_commit_callbacks(execute=True):
        ImageFactory(collection=inside)
    served_without_a_query(client, SOENDERBORG)
    rendered_afresh(client, AABENRAA, ("/api/v2/pages/",))  # pages nest images


def test_an_image_of_no_municipality_counts_for_every_site(
    client, aabenraa, home, django_capture_on_commit_callbacks
):
    setup_committed()
    warm(client, SOENDERBORG)
    warm(client, AABENRAA)
    with django_capture_on_commit_callbacks(execute=True):
        ImageFactory(collection=Collection.get_first_root_node())
    rendered_afresh(client, SOENDERBORG)
    rendered_afresh(client, AABENRAA)


def test_a_municipality_renamed_counts_for_its_site_and_a_new_host_for_every_site(
    client, aabenraa, home, django_capture_on_commit_callbacks
):
    setup_committed()
    warm(client, SOENDERBORG)
    warm(client, AABENRAA)
    with django_capture_on_commit_callbacks(execute=True):
        aabenraa.phone = "73 76 76 76"
        aabenraa.save()
    served_without_a_query(client, SOENDERBORG)
    rendered_afresh(client, AABENRAA)

    warm(client, AABENRAA)
    site = aabenraa.site
    with django_capture_on_commit_callbacks(execute=True):
        site.hostname = "velkommen.localhost"
        site.save()
    rendered_afresh(client, SOENDERBORG)
    rendered_afresh(client, "velkommen.localhost")


def test_each_host_reads_its_own_sites_version(client, aabenraa, home):
    """The map in the shared version answers as `Site.find_for_request` does: an unknown
    host is the default site's."""
    warm(client, SOENDERBORG)
    assert get(client, "unknown.localhost", "/api/v2/pages/")["X-Cache"] == "MISS"
    pages = get(client, AABENRAA, "/api/v2/pages/?limit=100").json()["items"]
    default = get(client, "unknown.localhost", "/api/v2/pages/?limit=100").json()["items"]
    assert {item["id"] for item in pages}.isdisjoint(item["id"] for item in default)


# -- the CDN ------------------------------------------------------------------------------

BATCHES = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        BATCHES.append([url])

    def purge_batch(self, urls):
        BATCHES.append(list(urls))


@pytest.fixture
def cdn(settings):
    BATCHES.clear()
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
    settings.WAGTAILAPI_BASE_URL = "https://api.example.dk"
    yield BATCHES
    BATCHES.clear()


def purged(batches):
    return {url for batch in batches for url in batch}


def test_a_change_in_aabenraa_purges_aabenraas_host_only(
    cdn, aabenraa, aabenraa_calendar, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=aabenraa_calendar)
    setup_committed()
    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(event, "Fællesspisning")
        AssociationFactory(site=aabenraa.site)
    urls = purged(cdn)
    assert f"http://{AABENRAA}/api/v2/events/{event.pk}/" in urls
    assert f"http://{AABENRAA}/api/v2/associations/?locale=en" in urls
    assert {url.split("/api/")[0] for url in urls} == {f"http://{AABENRAA}"}


def test_a_change_in_soenderborg_purges_the_apis_address(
    cdn, soenderborg_calendar, aabenraa, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=soenderborg_calendar)
    setup_committed()
    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(event, "Fællesspisning")
    urls = purged(cdn)
    assert f"https://api.example.dk/api/v2/events/{event.pk}/" in urls
    assert {url.split("/api/")[0] for url in urls} == {"https://api.example.dk"}


def test_what_belongs_to_no_site_purges_every_host(
    cdn, aabenraa, home, django_capture_on_commit_callbacks
):
    setup_committed()
    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ImageFactory(collection=Collection.get_first_root_node())
    hosts = {url.split("/api/")[0] for url in purged(cdn)}
    assert hosts == {"https://api.example.dk", f"http://{AABENRAA}"}


# -- the change feed ----------------------------------------------------------------------


@pytest.fixture
def _settled_at_once(settings):
    settings.CHANGES_SETTLE_SECONDS = 0


def feed(client, host, **params):
    response = client.get("/api/v2/changes/", params, HTTP_HOST=host)
    assert response.status_code == 200, response.content[:300]
    return response.json()


@pytest.mark.usefixtures("_settled_at_once")
def test_each_sites_feed_tells_of_its_own_pages_and_removals(client, aabenraa, home):
    theirs = TrialHomePageFactory(parent=aabenraa.site.root_page)
    ours = TrialHomePageFactory(parent=home)
    first = {host: feed(client, host, limit=100) for host in (AABENRAA, SOENDERBORG)}
    aabenraa_ids = {item["id"] for item in first[AABENRAA]["items"]}
    soenderborg_ids = {item["id"] for item in first[SOENDERBORG]["items"]}
    assert theirs.pk in aabenraa_ids and theirs.pk not in soenderborg_ids
    assert ours.pk in soenderborg_ids and ours.pk not in aabenraa_ids

    theirs.unpublish()
    removed = feed(client, AABENRAA, since=first[AABENRAA]["meta"]["next"])["items"]
    assert [(item["id"], item["meta"].get("change")) for item in removed] == [
        (theirs.pk, "removed")
    ]
    assert feed(client, SOENDERBORG, since=first[SOENDERBORG]["meta"]["next"])["items"] == []

    ours.unpublish()
    removed = feed(client, SOENDERBORG, since=first[SOENDERBORG]["meta"]["next"])["items"]
    assert [item["id"] for item in removed] == [ours.pk]
    again = feed(client, AABENRAA, since=first[AABENRAA]["meta"]["next"])["items"]
    assert [item["id"] for item in again] == [theirs.pk]
