"""/api/v2/associations/: filters, search, language with the Danish fallback, distance,
JSON-LD, and 400s naming the parameter."""

import pytest

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
            categories=["sport", "nature"],
            audiences=["adults", "youth"],
            languages=["da", "en"],
            newcomer_friendly=True,
            community=community,
            lat=55.057,
            lon=9.741,
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
            lat=54.909,
            lon=9.792,
        ),
        "hidden": AssociationFactory(name="Skjult Forening", hidden=True),
    }


def test_the_listing_has_the_shape_of_every_listing(client, clubs):
    body = client.get(LISTING).json()
    assert body["meta"] == {"total_count": 2}
    item = body["items"][0]
    assert {
        "id", "name", "description", "activities", "categories", "audiences", "languages",
        "newcomer_friendly", "community", "address", "lat", "lon", "fee", "email", "phone",
        "website", "facebook", "logo", "locale", "fallback", "json_ld",
    } <= set(item)  # fmt: skip
    assert item["fee"] == {"free": False, "min": 300, "max": 900, "currency": "DKK"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?category=music", ["Sønderborg Kammerkor"]),
        ("?audience=youth", ["Nordborg Roklub"]),
        ("?language=de", ["Sønderborg Kammerkor"]),
        ("?newcomer_friendly=true", ["Nordborg Roklub"]),
        ("?free=1", ["Sønderborg Kammerkor"]),
        ("?free=0", ["Nordborg Roklub"]),
        ("?search=kammerkor", ["Sønderborg Kammerkor"]),
        ("?search=onsdag", ["Sønderborg Kammerkor"]),
        ("?search=winter bathing", ["Nordborg Roklub"]),
        ("?order=-name", ["Sønderborg Kammerkor", "Nordborg Roklub"]),
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
    response = client.get(LISTING + "?near=55.05,9.74&radius=50").json()
    assert [item["name"] for item in response["items"]] == [
        "Nordborg Roklub",
        "Sønderborg Kammerkor",
    ]
    assert response["items"][0]["distance_km"] < 1
    assert 15 < response["items"][1]["distance_km"] < 20
    assert names(client, "?near=55.05,9.74&radius=5") == ["Nordborg Roklub"]


def test_texts_in_the_asked_language_with_the_danish_fallback_marked(client, clubs):
    items = {item["name"]: item for item in client.get(LISTING + "?locale=en").json()["items"]}
    rowing, choir = items["Nordborg Roklub"], items["Sønderborg Kammerkor"]
    assert rowing["description"] == "Rowing and winter bathing on the lake."
    assert choir["description"] == "Vi synger klassisk og rytmisk."
    assert choir["fallback"] is True
    assert rowing["locale"] == "en"
    danish = client.get(LISTING).json()["items"]
    assert danish[0]["fallback"] is False


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
    assert client.get(f"{LISTING}{clubs['choir'].pk}/").json()["name"] == "Sønderborg Kammerkor"
    assert client.get(f"{LISTING}{clubs['hidden'].pk}/").status_code == 404


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
        ("?near=55,9&radius=-1", "radius"),
        ("?radius=5", "radius"),
        ("?limit=101", "limit"),
        ("?offset=-1", "offset"),
        ("?order=email", "order"),
        ("?locale=fr", "locale"),
        ("?origin=mars", "origin"),
    ],
)
def test_bad_parameters_are_400s_naming_them(client, query, parameter):
    response = client.get(LISTING + query)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
