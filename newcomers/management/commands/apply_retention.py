"""Delete or anonymise the personal data that has passed its period (daily from cron)."""

from django.core.management.base import BaseCommand

from newcomers.privacy import retention


class Command(BaseCommand):
    help = "Apply the retention rules of the register of personal data; counts per model."

    def handle(self, *args, **options):
        for label, count in retention.apply().items():
            self.stdout.write(f"{label}: {count}")
