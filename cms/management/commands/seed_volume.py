import time

from django.core.management.base import BaseCommand, CommandError

from cms.bench.volume import Plan, VolumeBuilder, content_pages


class Command(BaseCommand):
    help = (
        "Seed a large municipality's pages for the benchmark: N communities with trial homes, "
        "ambassadors and bodies, in da/en/de, all published. Runs on a just-migrated database "
        "only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, default=60)
        parser.add_argument(
            "--pages", type=int, default=3000, help="pages in all, in every language (at least)"
        )
        parser.add_argument("--seed", type=int, default=2025, help="for the made-up text")

    def handle(self, *args, communities, pages, seed, **options):
        try:
            plan = Plan(communities, pages)
        except ValueError as error:
            raise CommandError(f"--communities: {error}") from error
        if content_pages().exists():
            raise CommandError(
                "This database already has pages: seed_volume runs on a just-migrated database."
            )
        self.stdout.write(f"Seeding {plan.describe()}.")
        started = time.monotonic()
        VolumeBuilder(plan, self.stdout, seed=seed).build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {plan.total_pages} pages in {time.monotonic() - started:.1f} s."
            )
        )
