"""The pages listing keeps its site and what it read of the visible pages (view restrictions,
the site's roots, the hidden sections) per process by content version: with the response
cache off, so that every response is rendered, a change still shows in the very next one."""

import datetime
import time

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.conftest import translate
from tests.factories import TrialHomePageFactory

LISTING = "/api/v2/pages/?type=communities.TrialHomePage"


@pytest.fixture(autouse=True)
def _rendered(settings):
    settings.API_CACHE = False


def ids(client, url=LISTING, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:300]
    assert response["X-Cache"] == "BYPASS"
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def trial_home(community):
    return TrialHomePageFactory(parent=community, title="Prøvebolig")


def test_a_view_restriction_on_a_section_hides_it_in_the_next_response(client, trial_home):
    assert ids(client) == ids(client) == [trial_home.pk]
    PageViewRestriction.objects.create(page=trial_home.get_parent(), restriction_type="login")
    assert ids(client) == []


def test_an_unpublished_section_hides_its_pages_in_the_next_response(client, trial_home):
    assert ids(client) == ids(client) == [trial_home.pk]
    trial_home.get_parent().specific.unpublish()
    assert ids(client) == []


def test_a_section_that_expires_hides_its_pages_at_once(client, trial_home):
    community = trial_home.get_parent().specific
    community.expire_at = timezone.now() + datetime.timedelta(seconds=2)
    community.save_revision().publish()
    assert ids(client) == ids(client) == [trial_home.pk]
    time.sleep(max(0, (community.expire_at - timezone.now()).total_seconds()) + 0.1)
    # no publish_scheduled has run: the hidden sections are read again once an expiry passed
    assert ids(client) == []


def test_a_new_translation_shows_in_the_next_response(client, trial_home):
    assert ids(client, f"{LISTING}&locale=en") == [trial_home.pk]  # the Danish, standing in
    english = translate(trial_home, "en")
    assert ids(client, f"{LISTING}&locale=en") == [english.pk]


def test_each_host_keeps_its_own_site(client, trial_home, aabenraa):
    other = TrialHomePageFactory(parent=aabenraa.site.root_page, title="Aabenraa-bolig")
    for _ in range(2):
        assert ids(client) == [trial_home.pk]
        assert ids(client, HTTP_HOST="aabenraa.localhost") == [other.pk]


def test_what_a_change_failed_to_announce_is_read_again_after_the_cache_timeout(
    client, trial_home, settings
):
    settings.API_CACHE_TIMEOUT = 1
    assert ids(client) == ids(client) == [trial_home.pk]
    # a bulk write sends no signal: the version stays, as when a bump could not be written
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=trial_home.get_parent(), restriction_type="login")]
    )
    time.sleep(1.1)
    assert ids(client) == []
