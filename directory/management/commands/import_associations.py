from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from wagtail.models import Site

from directory.importing import import_rows, read_rows


class Command(BaseCommand):
    help = (
        "Load associations from a CSV or XLSX file (see docs/directory.md) into one "
        "municipality's directory. Rows that match a published entry of that municipality "
        "update it; bad rows are reported by number and field and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument(
            "--site",
            metavar="HOSTNAME",
            help="the municipality's site, by its host name; needed when there are several",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, change nothing"
        )

    def handle(self, file, site, dry_run, **options):
        site = self.site(site)
        try:
            rows = list(read_rows(file))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        with translation.override("en"):
            report = import_rows(rows, site=site, dry_run=dry_run)
        for number, field, message in report.errors:
            self.stderr.write(f"row {number}: {field}: {message}")
        prefix = "dry run, nothing saved: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, rows with errors "
            f"{len({number for number, *_rest in report.errors})}"
        )

    def site(self, hostname):
        sites = Site.objects.order_by("hostname")
        known = ", ".join(sites.values_list("hostname", flat=True))
        if hostname is None:
            if sites.count() > 1:
                raise CommandError(f"--site: give the municipality's host name, one of: {known}")
            return sites.first()
        site = sites.filter(hostname__iexact=hostname).first()
        if site is None:
            raise CommandError(f"--site: no municipality has the host name {hostname!r}: {known}")
        return site
