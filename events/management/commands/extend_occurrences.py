"""Move the calendar's table of dates on to the horizon (`events.occurrences`): run daily
from cron. With --rebuild, rewrite the whole table from the stored rules instead."""

from django.core.management.base import BaseCommand
from django.db import transaction

from events import occurrences


class Command(BaseCommand):
    help = (
        "Add the dates of repeating events up to OCCURRENCE_HORIZON_DAYS from now (daily). "
        "--rebuild rewrites every event's dates from its stored rule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Rewrite the whole table of dates."
        )

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            total = occurrences.rebuild()
            self.stdout.write(self.style.SUCCESS(f"Rebuilt the dates: {total} rows."))
            return
        with transaction.atomic():
            added = occurrences.extend()
        self.stdout.write(self.style.SUCCESS(f"Added {added} dates."))
