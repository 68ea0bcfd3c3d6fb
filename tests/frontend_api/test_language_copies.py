"""Every language copy of a page says which language it is: `meta.locale` is its own, and
`meta.fallback` is true only where another language was asked for and the Danish page came
instead of it. Each copy has its own `html_url`, under its language (`/da/…`, `/en/…`,
`/de/…`), which `pages/find/?html_path=` leads back to."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import LANGUAGES, translate
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.factories import TrialHomePageFactory
from tests.frontend_api.conftest import items
from tests.guide.factories import (
    ChecklistPageFactory,
    ChecklistStepPageFactory,
    StoriesIndexPageFactory,
    StoryPageFactory,
)


def translated(page):
    """`page` with its English and German copies, published."""
    for code in LANGUAGES[1:]:
        translate(page, code)
    return page


def stories_index(home):
    return translated(StoriesIndexPageFactory(parent=home))


def checklist(home):
    return translated(ChecklistPageFactory(parent=home))


def calendar(home):
    return translated(EventIndexPageFactory(parent=home))


# every page type of the site, as the demo places it
BUILD = {
    "guide.HomePage": lambda home, community: home,
    "communities.CommunityIndexPage": lambda home, community: community.get_parent().specific,
    "communities.CommunityPage": lambda home, community: community,
    "communities.TrialHomePage": lambda home, community: translated(
        TrialHomePageFactory(parent=community)
    ),
    "guide.StoriesIndexPage": lambda home, community: stories_index(home),
    "guide.StoryPage": lambda home, community: translated(
        StoryPageFactory(parent=stories_index(home))
    ),
    "guide.ChecklistPage": lambda home, community: checklist(home),
    "guide.ChecklistStepPage": lambda home, community: translated(
        ChecklistStepPageFactory(parent=checklist(home))
    ),
    "events.EventIndexPage": lambda home, community: calendar(home),
    "events.EventPage": lambda home, community: translated(EventPageFactory(parent=calendar(home))),
}

# (query, headers, the language asked for)
ASKED = [
    ({}, {}, "da"),
    ({"locale": "da"}, {}, "da"),
    ({"locale": "en"}, {}, "en"),
    ({"locale": "de"}, {}, "de"),
    ({}, {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.8"}, "en"),
    ({}, {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,da;q=0.5"}, "de"),
    ({}, {"HTTP_ACCEPT_LANGUAGE": "fr, da;q=0.5"}, "da"),
    ({"locale": "da"}, {"HTTP_ACCEPT_LANGUAGE": "de"}, "da"),
]


@pytest.fixture(params=sorted(BUILD))
def copies(request, home, community, locales):
    """A page of each type, Danish, with its English and German copies: {language: page}."""
    danish = BUILD[request.param](home, community)
    return {code: danish.get_translation(locales[code]).specific for code in LANGUAGES}


def meta(response):
    assert response.status_code == 200, response.content[:300]
    return response.json()["meta"]


def test_a_copy_asked_for_by_id_is_never_a_fallback(client, copies):
    for code, page in copies.items():
        for query, headers, _asked in ASKED:
            got = meta(client.get(f"/api/v2/pages/{page.pk}/", query, **headers))
            assert (got["locale"], got["fallback"]) == (code, False), (code, query, headers)


def test_a_danish_page_stands_in_only_for_a_translation_not_shown(client, copies):
    copies["de"].unpublish()
    danish = copies["da"]
    for query, headers, asked in ASKED:
        got = meta(client.get(f"/api/v2/pages/{danish.pk}/", query, **headers))
        assert (got["locale"], got["fallback"]) == ("da", asked == "de"), (query, headers)


def test_a_listing_marks_exactly_the_danish_pages_given_for_another_language(client, copies):
    copies["de"].unpublish()
    ids = {page.pk: code for code, page in copies.items()}
    page_type = copies["da"].specific_class._meta.label
    expected = {"da": ("da", False), "en": ("en", False), "de": ("da", True)}
    for query, headers, asked in ASKED:
        response = client.get(
            "/api/v2/pages/", {"type": page_type, "limit": 100, **query}, **headers
        )
        mine = [item["meta"] for item in items(response) if item["id"] in ids]
        assert [(m["locale"], m["fallback"]) for m in mine] == [expected[asked]], (query, headers)


def test_the_other_copies_of_a_page_are_no_fallbacks(client, copies):
    response = client.get(
        "/api/v2/pages/", {"translation_of": copies["de"].pk}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert sorted(
        (item["meta"]["locale"], item["meta"]["fallback"]) for item in items(response)
    ) == [
        ("da", False),
        ("en", False),
    ]


def test_the_communities_endpoint_follows_the_same_rule(client, community, locales):
    english = community.get_translation(locales["en"])
    german = community.get_translation(locales["de"])
    assert meta(client.get(f"/api/v2/communities/{english.pk}/"))["fallback"] is False
    german.unpublish()
    got = meta(client.get(f"/api/v2/communities/{community.pk}/", {"locale": "de"}))
    assert (got["locale"], got["fallback"]) == ("da", True)
    got = meta(client.get(f"/api/v2/communities/{community.pk}/", HTTP_ACCEPT_LANGUAGE="en"))
    assert (got["locale"], got["fallback"]) == ("da", False)
    listed = items(client.get("/api/v2/communities/", HTTP_ACCEPT_LANGUAGE="de"))
    assert [(i["id"], i["meta"]["fallback"]) for i in listed] == [(community.pk, True)]


def test_the_event_detail_follows_the_same_rule(client, home, locales):
    event = translated(EventPageFactory(parent=calendar(home)))
    english = event.get_translation(locales["en"])
    event.get_translation(locales["de"]).unpublish()

    def fallback(page, query=None, **headers):
        response = client.get(f"/api/v2/events/{page.pk}/", query or {}, **headers)
        assert response.status_code == 200, response.content[:300]
        meta = response.json()["meta"]
        return meta["locale"], meta["fallback"]

    assert fallback(english) == ("en", False)
    assert fallback(english, HTTP_ACCEPT_LANGUAGE="de") == ("en", False)
    assert fallback(event, {"locale": "en"}) == ("da", False)
    assert fallback(event, {"locale": "de"}) == ("da", True)
    assert fallback(event, HTTP_ACCEPT_LANGUAGE="de") == ("da", True)
    assert fallback(event) == ("da", False)


# --- html_url ---------------------------------------------------------------------------------


def test_each_copy_has_its_own_url_under_its_language_which_find_leads_back_to(client, copies):
    paths = {}
    for code, page in copies.items():
        url = meta(client.get(f"/api/v2/pages/{page.pk}/"))["html_url"]
        assert url == page.full_url  # the admin's "View live" says the same
        path = urlsplit(url).path
        assert path.startswith(f"/{code}/"), url
        paths[code] = path
        response = client.get("/api/v2/pages/find/", {"html_path": path})
        assert response.status_code == 302, (path, response.content[:200])
        assert urlsplit(response["Location"]).path == f"/api/v2/pages/{page.pk}/"
    assert len(set(paths.values())) == 3
    # the copies share their slugs: only the language differs
    assert len({path[len("/da/") :] for path in paths.values()}) == 1


def test_a_listing_gives_the_same_urls_as_the_details(client, community, locales):
    for code in LANGUAGES:
        copy = community.get_translation(locales[code])
        listed = items(
            client.get("/api/v2/pages/", {"locale": code, "type": "communities.CommunityPage"})
        )
        assert [item["meta"]["html_url"] for item in listed] == [copy.full_url]


def test_a_path_under_a_language_without_that_copy_is_not_found(client, community, locales):
    german = community.get_translation(locales["de"])
    path = urlsplit(german.full_url).path
    german.unpublish()
    assert client.get("/api/v2/pages/find/", {"html_path": path}).status_code == 404
    assert client.get("/api/v2/pages/find/", {"html_path": "/en/no-such-page/"}).status_code == 404


def test_the_cms_serves_no_page_html(client, community):
    assert client.get(urlsplit(community.full_url).path).status_code == 404
    assert client.get("/lokalsamfund/").status_code == 404


def test_other_404s_stay_404s(client, coordinator_client, community):
    """Page URLs are under a language, nothing else is: a missing API item or admin page is
    not sent to a page URL."""
    for path in ("/api/v2/pages/999999/", "/associations/no-such-thing/", "/nowhere/"):
        response = client.get(path)
        assert response.status_code == 404, (path, response.get("Location"))
    response = coordinator_client.get("/admin/pages/999999/edit/")
    assert response.status_code == 404, response.get("Location")
