"""Every calendar item and event detail carries its schema.org Event as JSON-LD: the date of
the item with its offset, the place with a real address, who arranges it, the price as an
offer, cancelled dates as cancelled; read back by rdflib and held against schema.org's
vocabulary."""

import datetime
from decimal import Decimal

import jsonschema
import pytest

from events.structured_data import CANCELLED, IN_PERSON, SCHEDULED
from tests.events.factories import CPH, ImportedEventFactory
from tests.schemaorg import check

pytestmark = pytest.mark.django_db

LISTING = "/api/v2/events/"
WINTER = {"from": "2027-01-01", "to": "2027-03-31"}


def at(*args):
    return datetime.datetime(*args, tzinfo=CPH)


def items(client, **params):
    response = client.get(LISTING, params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def detail(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def documented(client, component):
    """The OpenAPI document's description of `json_ld` in `component`."""
    document = client.get("/api/v2/schema/", {"format": "json"}).json()
    return document["components"]["schemas"][component]["properties"]["json_ld"]


def test_a_listing_item_is_a_schema_org_event_on_its_date(client, make_event):
    concert = make_event(
        title="Koncert i Alsion",
        summary="Sønderjyllands Symfoniorkester spiller Carl Nielsen.",
        start=at(2027, 2, 5, 19, 30),
        end=at(2027, 2, 5, 21, 30),
        place_name="Alsion",
        address="Alsion 2, 6400 Sønderborg",
        latitude=Decimal("54.911"),
        longitude=Decimal("9.780"),
        organiser="Sønderborg Kommune",
        price=Decimal("150"),
        join_mode="link",
        join_url="https://billetter.example.dk/koncert",
        languages=["da", "de"],
    )
    [item] = items(client, **WINTER)
    ld = item["json_ld"]
    assert ld == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Koncert i Alsion",
        "description": "Sønderjyllands Symfoniorkester spiller Carl Nielsen.",
        "startDate": "2027-02-05T19:30:00+01:00",
        "endDate": "2027-02-05T21:30:00+01:00",
        "eventStatus": SCHEDULED,
        "eventAttendanceMode": IN_PERSON,
        "location": {
            "@type": "Place",
            "name": "Alsion",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "Alsion 2",
                "postalCode": "6400",
                "addressLocality": "Sønderborg",
                "addressCountry": "DK",
            },
            "geo": {"@type": "GeoCoordinates", "latitude": 54.911, "longitude": 9.78},
        },
        "organizer": {"@type": "Organization", "name": "Sønderborg Kommune"},
        "offers": {
            "@type": "Offer",
            "price": "150.00",
            "priceCurrency": "DKK",
            "url": "https://billetter.example.dk/koncert",
        },
        "inLanguage": ["da", "de"],
        "url": concert.get_full_url(),
    }
    assert (ld["startDate"], ld["endDate"]) == (item["start"], item["end"])
    jsonschema.validate(ld, documented(client, "Occurrence"))
    _, types = check(ld)
    assert sorted(types.values()) == [
        "Event",
        "GeoCoordinates",
        "Offer",
        "Organization",
        "Place",
        "PostalAddress",
    ]


def test_each_date_of_a_repeating_event_has_its_own_dates(client, make_event):
    make_event(
        title="Sprogcafé",
        start=at(2027, 3, 16, 17),
        end=at(2027, 3, 16, 19),
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    listed = items(client, **{"from": "2027-03-01", "to": "2027-04-30"})
    dates = [(item["json_ld"]["startDate"], item["json_ld"]["endDate"]) for item in listed]
    # the third date is in summer time: the offset follows
    assert dates == [
        ("2027-03-16T17:00:00+01:00", "2027-03-16T19:00:00+01:00"),
        ("2027-03-23T17:00:00+01:00", "2027-03-23T19:00:00+01:00"),
        ("2027-03-30T17:00:00+02:00", "2027-03-30T19:00:00+02:00"),
    ]
    for item in listed:
        check(item["json_ld"])


def test_a_free_community_event_is_arranged_by_its_community(client, make_event, community):
    make_event(parent=community, start=at(2027, 1, 20, 18), end=at(2027, 1, 20, 20))
    ld = items(client, **WINTER)[0]["json_ld"]
    assert "offers" not in ld
    assert ld["isAccessibleForFree"] is True
    assert ld["organizer"] == {"@type": "Organization", "name": community.title}
    check(ld)


def test_the_detail_lists_coming_dates_and_the_cancelled_one(client, make_event):
    start = (datetime.datetime.now(CPH) + datetime.timedelta(days=8)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    dates = [start + datetime.timedelta(weeks=n) for n in range(4)]
    walk = make_event(
        title="Gåtur",
        start=start,
        end=start + datetime.timedelta(hours=1),
        rrule="FREQ=WEEKLY;COUNT=4",
        exdates=[dates[1].date().isoformat()],
    )
    data = detail(client, f"/api/v2/events/{walk.pk}/")
    ld = data["json_ld"]
    assert ld["startDate"] == data["start"]
    assert ld["eventStatus"] == SCHEDULED
    sub = [(event["startDate"], event["eventStatus"]) for event in ld["subEvent"]]
    assert sub == [
        (dates[0].isoformat(), SCHEDULED),
        (dates[1].isoformat(), CANCELLED),
        (dates[2].isoformat(), SCHEDULED),
        (dates[3].isoformat(), SCHEDULED),
    ]
    assert [o["start"] for o in data["occurrences"]] == [dates[n].isoformat() for n in (0, 2, 3)]
    assert ld["subEvent"][1]["location"] == ld["location"]
    jsonschema.validate(ld, documented(client, "EventDetail"))
    _, types = check(ld)
    assert list(types.values()).count("Event") == 5


def test_a_single_event_whose_date_is_cancelled_says_so(client, make_event):
    start = at(2027, 2, 10, 19)
    party = make_event(start=start, end=start + datetime.timedelta(hours=3), exdates=["2027-02-10"])
    assert items(client, **WINTER) == []
    ld = detail(client, f"/api/v2/events/{party.pk}/")["json_ld"]
    assert ld["eventStatus"] == CANCELLED
    assert "subEvent" not in ld
    check(ld)


def test_an_all_day_event_gives_dates_with_the_last_day_included(client, make_event):
    make_event(
        title="Ringridning",
        all_day=True,
        start=at(2027, 3, 5),
        end=at(2027, 3, 8),  # stored with the next midnight as its end: 5-7 March
    )
    ld = items(client, **WINTER)[0]["json_ld"]
    assert (ld["startDate"], ld["endDate"]) == ("2027-03-05", "2027-03-07")
    check(ld)


def test_an_imported_event_links_to_its_own_page(client):
    event = ImportedEventFactory(
        title="Byvandring i Aabenraa",
        description="En guidet tur gennem den gamle bydel.",
        url="https://aabenraa.example.dk/byvandring",
        start=at(2027, 2, 6, 14),
        end=at(2027, 2, 6, 16),
        place_name="",
        address="Storegade 30, 6200 Aabenraa",
        price=Decimal("50"),
    )
    [item] = items(client, **WINTER)
    ld = item["json_ld"]
    assert ld["url"] == "https://aabenraa.example.dk/byvandring"
    assert ld["offers"]["url"] == "https://aabenraa.example.dk/byvandring"
    assert ld["description"] == "En guidet tur gennem den gamle bydel."
    assert ld["location"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Storegade 30",
            "postalCode": "6200",
            "addressLocality": "Aabenraa",
            "addressCountry": "DK",
        },
    }
    assert "organizer" not in ld
    check(ld)
    assert detail(client, f"/api/v2/events/imported/{event.pk}/")["json_ld"] == ld


def test_an_event_without_a_place_names_no_attendance_mode(client, make_event):
    make_event(place_name="", address="", start=at(2027, 1, 12, 10), end=at(2027, 1, 12, 11))
    ld = items(client, **WINTER)[0]["json_ld"]
    assert "location" not in ld
    assert "eventAttendanceMode" not in ld
    check(ld)
