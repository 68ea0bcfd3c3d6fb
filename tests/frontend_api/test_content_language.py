"""`Content-Language` is the language of the body on every endpoint: `?locale=` first, then
Accept-Language, else Danish; a detail is in its own language (a Danish page asked for in
English says `da`), and a cached response says what the rendered one said."""

import pytest
from wagtail.models import Locale

from tests.conftest import translate
from tests.directory.factories import AssociationFactory, PracticeFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db
#: endpoints whose items have no language, and so no `?locale=`
UNTRANSLATED = ("images", "documents")


@pytest.fixture
def listings(client, community):
    """Every listing the API root names, with something in each."""
    index = EventIndexPageFactory(parent=community.get_parent().get_parent())
    EventPageFactory(parent=index)
    AssociationFactory()
    PracticeFactory()
    endpoints = client.get("/api/v2/").json()["endpoints"]
    return {name: url for name, url in endpoints.items() if name != "preview"}


def content_language(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.content[:300])
    return response["Content-Language"]


@pytest.mark.parametrize("code", ["da", "en", "de"])
def test_every_listing_says_the_asked_locale(client, listings, code):
    for name, url in listings.items():
        if name in UNTRANSLATED:
            continue
        asked = f"{url}?locale={code}"
        # Accept-Language names another language: the explicit ?locale= wins
        other = "de" if code != "de" else "en"
        assert content_language(client, asked, accept_language=other) == code, name
        assert content_language(client, asked, accept_language=other) == code, f"{name}, cached"


@pytest.mark.parametrize(
    "accept_language, code",
    [("de-DE,de;q=0.9", "de"), ("en-GB,en;q=0.8", "en"), ("fr, en;q=0.5", "en"), ("fr", "da")],
)
def test_without_a_locale_accept_language_decides(client, listings, accept_language, code):
    for name, url in listings.items():
        assert content_language(client, url, accept_language=accept_language) == code, name


def test_with_neither_it_is_danish(client, listings):
    for name, url in listings.items():
        assert content_language(client, url) == "da", name


def test_a_page_detail_is_in_its_own_language(client, community):
    english = community.get_translation(Locale.objects.get(language_code="en"))
    for endpoint in ("pages", "communities"):
        danish_url = f"/api/v2/{endpoint}/{community.pk}/"
        assert content_language(client, danish_url + "?locale=en") == "da"
        assert content_language(client, danish_url, accept_language="de") == "da"
        english_url = f"/api/v2/{endpoint}/{english.pk}/"
        assert content_language(client, english_url) == "en"
        assert content_language(client, english_url + "?locale=de") == "en"


def test_an_event_detail_is_in_its_own_language(client, home):
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=index)
    translate(index, "en")
    english = translate(event, "en")
    assert content_language(client, f"/api/v2/events/{event.pk}/?locale=en") == "da"
    assert content_language(client, f"/api/v2/events/{english.pk}/", accept_language="de") == "en"


def test_an_association_detail_falls_back_to_danish(client):
    translated = AssociationFactory(description_en="Rowing.", activities_en="Rowing.")
    danish_only = AssociationFactory()
    assert content_language(client, f"/api/v2/associations/{translated.pk}/?locale=en") == "en"
    assert content_language(client, f"/api/v2/associations/{danish_only.pk}/?locale=en") == "da"
    assert content_language(client, f"/api/v2/associations/{danish_only.pk}/?locale=da") == "da"


def test_a_preview_is_in_the_draft_s_language(client, community):
    english = community.get_translation(Locale.objects.get(language_code="en"))
    token = english.create_page_preview().token
    url = f"/api/v2/preview/?content_type=communities.communitypage&token={token}"
    assert content_language(client, url, accept_language="de") == "en"


@pytest.mark.parametrize("code", ["da", "en", "de"])
def test_the_printable_checklist_says_its_language(client, home, code):
    for url in ("/api/v2/checklist/print/", "/api/v2/checklist/pdf/"):
        assert content_language(client, f"{url}?locale={code}", accept_language="da") == code
