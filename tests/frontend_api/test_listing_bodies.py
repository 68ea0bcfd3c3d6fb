"""Listings carry bodies when asked (`fields=*`, or `fields=body`): the same body as the
detail, with its blocks for other audiences left out the same way; without `fields` a
listing stays light."""

import json

import pytest
from wagtail.models import Collection

from tests.conftest import translate
from tests.factories import ImageFactory, TrialHomePageFactory
from tests.frontend_api.conftest import body_with_images, items
from tests.frontend_api.schema_support import generated_document


@pytest.fixture
def communities(make_community, community, locales):
    """Three communities with bodies (the first also in English), their images in the
    public root collection."""
    collection = Collection.get_first_root_node()
    pages = [community, make_community(title="Augustenborg"), make_community(title="Gråsten")]
    for page in pages:
        page.body = body_with_images(
            page.title, ImageFactory(collection=collection), ImageFactory(collection=collection)
        )
        page.save_revision().publish()
    english = community.get_translation(locales["en"])
    english.body = json.dumps([{"type": "paragraph", "value": "<p>Welcome to Nordborg</p>"}])
    english.save_revision().publish()
    return pages


def detail_body(client, page, field="body", **params):
    response = client.get(f"/api/v2/pages/{page.pk}/", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()[field]


AUDIENCES = [{}, {"children": "0"}, {"origin": "eu"}, {"origin": "non_eu", "children": "1"}]


@pytest.mark.parametrize("fields", ["*", "body", "title,body"])
def test_a_listing_asked_for_bodies_gives_the_details_bodies(client, communities, fields):
    for audience in AUDIENCES:
        response = client.get(
            "/api/v2/pages/", {"type": "communities.CommunityPage", "fields": fields, **audience}
        )
        listed = {item["id"]: item["body"] for item in items(response)}
        assert set(listed) == {page.pk for page in communities}
        for page in communities:
            assert listed[page.pk] == detail_body(client, page, **audience), audience


def test_blocks_for_other_audiences_are_left_out_of_listed_bodies(client, communities):
    def text(**params):
        query = {"type": "communities.CommunityPage", "fields": "body", **params}
        return json.dumps([item["body"] for item in items(client.get("/api/v2/pages/", query))])

    assert "Skoler" in text() and "Opholdstilladelse" in text()
    assert "Skoler" not in text(children="0") and "Opholdstilladelse" in text(children="0")
    assert "Opholdstilladelse" not in text(origin="eu") and "Velkommen" in text(origin="eu")


def test_a_plain_listing_has_no_bodies(client, communities):
    for url in ("/api/v2/pages/", "/api/v2/communities/"):
        listed = items(
            client.get(url, {"type": "communities.CommunityPage"} if "pages" in url else {})
        )
        assert listed and all("body" not in item for item in listed)


def test_bodies_come_in_the_asked_language_and_paged(client, communities, locales):
    query = {"type": "communities.CommunityPage", "fields": "body", "locale": "en"}
    english = communities[0].get_translation(locales["en"])
    listed = {item["id"]: item["body"] for item in items(client.get("/api/v2/pages/", query))}
    assert listed[english.pk] == detail_body(client, english)
    assert "Welcome to Nordborg" in json.dumps(listed[english.pk])
    ordered = {**query, "order": "title", "limit": 2, "offset": 1}
    page = items(client.get("/api/v2/pages/", ordered))
    assert [item["title"] for item in page] == ["Gråsten", "Nordborg"]
    for item in page:
        response = client.get(f"/api/v2/pages/{item['id']}/")
        assert (item["meta"]["locale"], item["body"]) == ("en", response.json()["body"])


def test_a_trial_homes_description_is_listed_when_asked(client, community):
    home = TrialHomePageFactory(parent=community, title="Hus ved skoven")
    home.description = json.dumps([{"type": "paragraph", "value": "<p>Tre værelser</p>"}])
    home.save_revision().publish()
    translate(home, "en")
    query = {"type": "communities.TrialHomePage", "fields": "description"}
    (item,) = items(client.get("/api/v2/pages/", query))
    assert item["description"] == detail_body(client, home, field="description")
    assert "Tre værelser" in str(item["description"])


def test_the_communities_endpoint_lists_bodies_when_named(client, communities):
    for fields in ("body", "title,body"):
        listed = items(client.get("/api/v2/communities/", {"fields": fields}))
        for item in listed:
            response = client.get(f"/api/v2/communities/{item['id']}/")
            assert item["body"] == response.json()["body"]
        assert len(listed) == 3


def test_a_communities_listing_of_every_field_leaves_details_out(client, communities):
    """`fields=*` in a listing: every field but the body, trial homes and page links, which
    the community's detail carries."""
    listed = items(client.get("/api/v2/communities/", {"fields": "*"}))
    assert len(listed) == 3
    for item in listed:
        assert not {"body", "trial_homes", "pages"} & set(item)
        assert {"intro", "kind", "hero_image", "location", "ambassadors"} <= set(item)
        detail = client.get(f"/api/v2/communities/{item['id']}/").json()
        assert {"body", "trial_homes", "pages"} <= set(detail)


def test_a_listing_of_pages_of_any_type_names_what_it_can_give(client, communities):
    response = client.get("/api/v2/pages/", {"fields": "body"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "fields"
    assert "body" not in response.json()["allowed"]


def test_the_listing_schema_admits_the_bodies():
    schemas = generated_document()["components"]["schemas"]
    for model, field in [
        ("CommunityPage", "body"),
        ("StoryPage", "body"),
        ("ChecklistStepPage", "body"),
        ("TrialHomePage", "description"),
    ]:
        as_in_detail = schemas[model]["properties"][field]
        listed = [schemas[name] for name in schemas if name.startswith(f"{model}ListItem")]
        assert listed and all(item["properties"][field] == as_in_detail for item in listed)


def test_bodies_are_compact_unless_indented_json_is_asked_for(client, home):
    compact = client.get("/api/v2/pages/")
    indented = client.get("/api/v2/pages/", HTTP_ACCEPT="application/json; indent=4")
    assert b"\n" not in compact.content
    assert b'\n    "meta": {' in indented.content
    assert compact.json() == indented.json()
