"""Send the weekly digests of coming events to the newcomers who asked for invitations
(`newcomers.digests`): run daily or weekly from cron; running it again sends nothing twice."""

from django.core.management.base import BaseCommand

from newcomers import digests
from newcomers.tasks import send_digests


class Command(BaseCommand):
    help = (
        "Send the digests of coming events due now (at most one a week per newcomer, none "
        "when nothing is new). --enqueue leaves it to the task worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Enqueue the task instead of running it here."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = send_digests.enqueue()
            self.stdout.write(self.style.SUCCESS(f"Enqueued the digests (task {result.id})."))
            return
        sent = digests.send_all()
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} digests."))
