"""Every endpoint that /api/v2/ lists follows the same conventions, so that a client that
learnt one knows them all: paging, `fields`, `order`, `search`, `locale` with the Danish
fallback marked the same way, the audience parameters, `near`, one item meta, one shape of
coordinates, and the same 400 for the same mistake. Asked of the Sønderborg demo."""

import math
import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from frontend_api.urls import ENDPOINTS
from tests.factories import DocumentFactory

LISTINGS = [name for name in ENDPOINTS if name != "preview"]
#: not in a language: Wagtail's images and documents have no locale
WITHOUT_LANGUAGE = {"images", "documents"}
#: the checklist is a plan: searching would cut steps out of their order; the change feed
#: gives everything that changed, for an app's offline copy (which searches it itself); the
#: municipalities listing holds the host's one
WITHOUT_SEARCH = {"checklist", "changes", "municipalities"}
#: a listing of the one municipality the host serves
ONE_ITEM = {"municipalities"}
#: the change feed's order is its cursor's: (time of the change, page id)
WITHOUT_ORDER = {"changes"}
#: the change feed's items are the pages endpoint's details, whose fields are the models'
PAGE_DETAILS = {"changes"}
WITH_PLACES = {"communities", "events", "associations", "doctors"}
#: the order of each area's items when `order` is not given
NATURAL_ORDER = {"events": "start", "associations": "name", "doctors": "name"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    os.environ.setdefault("DEMO_PASSWORD", "demo-pass-2027")
    media = override_settings(DEBUG=True, MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        DocumentFactory.create_batch(2)  # the demo has no documents of its own
        yield
        transaction.set_rollback(True)


@pytest.fixture
def get(client, demo, db, settings):
    # the demo was built a moment ago: its changes count whole from the first request on,
    # not one more each time a change grows older than the settling time
    settings.CHANGES_SETTLE_SECONDS = 0

    def get(name, status=200, **params):
        response = client.get(f"/api/v2/{name}/", params)
        assert response.status_code == status, (name, params, response.content[:300])
        return response.json()

    return get


def bad(get, name, parameter, **params):
    data = get(name, status=400, **params)
    assert data["parameter"] == parameter, data
    assert data["message"]
    return data


def ids(data):
    return [item["id"] for item in data["items"]]


@pytest.mark.parametrize("name", LISTINGS)
def test_limit_and_offset_page_through_the_same_listing(get, name):
    everything = get(name, limit=settings.WAGTAILAPI_LIMIT_MAX)
    least = 1 if name in ONE_ITEM else 2
    assert everything["meta"]["total_count"] >= least, "the demo has two of everything"
    second = get(name, limit=1, offset=1)
    assert ids(second) == ids(everything)[1:2]
    assert second["meta"]["total_count"] == everything["meta"]["total_count"]


@pytest.mark.parametrize("name", LISTINGS)
@pytest.mark.parametrize(
    "parameter,value",
    [
        ("limit", "x"),
        ("limit", "-1"),
        ("limit", "1000"),
        ("offset", "x"),
        ("offset", "99999999999"),
    ],
)
def test_a_bad_limit_or_offset_is_the_same_400(get, name, parameter, value):
    bad(get, name, parameter, **{parameter: value})


@pytest.mark.parametrize("name", LISTINGS)
def test_an_unknown_parameter_is_named(get, name):
    data = bad(get, name, "colour", colour="blue")
    assert "limit" in data["allowed"]


@pytest.mark.parametrize("name", LISTINGS)
def test_fields_choose_what_an_item_has(get, name):
    assert all(set(item) == {"id"} for item in get(name, fields="_,id")["items"])
    everything = get(name, fields="*")["items"]
    assert all({"id", "meta"} <= set(item) for item in everything)
    assert all("id" not in item for item in get(name, fields="-id")["items"])
    data = bad(get, name, "fields", fields="no_such_field")
    assert "id" in data["allowed"]


@pytest.mark.parametrize("name", [name for name in LISTINGS if name not in WITHOUT_ORDER])
def test_order_by_id_either_way(get, name):
    up = ids(get(name, order="id", limit=100))
    assert up == sorted(up)
    down = ids(get(name, order="-id", limit=100))
    assert down == sorted(down, reverse=True)
    bad(get, name, "order", order="no_such_field")


@pytest.mark.parametrize("name", sorted(NATURAL_ORDER))
def test_the_natural_order_is_offered(get, name):
    field = NATURAL_ORDER[name]
    values = [item[field] for item in every_item(get, name, order=field, fields=f"_,{field}")]
    assert values == sorted(values)
    backwards = every_item(get, name, order=f"-{field}", fields=f"_,{field}")
    assert [item[field] for item in backwards] == sorted(values, reverse=True)


def every_item(get, name, **params):
    items, total = [], None
    while total is None or len(items) < total:
        data = get(name, limit=100, offset=len(items), **params)
        total = data["meta"]["total_count"]
        items += data["items"]
        assert data["items"] or len(items) == total
    return items


@pytest.mark.parametrize("name", [name for name in LISTINGS if name not in WITHOUT_SEARCH])
def test_search_narrows_the_listing(get, name):
    assert get(name, search="qqqxxqqq")["meta"]["total_count"] == 0
    assert get(name, search=" ")["meta"]["total_count"] == get(name)["meta"]["total_count"]
    for text in ('say "hi', '"', "*", "NEAR(", "a OR"):  # the full-text index's syntax
        get(name, search=text)


@pytest.mark.parametrize("name", LISTINGS)
def test_every_item_has_the_same_meta(client, get, name):
    for item in get(name, fields="*", limit=100)["items"]:
        meta = item["meta"]
        assert "." in meta["type"]
        if name not in WITHOUT_LANGUAGE:
            assert meta["locale"] in ("da", "en", "de")
            assert meta["fallback"] is False  # Danish was asked for
        if meta.get("detail_url"):
            detail = client.get(meta["detail_url"])
            assert detail.status_code == 200, meta["detail_url"]
            assert detail.json()["id"] == item["id"]


@pytest.mark.parametrize("name", [name for name in LISTINGS if name not in WITHOUT_LANGUAGE])
def test_a_danish_item_in_an_english_listing_says_it_is_a_fallback(get, name):
    items = get(name, locale="en", limit=100)["items"]
    assert items
    for item in items:
        meta = item["meta"]
        assert meta["locale"] in ("en", "da")
        assert meta["fallback"] == (meta["locale"] == "da"), item
    bad(get, name, "locale", locale="xx")
    bad(get, name, "fallback", fallback="perhaps")


@pytest.mark.parametrize("name", LISTINGS)
def test_the_audience_parameters_are_read_everywhere(get, name):
    everyone = get(name, limit=100)["meta"]["total_count"]
    some = get(name, origin="abroad", children="0", limit=100)["meta"]["total_count"]
    assert some <= everyone
    bad(get, name, "origin", origin="mars")
    bad(get, name, "children", children="perhaps")


@pytest.mark.parametrize("name", LISTINGS)
def test_an_id_that_is_not_a_number_is_a_400(client, demo, db, name):
    response = client.get(f"/api/v2/{name}/abc/")
    if name == "checklist":  # a plan, not items one by one
        assert response.status_code == 404
        return
    assert response.status_code == 400
    assert response.json()["parameter"] == "id"


@pytest.mark.parametrize("name", sorted(WITH_PLACES))
def test_near_is_one_parameter_with_one_shape_of_coordinates(get, name):
    point = (54.909, 9.792)  # Sønderborg
    items = get(name, near="54.909,9.792", within_km="30", fields="*", limit=100)["items"]
    assert items, "the demo has something near Sønderborg"
    for item in items:
        location = item["location"]
        assert set(location) == {"lat", "lon"}
        assert all(isinstance(value, float) for value in location.values())
        assert _km(point, (location["lat"], location["lon"])) <= 30.01
    for value in ("54.9", "north,south", "91,0"):
        bad(get, name, "near", near=value)
    bad(get, name, "within_km", near="54.9,9.8", within_km="-1")
    bad(get, name, "within_km", within_km="5")


@pytest.mark.parametrize("name", [name for name in LISTINGS if name not in PAGE_DETAILS])
def test_coordinates_are_numbers_or_null_everywhere(get, name):
    for item in get(name, fields="*", limit=100)["items"]:
        assert "latitude" not in item and "lat" not in item
        if "location" in item and item["location"] is not None:
            assert set(item["location"]) == {"lat", "lon"}


def _km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))
