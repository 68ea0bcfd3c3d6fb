"""The daily job of reminders and invitations (`newcomers.reminders`, docs/reminders.md):
run from cron once a day (the morning: reminders of tomorrow's events), or more often;
running it again sends nothing twice."""

from django.core.management.base import BaseCommand

from newcomers.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders due now (tomorrow's events, new events of a newcomer's community) "
        "and the invitations whose time has come. --enqueue leaves it to the task worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Enqueue the task instead of running it here."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = send_reminders.enqueue()
            self.stdout.write(self.style.SUCCESS(f"Enqueued the reminders (task {result.id})."))
            return
        sent = send_reminders.call()
        self.stdout.write(self.style.SUCCESS(f"Enqueued {sent} reminders and invitations."))
