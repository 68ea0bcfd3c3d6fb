import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.bench.volume import (
    Plan,
    VolumeBuilder,
    content_pages,
    existing_volume,
    schema_problems,
)


class Command(BaseCommand):
    help = (
        "Seed a large municipality's volume for `make bench`: N communities with trial homes, "
        "ambassadors and bodies, in da/en/de, all published. Runs on an empty database only "
        "(after `migrate`); on one it already seeded as asked, it does nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, default=60)
        parser.add_argument(
            "--pages", type=int, default=3000, help="pages in all, in every language (at least)"
        )
        parser.add_argument("--seed", type=int, default=2025, help="for the made-up text")
        parser.add_argument(
            "--check",
            action="store_true",
            help="only check: exit 0 when the database holds the volume asked for and its "
            "schema fits the models as they are now, 1 otherwise",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="run outside the bench settings (cms.settings.bench)",
        )

    def handle(self, *args, communities, pages, seed, check, force, **options):
        if not getattr(settings, "BENCH_STATIC_DIR", None) and not force:
            raise CommandError(
                "This seeds thousands of pages: run it with DJANGO_SETTINGS_MODULE="
                "cms.settings.bench (its own database), or --force."
            )
        try:
            plan = Plan(communities, pages)
        except ValueError as error:
            raise CommandError(str(error)) from error

        if check:
            return self.check_volume(communities, pages)
        existing = existing_volume()
        if existing is not None:
            have_communities, have_pages = existing
            if have_communities >= communities and have_pages >= pages:
                self.stdout.write(
                    f"Already seeded: {have_communities} communities, {have_pages} pages. "
                    "Nothing to do."
                )
                return
            raise CommandError(
                f"This database holds a smaller volume seed ({have_communities} communities, "
                f"{have_pages} pages): remove the database and migrate again."
            )
        if content_pages().exists():
            raise CommandError(
                "This database already has content: seed_volume runs on an empty (just "
                "migrated) database only."
            )

        self.stdout.write(f"Seeding {plan.describe()}.")
        started = time.monotonic()
        VolumeBuilder(plan, self.stdout, seed=seed).build()
        elapsed = time.monotonic() - started
        done_communities, done_pages = existing_volume()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {done_communities} communities and {done_pages} pages in {elapsed:.1f} s."
            )
        )

    def check_volume(self, communities, pages):
        problems = schema_problems()
        if problems:
            raise CommandError(
                f"out of date: {'; '.join(problems[:5])}{' …' if len(problems) > 5 else ''}"
            )
        existing = existing_volume()
        if existing is None or existing[0] < communities or existing[1] < pages:
            have = f"{existing[0]} communities, {existing[1]} pages" if existing else "none"
            raise CommandError(f"incomplete: {have} (asked: {communities}, {pages})")
        self.stdout.write(f"complete: {existing[0]} communities, {existing[1]} pages")
