"""Run by cron (see docs/calendar-import.md): fetch every external calendar's feed and
import its events, or confirm the removals an import held. Exits non-zero when any calendar
failed or holds removals, so that someone looks."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import translation
from tqdm import tqdm

from events.importer import HoldError, confirm_removals, import_calendar
from events.models import ExternalCalendar


class Command(BaseCommand):
    help = "Import the events of all external calendars, or of those named (by name or id)."

    def add_arguments(self, parser):
        parser.add_argument("calendars", nargs="*", help="names or ids; all when none")
        parser.add_argument(
            "--confirm-removals",
            metavar="NAME",
            action="append",
            default=[],
            help="remove the events an import held for this calendar (name or id), importing "
            "nothing; may be given more than once",
        )

    def handle(self, calendars, confirm_removals, **options):
        with translation.override("en"):
            if confirm_removals:
                if calendars:
                    raise CommandError("give calendars to import or --confirm-removals, not both")
                self.confirm(find(confirm_removals))
            else:
                self.import_(find(calendars) if calendars else ExternalCalendar.objects.all())

    def confirm(self, chosen):
        nothing_held = [str(calendar) for calendar in chosen if not calendar.held_removals]
        if nothing_held:
            raise CommandError(f"no removals are held for: {', '.join(nothing_held)}")
        for calendar in chosen:
            try:
                removed = confirm_removals(calendar)
            except HoldError as error:  # its hold was confirmed or lifted meanwhile
                raise CommandError(str(error)) from error
            self.stdout.write(f"{calendar}: {removed} events removed")

    def import_(self, chosen):
        failed, held = [], []
        shown = self.stdout.isatty()  # a bar by hand, plain lines from cron
        for calendar in tqdm(list(chosen), desc="Calendars", disable=not shown):
            report = import_calendar(calendar)
            write = self.stdout.write if report.ok and not report.held else self.stderr.write
            write(report.summary())
            for skipped in report.skipped:
                kept = "; the copy imported before is kept" if skipped["kept"] else ""
                self.stdout.write(
                    f"  skipped event {skipped['position']} "
                    f"(UID {skipped['uid'] or '?'}, {skipped['summary'] or 'no title'}): "
                    f"{skipped['reason']}{kept}"
                )
            if not report.ok:
                failed.append(calendar.name)
            elif report.held:
                held.append(calendar.name)
        problems = []
        if failed:
            problems.append(f"{len(failed)} calendar(s) failed: {', '.join(failed)}")
        if held:
            problems.append(
                f"{len(held)} calendar(s) hold removals: {', '.join(held)} (fix the feed, or "
                f"confirm in the admin or with import_calendars --confirm-removals NAME)"
            )
        if problems:
            raise CommandError("; ".join(problems))


def find(names):
    """The calendars named (by name or id); a CommandError names those that do not exist."""
    wanted = Q(name__in=names) | Q(pk__in=[name for name in names if name.isdigit()])
    chosen = list(ExternalCalendar.objects.filter(wanted))
    found = {str(c.pk) for c in chosen} | {c.name for c in chosen}
    unknown = [name for name in names if name not in found]
    if unknown:
        raise CommandError(f"no such calendar: {', '.join(unknown)}")
    return chosen
