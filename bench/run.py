"""`make bench`: the API's throughput and queries per request, one scenario per area, each on
a database of its own (settings `cms.settings.bench`) seeded by the apps' `seed_*` commands:
on SQLite under var/ (reused while its fingerprint holds) and on a throwaway PostgreSQL 15
the run starts and removes (bench/postgres.py, as .ci/run; skipped when it is not installed);
served by gunicorn with sync and with gthread workers, the figures side by side
(bench/harness.py). Each scenario prints its tables and writes var/bench-<name>-results.json.

    .venv/bin/python bench/run.py [pages events directory guide calendar_import dashboard website
                                   municipalities mixed scale]

BENCH_DATABASES (sqlite,postgresql), BENCH_WORKER_CLASS (sync,gthread), BENCH_GTHREADS (4)
choose what is measured; the load's knobs are in bench/load.py.

- pages: 60 communities and 3,000 pages in da/en/de; our listings against Wagtail's stock
  endpoint (/bench/stock/pages/) uncached, and against static copies of the same bodies
  (/bench/static.json, /bench/static/<key>.json) cached, with the goals' PASS/FAIL;
- events: the calendar listing with ~20,000 occurrences in its window (reseeded daily);
- directory: 700 and 20,000 associations (BENCH_DIRECTORY_VOLUMES);
- guide: the checklist and its PDF per origin, on the demo;
- calendar_import: a generated 5,000-event feed imported in-process (bench/calendar_import.py);
- dashboard: the coordinator's dashboard panels timed in-process on the demo plus ~20,000
  newcomers' activity, on each database (bench/dashboard.py; goal under 300 ms a panel);
- website: on the demo, the website's home, a community, the calendar and the checklist (in
  uvicorn, the API's cache warm) beside the API's cached JSON they are made of, with the
  ratios (bench/website.py);
- municipalities: one municipality's pages, communities, associations and events with 1 and
  with 10 municipalities seeded: equal queries and items, and the p99 ratio
  (bench/municipalities.py);
- mixed: reads of pages, events and associations, cache on, while registrations arrive at 0,
  1 and 5 a second: read requests/s, p99 and cache hit ratio per kind, registrations made per
  second (bench/mixed.py, bench/registrar.py);
- scale: 60 communities / 3,000 pages / ~20,000 occurrences against 600 / 30,000 / ~200,000,
  the same URLs uncached, the ratio of p99s (goal ≤ 1.5×) (bench/scale.py).

calendar_import and website run on SQLite, website with the first worker class only.
"""

import os
import secrets
import signal
import subprocess  # noqa: S404  (bench/calendar_import.py by absolute path, no shell)
import sys

import harness
import mixed
import municipalities
import scale
from harness import Scenario, Url
from load import DATABASES, ensure_wrk

import website  # bench/website.py: this directory comes first on sys.path

API = "/api/v2/pages/"
STOCK = "/bench/stock/pages/"
COMMUNITY = ("communities.CommunityPage", {"locale__language_code": "da"})


def pages():
    def ours(key, label, path, stock):
        return [
            Url(key, f"ours  {label}", path, stock=stock, static=f"static_{key}"),
            Url(f"static_{key}", f"static {label}", f"/bench/static/{key}.json", ("cached",)),
        ]

    def stock(key, label, path):
        return Url(key, f"stock {label}", STOCK + path, ("uncached",))

    trial_homes = "?type=communities.TrialHomePage&fields=*"
    communities = "?type=communities.CommunityPage&fields=*"
    urls = [
        *ours("trial_homes", "pages, trial homes", API + trial_homes, "stock_trial_homes"),
        stock("stock_trial_homes", "pages, trial homes", trial_homes),
        *ours("community_pages", "pages, communities", API + communities, "stock_communities"),
        stock("stock_communities", "pages, communities", communities),
        *ours("pages_en", "pages, locale=en", API + "?locale=en", "stock_all"),
        stock("stock_all", "pages, fields=*", "?fields=*"),
        *ours("communities", "communities", "/api/v2/communities/?fields=*", "stock_communities"),
        *ours("detail", "page detail", API + "{community}/", "stock_detail"),
        stock("stock_detail", "page detail", "{community}/"),
        # an app's first download: 100 whole pages per request (×100 for pages delivered)
        Url(
            "changes",
            "ours  changes, 100 pages",
            "/api/v2/changes/?limit=100&locale=en",
            static="static_changes",
        ),
        Url(
            "static_changes", "static changes, 100 pages", "/bench/static/changes.json", ("cached",)
        ),
    ]
    # the trial-homes listing's copy is also the static file, measured in both phases
    urls[1] = Url("static_trial_homes", "static pages, trial homes", "/bench/static.json")
    return Scenario(
        "pages",
        seed=[["seed_volume", "--communities", "60", "--pages", "3000"]],
        urls=urls,
        ids={"community": COMMUNITY},
        counts={"communities": COMMUNITY, "live pages": ("wagtailcore.Page", {"depth__gt": 1})},
        sources=("cms/bench/*.py",),
    )


def events():
    listing = "/api/v2/events/"
    urls = [
        ("listing, 20 items", ""),
        ("listing, 100 items", "?limit=100"),
        ("listing, page 50", "?limit=100&offset=5000"),
        ("filtered: category", "?category=culture"),
        ("filtered: near", "?near=54.91,9.79&within_km=5"),
        ("one community", "?community={community}"),
        ("search", "?search=spil"),
        ("event detail", "{event}/"),
        ("feed.ics (1 year)", "feed.ics?community={community}"),
    ]
    return Scenario(
        "events",
        seed=[
            ["seed_volume", "--communities", "60", "--pages", "186"],  # the communities alone
            ["seed_calendar_volume"],
        ],
        urls=[Url(f"e{n}", label, listing + query) for n, (label, query) in enumerate(urls)],
        ids={"community": COMMUNITY, "event": ("events.EventPage", {"rrule": "FREQ=DAILY"})},
        counts={"events": ("events.EventPage", {}), "imported": ("events.ImportedEvent", {})},
        sources=("cms/bench/*.py",),
        daily=True,
    )


def directory(count):
    urls = {
        "listing": "/api/v2/associations/",
        "filtered": "/api/v2/associations/?category=sport&language=en&free=false&locale=en",
        "search": "/api/v2/associations/?search=roklub",
        "near": "/api/v2/associations/?near=54.91,9.79&within_km=10",
        "doctors": "/api/v2/doctors/?language=en",
    }
    return Scenario(
        f"directory-{count}",
        seed=[["seed_association_volume", "--associations", str(count)]],
        urls=[Url(key, key, path) for key, path in urls.items()],
        counts={"associations": ("directory.Association", {})},
    )


def guide():
    urls = []
    # the whole checklist, as the PDF has it (a listing pages by 20 by default)
    for kind, path in (
        ("checklist", "/api/v2/checklist/?limit=100&"),
        ("pdf", "/api/v2/checklist/pdf/?"),
    ):
        for origin in ("denmark", "nordic", "eu", "non_eu"):
            urls.append(
                Url(f"{kind}_{origin}", f"{kind} {origin}", f"{path}origin={origin}&locale=en")
            )
    return Scenario(
        "guide",
        seed=[["seed_demo", "--force"]],
        urls=urls,
        counts={"checklist steps": ("guide.ChecklistStepPage", {})},
        sources=("cms/demo/*",),
        env={"DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)},
    )


def calendar_import():
    env = harness.database(Scenario("calendar-import", seed=[]))
    script = str(harness.ROOT / "bench" / "calendar_import.py")
    completed = subprocess.run([harness.PYTHON, script], env=env, check=False)  # noqa: S603
    if completed.returncode != 0:
        sys.exit("bench/calendar_import.py failed: see above")


def dashboard():
    """bench/dashboard.py on each database: the coordinator's panels timed in-process."""
    script = str(harness.ROOT / "bench" / "dashboard.py")
    for backend in DATABASES:
        env = harness.database(Scenario("dashboard", seed=[]), backend)
        if env is None:
            continue
        print(f"\n== dashboard on {backend} ==", flush=True)
        completed = subprocess.run([harness.PYTHON, script], env=env, check=False)  # noqa: S603
        if completed.returncode != 0:
            sys.exit("bench/dashboard.py failed: see above")


def main():
    # a signal ends the run through the servers' cleanup (each stops its gunicorn)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    volumes = os.environ.get("BENCH_DIRECTORY_VOLUMES", "700,20000").split(",")
    areas = {
        "pages": [pages()],
        "events": [events()],
        "directory": [directory(int(count)) for count in volumes],
        "guide": [guide()],
        "calendar_import": [],
        "dashboard": [],
        "website": [],
        "municipalities": [],
        "mixed": [],
        "scale": [],
    }
    chosen = sys.argv[1:] or list(areas)
    if unknown := set(chosen) - set(areas):
        sys.exit(f"unknown scenario {', '.join(sorted(unknown))}: choose from {', '.join(areas)}")
    ensure_wrk()
    for area in chosen:
        for scenario in areas[area]:
            harness.run(scenario)
        if area == "calendar_import":
            calendar_import()
        if area == "dashboard":
            dashboard()
        if area == "website":
            website.run()
        if area == "municipalities":
            municipalities.run()
        if area == "mixed":
            mixed.run()
        if area == "scale":
            scale.run()


if __name__ == "__main__":
    main()
