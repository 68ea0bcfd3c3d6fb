"""Many municipalities in one deployment: one municipality's listings (pages, communities,
associations, events) on a database holding it alone and on one holding ten alike
(`seed_volume --municipalities`, then `seed_calendar_volume` under every community).

The measured municipality is the first, the default site, asked for at 127.0.0.1 (the bench
settings allow no other host). What it lists must not grow with the others: the items and
the queries per request must be equal; the p99 ratio (ten / one) says what the other
municipalities' rows cost.

Each municipality is smaller than Sønderborg (60 communities, 3,000 pages, 700 associations),
so that ten seed in a few minutes (ten hold as many pages as the pages scenario's one):
BENCH_MUNICIPALITIES (10), and per municipality BENCH_MUNICIPALITY_COMMUNITIES (20),
BENCH_MUNICIPALITY_PAGES (300, in da/en/de) and BENCH_MUNICIPALITY_ASSOCIATIONS (200); the
calendar adds 18 events to every community.
"""

import os

import harness
from harness import Scenario, Url
from load import PHASES

MANY = int(os.environ.get("BENCH_MUNICIPALITIES", 10))
SIZE = {
    "--communities": os.environ.get("BENCH_MUNICIPALITY_COMMUNITIES", "20"),
    "--pages": os.environ.get("BENCH_MUNICIPALITY_PAGES", "300"),
    "--associations": os.environ.get("BENCH_MUNICIPALITY_ASSOCIATIONS", "200"),
}
URLS = {
    "pages": "/api/v2/pages/",
    "communities": "/api/v2/communities/",
    "associations": "/api/v2/associations/",
    "events": "/api/v2/events/",
}


def scenario(count):
    return Scenario(
        f"municipalities-{count}",
        seed=[
            ["seed_volume", "--municipalities", str(count), *(x for p in SIZE.items() for x in p)],
            ["seed_calendar_volume"],
        ],
        urls=[Url(key, key, path) for key, path in URLS.items()],
        counts={
            "municipalities": ("wagtailcore.Site", {}),
            "communities": ("communities.CommunityPage", {"locale__language_code": "da"}),
            "associations": ("directory.Association", {}),
            "events": ("events.EventPage", {}),
        },
        sources=("cms/bench/*.py",),
        daily=True,
    )


def run():
    one, many = harness.run(scenario(1)), harness.run(scenario(MANY))
    for combo in (c for c in one["runs"] if c in many["runs"]):
        report(combo, one["runs"][combo]["rows"], many["runs"][combo]["rows"])


def _p99(row, phase):
    return (row.get(phase) or {}).get("p99_ms")


def report(combo, one, many):
    print(f"\nOne municipality's listings: 1 vs {MANY} municipalities seeded ({combo})")
    head = f"{'URL':14} {'items':>11} {'queries unc.':>13} {'queries cac.':>13}"
    for phase in PHASES:
        head += f" | {'p99 ' + phase + ', 1':>15} {MANY:>8} {'ratio':>6}"
    print(head + "\n" + "-" * len(head))
    trouble = []
    for key in URLS:
        a, b = one[key], many[key]
        pairs = {
            "items": (a.get("items"), b.get("items")),
            **{
                f"{phase} queries": tuple(r.get(f"queries_{phase}") for r in (a, b))
                for phase in PHASES
            },
        }
        line = f"{key:14}" + "".join(
            f" {f'{x}/{y}':>{11 if what == 'items' else 13}}" for what, (x, y) in pairs.items()
        )
        trouble += [f"{key}: {what} {x} vs {y}" for what, (x, y) in pairs.items() if x != y]
        for phase in PHASES:
            low, high = _p99(a, phase), _p99(b, phase)
            ratio = f"{high / low:.2f}×" if low and high else "-"
            line += (
                f" | {harness._ms(a.get(phase), 'p99_ms'):>15}"
                f" {harness._ms(b.get(phase), 'p99_ms'):>8} {ratio:>6}"
            )
        print(line)
    print("items and queries per request: with 1 / with many; ratio: p99 with many / with one")
    for line in trouble:
        print(f"  ! {line}")
    print(f"  items and queries equal: {'FAIL' if trouble else 'PASS'}")
