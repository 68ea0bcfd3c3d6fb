"""The change feed (`/api/v2/changes/`) carries the imported events beside the pages and rows:
each as the events listing's item of it (on its first date), recorded by the importer in the
transaction of its bulk writes; an event dropped from its feed, cancelled or deleted with its
calendar is a removal; a row moved to another municipality leaves one feed and joins the
other; and an app replaying the feed ends with what the listings show."""

import base64
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.importer import confirm_removals, import_feed
from events.models import ExternalCalendar, ImportedEvent
from frontend_api.changes import Cursor
from frontend_api.models import RowChange
from tests.directory.factories import AssociationFactory
from tests.events.calendar_feeds import feed as ical_feed
from tests.events.calendar_feeds import make_calendar, vevent
from tests.frontend_api.test_changes import FEED, download, feed
from tests.frontend_api.test_changes_rows import replay
from tests.frontend_api.test_municipalities import HOSTS
from tests.guide.factories import ContactFactory

TYPE = "events.ImportedEvent"


@pytest.fixture(autouse=True)
def _settled_at_once(settings):
    settings.CHANGES_SETTLE_SECONDS = 0
    settings.API_CACHE = False


def event(uid, days, summary=None, *lines):
    start = timezone.localtime() + timedelta(days=days)
    return vevent(
        uid,
        f"DTSTART;TZID=Europe/Copenhagen:{start:%Y%m%d}T190000",
        f"DTEND;TZID=Europe/Copenhagen:{start:%Y%m%d}T210000",
        *lines,
        summary=summary or f"Koncert {uid}",
    )


def listed_imported(client, **params):
    """The imported events the calendar's listing shows (each once: on its one date)."""
    response = client.get("/api/v2/events/", {"limit": 100, **params})
    assert response.status_code == 200, response.content[:300]
    return {
        (TYPE, item["id"]): item
        for item in response.json()["items"]
        if item["meta"]["type"] == TYPE
    }


def imported_of(copy):
    return {key: item for key, item in copy.items() if key[0] == TYPE}


def pk_of(uid):
    return ImportedEvent.objects.get(uid=uid).pk


def test_an_import_a_reimport_and_a_deleted_calendar_replay_to_the_listing(client, community):
    calendar = make_calendar()
    other = make_calendar(name="Flensburg", feed_url="https://flensburg.de/k.ics")
    import_feed(other, ical_feed(event("f", 4)))
    copies = {}
    for language in ("da", "en"):
        items, cursor = download(client, limit=4, locale=language)
        copies[language] = [{}, cursor]
        replay(copies[language][0], items)

    def catch_up():
        for language, state in copies.items():
            items, state[1] = download(client, limit=3, since=state[1], locale=language)
            replay(state[0], items)
            assert imported_of(state[0]) == listed_imported(client, locale=language)
            yield items

    assert set(imported_of(copies["da"][0])) == {(TYPE, pk_of("f"))}
    import_feed(calendar, ical_feed(event("a", 2), event("b", 3), event("c", 5)))
    da, en = catch_up()
    assert [item["id"] for item in da] == [pk_of("a"), pk_of("b"), pk_of("c")]
    assert en[0]["meta"] == {**da[0]["meta"], "fallback": True}  # their texts are Danish

    # one changed, one dropped (of three: not held), one cancelled
    dropped, cancelled = pk_of("b"), pk_of("c")
    report = import_feed(
        calendar,
        ical_feed(event("a", 2, "Koncert flyttet"), event("c", 5, None, "STATUS:CANCELLED")),
    )
    assert (report.updated, report.deleted) == (1, 2)
    da, _en = catch_up()
    assert [(item["id"], item["meta"].get("change")) for item in da] == [
        (pk_of("a"), None),
        (dropped, "removed"),
        (cancelled, "removed"),
    ]
    assert da[0]["title"] == "Koncert flyttet"
    assert da[1] == {"id": dropped, "meta": {"type": TYPE, "change": "removed", "locale": "da"}}

    # an import that changes nothing gives nothing
    import_feed(calendar, ical_feed(event("a", 2, "Koncert flyttet")))
    assert [items for items in catch_up()] == [[], []]

    gone = pk_of("a")
    calendar.delete()
    da, _en = catch_up()
    assert da == [{"id": gone, "meta": {"type": TYPE, "change": "removed", "locale": "da"}}]
    assert set(imported_of(copies["en"][0])) == {(TYPE, pk_of("f"))}


def test_confirmed_removals_are_removals(client, community):
    calendar = make_calendar()
    import_feed(calendar, ical_feed(event("a", 2), event("b", 3), event("c", 4)))
    cursor = download(client, limit=100)[1]
    import_feed(calendar, ical_feed(event("a", 2)))  # two of three gone: held
    assert download(client, since=cursor)[0] == []
    held = sorted([pk_of("b"), pk_of("c")])
    confirm_removals(calendar)
    items = download(client, since=cursor)[0]
    assert [(item["id"], item["meta"]["change"]) for item in items] == [
        (pk, "removed") for pk in held
    ]


def test_each_municipality_has_its_own_imported_events(client, community, aabenraa):
    ours = make_calendar()
    theirs = make_calendar(site=aabenraa.site)
    there = {"HTTP_HOST": HOSTS["aabenraa"]}
    cursor = client.get(FEED, **there).json()["meta"]["next"]
    import_feed(ours, ical_feed(event("ours", 2)))
    import_feed(theirs, ical_feed(event("theirs", 2)))
    items = client.get(FEED, {"since": cursor}, **there).json()["items"]
    assert [item["id"] for item in items] == [ImportedEvent.objects.get(calendar=theirs).pk]


def test_a_calendar_moved_to_another_municipality_moves_its_events(client, community, aabenraa):
    calendar = make_calendar()
    import_feed(calendar, ical_feed(event("a", 2)))
    here = download(client, limit=100)[1]
    there_headers = {"HTTP_HOST": HOSTS["aabenraa"]}
    there = client.get(FEED, **there_headers).json()["meta"]["next"]
    calendar.site = aabenraa.site
    calendar.save()
    pk = pk_of("a")
    assert download(client, since=here)[0] == [
        {"id": pk, "meta": {"type": TYPE, "change": "removed", "locale": "da"}}
    ]
    (item,) = client.get(FEED, {"since": there}, **there_headers).json()["items"]
    assert item["id"] == pk and item["source"]["name"] == calendar.name


def test_an_import_of_a_calendar_moved_while_its_feed_was_fetched_goes_to_its_new_feed(
    client, community, aabenraa
):
    fetched = make_calendar()  # the importer's copy, read before the fetch
    here = download(client, limit=100)[1]
    there_headers = {"HTTP_HOST": HOSTS["aabenraa"]}
    there = client.get(FEED, **there_headers).json()["meta"]["next"]
    moved = ExternalCalendar.objects.get(pk=fetched.pk)
    moved.site = aabenraa.site
    moved.save()

    import_feed(fetched, ical_feed(event("a", 2)))

    assert download(client, since=here)[0] == []
    (item,) = client.get(FEED, {"since": there}, **there_headers).json()["items"]
    assert item["id"] == pk_of("a")
    assert listed_imported(client) == {}


def test_an_import_of_a_calendar_deleted_while_its_feed_was_fetched_says_so(community, english):
    fetched = make_calendar()
    ExternalCalendar.objects.filter(pk=fetched.pk).delete()
    report = import_feed(fetched, ical_feed(event("a", 2)))
    assert report.error == "The calendar was deleted."
    assert not ImportedEvent.objects.exists()


@pytest.mark.parametrize("kind", ["associations", "contacts"])
def test_a_row_moved_to_another_municipality_leaves_one_feed_and_joins_the_other(
    client, community, aabenraa, kind
):
    row = (AssociationFactory if kind == "associations" else ContactFactory)()
    here = download(client, limit=100)[1]
    there_headers = {"HTTP_HOST": HOSTS["aabenraa"]}
    there = client.get(FEED, {"limit": 100}, **there_headers).json()["meta"]["next"]
    row.site = aabenraa.site
    row.save()
    (removed,) = download(client, since=here)[0]
    assert removed["id"] == row.pk and removed["meta"]["change"] == "removed"
    (added,) = client.get(FEED, {"since": there}, **there_headers).json()["items"]
    listed = client.get(f"/api/v2/{kind}/", {"limit": 100}, **there_headers).json()["items"]
    assert added == next(item for item in listed if item["id"] == row.pk)
    # and back: the new site's record is a removal now, the old one's an addition
    row.site = community.get_site()
    row.save()
    assert RowChange.objects.filter(object_id=row.pk).count() == 2
    (back,) = download(client, since=here)[0]
    assert back["id"] == row.pk and "change" not in back["meta"]


def test_a_cursor_of_the_feed_before_imported_events_is_gone(client, community):
    old = Cursor.decode(download(client)[1])
    moment, copy_at = (int(at.timestamp() * 1e6) for at in (old.moment, old.copy_at))
    text = f"2:{moment}:0:{old.item_id}:{copy_at}"
    value = base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
    data = feed(client, status=410, since=value)
    assert "imported events" in data["message"]


#: pinned: the row changes' count and rows, the imported events with their calendars (no
#: page, no contact on the page: no query of theirs); the site is kept by content version
#: from the warm-up request (`frontend_api.visibility`)
QUERIES = 3


@pytest.mark.parametrize("each", [1, 10])
def test_a_page_of_imported_event_changes_costs_the_same_whatever_its_size(client, community, each):
    calendar = make_calendar()
    import_feed(calendar, ical_feed(*(event(f"old{n}", 3) for n in range(each + 1))))
    cursor = download(client, limit=100)[1]
    kept = [event(f"old{n}", 3, "Ændret") for n in range(each)]
    import_feed(calendar, ical_feed(*kept, *(event(f"new{n}", 4) for n in range(each))))
    params = {"since": cursor, "limit": 100, "areas": "imported-events,contacts"}
    client.get(FEED, params)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(FEED, params)
    items = response.json()["items"]
    assert len(items) == 2 * each + 1
    assert len([item for item in items if item["meta"].get("change")]) == 1
    assert len(queries) == QUERIES, [query["sql"][:120] for query in queries]


def test_the_import_records_its_changes_in_one_query_per_batch(community):
    calendar = make_calendar()
    import_feed(calendar, ical_feed(*(event(f"e{n}", 3) for n in range(30))))
    assert RowChange.objects.filter(kind="imported-events", public=True).count() == 30
    with CaptureQueriesContext(connection) as queries:
        import_feed(calendar, ical_feed(*(event(f"e{n}", 3, "Ny") for n in range(30))))
    recorded = [q for q in queries if "frontend_api_rowchange" in q["sql"]]
    assert len(recorded) == 2  # the old records dropped, the batch recorded


def test_responses_with_imported_events_validate_strictly(client, community):
    from tests.frontend_api.test_schema_strict import validate

    calendar = make_calendar()
    import_feed(calendar, ical_feed(event("a", 2), event("b", 3)))
    cursor = download(client, limit=100)[1]
    import_feed(calendar, ical_feed(event("a", 2, "Ny")))
    for params in ({}, {"since": cursor}, {"since": cursor, "locale": "en"}):
        response = client.get(FEED, {**params, "areas": "imported-events"})
        assert response.json()["items"]
        validate(response)


# --- rows changed by Django's own bulk write (on_delete=SET_NULL) ----------------------------


def test_rows_showing_a_deleted_community_or_image_are_given_again(
    client, community, make_community
):
    from tests.factories import ImageFactory

    village = make_community(title="Guderup")
    association = AssociationFactory(community=village)
    photo = ImageFactory()
    contact = ContactFactory(photo=photo)
    cursor = download(client, limit=100)[1]
    village.delete()
    photo.delete()
    items = [
        item
        for item in download(client, since=cursor)[0]
        if item["meta"]["type"] != "communities.CommunityPage"
    ]
    assert [(item["meta"]["type"], item["id"]) for item in items] == [
        ("directory.Association", association.pk),
        ("guide.Contact", contact.pk),
    ]
    assert items[0]["community"] is None
    listed = client.get("/api/v2/contacts/", {"limit": 100}).json()["items"]
    assert items[1] == next(item for item in listed if item["id"] == contact.pk)


def test_a_row_unchanged_longer_than_the_retention_is_still_in_a_first_download(
    client, community, settings
):
    """Old removals are dropped; a row's own record is what gives it to a first download."""
    settings.CHANGES_RETENTION_DAYS = 30
    calendar = make_calendar()
    import_feed(calendar, ical_feed(event("weekly", 40, None, "RRULE:FREQ=WEEKLY")))
    old = AssociationFactory(name="Gammel Forening")
    gone = ContactFactory()
    gone.delete()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        ContactFactory()  # a new record drops what is older than the retention
        items = download(client, limit=100)[0]
    given = {(item["meta"]["type"], item["id"]) for item in items}
    assert {("directory.Association", old.pk), (TYPE, pk_of("weekly"))} <= given
    assert not RowChange.objects.filter(object_id=gone.pk, kind="contacts").exists()


def test_a_save_of_other_fields_from_before_a_move_is_no_move_back(client, community, aabenraa):
    """The importer saves its calendar (read before it fetched) with `update_fields`: a move
    made in the admin meanwhile stands, and the events stay in the feed of their new site."""
    calendar = make_calendar()
    import_feed(calendar, ical_feed(event("a", 2)))
    read_before = ExternalCalendar.objects.get(pk=calendar.pk)
    there_headers = {"HTTP_HOST": HOSTS["aabenraa"]}
    calendar.site = aabenraa.site
    calendar.save()
    there = client.get(FEED, **there_headers).json()["meta"]["next"]
    read_before.last_fetched_at = timezone.now()
    read_before.save(update_fields=["last_fetched_at"])
    assert client.get(FEED, {"since": there}, **there_headers).json()["items"] == []


def test_a_row_saved_with_other_fields_from_before_a_move_is_no_move_back(
    client, community, aabenraa
):
    row = AssociationFactory()
    read_before = type(row).objects.get(pk=row.pk)
    row.site = aabenraa.site
    row.save()
    there_headers = {"HTTP_HOST": HOSTS["aabenraa"]}
    there = client.get(FEED, {"limit": 100}, **there_headers).json()["meta"]["next"]
    read_before.save(update_fields=["reminded_at"])
    items = client.get(FEED, {"since": there}, **there_headers).json()["items"]
    assert row.pk not in {item["id"] for item in items}
