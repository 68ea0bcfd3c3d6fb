"""/api/v2/doctors/: the practices and the languages their doctors speak."""

import pytest
from django.urls import reverse

from tests.directory.factories import PracticeFactory

pytestmark = pytest.mark.django_db

DOCTORS = "/api/v2/doctors/"


@pytest.fixture
def practices(db):
    return [
        PracticeFactory(
            name="Lægehuset Nordborg",
            doctors="Anne Holm, Karim Haddad",
            languages=["da", "en", "ar"],
            latitude=55.0571,
            longitude=9.7421,
        ),
        PracticeFactory(
            name="Lægerne i Gråsten",
            doctors="Ute Schneider",
            address="Slotsgade 3, 6300 Gråsten",
            languages=["da", "de"],
            accepting_new_patients=False,
        ),
    ]


def names(client, query=""):
    response = client.get(DOCTORS + query)
    assert response.status_code == 200
    return [item["name"] for item in response.json()["items"]]


def test_practices_with_their_languages(client, practices):
    body = client.get(DOCTORS).json()
    assert body["meta"]["total_count"] == 2
    item = body["items"][0]
    assert set(item) == {
        "id", "meta", "name", "doctors", "address", "phone", "website", "languages",
        "accepting_new_patients", "location", "distance_km",
    }  # fmt: skip
    assert item["languages"] == ["da", "en", "ar"]
    assert item["accepting_new_patients"] is True
    assert item["location"] == {"lat": 55.0571, "lon": 9.7421}
    assert body["items"][1]["location"] is None


def test_practices_are_not_translated(client, practices):
    for locale in ("da", "en", "de"):
        item = client.get(DOCTORS, {"locale": locale}).json()["items"][0]
        assert item["meta"]["locale"] == locale and item["meta"]["fallback"] is False
    assert names(client, "?locale=en&fallback=false") == ["Lægehuset Nordborg", "Lægerne i Gråsten"]


def test_each_practice_has_its_detail(client, practices):
    item = client.get(DOCTORS).json()["items"][0]
    assert item["meta"]["type"] == "directory.Practice"
    detail = client.get(item["meta"]["detail_url"])
    assert detail.status_code == 200
    assert detail.json() == item
    assert detail["Content-Language"] == "da"
    assert client.get(f"{DOCTORS}999999/").status_code == 404
    assert item["meta"]["detail_url"] == reverse(
        "wagtailapi:doctors:detail", args=[practices[0].pk]
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?language=ar", ["Lægehuset Nordborg"]),
        ("?language=de", ["Lægerne i Gråsten"]),
        ("?language=da", ["Lægehuset Nordborg", "Lægerne i Gråsten"]),
        ("?language=fr", []),
        ("?language=ar,de", ["Lægehuset Nordborg", "Lægerne i Gråsten"]),
        ("?accepting_new_patients=true", ["Lægehuset Nordborg"]),
        ("?accepting_new_patients=0", ["Lægerne i Gråsten"]),
        ("?search=karim", ["Lægehuset Nordborg"]),  # a doctor's name
        ("?search=slotsgade gråsten", ["Lægerne i Gråsten"]),  # every word, in the address
        ("?search=nordborg schneider", []),
        ("?search=Lægerne", ["Lægerne i Gråsten"]),
        ("?search=gr%00%C3%A5sten", ["Lægerne i Gråsten"]),  # a NUL separates words
        ("?order=-name", ["Lægerne i Gråsten", "Lægehuset Nordborg"]),
        ("?near=55.05,9.74&within_km=5", ["Lægehuset Nordborg"]),
    ],
)
def test_the_filters(client, practices, query, expected):
    assert names(client, query) == expected


def test_near_gives_the_distance(client, practices):
    (item,) = client.get(DOCTORS, {"near": "55.05,9.74"}).json()["items"]
    assert 0.5 < item["distance_km"] < 1


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?language=klingon", "language"),
        ("?accepting_new_patients=x", "accepting_new_patients"),
        ("?near=55", "near"),
        ("?order=doctors", "order"),
        ("?community=1", "community"),  # practices are not in communities
    ],
)
def test_bad_parameters(client, query, parameter):
    response = client.get(DOCTORS + query)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_the_api_root_lists_the_directory(client, db):
    endpoints = client.get("/api/v2/").json()["endpoints"]
    assert endpoints["associations"].endswith("/api/v2/associations/")
    assert endpoints["doctors"].endswith("/api/v2/doctors/")
