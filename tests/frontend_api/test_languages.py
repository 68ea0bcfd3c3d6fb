"""`?locale=` (or Accept-Language) picks the language; a page not translated (or not
published) in it comes in Danish, marked as a fallback, unless the client says fallback=false."""

import pytest

from tests.conftest import translate
from tests.factories import TrialHomePageFactory
from tests.frontend_api.conftest import items


@pytest.fixture
def homes(community):
    translated = TrialHomePageFactory(parent=community, title="Hus ved skoven")
    english = translate(translated, "en")
    english.title = "House by the woods"
    english.save_revision().publish()
    danish_only = TrialHomePageFactory(parent=community, title="Lejlighed ved havnen")
    return translated, danish_only


def titles(response):
    return {
        (item["title"], item["meta"]["locale"], item["meta"]["fallback"])
        for item in items(response)
    }


def test_danish_is_the_default(client, homes):
    response = client.get("/api/v2/pages/", {"type": "communities.TrialHomePage"})
    assert titles(response) == {
        ("Hus ved skoven", "da", False),
        ("Lejlighed ved havnen", "da", False),
    }


def test_a_missing_translation_falls_back_to_danish_marked_as_such(client, homes):
    response = client.get("/api/v2/pages/", {"type": "communities.TrialHomePage", "locale": "en"})
    assert titles(response) == {
        ("House by the woods", "en", False),
        ("Lejlighed ved havnen", "da", True),
    }


def test_without_fallback_only_the_asked_language_comes(client, homes):
    response = client.get(
        "/api/v2/pages/",
        {"type": "communities.TrialHomePage", "locale": "en", "fallback": "false"},
    )
    assert titles(response) == {("House by the woods", "en", False)}


def test_accept_language_is_read_when_no_locale_is_given(client, homes):
    response = client.get(
        "/api/v2/pages/",
        {"type": "communities.TrialHomePage"},
        HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8,da;q=0.5",
    )
    assert ("House by the woods", "en", False) in titles(response)
    unsupported = client.get(
        "/api/v2/pages/", {"type": "communities.TrialHomePage"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert ("Hus ved skoven", "da", False) in titles(unsupported)


def test_an_unpublished_translation_is_not_used(client, community):
    home = TrialHomePageFactory(parent=community, title="Rækkehus")
    translate(home, "de", publish=False)
    response = client.get("/api/v2/pages/", {"type": "communities.TrialHomePage", "locale": "de"})
    assert titles(response) == {("Rækkehus", "da", True)}


def test_children_of_a_translated_parent_include_danish_fallbacks(
    client, community, homes, locales
):
    english_community = community.get_translation(locales["en"])
    response = client.get("/api/v2/pages/", {"child_of": english_community.pk, "locale": "en"})
    assert {item["title"] for item in items(response)} == {
        "House by the woods",
        "Lejlighed ved havnen",
    }


def test_every_page_comes_once_in_every_language(client, community, homes):
    totals = set()
    for locale in ("da", "en", "de"):
        response = client.get("/api/v2/pages/", {"locale": locale, "limit": 100})
        ids = [item["id"] for item in items(response)]
        assert len(ids) == len(set(ids)) == response.json()["meta"]["total_count"]
        totals.add(len(ids))
    assert len(totals) == 1  # one copy of each page, whatever the language
