"""The calendar's count keeps the totals of whole hours per process (`HourTotals`), by the
version of the pages and the dates: with the response cache off, every listing is rendered,
and its count is what the dates hold however its window moves, and after any change."""

import datetime
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.calendar_query import HourTotals
from events.models import EventPage, ImportedEvent
from tests.events import registration_helpers
from tests.events.factories import CPH, ImportedEventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered(settings):
    settings.API_CACHE = False


def at(*args):
    return datetime.datetime(*args, tzinfo=CPH)


def local(moment):
    return moment.strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def dates(make_event, community):
    """Dates on the hour, on the half hour, several in one hour, across midnight, one long
    from before every window, on the edges of the first window; pages and imported events."""
    make_event(
        title="Morgensang", start=at(2027, 3, 1, 9), end=at(2027, 3, 1, 10), rrule="FREQ=DAILY"
    )
    make_event(
        parent=community,
        title="Svømning",
        start=at(2027, 3, 1, 17, 30),
        end=at(2027, 3, 1, 18, 15),
        rrule="FREQ=DAILY;BYDAY=MO,WE,FR",
    )
    make_event(
        title="Strik", start=at(2027, 3, 1, 17, 45), end=at(2027, 3, 1, 19), rrule="FREQ=DAILY"
    )
    make_event(title="Udstilling", start=at(2027, 1, 1, 10), end=at(2027, 6, 1, 16))
    # the first window's edges: its first whole hour, its last, and its very end
    for hour, minute in ((9, 0), (17, 0), (17, 45)):
        make_event(
            title=f"Kant {hour}:{minute}",
            start=at(2027, 3, 25, hour, minute),
            end=at(2027, 3, 25, hour, minute) + timedelta(minutes=30),
        )
    ImportedEventFactory(
        title="Nattekoncert",
        start=at(2027, 3, 1, 23, 30),
        end=at(2027, 3, 2, 0, 30),
        rrule="FREQ=DAILY",
    )


def expected(start, end):
    """How many dates of the shown events overlap the window, from every event's rule."""
    events = [
        *EventPage.objects.live().filter(locale__language_code="da").specific(),
        *ImportedEvent.objects.all(),
    ]
    return sum(len(list(event.occurrences(start, end))) for event in events)


def total(client, start, end, **extra):
    params = {"from": local(start), "to": local(end), "limit": 5}
    response = client.get("/api/v2/events/", params, **extra)
    assert response.status_code == 200, response.content[:300]
    assert response["X-Cache"] in ("BYPASS", "MISS")
    return response.json()["meta"]["total_count"]


FIRST = (at(2027, 3, 15, 8, 30), at(2027, 3, 25, 17, 45))


def test_a_window_moving_by_the_minute_counts_what_the_dates_hold(client, dates):
    """A window moved forward, widened at either end, moved far away and back: each count is
    the dates' own, whether its hours were kept, read at an end, or read afresh."""
    start, end = FIRST
    windows = [
        (start + k * timedelta(minutes=50), end + k * timedelta(minutes=50)) for k in range(8)
    ]
    windows += [
        (start - timedelta(days=3, minutes=10), end),  # hours before the kept ones
        (start - timedelta(days=4), end + timedelta(days=9)),  # both ends at once
        (at(2027, 3, 16, 9), at(2027, 3, 24, 17)),  # on the hour at both ends
        (at(2027, 5, 3, 7, 5), at(2027, 5, 20)),  # far from them: afresh
        (start, end),  # and back
    ]
    counted = [total(client, a, b) for a, b in windows]
    assert counted == [expected(a, b) for a, b in windows]
    # by hand: Morgensang 15th-25th, Svømning Mon/Wed/Fri, Strik up to the 24th (the 25th
    # starts as the window ends), Udstilling, two edges, Nattekoncert 15th-24th
    assert counted[0] == 11 + 5 + 10 + 1 + 2 + 10


def test_a_date_on_an_edge_of_the_kept_hours_is_counted_once(client, dates):
    """9:00 begins the first whole hour of the first window, 17:00 its last part hour, and a
    date at 17:45 starts as it ends: in, in, out."""
    start, end = FIRST
    params = {"from": local(at(2027, 3, 25, 8, 30)), "to": local(end), "limit": 50}
    for _ in range(2):  # with its hours read, then kept
        body = client.get("/api/v2/events/", params).json()
        titles = [item["title"] for item in body["items"]]
        assert {"Kant 9:0", "Kant 17:0"} <= set(titles)
        assert "Kant 17:45" not in titles
        assert body["meta"]["total_count"] == len(titles) == expected(at(2027, 3, 25, 8, 30), end)


def test_a_change_to_the_dates_is_counted_in_the_next_listing(client, dates, make_event):
    start, end = FIRST
    before = total(client, start, end)
    assert total(client, start, end) == before
    added = make_event(title="Foredrag", start=at(2027, 3, 20, 12), end=at(2027, 3, 20, 13))
    assert total(client, start, end) == before + 1
    added.unpublish()
    assert total(client, start, end) == before
    ImportedEvent.objects.get(title="Nattekoncert").delete()
    assert total(client, start, end) == before - 10 == expected(start, end)


def counted_hours(queries):
    """Whether the count read the totals of hours (rather than all kept)."""
    return any("GROUP BY" in query["sql"] for query in queries)


def test_a_registration_leaves_the_kept_hours_standing(client, make_event):
    """A registration renews the seats, not the dates: the next count reads its edges only."""
    # written as a request writes it: its change announced at its commit
    event = registration_helpers.committed(
        make_event,
        title="Jobmesse",
        start=at(2027, 3, 20, 10),
        end=at(2027, 3, 20, 14),
        rrule="FREQ=DAILY;COUNT=3",
        registration=True,
    )
    start, end = FIRST
    with CaptureQueriesContext(connection) as first:
        assert total(client, start, end) == 3
    with CaptureQueriesContext(connection) as again:
        assert total(client, start, end) == 3
    assert counted_hours(first.captured_queries)
    assert not counted_hours(again.captured_queries)
    response = registration_helpers.post(client, event)
    assert response.status_code == 201, response.content[:300]
    with CaptureQueriesContext(connection) as after:
        assert total(client, start, end) == 3
    assert not counted_hours(after.captured_queries)


def test_a_signed_in_client_is_counted_afresh_and_the_same(client, dates, admin_user):
    """A session may pass view restrictions, so its count keeps nothing: it still agrees."""
    start, end = FIRST
    anonymous = total(client, start, end)
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as queries:
        assert total(client, start, end) == anonymous == expected(start, end)
    assert not counted_hours(queries.captured_queries)


def test_an_extra_date_before_the_rules_start_is_listed_in_any_window(client, make_event):
    """An extra date may come before the rule's first: a narrow window around it lists it,
    and counts it, whether a wider window kept the hours first or not."""
    make_event(
        title="Forløb",
        start=at(2027, 3, 20, 12),
        end=at(2027, 3, 20, 13),
        rdates=["2027-03-12T12:00"],
    )
    narrow = {"from": "2027-03-10", "to": "2027-03-15"}
    for params in (narrow, {"from": "2027-03-10", "to": "2027-03-25"}, narrow):
        body = client.get("/api/v2/events/", params).json()
        start = datetime.datetime.fromisoformat(params["from"]).replace(tzinfo=CPH)
        end = datetime.datetime.fromisoformat(params["to"]).replace(tzinfo=CPH) + timedelta(days=1)
        assert body["meta"]["total_count"] == len(body["items"]) == expected(start, end)
    assert [item["title"] for item in body["items"]] == ["Forløb"]


def test_kept_hours_are_read_again_after_the_cache_timeout_however_the_window_moves(
    client, dates, settings
):
    """Should a change fail to announce itself (an `update` sends no signal), the count
    comes right once API_CACHE_TIMEOUT has passed since its hours were first read, even
    though each listing's window added an hour to them meanwhile."""
    settings.API_CACHE_TIMEOUT = 4
    start, end = FIRST
    first_read = time.monotonic()
    assert total(client, start, end) == expected(start, end)
    moved = EventPage.objects.get(title="Morgensang").dates.filter(start=at(2027, 3, 20, 9))
    assert moved.update(start=at(2028, 3, 20, 9), end=at(2028, 3, 20, 10)) == 1
    for hours in (1, 2, 3):  # each window reaches an hour further: an hour read, the rest kept
        time.sleep(0.5)
        later = end + timedelta(hours=hours)
        assert total(client, start, later) == expected(start, later)  # the moved date too
    time.sleep(max(0, first_read + 4.2 - time.monotonic()))
    later = end + timedelta(hours=4)
    assert total(client, start, later) == expected(start, later) - 1


def test_a_cache_buster_shares_the_kept_hours(client, dates):
    start, end = FIRST
    counted = total(client, start, end)
    for n in range(3):
        with CaptureQueriesContext(connection) as queries:
            params = {"from": local(start), "to": local(end), "_": str(n)}
            assert client.get("/api/v2/events/", params).json()["meta"]["total_count"] == counted
        assert not counted_hours(queries.captured_queries)


def test_a_run_of_kept_hours_is_never_longer_than_the_longest_window_allows(client, dates):
    """Windows of 400 days that each overlap the last would extend the run without end:
    past `HourTotals.LONGEST` hours it starts afresh, and counts the same."""
    start = at(2025, 1, 1)
    for _ in range(3):
        end = start + timedelta(days=400)
        assert total(client, start, end) == expected(start, end)
        start = end - timedelta(days=1)
    runs = [run for run in HourTotals._kept.values()]
    assert runs and all(len(totals) <= HourTotals.LONGEST for _lowest, totals, _until in runs)
