"""API responses carry ETag and Cache-Control and are cached server-side, and no change is
ever answered with a stale response: publish, unpublish, move, delete, ambassadors,
members, media and restrictions all show in the very next response."""

import base64
import datetime
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Collection, PageViewRestriction

from communities import access
from frontend_api import caching, versions
from tests.admin_forms import community_form_data
from tests.cms.test_settings import run_manage
from tests.factories import (
    PASSWORD,
    AmbassadorFactory,
    CommunityPageFactory,
    ImageFactory,
    TrialHomePageFactory,
    UserFactory,
)


def version():
    return caching.current_version()["token"]


def get(client, url, **headers):
    return client.get(url, headers=headers)


def ids(response):
    assert response.status_code == 200, response.content[:300]
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def detail(community):
    return f"/api/v2/communities/{community.pk}/"


# -- headers ------------------------------------------------------------------------------


def test_a_response_carries_etag_cache_control_and_vary(client, detail):
    response = get(client, detail)
    assert response.status_code == 200
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "must-revalidate"} <= cache_control
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Accept", "Accept-Language", "Cookie"} <= vary
    assert response["Last-Modified"]
    assert response["X-Cache"] == "MISS"


def test_the_max_age_is_configurable(client, detail, settings):
    settings.API_CACHE_MAX_AGE = 60
    assert "max-age=60" in get(client, detail)["Cache-Control"]


def test_a_matching_if_none_match_gets_a_304_without_a_body(client, detail):
    etag = get(client, detail)["ETag"]
    for condition in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = get(client, detail, if_none_match=condition)
        assert response.status_code == 304, condition
        assert response.content == b""
        assert response["ETag"] == etag
        assert "public" in response["Cache-Control"]
        assert "Accept-Language" in response["Vary"]


def test_another_etag_gets_the_body(client, detail):
    get(client, detail)
    response = get(client, detail, if_none_match='"not-this-one"')
    assert response.status_code == 200
    assert response.json()["id"]


def test_the_second_identical_request_is_a_hit(client, detail):
    first = get(client, detail)
    second = get(client, detail)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]


def test_a_head_request_is_answered_from_the_cache(client, detail):
    etag = get(client, detail)["ETag"]
    response = client.head(detail)
    assert response.status_code == 200
    assert response["X-Cache"] == "HIT"
    assert response["ETag"] == etag
    assert response.content == b""


def test_every_listing_and_the_root_are_cached(client, community):
    for url in ("/api/v2/", "/api/v2/pages/", "/api/v2/communities/", "/api/v2/images/"):
        assert get(client, url)["X-Cache"] == "MISS", url
        assert get(client, url)["X-Cache"] == "HIT", url


# -- changes show in the very next response -----------------------------------------------


def test_a_published_revision_shows_in_the_next_response(client, community, detail):
    assert get(client, detail).json()["title"] == "Nordborg"
    assert get(client, detail)["X-Cache"] == "HIT"
    community.title = "Nordborg by"
    community.save_revision().publish()
    response = get(client, detail)
    assert response["X-Cache"] == "MISS"
    assert response.json()["title"] == "Nordborg by"
    listing = get(client, "/api/v2/pages/?type=communities.CommunityPage")
    assert "Nordborg by" in [item["title"] for item in listing.json()["items"]]


def test_a_publish_through_the_admin_shows_in_the_next_response(
    coordinator_client, community, detail
):
    anonymous = Client()
    before = get(anonymous, detail)
    response = coordinator_client.post(
        reverse("wagtailadmin_pages:edit", args=[community.pk]),
        community_form_data(community, intro="Nyt om Nordborg", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    after = get(anonymous, detail, if_none_match=before["ETag"])
    assert after.status_code == 200
    assert after.json()["intro"] == "Nyt om Nordborg"


def test_a_draft_changes_nothing(client, community, detail):
    get(client, detail)
    token = version()
    community.title = "Kladde"
    community.save_revision()
    assert version() == token
    response = get(client, detail)
    assert response["X-Cache"] == "HIT"
    assert response.json()["title"] == "Nordborg"


def test_a_page_saved_directly_shows_in_the_next_response(client, community, detail):
    get(client, detail)
    community.intro = "Rettet direkte"
    community.save()
    assert get(client, detail).json()["intro"] == "Rettet direkte"


def test_an_unpublished_page_is_gone_from_the_next_response(client, community, detail):
    assert community.pk in ids(get(client, "/api/v2/communities/"))
    assert get(client, detail).status_code == 200
    community.unpublish()
    assert community.pk not in ids(get(client, "/api/v2/communities/"))
    assert get(client, detail).status_code == 404


def test_a_moved_page_shows_its_new_parent(client, make_community, community):
    other = make_community(title="Augustenborg")
    home = TrialHomePageFactory(parent=community)
    url = f"/api/v2/pages/{home.pk}/"
    assert get(client, url).json()["meta"]["parent"]["id"] == community.pk
    assert home.pk in ids(get(client, f"/api/v2/pages/?child_of={community.pk}"))
    home.move(other, pos="last-child")
    assert get(client, url).json()["meta"]["parent"]["id"] == other.pk
    assert home.pk not in ids(get(client, f"/api/v2/pages/?child_of={community.pk}"))
    assert home.pk in ids(get(client, f"/api/v2/pages/?child_of={other.pk}"))


def test_a_deleted_page_is_gone_from_the_next_response(client, community, detail):
    assert community.pk in ids(get(client, "/api/v2/pages/"))
    community.delete()
    assert community.pk not in ids(get(client, "/api/v2/pages/"))
    assert get(client, detail).status_code == 404


def test_an_ambassador_added_and_published_shows(client, community, detail):
    assert get(client, detail).json()["ambassadors"] == []
    AmbassadorFactory(community=community, name="Mette")
    community.save_revision().publish()
    names = [person["name"] for person in get(client, detail).json()["ambassadors"]]
    assert names == ["Mette"]


def test_an_ambassador_saved_on_its_own_shows_too(client, community, detail):
    get(client, detail)
    ambassador = AmbassadorFactory(community=community, name="Mette")
    assert [p["name"] for p in get(client, detail).json()["ambassadors"]] == ["Mette"]
    ambassador.delete()
    assert get(client, detail).json()["ambassadors"] == []


def test_a_change_of_members_gives_a_new_version(client, community, detail):
    group = access.access_for(community).group
    user = UserFactory()
    for change in (
        lambda: group.user_set.add(user),
        lambda: group.user_set.remove(user),
        lambda: user.groups.add(group),
        lambda: user.groups.clear(),
    ):
        get(client, detail)
        token = version()
        change()
        assert version() != token
        assert get(client, detail)["X-Cache"] == "MISS"


def test_trusting_a_community_gives_a_new_version(community):
    token = version()
    room = access.access_for(community)
    room.trusted = True
    room.save()
    assert version() != token


def test_a_new_image_shows_in_the_next_response(client, db):
    assert ids(get(client, "/api/v2/images/")) == []
    image = ImageFactory(collection=Collection.get_first_root_node())
    assert ids(get(client, "/api/v2/images/")) == [image.pk]
    image.delete()
    assert ids(get(client, "/api/v2/images/")) == []


def test_a_view_restriction_hides_the_page_in_the_next_response(client, community, detail):
    assert get(client, detail).status_code == 200
    PageViewRestriction.objects.create(page=community, restriction_type="login")
    assert get(client, detail).status_code == 404
    assert community.pk not in ids(get(client, "/api/v2/communities/"))


def test_a_page_leaves_the_api_when_it_expires(client, community, detail):
    community.expire_at = timezone.now() + datetime.timedelta(seconds=2)
    community.save_revision().publish()
    assert get(client, detail).status_code == 200
    assert get(client, detail)["X-Cache"] == "HIT"
    time.sleep(max(0, (community.expire_at - timezone.now()).total_seconds()) + 0.1)
    # no publish_scheduled has run: the cache knows the time itself
    assert get(client, detail).status_code == 404


def test_a_change_bumps_again_when_its_transaction_commits(
    community, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        community.save_revision().publish()
    during = version()
    assert callbacks
    for callback in callbacks:
        callback()
    assert version() != during


def test_an_evicted_version_never_brings_old_entries_back(client, community, detail):
    get(client, detail)
    old = version()
    cache.delete(versions.VERSION_KEY)
    response = get(client, detail)
    assert response["X-Cache"] == "MISS"
    assert version() != old


# -- what is never cached -----------------------------------------------------------------


def test_locales_are_cached_apart(client, community):
    by_param = {code: get(client, f"/api/v2/pages/?locale={code}") for code in ("da", "en")}
    assert by_param["da"].content != by_param["en"].content
    assert by_param["en"]["X-Cache"] == "MISS"
    assert get(client, "/api/v2/pages/?locale=da")["X-Cache"] == "HIT"
    english = get(client, "/api/v2/pages/", accept_language="en")
    german = get(client, "/api/v2/pages/", accept_language="de-DE,de;q=0.9")
    assert (english["X-Cache"], german["X-Cache"]) == ("MISS", "MISS")
    assert {item["meta"]["locale"] for item in german.json()["items"]} == {"de"}
    # the same negotiated language is the same entry, however it was asked for
    again = get(client, "/api/v2/pages/", accept_language="en-GB,en;q=0.8")
    assert again["X-Cache"] == "HIT"
    assert again.content == english.content


def test_the_preview_is_never_cached(client, community):
    for _ in range(2):
        response = get(client, "/api/v2/preview/?content_type=communities.communitypage&token=x")
        assert "X-Cache" not in response
        assert "no-store" in response["Cache-Control"]


def test_a_session_is_never_served_from_nor_stored_in_the_cache(client, editor, detail):
    client.force_login(editor)
    for _ in range(2):
        response = get(client, detail)
        assert response.status_code == 200
        assert response["X-Cache"] == "BYPASS"
        assert "private" in response["Cache-Control"]
    etag = response["ETag"]
    assert get(client, detail, if_none_match=etag).status_code == 304
    assert get(Client(), detail)["X-Cache"] == "MISS"


def test_a_request_with_credentials_is_never_cached(client, editor, detail):
    get(client, detail)
    credentials = base64.b64encode(f"{editor.username}:{PASSWORD}".encode()).decode()
    response = get(client, detail, authorization=f"Basic {credentials}")
    assert response.status_code == 200
    assert response["X-Cache"] == "BYPASS"
    assert "private" in response["Cache-Control"]


def test_errors_are_not_cached(client, index):
    url = "/api/v2/pages/?limit=nine"
    for _ in range(2):
        response = get(client, url)
        assert response.status_code == 400
        assert response["X-Cache"] == "MISS"
        assert "no-cache" in response["Cache-Control"]


def test_a_missing_page_that_is_published_later_is_found(client, index):
    community = CommunityPageFactory(parent=index, title="Kegnæs", draft=True)
    detail = f"/api/v2/communities/{community.pk}/"
    assert get(client, detail).status_code == 404
    assert get(client, detail).status_code == 404
    community.save_revision().publish()
    assert get(client, detail).status_code == 200


def test_the_server_cache_can_be_switched_off(client, detail, settings):
    settings.API_CACHE = False
    assert [get(client, detail)["X-Cache"] for _ in range(2)] == ["BYPASS", "BYPASS"]
    assert get(client, detail)["ETag"]


# -- the CDN ------------------------------------------------------------------------------

PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def cdn(settings):
    PURGED.clear()
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
    settings.WAGTAILAPI_BASE_URL = "https://api.example.dk"
    yield PURGED
    PURGED.clear()


def test_publishing_purges_the_api_urls_from_the_cdn(
    cdn, community, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        community.title = "Nordborg by"
        community.save_revision().publish()
    base = "https://api.example.dk/api/v2"
    assert {
        f"{base}/pages/",
        f"{base}/communities/",
        f"{base}/images/",
        f"{base}/documents/",
        f"{base}/pages/?locale=en",
        f"{base}/pages/{community.pk}/",
        f"{base}/communities/{community.pk}/",
    } <= set(cdn)
    assert not any("/preview/" in url for url in cdn)
    assert len(cdn) == len(set(cdn)), "one purge per URL and transaction"


def test_unpublishing_moving_and_deleting_purge_too(
    cdn, make_community, community, django_capture_on_commit_callbacks
):
    home = TrialHomePageFactory(parent=community)
    other = make_community(title="Augustenborg")
    url = f"https://api.example.dk/api/v2/pages/{home.pk}/"
    for change in (
        lambda: home.move(other, pos="last-child"),
        lambda: home.unpublish(),
        lambda: home.delete(),
    ):
        cdn.clear()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert url in cdn


def test_a_member_change_purges_the_community(cdn, community, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        access.access_for(community).group.user_set.add(UserFactory())
    assert f"https://api.example.dk/api/v2/communities/{community.pk}/" in cdn


def test_a_cdn_lets_shared_caches_keep_the_response(client, cdn, detail, settings):
    settings.API_CACHE_CDN_MAX_AGE = 120
    assert "s-maxage=120" in get(client, detail)["Cache-Control"]


def test_without_a_cdn_nothing_is_purged(community, settings, django_capture_on_commit_callbacks):
    PURGED.clear()
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks(execute=True):
        community.save_revision().publish()
    assert PURGED == []


def test_the_cdn_is_configured_from_the_environment(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(sorted(settings.WAGTAILFRONTENDCACHE.items()))",
        DEBUG="1",
        SECRET_KEY="x" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
        FRONTEND_CACHE_URL="http://varnish:6081",
        CLOUDFLARE_BEARER_TOKEN="token",
        CLOUDFLARE_ZONEID="zone",
    )
    assert result.returncode == 0, result.stderr
    assert "HTTPBackend" in result.stdout and "http://varnish:6081" in result.stdout
    assert "CloudflareBackend" in result.stdout and "zone" in result.stdout
