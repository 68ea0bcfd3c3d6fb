"""Associations (and a few doctors' practices) for the benchmark: made-up but plausible, the
same for the same number every time."""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.models import Association, Practice

KINDS = (
    ("Roklub", "Roning og kajak på vandet", ["sport", "nature"]),
    ("Gymnastikforening", "Gymnastik og pilates for alle aldre", ["sport", "children_youth"]),
    ("Kirkekor", "Vi synger ved gudstjenester og koncerter", ["music", "faith"]),
    ("Spejdergruppe", "Bål, knob og sommerlejr i skoven", ["children_youth", "nature"]),
    ("Strikkecafé", "Strik, hækling og kaffe i forsamlingshuset", ["hobby", "social"]),
    ("Lokalhistorisk Forening", "Byvandringer og foredrag om egnens historie", ["culture"]),
    ("Besøgsvenner", "Frivillige besøger ældre og ensomme", ["volunteering", "social"]),
    ("Løbeklub", "Fælles løb langs vandet og i skoven", ["sport", "nature"]),
    ("Spillemandslaug", "Folkemusik fra Sønderjylland", ["music", "culture"]),
    ("Sejlklub", "Jollesejlads og kapsejlads fra havnen", ["sport", "nature"]),
)
TOWNS = ("Nordborg", "Guderup", "Augustenborg", "Gråsten", "Broager", "Dybbøl", "Kegnæs")


class Command(BaseCommand):
    help = (
        "Seed N associations and 20 doctors' practices for the benchmark. Runs on a database "
        "without associations only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--associations", type=int, default=700)

    def handle(self, *args, associations, **options):
        if associations < 1:
            raise CommandError("--associations: at least one")
        if Association.objects.exists() or Practice.objects.exists():
            raise CommandError("This database already has associations: seed one without.")
        rng = random.Random(associations)  # noqa: S311  (made-up data, the same every run)
        with transaction.atomic():
            Association.objects.bulk_create(
                (self.association(n, rng) for n in range(associations)), batch_size=1000
            )
            Practice.objects.bulk_create(
                Practice(name=f"Lægehus {n}", address=TOWNS[n % 7], languages=["da", "en"])
                for n in range(20)
            )
        self.stdout.write(self.style.SUCCESS(f"Seeded {associations} associations."))

    def association(self, n, rng):
        kind, text, categories = KINDS[n % len(KINDS)]
        town = TOWNS[(n // len(KINDS)) % len(TOWNS)]
        free = rng.random() < 0.3
        return Association(
            name=f"{town} {kind} {n}",
            description=f"{text} i {town}.",
            description_en=f"{kind} in {town}." if n % 3 == 0 else "",
            activities=text,
            categories=categories,
            audiences=["adults"],
            languages=["da", "en"] if n % 2 else ["da"],
            newcomer_friendly=n % 4 == 0,
            latitude=54.85 + rng.random() * 0.25,
            longitude=9.55 + rng.random() * 0.45,
            fee_free=free,
            fee_min=None if free else 200,
            fee_max=None if free else 800,
            email=f"forening{n}@example.dk",
        )
