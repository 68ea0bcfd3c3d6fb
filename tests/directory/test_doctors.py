"""/api/v2/doctors/: the practices and the languages their doctors speak."""

import pytest

from tests.directory.factories import PracticeFactory

pytestmark = pytest.mark.django_db

DOCTORS = "/api/v2/doctors/"


@pytest.fixture
def practices(db):
    return [
        PracticeFactory(name="Lægehuset Nordborg", languages=["da", "en", "ar"]),
        PracticeFactory(
            name="Lægerne i Gråsten", languages=["da", "de"], accepting_new_patients=False
        ),
    ]


def names(client, query=""):
    response = client.get(DOCTORS + query)
    assert response.status_code == 200
    return [item["name"] for item in response.json()["items"]]


def test_practices_with_their_languages(client, practices):
    body = client.get(DOCTORS).json()
    assert body["meta"]["total_count"] == 2
    assert body["items"][0]["languages"] == ["da", "en", "ar"]
    assert body["items"][0]["accepting_new_patients"] is True


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?language=ar", ["Lægehuset Nordborg"]),
        ("?language=de", ["Lægerne i Gråsten"]),
        ("?language=da", ["Lægehuset Nordborg", "Lægerne i Gråsten"]),
        ("?language=fr", []),
        ("?accepting_new_patients=true", ["Lægehuset Nordborg"]),
    ],
)
def test_the_language_filter(client, practices, query, expected):
    assert names(client, query) == expected


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?language=klingon", "language"),
        ("?accepting_new_patients=x", "accepting_new_patients"),
        ("?search=x", "search"),
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
