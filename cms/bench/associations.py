"""One bench municipality's associations: made-up, spread over its communities (as the
association's meeting place and its position), all belonging to its site."""

from directory.management.commands.seed_association_volume import KINDS
from directory.models import Association


def seed(site, communities, count, rng):
    Association.objects.bulk_create(
        (_association(site, communities, n, rng) for n in range(count)), batch_size=1000
    )


def _association(site, communities, n, rng):
    kind, about, categories = KINDS[n % len(KINDS)]
    community = communities[n % len(communities)]
    town = community.title
    free = rng.random() < 0.3
    return Association(
        site=site,
        name=f"{town} {kind} {n}",
        description=f"{about} i {town}.",
        description_en=f"{kind} in {town}." if n % 3 == 0 else "",
        activities=about,
        categories=categories,
        audiences=["adults"],
        languages=["da", "en"] if n % 2 else ["da"],
        newcomer_friendly=n % 4 == 0,
        community=community,
        address=town,
        latitude=float(community.latitude) + (rng.random() - 0.5) / 50,
        longitude=float(community.longitude) + (rng.random() - 0.5) / 50,
        fee_free=free,
        fee_min=None if free else 200,
        fee_max=None if free else 800,
        email=f"forening{n}@example.dk",
    )
