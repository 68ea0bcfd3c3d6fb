"""Print the register of personal data as Markdown, or write it to docs/privacy.md."""

from django.core.management.base import BaseCommand
from django.utils import translation

from newcomers.privacy import document


class Command(BaseCommand):
    help = "The register of personal data (docs/privacy.md), from newcomers/privacy/entries.py."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Write docs/privacy.md.")

    def handle(self, *args, write=False, **options):
        with translation.override("en"):
            text = document.render()
        if write:
            document.PATH.write_text(text)
            self.stdout.write(f"Wrote {document.PATH}.")
        else:
            self.stdout.write(text, ending="")
