"""The calendar API: one item per date, in a window, filtered, localised, with seats left."""

import datetime
from decimal import Decimal

import pytest
from wagtail.models import Locale

from events.models import OccurrenceSeats
from tests.conftest import translate
from tests.events.factories import CPH, ImportedEventFactory

pytestmark = pytest.mark.django_db

URL = "/api/v2/events/"


def at(*args):
    return datetime.datetime(*args, tzinfo=CPH)


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def bad(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 400, response.content
    return response.json()


YEAR_2027 = {"from": "2027-01-01", "to": "2027-12-31"}


def test_a_monthly_event_gives_one_item_per_date_at_the_same_local_time(client, make_event):
    cafe = make_event(
        title="CaféNy",
        start=at(2026, 12, 8, 17),
        end=at(2026, 12, 8, 19),
        rrule="FREQ=MONTHLY;BYDAY=2TU",
    )
    data = get(client, **YEAR_2027)
    assert data["meta"]["total_count"] == 12
    starts = [item["start"] for item in data["items"][:12]]
    assert starts[0] == "2027-01-12T17:00:00+01:00"
    assert starts[2] == "2027-03-09T17:00:00+01:00"  # before the change to summer time
    assert starts[3] == "2027-04-13T17:00:00+02:00"
    assert data["items"][3]["end"] == "2027-04-13T19:00:00+02:00"
    assert {item["id"] for item in data["items"]} == {cafe.pk}
    assert data["items"][0]["meta"]["type"] == "events.EventPage"
    assert data["items"][0]["meta"]["detail_url"].endswith(f"/api/v2/events/{cafe.pk}/")


def test_items_from_several_events_are_sorted_by_start(client, make_event):
    late = make_event(title="Sent", start=at(2027, 2, 1, 20), end=at(2027, 2, 1, 22))
    early = make_event(title="Tidligt", start=at(2027, 2, 1, 9), end=at(2027, 2, 1, 10))
    weekly = make_event(
        title="Ugentlig", start=at(2027, 1, 25, 12), end=at(2027, 1, 25, 13), rrule="FREQ=WEEKLY"
    )
    data = get(client, **{"from": "2027-01-25", "to": "2027-02-02"})
    assert [item["id"] for item in data["items"]] == [weekly.pk, early.pk, weekly.pk, late.pk]


def test_the_default_window_is_the_next_60_days(client, make_event):
    soon = make_event(title="Snart")  # a week from now
    make_event(
        title="Senere",
        start=soon.start + datetime.timedelta(days=90),
        end=soon.end + datetime.timedelta(days=90),
    )
    data = get(client)
    assert [item["title"] for item in data["items"]] == ["Snart"]


def test_cancelled_and_extra_dates_are_honoured(client, make_event):
    make_event(
        start=at(2027, 3, 1, 10),
        end=at(2027, 3, 1, 11),
        rrule="FREQ=WEEKLY;COUNT=3",
        exdates=["2027-03-08"],
        rdates=["2027-03-10T14:30"],
    )
    data = get(client, **{"from": "2027-03-01", "to": "2027-03-31"})
    assert [item["start"] for item in data["items"]] == [
        "2027-03-01T10:00:00+01:00",
        "2027-03-10T14:30:00+01:00",
        "2027-03-15T10:00:00+01:00",
    ]


def test_all_day_events_keep_their_dates(client, make_event):
    make_event(start=at(2027, 6, 5), end=at(2027, 6, 7), all_day=True)
    item = get(client, **{"from": "2027-06-01", "to": "2027-06-30"})["items"][0]
    assert item["all_day"] is True
    assert (item["start"], item["end"]) == (
        "2027-06-05T00:00:00+02:00",
        "2027-06-07T00:00:00+02:00",
    )


def test_limit_and_offset_page_through_the_dates(client, make_event):
    make_event(start=at(2027, 1, 1, 9), end=at(2027, 1, 1, 10), rrule="FREQ=DAILY")
    data = get(client, limit=5, offset=10, **YEAR_2027)
    assert data["meta"]["total_count"] == 365
    assert [item["start"][:10] for item in data["items"]] == [
        f"2027-01-{day}" for day in range(11, 16)
    ]


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"from": "2027-02-01", "to": "2027-01-01"}, "to"),
        ({"from": "2027-01-01", "to": "2028-03-01"}, "to"),
        ({"from": "next tuesday"}, "from"),
        ({"from": "0001-01-01"}, "from"),
        ({"to": "2027-13-01"}, "to"),
        ({"category": "cooking"}, "category"),
        ({"audience": "aliens"}, "audience"),
        ({"language": "xx"}, "language"),
        ({"origin": "mars"}, "origin"),
        ({"children": "maybe"}, "children"),
        ({"community": "abc"}, "community"),
        ({"near": "54.9"}, "near"),
        ({"near": "95,9"}, "near"),
        ({"within_km": "5"}, "within_km"),
        ({"near": "54.9,9.8", "within_km": "-1"}, "within_km"),
        ({"limit": "101"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"locale": "fr"}, "locale"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, calendar_index, params, parameter):
    assert bad(client, **params)["parameter"] == parameter


def test_community_filter_takes_any_language_copy(client, make_event, community, make_community):
    mine = make_event(parent=community, title="Høstfest")
    make_event(parent=make_community(title="Guderup"), title="Andet")
    make_event(title="Kommunens")
    english = community.get_translation(Locale.objects.get(language_code="en"))
    for community_id in (community.pk, english.pk):
        data = get(client, community=community_id)
        assert [item["id"] for item in data["items"]] == [mine.pk]
        assert data["items"][0]["community"] == {"id": community.pk, "title": "Nordborg"}


def test_an_event_in_the_services_calendar_has_no_community(client, make_event):
    make_event()
    assert get(client)["items"][0]["community"] is None


def test_category_language_and_calendar_audience_filters(client, make_event):
    quiz = make_event(title="Quiz", categories=["social"], languages=["da"])
    hike = make_event(
        title="Vandretur",
        categories=["nature", "sport"],
        languages=["en"],
        calendar_audiences=["tourists"],
    )
    fair = make_event(
        title="Jobmesse", categories=["career"], languages=["de"], calendar_audiences=["locals"]
    )

    def ids(**params):
        return {item["id"] for item in get(client, **params)["items"]}

    assert ids(category="sport") == {hike.pk}
    assert ids(category="career,social") == {fair.pk, quiz.pk}
    assert ids(language="en,de") == {hike.pk, fair.pk}
    assert ids(audience="tourists") == {quiz.pk, hike.pk}  # untagged is for everyone
    assert ids(audience="locals") == {quiz.pk, fair.pk}


def test_origin_and_household_parameters_use_the_apis_audience_rule(client, make_event):
    everyone = make_event(audiences=[])
    eu = make_event(audiences=["eu"])
    families = make_event(audiences=["children"])

    def ids(**params):
        return {item["id"] for item in get(client, **params)["items"]}

    assert ids(origin="non_eu") == {everyone.pk, families.pk}
    assert ids(origin="abroad") == {everyone.pk, eu.pk, families.pk}
    assert ids(children="0") == {everyone.pk, eu.pk}


def test_search_looks_in_title_summary_and_place(client, make_event):
    by_title = make_event(title="Brætspilsaften")
    by_summary = make_event(summary="Vi spiller brætspil")
    by_place = make_event(place_name="Brætspilscaféen")
    make_event(title="Løb")
    ids = {item["id"] for item in get(client, search="BRÆTSPIL")["items"]}
    assert ids == {by_title.pk, by_summary.pk, by_place.pk}


def test_near_keeps_events_within_the_distance(client, make_event):
    sonderborg = make_event(latitude=54.9138, longitude=9.7922)
    nordborg = make_event(latitude=55.0573, longitude=9.7425)  # ~16 km
    make_event(latitude=None, longitude=None)

    def ids(**params):
        return {item["id"] for item in get(client, near="54.91,9.79", **params)["items"]}

    assert ids(within_km=5) == {sonderborg.pk}
    assert ids(within_km=20) == {sonderborg.pk, nordborg.pk}
    assert ids() == {sonderborg.pk, nordborg.pk}  # 25 km by default


def test_the_asked_language_with_the_danish_fallback(client, make_event):
    translated = make_event(title="Fællesspisning")
    english = translate(translated, "en")
    english.title = "Community dinner"
    english.save_revision().publish()
    make_event(title="Kun på dansk")
    items = get(client, locale="en")["items"]
    assert {(i["title"], i["meta"]["locale"], i["meta"]["fallback"]) for i in items} == {
        ("Community dinner", "en", False),
        ("Kun på dansk", "da", True),
    }
    assert {i["title"] for i in get(client, locale="en", fallback="false")["items"]} == {
        "Community dinner"
    }
    assert {i["title"] for i in get(client)["items"]} == {"Fællesspisning", "Kun på dansk"}


def test_drafts_and_unpublished_events_are_not_listed(client, make_event):
    make_event(title="Udkast", draft=True)
    gone = make_event(title="Afpubliceret")
    gone.unpublish()
    assert get(client)["items"] == []


def test_events_below_an_unpublished_community_are_not_listed(client, make_event, community):
    make_event(parent=community)
    community.unpublish()
    assert get(client)["items"] == []


def test_seats_left_per_date_for_registration_events_only(client, make_event):
    seated = make_event(registration=True, rrule="FREQ=WEEKLY;COUNT=2", title="Velkomstdag")
    make_event(title="Bare mød op")
    OccurrenceSeats.objects.create(event_key=seated.translation_key, start=seated.start, taken=3)
    items = {(i["title"], i["start"]): i for i in get(client)["items"]}
    seats = sorted((i["title"], i["seats_left"]) for i in items.values())
    assert seats == [("Bare mød op", None), ("Velkomstdag", 7), ("Velkomstdag", 10)]
    registration = next(i for i in items.values() if i["title"] == "Velkomstdag")
    assert registration["join"] == {"mode": "registration", "url": None}


def test_an_item_carries_place_price_organiser_and_join(client, make_event):
    make_event(
        price=Decimal("50"),
        organiser="Sønderborg Bibliotek",
        join_mode="link",
        join_url="https://example.dk/tilmeld",
        latitude=54.9138,
        longitude=9.7922,
    )
    item = get(client)["items"][0]
    assert item["price"] == "50.00"
    assert item["organiser"] == "Sønderborg Bibliotek"
    assert item["join"] == {"mode": "link", "url": "https://example.dk/tilmeld"}
    assert item["place"] == {
        "name": "Sønderborg Bibliotek",
        "address": "Kongevej 2, 6400 Sønderborg",
    }
    assert item["location"] == {"lat": 54.9138, "lon": 9.7922}
    assert item["distance_km"] is None
    assert item["source"] is None


def test_imported_events_are_listed_with_their_source(client, make_event):
    event = make_event(title="Her")
    imported = ImportedEventFactory(
        title="Aabenraa Byfest", start=event.start + datetime.timedelta(hours=1)
    )
    items = get(client)["items"]
    assert [(i["meta"]["type"], i["id"]) for i in items] == [
        ("events.EventPage", event.pk),
        ("events.ImportedEvent", imported.pk),
    ]
    assert items[1]["source"] == {"name": "Aabenraa Kommune", "region": "Aabenraa"}
    assert items[1]["meta"]["detail_url"].endswith(f"/api/v2/events/imported/{imported.pk}/")
    assert items[1]["seats_left"] is None


def test_an_unknown_community_has_no_events(client, make_event):
    make_event()
    ImportedEventFactory()
    assert get(client, community="999999")["items"] == []


def test_community_filter_leaves_out_imported_events(client, make_event, community):
    make_event(parent=community)
    ImportedEventFactory()
    listed = get(client, community=community.pk)["items"]
    assert [i["meta"]["type"] for i in listed] == ["events.EventPage"]


# --- detail -------------------------------------------------------------------------------------


def test_the_detail_gives_the_event_with_its_next_ten_dates(client, make_event):
    event = make_event(registration=True, rrule="FREQ=WEEKLY", summary="Hver uge")
    data = client.get(f"{URL}{event.pk}/").json()
    assert data["id"] == event.pk and data["summary"] == "Hver uge"
    assert data["repeats"] == "FREQ=WEEKLY"
    assert len(data["occurrences"]) == 10
    assert data["occurrences"][0]["seats_left"] == 10
    assert data["occurrences"][1]["start"] > data["occurrences"][0]["start"]
    assert data["ical_url"].endswith(f"/api/v2/events/{event.pk}/event.ics")


def test_the_detail_of_an_imported_event(client):
    imported = ImportedEventFactory(url="https://aabenraa.dk/byfest")
    data = client.get(f"{URL}imported/{imported.pk}/").json()
    assert data["source"]["region"] == "Aabenraa"
    assert data["url"] == "https://aabenraa.dk/byfest"
    assert len(data["occurrences"]) == 1


def test_a_draft_has_no_detail(client, make_event):
    draft = make_event(draft=True)
    response = client.get(f"{URL}{draft.pk}/")
    assert response.status_code == 404
    assert "message" in response.json()
    assert client.get(f"{URL}{2**63}/").status_code == 404
    assert client.get(f"{URL}imported/{2**63}/").status_code == 404


def test_the_api_root_lists_the_calendar(client, db):
    endpoints = client.get("/api/v2/").json()["endpoints"]
    assert endpoints["events"].endswith("/api/v2/events/")


def test_order_by_start_either_way_and_nearest_first_with_near(client, make_event):
    near = make_event(title="Nær", latitude=54.9138, longitude=9.7922)
    far = make_event(
        title="Fjern",
        latitude=55.0573,
        longitude=9.7425,
        start=near.start - datetime.timedelta(hours=2),
        end=near.start - datetime.timedelta(hours=1),
    )
    assert [i["id"] for i in get(client)["items"]] == [far.pk, near.pk]
    assert [i["id"] for i in get(client, order="-start")["items"]] == [near.pk, far.pk]
    items = get(client, near="54.91,9.79", fields="_,id,distance_km,location")["items"]
    assert [i["id"] for i in items] == [near.pk, far.pk]
    assert items[0]["distance_km"] < items[1]["distance_km"] < 25
    assert items[0]["location"] == {"lat": 54.9138, "lon": 9.7922}
