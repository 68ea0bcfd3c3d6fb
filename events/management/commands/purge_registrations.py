"""Delete registrant data a set number of days after each date: run daily from cron."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from events.models import OccurrenceSeats, Registration


def retention_days():
    return settings.REGISTRATION_RETENTION_DAYS


class Command(BaseCommand):
    help = (
        "Delete the registrations (names, e-mail addresses) of dates that started more than "
        "--days days ago (default: REGISTRATION_RETENTION_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = retention_days() if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more")
        cutoff = timezone.now() - timedelta(days=days)
        registrations = Registration.objects.filter(occurrence__lt=cutoff)
        seats = OccurrenceSeats.objects.filter(start__lt=cutoff)
        count = registrations.count()
        if dry_run:
            self.stdout.write(
                f"Would delete {count} registrations of dates before {cutoff:%Y-%m-%d %H:%M} UTC."
            )
            return
        with transaction.atomic():
            registrations.delete()
            seats.delete()
        self.stdout.write(
            f"Deleted {count} registrations of dates before {cutoff:%Y-%m-%d %H:%M} UTC."
        )
