"""Run by cron (see docs/calendar-import.md): fetch every external calendar's feed and
import its events. Exits non-zero when any calendar failed."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import translation
from tqdm import tqdm

from events.importer import import_calendar
from events.models import ExternalCalendar


class Command(BaseCommand):
    help = "Import the events of all external calendars, or of those named (by name or id)."

    def add_arguments(self, parser):
        parser.add_argument("calendars", nargs="*", help="names or ids; all when none")

    def handle(self, calendars, **options):
        chosen = ExternalCalendar.objects.all()
        if calendars:
            wanted = Q(name__in=calendars) | Q(pk__in=[c for c in calendars if c.isdigit()])
            chosen = chosen.filter(wanted)
            found = {str(c.pk) for c in chosen} | {c.name for c in chosen}
            unknown = [name for name in calendars if name not in found]
            if unknown:
                raise CommandError(f"no such calendar: {', '.join(unknown)}")
        failed = []
        shown = self.stdout.isatty()  # a bar by hand, plain lines from cron
        with translation.override("en"):
            for calendar in tqdm(list(chosen), desc="Calendars", disable=not shown):
                report = import_calendar(calendar)
                write = self.stdout.write if report.ok else self.stderr.write
                write(report.summary())
                for skipped in report.skipped:
                    self.stdout.write(
                        f"  skipped event {skipped['position']} "
                        f"(UID {skipped['uid'] or '?'}, {skipped['summary'] or 'no title'}): "
                        f"{skipped['reason']}"
                    )
                if not report.ok:
                    failed.append(calendar.name)
        if failed:
            raise CommandError(f"{len(failed)} calendar(s) failed: {', '.join(failed)}")
