"""`manage.py import_figures <municipality> <file.csv> --series <slug>`: a statistics series'
rows from a CSV file (see `figures.csv_import`), whole or not at all."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from wagtail.models import Site

from figures.csv_import import BadFile, import_file


class Command(BaseCommand):
    help = "Import a statistics series' rows from a CSV file (all lines or none)."

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="the site's host name or the municipality")
        parser.add_argument("file", type=Path)
        parser.add_argument("--series", required=True, help="the series' slug")

    def handle(self, municipality, file, series, **options):
        sites = Site.objects.filter(
            Q(hostname__iexact=municipality)
            | Q(municipality__name__iexact=municipality)
            | Q(site_name__iexact=municipality)
        ).distinct()
        if len(sites) != 1:
            raise CommandError(f"no one municipality is called {municipality!r}")
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            imported = import_file(sites[0], file, series)
        except BadFile as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{file.name}: {imported.rows.count()} rows in {imported.slug}")
