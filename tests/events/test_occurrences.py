"""The calendar's dates are rows (`events.occurrences`): written when an event is published,
changed, unpublished, deleted or imported, moved on to the horizon daily, and the same as a
fresh expansion of the stored rule; the listing pages through them in SQL."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone

from events import occurrences, recurrence
from events.importer import import_feed
from events.models import EventDate, EventPage, ImportedEvent
from tests.conftest import translate
from tests.events.calendar_feeds import feed, make_calendar, vevent
from tests.events.factories import CPH, ImportedEventFactory

pytestmark = pytest.mark.django_db
FAR = datetime.datetime(2200, 1, 1, tzinfo=CPH)


@pytest.fixture(autouse=True)
def _uncached(settings):
    settings.API_CACHE = False


def at(*args):
    return datetime.datetime(*args, tzinfo=CPH)


def rows(event):
    key = "imported" if isinstance(event, ImportedEvent) else "page"
    return [
        (start, end)
        for start, end in EventDate.objects.filter(**{key: event})
        .order_by("start")
        .values_list("start", "end")
    ]


def expanded(event, until):
    """A fresh expansion of the stored rule: every date starting before `until`."""
    found = recurrence.expand(
        event.start,
        event.end,
        event.rrule,
        event.exdates,
        event.rdates,
        occurrences.EPOCH,
        until if event.rrule else FAR,
    )
    return [(o.start, o.end) for o in found if o.start < until or not event.rrule]


def test_every_demo_event_has_the_dates_of_its_rule(settings, monkeypatch):
    settings.DEBUG = True  # the demo refuses to run where it looks like production
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-2027")
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # the rows reach the horizon of when they were written: compare a day short of it
    until = occurrences.horizon() - timedelta(days=1)
    pages = EventPage.objects.live()
    assert pages.count() > 10 and ImportedEvent.objects.count() > 5
    for event in [*pages, *ImportedEvent.objects.all()]:
        written = [row for row in rows(event) if row[0] < until]
        assert written == expanded(event, until), event.title
        if event.rrule and event.last_end is None:
            assert max(start for start, _end in rows(event)) < occurrences.horizon()
    assert not EventDate.objects.filter(page__live=False).exists()


def test_publish_change_unpublish_and_delete_keep_the_rows(make_event):
    event = make_event(start=at(2027, 1, 4, 17), end=at(2027, 1, 4, 19), rrule="FREQ=WEEKLY")
    until = occurrences.horizon()
    assert len(rows(event)) >= 52
    assert rows(event) == expanded(event, until)

    event.rrule = "FREQ=WEEKLY;COUNT=3"
    event.exdates = ["2027-01-11"]
    event.save_revision().publish()
    assert [start for start, _end in rows(event)] == [at(2027, 1, 4, 17), at(2027, 1, 18, 17)]

    event.title = "Et udkast"
    event.rrule = "FREQ=DAILY"
    event.save_revision()  # a draft: the live event keeps its dates
    assert len(rows(EventPage.objects.get(pk=event.pk))) == 2

    event.unpublish()
    assert rows(event) == []
    event.save_revision().publish()
    assert len(rows(event)) > 300

    pk = event.pk
    EventPage.objects.get(pk=pk).delete()
    assert not EventDate.objects.filter(page_id=pk).exists()


def test_each_language_copy_has_its_own_rows(make_event):
    event = make_event(start=at(2027, 2, 1, 10), end=at(2027, 2, 1, 11), rrule="FREQ=MONTHLY")
    english = translate(event, "en")
    assert rows(english) == rows(event) != []
    draft = translate(event, "de", publish=False)
    assert rows(draft) == []


def test_a_single_date_is_written_whatever_its_distance(make_event):
    far = at(2031, 6, 1, 10)
    event = make_event(start=far, end=far + timedelta(hours=1))
    assert rows(event) == [(far, far + timedelta(hours=1))]


def test_a_refused_rule_leaves_no_rows_and_no_change(make_event):
    event = make_event(start=at(2027, 1, 4, 17), end=at(2027, 1, 4, 19), rrule="FREQ=WEEKLY")
    before = rows(event)
    page = EventPage.objects.get(pk=event.pk)
    page.rrule = "FREQ=HOURLY"
    with pytest.raises(ValidationError):
        page.save()
    assert EventPage.objects.get(pk=event.pk).rrule == "FREQ=WEEKLY"
    assert rows(event) == before


def test_extend_adds_exactly_the_new_days(make_event):
    start = timezone.now().astimezone(CPH).replace(hour=9, minute=0, second=0, microsecond=0)
    event = make_event(start=start, end=start + timedelta(hours=1), rrule="FREQ=DAILY")
    once = make_event(start=start, end=start + timedelta(hours=1))
    counted = make_event(start=start, end=start + timedelta(hours=1), rrule="FREQ=DAILY;COUNT=5")
    before = len(rows(event))
    later = timezone.now() + timedelta(days=3)

    assert occurrences.extend(later) == 3
    assert len(rows(event)) == before + 3
    assert rows(event) == expanded(event, occurrences.horizon(later))
    assert occurrences.extend(later) == 0  # run twice the same day: nothing more
    assert len(rows(once)) == 1 and len(rows(counted)) == 5


def test_the_commands_extend_and_rebuild(make_event):
    start = timezone.now().astimezone(CPH).replace(hour=9, minute=0, second=0, microsecond=0)
    event = make_event(start=start, end=start + timedelta(hours=1), rrule="FREQ=WEEKLY")
    before = rows(event)
    EventDate.objects.filter(page=event).delete()
    out = open("/dev/null", "w")  # noqa: SIM115
    call_command("extend_occurrences", stdout=out)
    assert rows(event) == before
    EventDate.objects.filter(page=event).delete()
    call_command("extend_occurrences", "--rebuild", stdout=out)
    assert rows(event) == before


def test_imported_events_get_their_rows_and_lose_them():
    calendar = make_calendar()
    weekly = vevent(
        "weekly@x",
        "DTSTART;TZID=Europe/Copenhagen:20270104T170000",
        "DTEND;TZID=Europe/Copenhagen:20270104T180000",
        "RRULE:FREQ=WEEKLY;COUNT=4",
    )
    once = vevent(
        "once@x",
        "DTSTART;TZID=Europe/Copenhagen:20270110T100000",
        "DTEND;TZID=Europe/Copenhagen:20270110T110000",
    )
    assert import_feed(calendar, feed(weekly, once)).ok
    master = ImportedEvent.objects.get(uid="weekly@x")
    assert len(rows(master)) == 4
    assert rows(ImportedEvent.objects.get(uid="once@x")) == [
        (at(2027, 1, 10, 10), at(2027, 1, 10, 11))
    ]

    changed = weekly.replace("COUNT=4", "COUNT=2")
    assert import_feed(calendar, feed(changed, once)).ok
    assert len(rows(master)) == 2

    assert import_feed(calendar, feed(changed)).ok  # one of two gone: removed
    assert not EventDate.objects.filter(imported__uid="once@x").exists()
    assert EventDate.objects.count() == 2


def test_a_failed_import_leaves_the_previous_rows(monkeypatch):
    calendar = make_calendar()
    lines = (
        "DTSTART;TZID=Europe/Copenhagen:20270104T170000",
        "DTEND;TZID=Europe/Copenhagen:20270104T180000",
    )
    first = [vevent(f"e{n}@x", *lines, "RRULE:FREQ=WEEKLY;COUNT=3") for n in range(3)]
    assert import_feed(calendar, feed(*first)).ok
    before = list(EventDate.objects.order_by("pk").values_list("imported_id", "start"))

    written = []
    real = occurrences._rows

    def fail_on_the_second(event, *args):
        written.append(event)
        if len(written) == 2:
            raise DatabaseError("disk full")
        return real(event, *args)

    monkeypatch.setattr(occurrences, "_rows", fail_on_the_second)
    changed = [event.replace("COUNT=3", "COUNT=5") for event in first]
    report = import_feed(calendar, feed(*changed))
    assert not report.ok and "disk full" in report.error
    assert list(EventDate.objects.order_by("pk").values_list("imported_id", "start")) == before
    assert set(ImportedEvent.objects.values_list("rrule", flat=True)) == {"FREQ=WEEKLY;COUNT=3"}


def test_a_direct_save_of_an_imported_event_rewrites_its_rows():
    event = ImportedEventFactory(start=at(2027, 3, 1, 10), end=at(2027, 3, 1, 11))
    assert len(rows(event)) == 1
    event.rrule = "FREQ=DAILY;COUNT=3"
    event.save()
    assert len(rows(event)) == 3
    pk = event.pk
    event.delete()
    assert not EventDate.objects.filter(imported_id=pk).exists()


def test_seed_calendar_volume_writes_rows(community):
    call_command("seed_calendar_volume", "--imported", "5", stdout=open("/dev/null", "w"))  # noqa: SIM115
    until = occurrences.horizon() - timedelta(days=1)
    events = [*EventPage.objects.live(), *ImportedEvent.objects.all()]
    assert len(events) == 18 + 5
    for event in events:
        assert [row for row in rows(event) if row[0] < until] == expanded(event, until)


def test_a_date_across_a_change_of_the_clocks_lasts_its_elapsed_time(make_event):
    # the clocks go back at 03:00 on 25 October 2026: 01:30–03:30 is three hours
    evening = make_event(
        start=datetime.datetime(2026, 10, 25, 1, 30, tzinfo=CPH),
        end=datetime.datetime(2026, 10, 25, 3, 30, tzinfo=CPH),
    )
    whole_day = make_event(
        all_day=True,
        start=datetime.datetime(2026, 10, 25, tzinfo=CPH),
        end=datetime.datetime(2026, 10, 26, tzinfo=CPH),
    )
    assert EventDate.objects.get(page=evening).lasts == timedelta(hours=3)
    assert EventDate.objects.get(page=whole_day).lasts == timedelta(hours=25)
