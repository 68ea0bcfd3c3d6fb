"""/api/v2/associations/: filters, search, language with the Danish fallback, distance,
JSON-LD, and 400s naming the parameter."""

import pytest
from django.urls import reverse

from tests.directory.conftest import LISTING
from tests.directory.factories import AssociationFactory

pytestmark = pytest.mark.django_db


def names(client, query=""):
    response = client.get(LISTING + query)
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


@pytest.fixture
def clubs(community):
    return {
        "rowing": AssociationFactory(
            name="Nordborg Roklub",
            description="Roning og vinterbadning på søen.",
            description_en="Rowing and winter bathing on the lake.",
            activities="Morgenroning og kaproning.",
            activities_en="Morning rowing and racing.",
            categories=["sport", "nature"],
            audiences=["adults", "youth"],
            languages=["da", "en"],
            newcomer_friendly=True,
            community=community,
            latitude=55.057,
            longitude=9.741,
            fee_free=False,
            fee_min=300,
            fee_max=900,
            website="https://roklub.example.dk/",
        ),
        "choir": AssociationFactory(
            name="Sønderborg Kammerkor",
            description="Vi synger klassisk og rytmisk.",
            activities="Øver onsdag aften.",
            categories=["music", "culture"],
            audiences=["adults", "seniors"],
            languages=["da", "de"],
            latitude=54.909,
            longitude=9.792,
        ),
        "hidden": AssociationFactory(name="Skjult Forening", hidden=True),
    }


def test_the_listing_has_the_shape_of_every_listing(client, clubs):
    body = client.get(LISTING).json()
    assert body["meta"] == {"total_count": 2}
    item = body["items"][0]
    assert set(item) == {
        "id", "meta", "name", "description", "activities", "categories", "audiences",
        "languages", "newcomer_friendly", "community", "address", "location", "distance_km",
        "fee", "email", "phone", "website", "facebook", "logo", "json_ld",
    }  # fmt: skip
    assert item["fee"] == {"free": False, "min": 300, "max": 900, "currency": "DKK"}
    assert item["location"] == {"lat": 55.057, "lon": 9.741}
    assert item["distance_km"] is None
    rowing = clubs["rowing"].pk
    assert item["meta"] == {
        "type": "directory.Association",
        "detail_url": reverse("wagtailapi:associations:detail", args=[rowing]),
        "locale": "da",
        "fallback": False,
    }


def test_fields_choose_what_an_item_has(client, clubs):
    items = client.get(LISTING, {"fields": "_,name,location"}).json()["items"]
    assert items[0] == {"name": "Nordborg Roklub", "location": {"lat": 55.057, "lon": 9.741}}
    assert "json_ld" not in client.get(LISTING, {"fields": "-json_ld"}).json()["items"][0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?category=music", ["Sønderborg Kammerkor"]),
        ("?category=music,nature", ["Nordborg Roklub", "Sønderborg Kammerkor"]),
        ("?audience=youth", ["Nordborg Roklub"]),
        ("?language=de", ["Sønderborg Kammerkor"]),
        ("?newcomer_friendly=true", ["Nordborg Roklub"]),
        ("?free=1", ["Sønderborg Kammerkor"]),
        ("?free=0", ["Nordborg Roklub"]),
        ("?search=kammerkor", ["Sønderborg Kammerkor"]),
        ("?search=onsdag", ["Sønderborg Kammerkor"]),
        ("?search=winter bathing", ["Nordborg Roklub"]),
        ("?order=-name", ["Sønderborg Kammerkor", "Nordborg Roklub"]),
        ("?order=-id", ["Sønderborg Kammerkor", "Nordborg Roklub"]),
        ("?limit=1&offset=1", ["Sønderborg Kammerkor"]),
        ("?origin=eu&children=1", ["Nordborg Roklub", "Sønderborg Kammerkor"]),
    ],
)
def test_filters(client, clubs, query, expected):
    assert names(client, query) == expected


def test_the_community_filter_takes_any_language_copy(client, clubs, community, make_community):
    copies = [community, *community.get_translations()]
    assert {copy.locale.language_code for copy in copies} == {"da", "en", "de"}
    for copy in copies:
        assert names(client, f"?community={copy.pk}") == ["Nordborg Roklub"]
    other = make_community(title="Guderup")
    assert names(client, f"?community={other.pk}") == []
    assert names(client, "?community=999999") == []


def test_near_a_point_nearest_first_with_the_distance(client, clubs):
    response = client.get(LISTING + "?near=55.05,9.74&within_km=50").json()
    assert [item["name"] for item in response["items"]] == [
        "Nordborg Roklub",
        "Sønderborg Kammerkor",
    ]
    assert response["items"][0]["distance_km"] < 1
    assert 15 < response["items"][1]["distance_km"] < 20
    assert names(client, "?near=55.05,9.74&within_km=5") == ["Nordborg Roklub"]
    # 25 km unless told otherwise; `order` overrides nearest first
    assert names(client, "?near=55.05,9.74") == ["Nordborg Roklub", "Sønderborg Kammerkor"]
    assert names(client, "?near=54.909,9.792&order=-name") == [
        "Sønderborg Kammerkor",
        "Nordborg Roklub",
    ]


def test_texts_in_the_asked_language_with_the_danish_fallback_marked(client, clubs):
    items = {item["name"]: item for item in client.get(LISTING + "?locale=en").json()["items"]}
    rowing, choir = items["Nordborg Roklub"], items["Sønderborg Kammerkor"]
    assert rowing["description"] == "Rowing and winter bathing on the lake."
    assert choir["description"] == "Vi synger klassisk og rytmisk."
    assert choir["meta"]["locale"] == "da" and choir["meta"]["fallback"] is True
    assert rowing["meta"]["locale"] == "en" and rowing["meta"]["fallback"] is False
    danish = client.get(LISTING).json()["items"]
    assert [item["meta"]["fallback"] for item in danish] == [False, False]


def test_an_entry_with_one_text_left_in_danish_is_a_fallback(client, clubs):
    # the rowing club wrote its description in English, but its activities only in Danish
    clubs["rowing"].activities_en = ""
    clubs["rowing"].save()
    item = client.get(LISTING, {"locale": "en"}).json()["items"][0]
    assert item["description"] == "Rowing and winter bathing on the lake."
    assert item["activities"] == "Morgenroning og kaproning."
    assert item["meta"] == {**item["meta"], "locale": "da", "fallback": True}
    assert names(client, "?locale=en&fallback=false") == []


def test_without_fallback_only_entries_written_in_the_language(client, clubs):
    assert names(client, "?locale=en&fallback=false") == ["Nordborg Roklub"]
    assert names(client, "?locale=de&fallback=0") == []
    assert names(client, "?locale=da&fallback=false") == [
        "Nordborg Roklub",
        "Sønderborg Kammerkor",
    ]


def test_children_0_leaves_out_associations_only_for_children_and_youth(client, clubs):
    AssociationFactory(name="Børneteatret", audiences=["children"])
    AssociationFactory(name="Ungdomsklubben", audiences=["youth", "children"])
    AssociationFactory(name="Familiespejd", audiences=["children", "families"])
    AssociationFactory(name="Vandreklubben", audiences=[])
    everyone = [
        "Børneteatret", "Familiespejd", "Nordborg Roklub", "Sønderborg Kammerkor",
        "Ungdomsklubben", "Vandreklubben",
    ]  # fmt: skip
    assert names(client) == everyone
    without_children = ["Familiespejd", "Nordborg Roklub", "Sønderborg Kammerkor", "Vandreklubben"]
    assert names(client, "?children=0") == without_children
    assert names(client, "?children=no&origin=non_eu&partner=0") == without_children
    # origins and the other flags narrow nothing: associations are tagged with age groups
    for query in ("?children=1", "?origin=eu", "?origin=abroad", "?partner=0&student=0"):
        assert names(client, query) == everyone, query
    # the listing's other filters still apply beside it
    assert names(client, "?children=0&audience=youth") == ["Nordborg Roklub"]


def test_each_item_carries_its_organization_as_json_ld(client, clubs):
    item = client.get(LISTING + "?locale=en").json()["items"][0]
    ld = item["json_ld"]
    assert ld["@context"] == "https://schema.org"
    assert ld["@type"] == "Organization"
    assert ld["name"] == "Nordborg Roklub"
    assert ld["description"] == "Rowing and winter bathing on the lake."
    assert ld["url"] == "https://roklub.example.dk/"
    assert ld["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 55.057,
        "longitude": 9.741,
    }


def test_the_detail_view_and_hidden_entries(client, clubs):
    choir = client.get(f"{LISTING}{clubs['choir'].pk}/")
    assert choir.json()["name"] == "Sønderborg Kammerkor"
    assert choir.json()["meta"]["type"] == "directory.Association"
    assert client.get(f"{LISTING}{clubs['hidden'].pk}/").status_code == 404
    assert client.get(f"{LISTING}99999999999999999999/").status_code == 404
    bad_id = client.get(f"{LISTING}abc/")
    assert (bad_id.status_code, bad_id.json()["parameter"]) == (400, "id")


def test_the_detail_says_which_language_its_texts_are_in(client, clubs):
    choir = client.get(f"{LISTING}{clubs['choir'].pk}/", {"locale": "de"})
    assert choir["Content-Language"] == "da"  # the choir wrote no German texts
    assert choir.json()["meta"] == {**choir.json()["meta"], "locale": "da", "fallback": True}
    rowing = client.get(f"{LISTING}{clubs['rowing'].pk}/", {"locale": "en"}).json()
    assert rowing["meta"] == {**rowing["meta"], "locale": "en", "fallback": False}


def test_html_in_texts_is_served_as_text(client):
    AssociationFactory(description="<img src=x onerror=alert(1)>")
    assert client.get(LISTING).json()["items"][0]["description"] == "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?colour=red", "colour"),
        ("?category=knitting", "category"),
        ("?audience=pets", "audience"),
        ("?language=xx", "language"),
        ("?community=abc", "community"),
        ("?free=maybe", "free"),
        ("?newcomer_friendly=2", "newcomer_friendly"),
        ("?near=55", "near"),
        ("?near=95,9", "near"),
        ("?near=a,b", "near"),
        ("?near=55,9&within_km=-1", "within_km"),
        ("?within_km=5", "within_km"),
        ("?near=55,9&radius=5", "radius"),  # `within_km` since this release
        ("?limit=101", "limit"),
        ("?offset=-1", "offset"),
        ("?order=email", "order"),
        ("?locale=fr", "locale"),
        ("?origin=mars", "origin"),
        ("?children=perhaps", "children"),
        ("?fallback=perhaps", "fallback"),
        ("?fields=phone_number", "fields"),
    ],
)
def test_bad_parameters_are_400s_naming_them(client, query, parameter):
    response = client.get(LISTING + query)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
