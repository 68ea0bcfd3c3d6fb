"""The listing in SQL on the table of dates: the window, filters, order and pages agree with
a brute-force expansion of every event's rule, and its queries do not grow with the window."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import occurrences
from events.models import EventPage, ImportedEvent
from guide.location import distance_km
from tests.events.factories import CPH, ImportedEventFactory

pytestmark = pytest.mark.django_db
NEAR = (54.91, 9.79)


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.API_CACHE = False


def at(*args):
    return datetime.datetime(*args, tzinfo=CPH)


@pytest.fixture
def calendar(make_event, community):
    """Pages and imported events of every kind: rules with cancelled and extra dates, all-day,
    categories, audiences, places near and far, titles to search in any case."""
    where = {"latitude": 54.92, "longitude": 9.80}
    far = {"latitude": 55.60, "longitude": 12.50}
    make_event(
        title="Brætspil",
        start=at(2027, 3, 1, 19),
        end=at(2027, 3, 1, 21),
        rrule="FREQ=WEEKLY",
        exdates=["2027-03-15"],
        rdates=["2027-03-17T18:00"],
        categories=["social"],
        **where,
    )
    make_event(
        parent=community,
        title="Løb",
        summary="Morgenløb langs fjorden",
        start=at(2027, 2, 27, 7),
        end=at(2027, 2, 27, 8),
        rrule="FREQ=DAILY;COUNT=40",
        categories=["sport"],
        calendar_audiences=["locals"],
        **far,
    )
    make_event(
        title="Marked",
        start=at(2027, 3, 6),
        end=at(2027, 3, 8),
        all_day=True,
        rrule="FREQ=MONTHLY;UNTIL=20270901",
        categories=["culture"],
        calendar_audiences=["tourists"],
        place_name="Torvet",
        **where,
    )
    for day in (2, 9, 9):
        make_event(
            title=f"Jobmesse {day}",
            start=at(2027, 3, day, 10),
            end=at(2027, 3, day, 14),
            categories=["career"],
            registration=True,
        )
    ImportedEventFactory(
        title="Koncert i BRÆTSPILCAFÉEN",
        start=at(2027, 3, 1, 19),
        end=at(2027, 3, 1, 20),
        rrule="FREQ=WEEKLY;BYDAY=MO,TH",
        categories=["culture"],
        **where,
    )
    ImportedEventFactory(
        title="Foredrag",
        start=at(2027, 3, 9, 10),
        end=at(2027, 3, 9, 14),
        categories=["career"],
        calendar_audiences=["tourists"],
    )


def brute_force(params):
    """The listing's (type, id, start) as the calendar gave it before the table: every
    event's rule expanded in the window, filtered and sorted in Python."""
    start = at(*map(int, params["from"].split("-")))
    end = at(*map(int, params["to"].split("-"))) + timedelta(days=1)
    found = []
    for event in [*EventPage.objects.live().specific(), *ImportedEvent.objects.all()]:
        imported = isinstance(event, ImportedEvent)
        texts = (event.title, event.description if imported else event.summary, event.place_name)
        if "category" in params and not set(event.categories) & {params["category"]}:
            continue
        audiences = event.calendar_audiences
        if "audience" in params and audiences and params["audience"] not in audiences:
            continue
        if "search" in params and not any(
            params["search"].casefold() in text.casefold() for text in texts
        ):
            continue
        distance = distance_km(NEAR, event.point) if event.point else None
        if "near" in params and (distance is None or distance > 25):
            continue
        for occurrence in event.occurrences(start, end):
            found.append((occurrence.start, imported, event.pk, distance))
    found.sort(key=lambda row: row[:3])
    order = params.get("order")
    if "near" in params and order is None:
        found.sort(key=lambda row: row[3])
    elif order:
        names = order.split(",")
        names += [] if "id" in {name.lstrip("-") for name in names} else ["id"]
        for name in reversed(names):
            index = 0 if name.lstrip("-") == "start" else 2
            found.sort(key=lambda row: row[index], reverse=name.startswith("-"))
    kinds = {False: "events.EventPage", True: "events.ImportedEvent"}
    return [(kinds[imported], pk, start) for start, imported, pk, _distance in found]


def listed(client, params):
    """Every item of the listing, page by page, and the total it reported."""
    items, offset = [], 0
    while True:
        response = client.get("/api/v2/events/", {**params, "limit": 7, "offset": offset})
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        page = body["items"]
        items += [
            (i["meta"]["type"], i["id"], datetime.datetime.fromisoformat(i["start"])) for i in page
        ]
        offset += 7
        if not page:
            return items, body["meta"]["total_count"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"order": "-start"},
        {"order": "id"},
        {"order": "-id,start"},
        {"category": "career"},
        {"audience": "tourists"},
        {"search": "BRÆTSPIL"},
        {"search": "fjorden"},
        {"near": "54.91,9.79"},
        {"near": "54.91,9.79", "order": "-start"},
        {"category": "culture", "search": "torvet"},
    ],
)
def test_the_listing_agrees_with_a_brute_force_expansion(client, calendar, params):
    params = {"from": "2027-02-25", "to": "2027-04-30", **params}
    items, total = listed(client, params)
    expected = brute_force(params)
    assert items == expected
    assert total == len(expected)


def test_the_queries_do_not_grow_with_the_window(client, make_event, community):
    for n in range(10):
        make_event(
            parent=community if n % 2 else None,
            registration=n % 3 == 0,
            start=at(2027, 1, 1, 8 + n),
            end=at(2027, 1, 1, 9 + n),
            rrule="FREQ=DAILY",
        )
    ImportedEventFactory(start=at(2027, 1, 1, 10), end=at(2027, 1, 1, 11), rrule="FREQ=DAILY")
    counts = {}
    for to in ("2027-03-01", "2028-04-03"):  # 1 day, 400 days
        params = {"from": "2027-03-01", "to": to, "limit": 50}
        client.get("/api/v2/events/", params)  # warm the per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v2/events/", params)
        counts[to] = (len(queries), response.json()["meta"]["total_count"])
    assert counts == {"2027-03-01": (7, 11), "2028-04-03": (7, 11 * 400)}


def test_a_window_past_the_dates_listed_is_refused_naming_the_last_date(client):
    last = occurrences.listed_until().astimezone(CPH).date() - timedelta(days=1)
    ok = client.get("/api/v2/events/", {"from": str(last - timedelta(days=5)), "to": str(last)})
    assert ok.status_code == 200
    params = {"from": str(last), "to": str(last + timedelta(days=1))}
    for url in ("/api/v2/events/", "/api/v2/events/feed.ics"):
        response = client.get(url, params)
        assert response.status_code == 400
        assert str(last) in response.content.decode()
        assert response.json()["parameter"] == "to"


def test_a_date_that_began_long_before_the_window_is_still_listed(client, make_event):
    """The listing reads the dates from the window's start less the longest date: an
    exhibition open for four months is in a window that begins in its third month."""
    exhibition = make_event(title="Udstilling", start=at(2027, 1, 1, 10), end=at(2027, 5, 1, 16))
    ended = make_event(title="Sommerkursus", start=at(2027, 1, 1, 10), end=at(2027, 3, 14, 16))
    evening = make_event(title="Foredrag", start=at(2027, 3, 15, 19), end=at(2027, 3, 15, 21))
    body = client.get("/api/v2/events/", {"from": "2027-03-15", "to": "2027-03-20"}).json()
    assert [item["id"] for item in body["items"]] == [exhibition.pk, evening.pk]
    assert body["meta"]["total_count"] == 2
    assert ended.pk not in [item["id"] for item in body["items"]]


def test_the_count_is_the_dates_listed_however_they_meet_the_windows_start(client, make_event):
    """The count reads the dates that start in the window event by event and the few that
    start before it date by date, comparing their end: a date that ends as the window
    begins is in neither the count nor the items, one running across its start and one
    starting with it are in both, pages and imported events alike."""
    make_event(title="Aftenkaffe", start=at(2027, 3, 14, 22), end=at(2027, 3, 15, 0))
    across = make_event(title="Nattevandring", start=at(2027, 3, 14, 23), end=at(2027, 3, 15, 1))
    midnight = make_event(title="Midnatsløb", start=at(2027, 3, 15, 0), end=at(2027, 3, 15, 1))
    daily = make_event(
        title="Morgensang", start=at(2027, 3, 10, 8), end=at(2027, 3, 10, 9), rrule="FREQ=DAILY"
    )
    imported = ImportedEventFactory(
        start=at(2027, 3, 14, 23, 30), end=at(2027, 3, 15, 0, 30), rrule="FREQ=DAILY"
    )
    params = {"from": "2027-03-15", "to": "2027-03-17", "limit": 50}
    body = client.get("/api/v2/events/", params).json()
    listed = [(item["meta"]["type"], item["id"]) for item in body["items"]]
    page, other = "events.EventPage", "events.ImportedEvent"
    assert listed[:3] == [(page, across.pk), (other, imported.pk), (page, midnight.pk)]
    assert listed.count((page, daily.pk)) == 3  # the 15th, 16th and 17th
    assert listed.count((other, imported.pk)) == 4  # from the 14th, across midnight, on
    assert body["meta"]["total_count"] == len(listed) == 9
