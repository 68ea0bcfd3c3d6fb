"""Listings build their items with one representer per request (`frontend_api.fast_items`),
not a serializer per item: every listing gives, byte for byte, what the serializers give
(which the OpenAPI document describes). Asked of the Sønderborg demo."""

import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from frontend_api import fast_items
from frontend_api.urls import ENDPOINTS
from tests.factories import DocumentFactory

#: (the change feed serialises whole pages as their details do, and its cursor holds the time)
LISTINGS = [name for name in ENDPOINTS if name not in ("preview", "changes")]
QUERIES = [
    {},
    {"fields": "*"},
    {"fields": "*", "locale": "en"},
    {"fields": "*", "locale": "de", "origin": "eu", "children": "1"},
    {"fields": "_,id"},
]
PAGE_QUERIES = [
    {"type": "communities.TrialHomePage", "fields": "*"},
    {"type": "communities.CommunityPage", "fields": "*", "locale": "en"},
    {"type": "guide.HomePage", "fields": "*"},
    {"fields": "*", "limit": "100"},
]
COMMUNITY_QUERIES = [
    {"fields": "body,trial_homes,pages"},
    {"fields": "*,hero_image(*),ambassadors(name,photo(*))", "locale": "en"},
    {"near": "54.91,9.79", "within_km": "50", "fields": "*"},
]
CASES = [
    *((name, query) for name in LISTINGS for query in QUERIES),
    *(("pages", query) for query in PAGE_QUERIES),
    *(("communities", query) for query in COMMUNITY_QUERIES),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    os.environ.setdefault("DEMO_PASSWORD", "demo-pass-2027")
    media = override_settings(
        DEBUG=True, API_CACHE=False, MEDIA_ROOT=tmp_path_factory.mktemp("media")
    )
    with django_db_blocker.unblock(), media, transaction.atomic():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        DocumentFactory.create_batch(2)  # the demo has no documents of its own
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize(("name", "query"), CASES)
def test_a_listing_is_what_its_serializers_give(client, demo, db, monkeypatch, name, query):
    def body():
        response = client.get(f"/api/v2/{name}/", query)
        # (images and documents take no audience parameters: the same 400 both ways)
        assert response.status_code in (200, 400), response.content[:300]
        return response.status_code, response.content

    fast = body()
    monkeypatch.setattr(fast_items, "representer", lambda serializer: serializer.to_representation)
    assert body() == fast
