"""Upgrading fills the table of dates for the events already there: a live page's and an
imported event's dates from their stored rules (a draft page has none), and the texts that
`search` matches."""

import uuid
from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page, Site

from events import recurrence
from events.models import EventDate, EventPage, ImportedEvent
from tests.events.test_migration_code_lists import latest, migrate

BEFORE = [("events", "0004_sites")]
START = datetime(2027, 3, 2, 16, tzinfo=UTC)


# (serialized_rollback: the flush after the test keeps the pages and rights migrations made)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upgrading_writes_the_dates_of_live_pages_and_imported_events():
    root = Page.objects.get(depth=1)
    locale = Locale.objects.get_or_create(language_code="da")[0]
    kind = ContentType.objects.get_for_model(EventPage)
    old = migrate(BEFORE)
    try:
        OldPage = old.get_model("events", "EventPage")
        OldCalendar = old.get_model("events", "ExternalCalendar")
        OldImported = old.get_model("events", "ImportedEvent")
        pages = [
            OldPage.objects.create(
                title=f"Brætspil {n}",
                draft_title=f"Brætspil {n}",
                slug=f"braetspil-{n}",
                path=f"{root.path}999{n}",
                depth=root.depth + 1,
                locale_id=locale.pk,
                content_type_id=kind.pk,
                translation_key=uuid.uuid4(),
                live=live,
                start=START,
                end=START.replace(hour=18),
                rrule="FREQ=WEEKLY;COUNT=4",
                exdates=["2027-03-09"],
                join_mode="registration",
                seats=12,
            )
            for n, live in enumerate((True, False))
        ]
        calendar = OldCalendar.objects.create(
            site_id=Site.objects.get(is_default_site=True).pk,
            name="Aabenraa",
            feed_url="https://aabenraa.example.dk/k.ics",
            region="Aabenraa",
        )
        imported = OldImported.objects.create(
            calendar=calendar,
            uid="a@aabenraa",
            title="Marked",
            description="På TORVET",
            content_hash="0" * 64,
            created_at=START,
            updated_at=START,
            start=START,
            end=START.replace(hour=18),
            rrule="FREQ=DAILY;COUNT=3",
        )
    finally:
        migrate(latest())

    live, draft = (EventPage.objects.get(pk=page.pk) for page in pages)
    dates = EventDate.objects.filter(page=live).order_by("start")
    assert [row.start for row in dates] == [
        o.start for o in live.occurrences(START, START.replace(year=2028))
    ]
    assert len(dates) == 3 and {row.seats for row in dates} == {12}
    assert not EventDate.objects.filter(page=draft).exists()
    assert EventDate.objects.filter(imported_id=imported.pk).count() == 3
    assert EventPage.objects.matching("BRÆTSPIL").count() == 2
    assert ImportedEvent.objects.matching("torvet").get().pk == imported.pk
    assert recurrence.local_naive(dates[0].start).hour == 17
