"""The change feed (`/api/v2/changes/`) keeps an app's offline copy: a first download gives
every page the app may show, each exactly as its detail; `since` then gives exactly what
changed (the page whole, or a removal), in a stable order, in a constant number of
queries, never stale behind the response cache."""

import datetime
import os
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Collection, Page, PageViewRestriction, Site

from frontend_api import page_changes
from frontend_api.changes import Cursor
from frontend_api.models import PageVisibility
from tests.conftest import translate
from tests.factories import (
    CommunityIndexPageFactory,
    CommunityPageFactory,
    HomePageFactory,
    ImageFactory,
    TrialHomePageFactory,
)
from tests.frontend_api.conftest import body_with_images

FEED = "/api/v2/changes/"


@pytest.fixture(autouse=True)
def _settled_at_once(settings):
    """These tests read a change as soon as it is made (the margin has tests of its own)."""
    settings.CHANGES_SETTLE_SECONDS = 0


def feed(client, status=200, **params):
    response = client.get(FEED, params)
    assert response.status_code == status, response.content[:500]
    return response.json()


def download(client, limit=7, **params):
    """Every item of the feed after `since` (none: from the start), paged with the cursor as
    an app pages; and the cursor to keep."""
    items, cursor = [], params.pop("since", None)
    while True:
        data = feed(client, limit=limit, **params, **({"since": cursor} if cursor else {}))
        items += data["items"]
        cursor = data["meta"]["next"]
        if len(data["items"]) < limit:
            return items, cursor


def detail(client, page_id, **params):
    response = client.get(f"/api/v2/pages/{page_id}/", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def removal(page, language="da"):
    model = page.specific_class
    return {
        "id": page.pk,
        "meta": {
            "type": f"{model._meta.app_label}.{model.__name__}",
            "change": "removed",
            "locale": language,
        },
    }


def canonical(value):
    """`value` with its lists of related items in the order of their ids: the demo's
    ambassadors share a `sort_order`, and PostgreSQL gives rows that tie in any order."""
    if isinstance(value, dict):
        return {key: canonical(inner) for key, inner in value.items()}
    if isinstance(value, list):
        inner = [canonical(element) for element in value]
        if all(isinstance(element, dict) and "id" in element for element in inner):
            return sorted(inner, key=lambda element: element["id"])
        return inner
    return value


def every_listed(client, **params):
    items, total = [], None
    while total is None or len(items) < total:
        data = client.get("/api/v2/pages/", {"limit": 100, "offset": len(items), **params}).json()
        total = data["meta"]["total_count"]
        items += data["items"]
    return items


# --- the first download, on the demo --------------------------------------------------------


class TestTheFirstDownload:
    """On the demo, built once for these tests and rolled back after."""

    @pytest.fixture(scope="class")
    def demo(self, django_db_setup, django_db_blocker, tmp_path_factory):
        os.environ.setdefault("DEMO_PASSWORD", "demo-pass-2027")
        media = override_settings(DEBUG=True, MEDIA_ROOT=tmp_path_factory.mktemp("media"))
        with django_db_blocker.unblock(), media, transaction.atomic():
            call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
            yield
            transaction.set_rollback(True)

    @pytest.mark.parametrize("params", [{}, {"locale": "en"}, {"locale": "de", "children": "0"}])
    def test_it_is_every_public_page_as_its_detail(self, client, demo, db, params):
        items, _cursor = download(client, areas="pages", **params)
        listed = every_listed(client, **params)
        assert not [item for item in items if "change" in item["meta"]], "nothing to remove"
        assert sorted(item["id"] for item in items) == sorted(item["id"] for item in listed)
        assert len({item["id"] for item in items}) == len(items)
        types = {item["meta"]["type"] for item in listed}
        assert {item["meta"]["type"] for item in items} == types
        assert len(types) >= 8, "every page type of the demo"
        for item in items:
            expected = detail(client, item["id"], **params)
            assert canonical(item) == canonical(expected), item["meta"]["type"]

    def test_its_cursor_keeps_its_position_while_nothing_changes(self, client, demo, db):
        _items, cursor = download(client, limit=100)
        data = feed(client, since=cursor)
        assert data == {"meta": {"total_count": 0, "next": data["meta"]["next"]}, "items": []}
        again = Cursor.decode(data["meta"]["next"])
        before = Cursor.decode(cursor)
        assert (again.moment, again.item_id) == (before.moment, before.item_id)


# --- each change, exactly ------------------------------------------------------------------


@pytest.fixture
def cursor(client, community):
    return download(client, limit=100)[1]


def since(client, cursor, **params):
    return feed(client, since=cursor, limit=100, **params)["items"]


def test_a_published_page_comes_whole(client, community, cursor):
    home = TrialHomePageFactory(parent=community)
    assert since(client, cursor) == [detail(client, home.pk)]


def test_an_edit_comes_once_published(client, community, cursor):
    community.title = "Nordborg by"
    community.save_revision()
    assert since(client, cursor) == []
    community.get_latest_revision().publish()
    (item,) = since(client, cursor)
    assert item == detail(client, community.pk) and item["title"] == "Nordborg by"


def test_an_unpublished_page_and_what_is_below_it_are_removed(client, community, cursor):
    home = TrialHomePageFactory(parent=community)
    _items, cursor = download(client, since=cursor)
    community.unpublish()
    assert sorted(since(client, cursor), key=lambda item: item["id"]) == [
        removal(community),
        removal(home),
    ]
    community.get_latest_revision().publish()  # public again: both come back
    assert {item["id"] for item in since(client, cursor)} == {community.pk, home.pk}
    assert not PageVisibility.objects.filter(public=False).exists()


def test_a_deleted_page_is_removed(client, community, cursor):
    community.delete()
    assert since(client, cursor) == [removal(community)]


def test_a_restricted_page_is_removed_and_comes_back_when_lifted(client, community, cursor):
    restriction = PageViewRestriction.objects.create(
        page=community, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    assert since(client, cursor) == [removal(community)]
    _items, later = download(client, since=cursor)
    restriction.delete()
    assert since(client, later) == [detail(client, community.pk)]


def test_a_page_moved_below_a_restricted_page_is_removed(client, community, index, cursor):
    private = CommunityPageFactory(parent=index, title="Intern")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    _items, cursor = download(client, since=cursor)
    community.move(private, pos="last-child")
    assert since(client, cursor) == [removal(community)]


def test_a_moved_page_comes_again_with_what_is_below_it(client, community, index, cursor):
    home = TrialHomePageFactory(parent=community)
    other = CommunityPageFactory(parent=index, title="Guderup")
    _items, cursor = download(client, since=cursor)
    community.move(other, pos="last-child")
    assert {item["id"] for item in since(client, cursor)} == {community.pk, home.pk}
    (item,) = [item for item in since(client, cursor) if item["id"] == community.pk]
    assert item == detail(client, community.pk) and item["meta"]["parent"]["id"] == other.pk


def test_a_republished_parent_gives_its_children_again(client, community, cursor):
    home = TrialHomePageFactory(parent=community)
    _items, cursor = download(client, since=cursor)
    community.title = "Nordborg by"
    community.save_revision().publish()
    items = since(client, cursor)
    assert [item["id"] for item in items] == [community.pk, home.pk]
    assert items[1]["meta"]["parent"]["title"] == "Nordborg by"


def test_a_new_slug_above_gives_every_page_below_again_with_its_new_address(
    client, community, cursor, django_capture_on_commit_callbacks
):
    home = TrialHomePageFactory(parent=community)
    deeper = TrialHomePageFactory(parent=home)
    _items, cursor = download(client, since=cursor)
    community.slug = "nordborg-by"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail tells of it on commit
        community.save_revision().publish()
    items = {item["id"]: item for item in since(client, cursor)}
    assert set(items) == {community.pk, home.pk, deeper.pk}
    assert "/nordborg-by/" in items[deeper.pk]["meta"]["html_url"]
    assert items[deeper.pk] == detail(client, deeper.pk)


def test_an_expired_page_is_removed(client, community, cursor):
    Page.objects.filter(pk=community.pk).update(expire_at=timezone.now())
    assert since(client, cursor) == [removal(community)]


def test_changes_come_in_the_asked_language(client, community, locales, cursor):
    english = community.get_translation(locales["en"])
    english.title = "Nordborg town"
    english.save_revision().publish()
    english_cursor = download(client, limit=100, locale="en")[1]
    community.save_revision().publish()
    assert since(client, cursor) == [detail(client, community.pk)]
    # (in English, the Danish page is not to be shown: named as removed, in case)
    assert since(client, english_cursor, locale="en") == [removal(community)]
    english.unpublish()  # the Danish page stands in for it now
    assert since(client, english_cursor, locale="en") == [
        detail(client, community.pk, locale="en"),
        removal(english, "en"),
    ]
    assert since(client, english_cursor, locale="en", fallback="false") == [removal(english, "en")]


def test_a_page_published_while_an_app_pages_through_is_neither_lost_nor_repeated(
    client, community
):
    pages = [TrialHomePageFactory(parent=community) for _ in range(5)]
    everything = {item["id"] for item in download(client, limit=100)[0]}
    first = feed(client, limit=4)  # the home, index and community pages, and pages[0]
    late = TrialHomePageFactory(parent=community)
    pages[0].save_revision().publish()  # already downloaded: comes again, once
    rest, _cursor = download(client, limit=3, since=first["meta"]["next"])
    got = [item["id"] for item in first["items"] + rest]
    assert sorted(got) == sorted([*everything, late.pk, pages[0].pk])
    assert got[-2:] == [late.pk, pages[0].pk]


def test_offset_pages_within_one_cursor(client, community):
    for _ in range(3):
        TrialHomePageFactory(parent=community)
    everything = [item["id"] for item in feed(client, limit=100)["items"]]
    assert [item["id"] for item in feed(client, limit=2, offset=2)["items"]] == everything[2:4]


# --- bad and old cursors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["x", "", "MToxOjI", "Zm9vOmJhcg", "¤", "MToxOjI6Mzo0", "OToxOjI6Mw", "MTotMToyOjM"],
)
def test_a_bad_cursor_is_a_400_naming_since(client, community, value):
    data = feed(client, status=400, since=value)
    assert data["parameter"] == "since" and data["message"]


def test_a_cursor_older_than_the_retention_is_gone(client, community, settings):
    settings.CHANGES_RETENTION_DAYS = 30
    now = timezone.now()
    old = Cursor(now - datetime.timedelta(days=40), 1, now - datetime.timedelta(days=31))
    data = feed(client, status=410, since=old.encode())
    assert "download" in data["message"] and set(data) == {"message"}
    recent = Cursor(now - datetime.timedelta(days=400), 1, now - datetime.timedelta(days=29))
    feed(client, since=recent.encode())


def test_removals_are_kept_as_long_as_the_retention(community, settings):
    settings.CHANGES_RETENTION_DAYS = 30
    PageVisibility.objects.create(
        page_id=999999,
        translation_key=community.translation_key,
        language_code="da",
        page_type="guide.StoryPage",
        public=False,
        changed_at=timezone.now() - datetime.timedelta(days=31),
    )
    community.unpublish()
    assert list(PageVisibility.objects.values_list("page_id", flat=True)) == [community.pk]
    assert page_changes.retention() == datetime.timedelta(days=30)


# --- queries and the cache -------------------------------------------------------------------


class TestQueries:
    @pytest.fixture(scope="class")
    def volume(self, django_db_setup, django_db_blocker, tmp_path_factory):
        """101 trial homes with bodies and images below one community, and 30 more
        unpublished again (removals). Built once for these tests, rolled back after."""
        media = tmp_path_factory.mktemp("media")
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=media),
            transaction.atomic(),
        ):
            home = HomePageFactory(parent=Page.get_first_root_node())
            Site.objects.update_or_create(
                is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
            )
            community = CommunityPageFactory(parent=CommunityIndexPageFactory(parent=home))
            collection = Collection.get_first_root_node()
            image = ImageFactory(collection=collection)
            homes = []
            for n in range(131):
                body = body_with_images(f"Hus {n}", image, ImageFactory(collection=collection))
                homes.append(TrialHomePageFactory(parent=community, description=body))
            for page in homes[101:]:
                page.unpublish()
            yield community
            transaction.set_rollback(True)

    #: pinned: the count and the rows of each of the three sources of pages and of the rows'
    #: changes, and, for each page type on the page, the pages with their relations, their
    #: bodies' images and their parents (the request's site and what the public pages read,
    #: restrictions, roots, hidden sections, are kept by content version from the warm-up
    #: request, `frontend_api.visibility`)
    QUERIES = {"": 13, "locale=en&": 13, "origin=eu&children=1&": 13}

    @pytest.mark.parametrize("params", QUERIES)
    def test_a_page_costs_the_same_whatever_its_size(self, client, volume, db, settings, params):
        settings.API_CACHE = False
        # after the community, for a copy whole since before the removals
        community = Page.objects.get(pk=volume.pk)
        copy_at = timezone.now() - datetime.timedelta(hours=1)
        cursor = Cursor(community.last_published_at, community.pk, copy_at).encode()
        counts = {}
        for size in (1, 20, 100):
            client.get(f"{FEED}?{params}since={cursor}&limit={size}")  # warm per-process caches
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{FEED}?{params}since={cursor}&limit={size}")
            assert response.status_code == 200, response.content[:300]
            assert len(response.json()["items"]) == size
            counts[size] = len(queries)
        assert set(counts.values()) == {self.QUERIES[params]}, counts
        query = dict(part.split("=") for part in params.split("&") if part)
        removals = feed(client, since=cursor, limit=100, offset=100, **query)["items"]
        assert len(removals) == 31 and all(item["meta"].get("change") for item in removals[1:])


# --- the settling margin ------------------------------------------------------------------


class NoCDN(BaseBackend):
    def purge(self, url):
        pass


def stamp(page, moment):
    """`page` as if its publish had been stamped at `moment` (its transaction began then)."""
    Page.objects.filter(pk=page.pk).update(last_published_at=moment)


def test_a_publish_stamped_before_a_read_change_but_committed_after_is_not_skipped(
    client, community, settings
):
    """A publish is stamped when its transaction writes it, and shows once it commits: one
    stamped earlier than a change an app has read, yet committed after that read, would
    come behind the app's cursor. The feed gives changes once they are the margin old, and
    its cursor is never later than that."""
    settings.API_CACHE = False  # (the margin is changed below, as if time had passed)
    settings.CHANGES_SETTLE_SECONDS = 5
    now = timezone.now()
    Page.objects.update(last_published_at=now - datetime.timedelta(hours=1))
    _items, cursor = download(client, limit=100)
    stamp(community, now - datetime.timedelta(seconds=2))  # committed, within the margin
    data = feed(client, since=cursor, limit=100)
    assert data["items"] == []
    kept = Cursor.decode(data["meta"]["next"])
    assert kept.moment <= now - datetime.timedelta(seconds=5)
    assert kept.copy_at <= timezone.now() - datetime.timedelta(seconds=5)

    late = TrialHomePageFactory(parent=community)  # stamped before the community, committed now
    stamp(late, now - datetime.timedelta(seconds=3))
    settings.CHANGES_SETTLE_SECONDS = 0
    assert [item["id"] for item in since(client, data["meta"]["next"])] == [late.pk, community.pk]


def test_a_removal_shows_once_it_has_settled(client, community, cursor, settings):
    settings.API_CACHE = False
    home = TrialHomePageFactory(parent=community)
    home.unpublish()
    settings.CHANGES_SETTLE_SECONDS = 5
    assert since(client, cursor) == []
    settings.CHANGES_SETTLE_SECONDS = 0
    assert since(client, cursor) == [removal(home)]


def test_a_response_is_kept_no_longer_than_the_margin(client, community, cursor, settings):
    """Time alone settles a change: no cache may keep a response that leaves it out."""
    settings.CHANGES_SETTLE_SECONDS = 1
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.frontend_api.test_changes.NoCDN"}}
    settings.API_CACHE_CDN_MAX_AGE = 60
    home = TrialHomePageFactory(parent=community)
    first = client.get(FEED, {"since": cursor})
    assert first.json()["items"] == []
    assert "s-maxage=1" in first["Cache-Control"]
    again = client.get(FEED, {"since": cursor})
    assert again["X-Cache"] == "HIT" and "s-maxage=1" in again["Cache-Control"]
    time.sleep(1.1)
    settled = client.get(FEED, {"since": cursor})
    assert settled["X-Cache"] == "MISS"
    assert [item["id"] for item in settled.json()["items"]] == [home.pk]


def test_the_feed_is_cached_and_never_stale(client, community, settings):
    settings.API_CACHE = True
    first = client.get(FEED)
    assert first["X-Cache"] == "MISS" and first["ETag"]
    again = client.get(FEED, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again["X-Cache"] == "HIT"
    cursor = first.json()["meta"]["next"]
    assert client.get(FEED, {"since": cursor})["X-Cache"] == "MISS"
    assert client.get(FEED, {"since": cursor}).json()["items"] == []
    community.title = "Nordborg by"
    community.save_revision().publish()
    response = client.get(FEED, {"since": cursor})
    assert response["X-Cache"] == "MISS"
    assert [item["title"] for item in response.json()["items"]] == ["Nordborg by"]


def test_the_feed_is_listed_and_described(client, community):
    assert client.get("/api/v2/").json()["endpoints"]["changes"].endswith(FEED)
    from tests.frontend_api.schema_support import generated_document

    operation = generated_document()["paths"][FEED]["get"]
    assert {"200", "400", "410"} <= set(operation["responses"])
    assert {"since", "limit", "offset", "fields", "locale"} <= {
        parameter["name"] for parameter in operation["parameters"]
    }


def test_responses_with_pages_and_removals_validate_strictly(client, community, cursor):
    from tests.frontend_api.test_schema_strict import validate

    TrialHomePageFactory(parent=community)
    translate(CommunityPageFactory(parent=community.get_parent()), "en").unpublish()
    for params in ({}, {"since": cursor}, {"since": cursor, "locale": "en"}):
        response = client.get(FEED, params)
        assert response.json()["items"]
        validate(response)
    validate(client.get(FEED, {"since": "x"}))
