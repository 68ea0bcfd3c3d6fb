from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from directory.importing import import_rows, read_rows


class Command(BaseCommand):
    help = (
        "Load associations from a CSV or XLSX file (see docs/directory.md). Rows that match a "
        "published entry update it; bad rows are reported by number and field and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, change nothing"
        )

    def handle(self, file, dry_run, **options):
        try:
            rows = list(read_rows(file))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        with translation.override("en"):
            report = import_rows(rows, dry_run=dry_run)
        for number, field, message in report.errors:
            self.stderr.write(f"row {number}: {field}: {message}")
        prefix = "dry run, nothing saved: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, rows with errors "
            f"{len({number for number, *_rest in report.errors})}"
        )
