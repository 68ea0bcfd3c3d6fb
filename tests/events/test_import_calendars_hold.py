"""A broken feed never wipes a calendar: a feed that yields none of the calendar's events, or
loses more than half of them at once, removes nothing until the coordinator confirms (in the
admin or with the command); an event that cannot be read keeps the copy imported before."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from events.importer import import_feed
from events.models import ImportedEvent
from tests.events.calendar_feeds import feed_file, make_calendar, sample, without

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

AABENRAA = sample("aabenraa.ics")
#: more than half of the sample's rows: sprogcafe is a master and its override
LOST = ("sprogcafe-2026@aabenraa.dk", "jobmesse-2027@aabenraa.dk", "julemarked-2026@aabenraa.dk")
#: the rows the Aabenraa sample gives: (uid, recurrence id)
AABENRAA_ROWS = [
    ("frivillig-2027@aabenraa.dk", ""),
    ("jobmesse-2027@aabenraa.dk", ""),
    ("julemarked-2026@aabenraa.dk", ""),
    ("naturtur-2027@aabenraa.dk", ""),
    ("sprogcafe-2026@aabenraa.dk", ""),
    ("sprogcafe-2026@aabenraa.dk", "20270112T160000Z"),
]


def keys(calendar):
    return sorted(calendar.events.values_list("uid", "recurrence_id"))


def snapshot(calendar):
    return {(row["uid"], row["recurrence_id"]): row for row in calendar.events.values()}


def edit_url(calendar):
    return reverse("wagtailsnippets_events_externalcalendar:edit", args=[calendar.pk])


@pytest.fixture
def aabenraa():
    calendar = make_calendar()
    import_feed(calendar, AABENRAA)
    assert keys(calendar) == AABENRAA_ROWS
    return calendar


@pytest.fixture
def held(aabenraa):
    """The Aabenraa calendar after a feed that parsed to nothing."""
    report = import_feed(aabenraa, feed_file("comment-only.ics"))
    assert report.held == 6
    aabenraa.refresh_from_db()
    return aabenraa


def test_a_feed_that_parses_to_nothing_removes_nothing_and_is_held(aabenraa):
    before = snapshot(aabenraa)

    report = import_feed(aabenraa, feed_file("comment-only.ics"))

    assert report.ok and report.in_feed == 0
    assert (report.deleted, report.held, report.before) == (0, 6, 6)
    assert keys(aabenraa) == AABENRAA_ROWS
    assert snapshot(aabenraa) == before
    aabenraa.refresh_from_db()
    assert aabenraa.hold_status() == "held: 6 of 6 events gone, confirm or fix"
    assert sorted((i["uid"], i["recurrence_id"]) for i in aabenraa.held_removals) == AABENRAA_ROWS
    assert "Jobmesse Sønderjylland" in {item["title"] for item in aabenraa.held_removals}
    assert report.summary().endswith(
        "0 removed, 0 skipped; held: 6 of 6 events gone, confirm or fix"
    )


def test_a_feed_that_lost_more_than_half_is_held_and_its_changes_applied(aabenraa):
    data = without(AABENRAA, *LOST)
    data = data.replace(b"SUMMARY:Guidet tur i Hjelm Skov", b"SUMMARY:Guidet tur (ny tid)")
    data = data.replace(b"END:VCALENDAR", _new_event() + b"END:VCALENDAR")

    report = import_feed(aabenraa, data)

    # a master with its override, and two more: 4 of 6 rows gone; the new and the changed
    # event are written all the same
    assert (report.created, report.updated, report.deleted, report.held) == (1, 1, 0, 4)
    assert keys(aabenraa) == sorted([*AABENRAA_ROWS, ("byvandring-2027@aabenraa.dk", "")])
    assert aabenraa.events.get(uid="naturtur-2027@aabenraa.dk").title == "Guidet tur (ny tid)"
    aabenraa.refresh_from_db()
    assert aabenraa.hold_status() == "held: 4 of 6 events gone, confirm or fix"
    assert sorted((i["uid"], i["recurrence_id"]) for i in aabenraa.held_removals) == [
        key for key in AABENRAA_ROWS if key[0] in LOST
    ]


def test_losing_exactly_half_removes_them():
    calendar = make_calendar()
    import_feed(calendar, AABENRAA)
    gone = ("jobmesse-2027@aabenraa.dk", "julemarked-2026@aabenraa.dk", "naturtur-2027@aabenraa.dk")

    report = import_feed(calendar, without(AABENRAA, *gone))

    assert (report.deleted, report.held) == (3, 0)
    assert keys(calendar) == [key for key in AABENRAA_ROWS if key[0] not in gone]
    calendar.refresh_from_db()
    assert (calendar.held_removals, calendar.hold_status()) == ([], "")


def test_events_the_feed_cancels_are_removed_even_when_others_are_held(aabenraa):
    data = without(AABENRAA, "naturtur-2027@aabenraa.dk", "julemarked-2026@aabenraa.dk")
    for uid in (b"jobmesse-2027@aabenraa.dk", b"frivillig-2027@aabenraa.dk"):
        data = data.replace(b"UID:%s\r\n" % uid, b"UID:%s\r\nSTATUS:CANCELLED\r\n" % uid)

    report = import_feed(aabenraa, data)

    # 2 gone and 2 cancelled of 6: nothing held; the cancelled ones count as changes
    assert (report.deleted, report.held) == (4, 0)
    assert keys(aabenraa) == [key for key in AABENRAA_ROWS if key[0].startswith("sprogcafe")]


def _new_event():
    return (
        b"BEGIN:VEVENT\r\nUID:byvandring-2027@aabenraa.dk\r\nDTSTAMP:20261101T090000Z\r\n"
        b"SUMMARY:Byvandring i Aabenraa\r\nDTSTART;TZID=Europe/Copenhagen:20270508T140000\r\n"
        b"DTEND;TZID=Europe/Copenhagen:20270508T160000\r\nEND:VEVENT\r\n"
    )


def test_the_hold_is_lifted_when_the_feed_is_fixed(held):
    before = snapshot(held)

    report = import_feed(held, AABENRAA)

    assert (report.held, report.deleted, report.unchanged) == (0, 0, 6)
    assert snapshot(held) == before
    held.refresh_from_db()
    assert (held.held_removals, held.held_of, held.held_since) == ([], 0, None)


@pytest.mark.parametrize(
    ("uid", "damage"),
    [
        # a time nobody can read
        ("jobmesse-2027@aabenraa.dk", (b"DTSTART:20270304T090000Z", b"DTSTART:2027-03-04 09:00")),
        # a moved occurrence whose new time cannot be read
        (
            "sprogcafe-2026@aabenraa.dk",
            (
                b"DTSTART;TZID=Europe/Copenhagen:20270112T180000",
                b"DTSTART;TZID=Europe/Copenhagen:20270112T18",
            ),
        ),
        # a moved occurrence whose RECURRENCE-ID cannot be read: it could be any of its UID's
        (
            "sprogcafe-2026@aabenraa.dk",
            (
                b"RECURRENCE-ID;TZID=Europe/Copenhagen:20270112T170000",
                b"RECURRENCE-ID;TZID=Europe/Copenhagen:12.01.2027",
            ),
        ),
    ],
)
def test_an_event_that_became_unreadable_keeps_its_copy(aabenraa, uid, damage):
    before = snapshot(aabenraa)
    assert AABENRAA.count(damage[0]) == 1

    report = import_feed(aabenraa, AABENRAA.replace(*damage))

    assert (report.deleted, report.held, report.created, report.updated) == (0, 0, 0, 0)
    assert keys(aabenraa) == AABENRAA_ROWS
    # unchanged: the master still has the moved date cancelled, so it does not show twice
    assert snapshot(aabenraa) == before
    damaged = [item for item in report.skipped if item["uid"] == uid]
    assert len(damaged) == 1 and damaged[0]["kept"]
    assert all(not item["kept"] for item in report.skipped if item["uid"] != uid)


def test_the_admin_shows_the_hold_and_the_kept_copy(coordinator_client, aabenraa):
    # three events gone (four rows), and one that cannot be read
    data = without(AABENRAA, "sprogcafe-2026@aabenraa.dk", "julemarked-2026@aabenraa.dk")
    data = without(data, "naturtur-2027@aabenraa.dk")
    import_feed(aabenraa, data.replace(b"DTSTART:20270304T090000Z", b"DTSTART:2027-03-04 9"))
    aabenraa.refresh_from_db()

    listing = coordinator_client.get(reverse("wagtailsnippets_events_externalcalendar:list"))
    page = coordinator_client.get(edit_url(aabenraa)).content.decode()

    assert "held: 4 of 6 events gone, confirm or fix" in listing.content.decode()
    assert "held: 4 of 6 events gone, confirm or fix" in page
    assert "Guidet tur i Hjelm Skov (naturtur-2027@aabenraa.dk)" in page
    button = reverse("events_confirm_removals", args=[aabenraa.pk])
    assert re.search(
        rf'formaction="{button}" formnovalidate name="hold" value="{aabenraa.hold_token}"', page
    )
    assert re.search(
        r"Jobmesse Sønderjylland \(jobmesse-2027@aabenraa.dk\): DTSTART.*"
        r"\(the copy imported before is kept\)",
        page,
    )
    assert keys(aabenraa) == AABENRAA_ROWS


def test_the_coordinator_confirms_the_removal_in_the_admin_with_a_csrf_token(coordinator, held):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    edit = client.get(edit_url(held))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', edit.content.decode())[1]
    confirm = reverse("events_confirm_removals", args=[held.pk])

    assert client.get(confirm).status_code == 405
    assert client.post(confirm, {"hold": held.hold_token}).status_code == 403  # no CSRF token
    assert keys(held) == AABENRAA_ROWS

    response = client.post(
        confirm, {"hold": held.hold_token, "csrfmiddlewaretoken": token}, follow=True
    )

    assert response.redirect_chain[-1][0] == edit_url(held)
    assert "Aabenraa Kommune (Aabenraa): 6 events removed." in response.content.decode()
    assert keys(held) == []
    held.refresh_from_db()
    assert (held.held_removals, held.hold_status()) == ([], "")
    assert "confirm or fix" not in client.get(edit_url(held)).content.decode()


def test_a_hold_that_changed_since_the_page_was_shown_is_not_confirmed(coordinator_client, held):
    shown = held.hold_token
    # the feed came partly back meanwhile: now four events are held, not six
    import_feed(held, without(AABENRAA, *LOST))
    held.refresh_from_db()
    assert len(held.held_removals) == 4

    response = coordinator_client.post(
        reverse("events_confirm_removals", args=[held.pk]), {"hold": shown}, follow=True
    )

    assert "changed since the page was shown" in response.content.decode()
    assert len(keys(held)) == 6


def test_an_editor_cannot_confirm_a_removal(editor_client, held):
    response = editor_client.post(
        reverse("events_confirm_removals", args=[held.pk]), {"hold": held.hold_token}
    )

    assert response.status_code in (302, 403)
    assert keys(held) == AABENRAA_ROWS
    held.refresh_from_db()
    assert len(held.held_removals) == 6


def test_the_command_confirms_the_removal(held, capsys):
    call_command("import_calendars", "--confirm-removals", "Aabenraa Kommune")

    assert "Aabenraa Kommune (Aabenraa): 6 events removed" in capsys.readouterr().out
    assert keys(held) == []
    held.refresh_from_db()
    assert held.held_removals == []


CONFIRM = ("--confirm-removals",)


def test_the_command_names_a_calendar_that_does_not_exist_or_holds_nothing(held):
    quiet = make_calendar(name="Tønder Kommune", feed_url="https://toender.dk/k.ics")

    with pytest.raises(CommandError, match="no such calendar: Haderslev"):
        call_command("import_calendars", *CONFIRM, "Haderslev")
    with pytest.raises(CommandError, match=r"no removals are held for: Tønder Kommune \("):
        call_command("import_calendars", *CONFIRM, "Aabenraa Kommune", *CONFIRM, str(quiet.pk))
    with pytest.raises(CommandError, match="not both"):
        call_command("import_calendars", "Aabenraa Kommune", *CONFIRM, "Aabenraa Kommune")
    assert keys(held) == AABENRAA_ROWS  # nothing confirmed when one of them cannot be


def test_an_import_that_fails_half_way_leaves_every_row_as_it_was(aabenraa):
    """The writes of one import are one transaction: here the database refuses the last of
    them (the removal of an event gone from the feed), after the new and changed ones."""
    before, report_before = snapshot(aabenraa), aabenraa.last_report
    _refuse_deleting(ImportedEvent.objects.get(uid="frivillig-2027@aabenraa.dk").pk)
    data = without(AABENRAA, "frivillig-2027@aabenraa.dk")
    data = data.replace("SUMMARY:Jobmesse Sønderjylland".encode(), b"SUMMARY:Jobmesse 2027")
    data = data.replace(b"END:VCALENDAR", _new_event() + b"END:VCALENDAR")

    report = import_feed(aabenraa, data)

    assert not report.ok and "could not be saved" in report.error
    assert snapshot(aabenraa) == before
    aabenraa.refresh_from_db()
    assert aabenraa.last_report == report_before
    assert "could not be saved" in aabenraa.last_error


def _refuse_deleting(pk):
    """A trigger in the database that refuses to delete this row (SQLite or PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER refuse_delete BEFORE DELETE ON events_importedevent "
                f"WHEN OLD.id = {int(pk)} BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_delete() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_delete BEFORE DELETE ON events_importedevent FOR EACH ROW "
                f"WHEN (OLD.id = {int(pk)}) EXECUTE FUNCTION refuse_delete()"
            )
