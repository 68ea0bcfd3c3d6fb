"""A busy shared calendar for the benchmark, relative to today: under every page that holds
events (each community), events repeating daily and weekly since a month ago and one-off
events in the next 58 days, about 20,000 occurrences in the listing's 60-day window for 60
communities; plus an imported calendar. Pages are created live without revisions (what the
API reads), for speed; their dates are written as each is saved, the imported events' at
once."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from events import occurrences
from events.models import EventIndexPage, EventPage, ExternalCalendar, ImportedEvent
from events.models.schedule import search_text

DAILY, WEEKLY, ONCE = 5, 3, 10  # events per parent page
CATEGORIES = ("social", "culture", "sport", "nature", "career", "welcome")


class Command(BaseCommand):
    help = (
        "Seed a busy calendar for the benchmark under every page that holds events (seed "
        "pages first, e.g. with seed_volume). Runs on a database without events only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--imported", type=int, default=100, help="imported events")

    def handle(self, *args, imported, **options):
        if EventPage.objects.exists() or ImportedEvent.objects.exists():
            raise CommandError("This database already has events: seed a database without.")
        holders = [m for m in EventPage.allowed_parent_page_models() if m is not EventIndexPage]
        parents = list(
            Page.objects.type(*holders)
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .order_by("path")
        )
        if not parents:
            raise CommandError("No page can hold events: seed pages first (seed_volume).")
        now = timezone.now()
        with transaction.atomic():
            for c, parent in enumerate(parents):
                for n in range(DAILY + WEEKLY + ONCE):
                    parent.add_child(instance=self.event(c, n, now))
            calendar = ExternalCalendar.objects.create(
                name="Aabenraa Kommune",
                feed_url="https://aabenraa.example.dk/kalender.ics",
                region="Aabenraa",
            )
            events = []
            for n in range(imported):
                start = now + timedelta(days=n % 60, hours=n % 12)
                title = f"Begivenhed {n}"
                events.append(
                    ImportedEvent(
                        calendar=calendar,
                        uid=f"e{n}",
                        title=title,
                        search_text=search_text(title, "", ""),
                        start=start,
                        end=start + timedelta(hours=1),
                        content_hash="0" * 64,
                        created_at=now,
                        updated_at=now,
                    )
                )
            # in bulk, as the importer: its dates are written at once (pages' on save)
            ImportedEvent.objects.bulk_create(events)
            occurrences.write_calendar(calendar)
        occurrences.analyze()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(parents) * (DAILY + WEEKLY + ONCE)} events under "
                f"{len(parents)} pages and {imported} imported events."
            )
        )

    def event(self, c, n, now):
        repeats = n < DAILY + WEEKLY
        today = timezone.localdate(now)
        # repeating events began a month ago; one-off events fall within the window
        day = today - timedelta(days=30) if repeats else today + timedelta(days=(n * 7 + c) % 58)
        start = timezone.make_aware(datetime.combine(day, time(9 + n % 10)))
        registration = n % 5 == 0
        return EventPage(
            title=f"{'Spilleaften' if n % 4 == 0 else 'Arrangement'} {c}-{n}",
            slug=f"arrangement-{n}",
            summary="Alle er velkomne.",
            start=start,
            end=start + timedelta(hours=2),
            rrule="FREQ=DAILY" if n < DAILY else "FREQ=WEEKLY" if repeats else "",
            categories=[CATEGORIES[(c + n) % len(CATEGORIES)]],
            calendar_audiences=["tourists"] if n % 3 == 0 else [],
            languages=["da", "en"],
            place_name=f"Forsamlingshus {c}",
            latitude=round(54.85 + (c % 10) * 0.03, 6),
            longitude=round(9.6 + (c // 10) * 0.05, 6),
            join_mode="registration" if registration else "open",
            seats=20 if registration else None,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
