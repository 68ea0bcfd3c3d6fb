import time

from django.core.management.base import BaseCommand, CommandError

from cms.bench.volume import Plan, VolumeBuilder, content_pages


class Command(BaseCommand):
    help = (
        "Seed a large municipality's pages for the benchmark: N communities with trial homes, "
        "ambassadors and bodies, in da/en/de, all published; or several municipalities of "
        "that size, each a site of its own (muni1.localhost …, the first the default site). "
        "Runs on a just-migrated database only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, default=60)
        parser.add_argument(
            "--pages", type=int, default=3000, help="pages in all, in every language (at least)"
        )
        parser.add_argument(
            "--municipalities", type=int, default=1, help="each with --communities and --pages"
        )
        parser.add_argument(
            "--associations", type=int, default=0, help="per municipality, in its communities"
        )
        parser.add_argument("--seed", type=int, default=2025, help="for the made-up text")
        parser.add_argument(
            "--quick-homes",
            action="store_true",
            help="add trial homes live in every language without revisions (what the API "
            "reads): about four times faster, for very large seeds",
        )

    def handle(
        self, *args, communities, pages, municipalities, associations, seed, quick_homes, **options
    ):
        try:
            plan = Plan(communities, pages)
        except ValueError as error:
            raise CommandError(f"--communities: {error}") from error
        if municipalities < 1:
            raise CommandError("--municipalities: at least one")
        if associations < 0:
            raise CommandError("--associations: none or more")
        if content_pages().exists():
            raise CommandError(
                "This database already has pages: seed_volume runs on a just-migrated database."
            )
        each = f"{municipalities} municipalities, each " if municipalities > 1 else ""
        self.stdout.write(f"Seeding {each}{plan.describe()}, {associations} associations.")
        started = time.monotonic()
        VolumeBuilder(
            plan,
            self.stdout,
            seed=seed,
            municipalities=municipalities,
            associations=associations,
            quick_homes=quick_homes,
        ).build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {plan.total_pages * municipalities} pages in "
                f"{time.monotonic() - started:.1f} s."
            )
        )
