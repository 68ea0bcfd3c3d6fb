"""What the admin lists: a community editor sees another community's drafts nowhere.

In the explorer, the admin page search, the admin API, the dashboard and the reports an
editor sees only their own section and the pages above it; the page chooser also offers
other communities' live pages, under their live title, but never a page nobody published,
nor the title of changes not yet published. Coordinators see everything.

Each test runs for three ordered pairs (own, other) of test_isolation.py's three
communities — each community once on either side — and, where pages are listed by
language, in Danish, English and German. Besides test_isolation.py's world, every community
has in every language a page never published and a live page whose unpublished draft
changes its title; no response to the editor of another community may carry either draft
title. Positive controls show the same responses do list the editor's own drafts, other
communities' live titles in the chooser, and everything to a coordinator.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.permissions import policy_registry

from communities import access
from communities.admin_visibility import may_explore
from tests.communities.test_isolation import (
    COMMUNITIES,
    assert_denied,
    build_world,
    editor_of,
)
from tests.conftest import LANGUAGES
from tests.factories import TrialHomePageFactory

User = get_user_model()

PAIRS = [(0, 1), (1, 2), (2, 0)]
pairs = pytest.mark.parametrize(
    "own, other",
    PAIRS,
    ids=[f"{COMMUNITIES[own]}-editor-vs-{COMMUNITIES[other]}" for own, other in PAIRS],
    indirect=True,
)
languages = pytest.mark.parametrize("language", LANGUAGES)


def never_published_title(room, language):
    return f"Aldrig udgivet {room.name} {language}"


def live_title(room, language):
    return f"Offentlig side {room.name} {language}"


def draft_title(room, language):
    return f"Kladdetitel {room.name} {language}"


def draft_titles(room):
    """Every title of `room` only its own editors and coordinators may see."""
    return [room.secret] + [
        title(room, language)
        for language in LANGUAGES
        for title in (never_published_title, draft_title)
    ]


# --- the world -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingWorld:
    base: object  # test_isolation.World
    never_published: dict  # (community name, language) -> page id
    changed: dict  # (community name, language) -> id of a live page with a new draft title

    @property
    def coordinator(self):
        return User.objects.get(pk=self.base.coordinator_id)


def build_listing_world():
    world = build_world()
    never_published, changed = {}, {}
    for room in world.rooms:
        editor = editor_of(room)
        for language in LANGUAGES:
            section = Page.objects.get(pk=room.pages["community", language])
            draft = TrialHomePageFactory(
                parent=section,
                title=never_published_title(room, language),
                slug="aldrig-udgivet",
                draft=True,
            )
            live = TrialHomePageFactory(
                parent=section, title=live_title(room, language), slug="offentlig-side"
            )
            live.title = draft_title(room, language)
            live.save_revision(user=editor, log_action=True)
            live.refresh_from_db()
            # saving a revision leaves the page's own title the live one
            assert (live.title, live.draft_title) == (
                live_title(room, language),
                draft_title(room, language),
            )
            assert draft.locale.language_code == live.locale.language_code == language
            never_published[room.name, language] = draft.pk
            changed[room.name, language] = live.pk
    return ListingWorld(base=world, never_published=never_published, changed=changed)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("listing-media")),
        transaction.atomic(),
    ):
        yield build_listing_world()
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture(autouse=True)
def _each_test_rolls_back(world, db):
    """The world first, then pytest-django's per-test transaction inside it."""


@pytest.fixture
def own(request, world):
    return world.base.rooms[request.param]


@pytest.fixture
def other(request, world):
    return world.base.rooms[request.param]


@pytest.fixture
def own_client(client, own):
    client.force_login(editor_of(own))
    return client


# --- helpers -------------------------------------------------------------------------------


def text_of(response):
    """The response as text; the chooser answers in JSON, whose escapes would hide a title."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return text_of(response)


def assert_no_draft_of(room, text):
    for title in draft_titles(room):
        assert title not in text


def explore_url(pk):
    return reverse("wagtailadmin_explore", args=[pk])


def choose_url(pk):
    return reverse("wagtailadmin_choose_page_child", args=[pk])


def listed_ids(response):
    return [page.pk for page in response.context["object_list"]]


# --- the explorer --------------------------------------------------------------------------


@pairs
@languages
def test_the_explorer_lists_own_section_and_not_another(own_client, world, own, other, language):
    index = world.base.index_ids[language]
    response = own_client.get(explore_url(index))
    assert response.status_code == 200
    assert listed_ids(response) == [own.pages["community", language]]

    response = own_client.get(explore_url(own.pages["community", language]))
    html = text_of(response)
    assert_no_draft_of(other, html)
    # the editor's own drafts, under their draft titles
    assert never_published_title(own, language) in html
    assert draft_title(own, language) in html
    assert live_title(own, language) not in html


@pairs
@languages
def test_the_explorer_of_another_communitys_page_is_refused(own_client, world, other, language):
    never = world.never_published[other.name, language]
    for url in (
        explore_url(other.pages["community", language]),
        explore_url(never),
        reverse("wagtailadmin_explore_results", args=[never]),
        explore_url(world.changed[other.name, language]),
    ):
        response = own_client.get(url)
        assert_denied(response)
        assert_no_draft_of(other, text_of(response))


@pairs
def test_the_admin_search_finds_own_drafts_only(own_client, own, other):
    """In every language: the search lists pages of all locales."""
    found = {}
    for query in ("udgivet", "Offentlig", "Kladdetitel", other.name):
        found[query] = html = get(own_client, f"{reverse('wagtailadmin_pages:search')}?q={query}")
        assert_no_draft_of(other, html)
        for language in LANGUAGES:
            assert live_title(other, language) not in html
    for language in LANGUAGES:
        assert never_published_title(own, language) in found["udgivet"]
        # searching the live title finds the editor's own page, under its draft title
        assert draft_title(own, language) in found["Offentlig"]


@pairs
def test_the_explorers_search_finds_own_drafts_only(own_client, world, own, other):
    index = world.base.index_ids["da"]
    html = get(own_client, f"{explore_url(index)}?q=udgivet&search_all=1")
    assert_no_draft_of(other, html)
    for language in LANGUAGES:
        assert never_published_title(own, language) in html


# --- the page chooser ----------------------------------------------------------------------


@pairs
@languages
def test_the_chooser_offers_another_communitys_live_pages_under_their_live_title(
    own_client, world, own, other, language
):
    text = get(own_client, choose_url(world.base.index_ids[language]))
    assert other.name in text and own.name in text

    text = get(own_client, choose_url(other.pages["community", language]))
    assert_no_draft_of(other, text)
    assert live_title(other, language) in text

    # the live page itself, heading the listing, under its live title
    text = get(own_client, choose_url(world.changed[other.name, language]))
    assert_no_draft_of(other, text)
    assert live_title(other, language) in text

    # the editor's own section as it is in the explorer, drafts included
    text = get(own_client, choose_url(own.pages["community", language]))
    assert never_published_title(own, language) in text
    assert draft_title(own, language) in text


@pairs
@languages
def test_the_chooser_does_not_browse_into_a_page_never_published(
    own_client, world, other, language
):
    response = own_client.get(choose_url(world.never_published[other.name, language]))
    assert_denied(response)
    assert_no_draft_of(other, text_of(response))


@pairs
def test_the_chooser_search_offers_live_titles_and_own_drafts(own_client, own, other):
    search = reverse("wagtailadmin_choose_page_search")
    found = {}
    for query in ("udgivet", "Offentlig", "Kladdetitel", other.name):
        found[query] = html = get(own_client, f"{search}?q={query}")
        assert_no_draft_of(other, html)
    for language in LANGUAGES:
        assert live_title(other, language) in found["Offentlig"]
        assert draft_title(own, language) in found["Offentlig"]
        assert never_published_title(own, language) in found["udgivet"]


@pairs
@languages
def test_the_choosers_multiple_choice_hands_back_live_pages_only(
    own_client, world, other, language
):
    never, changed = (
        world.never_published[other.name, language],
        world.changed[other.name, language],
    )
    response = own_client.get(
        f"{reverse('wagtailadmin_choose_page_chosen_multiple')}?id={never}&id={changed}"
    )
    assert response.status_code == 200
    result = response.json()["result"]
    assert [(item["id"], item["adminTitle"]) for item in result] == [
        (changed, live_title(other, language))
    ]


@pairs
def test_the_chooser_offers_no_private_or_expired_page(own_client, world, other):
    """Live, but not for everyone (a password) or no longer (expired, before Wagtail's
    publish_scheduled job flips `live`)."""
    private, expired, public = (world.changed[other.name, language] for language in LANGUAGES)
    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=private), restriction_type="password", password="hemmelig"
    )
    Page.objects.filter(pk=expired).update(expire_at=timezone.now() - timedelta(days=1))
    hidden = [live_title(other, "da"), live_title(other, "en")]
    texts = [
        get(own_client, f"{reverse('wagtailadmin_choose_page_search')}?q=Offentlig"),
        get(own_client, choose_url(other.pages["community", "da"])),
        get(own_client, choose_url(other.pages["community", "en"])),
        get(
            own_client,
            f"{reverse('wagtailadmin_choose_page_chosen_multiple')}?id={private}&id={expired}",
        ),
    ]
    for text in texts:
        for title in hidden:
            assert title not in text
    assert live_title(other, "de") in texts[0]
    for pk in (private, expired):
        assert_denied(own_client.get(choose_url(pk)))


# --- the admin API behind the explorer menu ------------------------------------------------


@pairs
@languages
def test_the_admin_api_lists_own_section_only(own_client, world, own, other, language):
    api = "/admin/api/main/pages/"
    response = own_client.get(
        f"{api}?child_of={world.base.index_ids[language]}&for_explorer=1&fields=parent"
    )
    assert [item["id"] for item in response.json()["items"]] == [own.pages["community", language]]
    text = get(own_client, f"{api}?search=udgivet&locale={language}")
    assert_no_draft_of(other, text)
    assert never_published_title(own, language) in text
    assert own_client.get(f"{api}?child_of={other.pages['community', language]}").status_code == 400
    assert own_client.get(f"{api}{world.never_published[other.name, language]}/").status_code == 404


# --- the dashboard and the reports ---------------------------------------------------------

# A report's page renders its results too; the results URLs of the two reports communities
# mounts its own views for are asked as well.
DASHBOARD_AND_REPORTS = [
    "wagtailadmin_home",
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:locked_pages_results",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
]
FORMER_MEMBERS_DRAFT = "Kladde fra et tidligere medlem"


def dashboard_and_reports(client):
    return {name: get(client, reverse(name)) for name in DASHBOARD_AND_REPORTS}


@pairs
def test_the_dashboard_and_reports_show_nothing_of_another_community(own_client, own, other):
    texts = dashboard_and_reports(own_client)
    for text in texts.values():
        assert_no_draft_of(other, text)
    # the editor's own draft, among their recent edits
    assert own.secret in texts["wagtailadmin_home"]


@pairs
def test_an_editor_who_left_a_community_no_longer_sees_its_pages(client, world, own, other):
    """Wagtail's dashboard panels (pages locked by, edited by, submitted by the user) and the
    locked pages report list pages by what the user once did there, not by what they may
    explore now."""
    editor = editor_of(own)
    other_group = access.access_for(Page.objects.get(pk=other.community_id)).group
    other_group.user_set.add(editor)
    locked, edited, submitted = (world.changed[other.name, language] for language in LANGUAGES)
    Page.objects.filter(pk=locked).update(locked=True, locked_by=editor, locked_at=timezone.now())
    page = Page.objects.get(pk=edited).specific
    page.title = FORMER_MEMBERS_DRAFT
    page.save_revision(user=editor, log_action=True)
    page = Page.objects.get(pk=submitted).specific
    page.get_workflow().start(page, editor)

    client.force_login(editor)
    home = get(client, reverse("wagtailadmin_home"))
    # while a member: the three pages are on the dashboard, under their draft titles
    assert FORMER_MEMBERS_DRAFT in home
    assert draft_title(other, "da") in home and draft_title(other, "de") in home

    other_group.user_set.remove(editor)
    client.force_login(editor)
    for text in dashboard_and_reports(client).values():
        assert_no_draft_of(other, text)
        assert FORMER_MEMBERS_DRAFT not in text


# --- coordinators see everything -----------------------------------------------------------


@languages
@pytest.mark.parametrize("other", [1], ids=[COMMUNITIES[1]], indirect=True)
def test_a_coordinator_sees_every_communitys_drafts(client, world, other, language):
    client.force_login(world.coordinator)
    never = world.never_published[other.name, language]
    assert never_published_title(other, language) in get(client, explore_url(never))
    text = get(client, explore_url(other.pages["community", language]))
    assert never_published_title(other, language) in text
    assert draft_title(other, language) in text
    search = f"{reverse('wagtailadmin_pages:search')}?q=udgivet"
    assert never_published_title(other, language) in get(client, search)
    text = get(client, choose_url(other.pages["community", language]))
    assert never_published_title(other, language) in text
    assert draft_title(other, language) in text
    search = f"{reverse('wagtailadmin_choose_page_search')}?q=udgivet"
    assert never_published_title(other, language) in get(client, search)


# --- the rule, against Wagtail's own -------------------------------------------------------


def test_may_explore_agrees_with_wagtails_explorable_pages(world):
    """The chooser titles and the explorer's refusal use a path test; Wagtail's listings use
    `explorable_instances`. Both must draw the same line, for every user and page."""
    pages = list(Page.objects.all())
    policy = policy_registry.get_by_type(Page)
    for user in [editor_of(room) for room in world.base.rooms] + [world.coordinator]:
        explorable = set(policy.explorable_instances(user).values_list("pk", flat=True))
        assert {page.pk for page in pages if may_explore(user, page)} == explorable
