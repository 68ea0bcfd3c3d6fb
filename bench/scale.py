"""Flat cost from one municipality's size to ten: the same URLs (pages, communities, the
events listing, a community's events, a page's detail), uncached, on 60 communities / 3,000
pages / ~20,000 occurrences in the calendar's window and on 600 / 30,000 / ~200,000
(`seed_volume --quick-homes`, then `seed_calendar_volume` under every community). The
issue's goal: the p99 with ten times the rows at most 1.5× the p99 with one.

BENCH_SCALE (10): the large database's multiple of the small one, BENCH_SCALE_BASE (60,3000):
the small one's communities and pages. Seeding the large one is
slow (see the seed time printed and in var/bench-scale-results.json); SQLite keeps it while
its fingerprint holds (a day: the calendar is relative to today).
"""

import json
import os

import harness
from harness import Scenario, Url, _ms
from load import ROOT, VAR

GOAL = 1.5
SMALL = [int(n) for n in os.environ.get("BENCH_SCALE_BASE", "60,3000").split(",")]
TIMES = int(os.environ.get("BENCH_SCALE", 10))
URLS = {
    "pages": "/api/v2/pages/",
    "communities": "/api/v2/communities/",
    "events": "/api/v2/events/",
    # what a community's page on the website asks for
    "community events": "/api/v2/events/?community={community}",
    "detail": "/api/v2/pages/{community}/",
}


def scenario(name, communities, pages):
    return Scenario(
        f"scale-{name}",
        seed=[
            ["seed_volume", "--communities", str(communities), "--pages", str(pages)]
            + ["--quick-homes"],
            ["seed_calendar_volume"],
        ],
        urls=[Url(key, key, path, ("uncached",)) for key, path in URLS.items()],
        ids={"community": ("communities.CommunityPage", {"locale__language_code": "da"})},
        counts={
            "communities": ("communities.CommunityPage", {"locale__language_code": "da"}),
            "live pages": ("wagtailcore.Page", {"depth__gt": 1}),
            "events": ("events.EventPage", {}),
        },
        sources=("cms/bench/*.py",),
        daily=True,
    )


def run():
    communities, pages = SMALL
    small = harness.run(scenario("small", communities, pages))
    large = harness.run(scenario("large", communities * TIMES, pages * TIMES))
    compared = {
        combo: report(combo, small["runs"][combo]["rows"], large["runs"][combo]["rows"])
        for combo in small["runs"]
        if combo in large["runs"]
    }
    path = VAR / "bench-scale-results.json"
    path.write_text(json.dumps({"seed_seconds": harness.SEED_SECONDS, "p99": compared}, indent=2))
    print(f"wrote {path.relative_to(ROOT)}", flush=True)


def report(combo, small, large):
    """Per URL the p99 on each, their ratio and its verdict; items and queries side by side."""
    print(f"\nscale ({combo}): uncached, {TIMES}× the rows")
    head = f"{'URL':16} {'items':>15} {'queries':>9} {'p99 small':>10} {'large':>9} {'ratio':>6}"
    print(head + "\n" + "-" * len(head))
    compared, verdicts = {}, []
    for key in URLS:
        a, b = small[key], large[key]
        low = (a.get("uncached") or {}).get("p99_ms")
        high = (b.get("uncached") or {}).get("p99_ms")
        ratio = high / low if low and high else None
        verdict = None if ratio is None else ratio <= GOAL
        verdicts.append(verdict)
        compared[key] = {"small_p99_ms": low, "large_p99_ms": high, "ratio": ratio}
        items = f"{a.get('items') or '-'}/{b.get('items') or '-'}"
        queries = f"{a.get('queries_uncached', '-')}/{b.get('queries_uncached', '-')}"
        shown = "-" if ratio is None else f"{ratio:.2f}×"
        mark = {True: "PASS", False: "FAIL", None: "n/a"}[verdict]
        print(
            f"{key:16} {items:>15} {queries:>9} {_ms(a.get('uncached'), 'p99_ms'):>10} "
            f"{_ms(b.get('uncached'), 'p99_ms'):>9} {shown:>6}  {mark}"
        )
    print(f"items and queries: small/large; ratio: p99 large / small, goal ≤ {GOAL}×")
    measured = [v for v in verdicts if v is not None]
    overall = "n/a" if not measured else "PASS" if all(measured) else "FAIL"
    print(f"  overall: {overall}")
    return compared
