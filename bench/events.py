"""The calendar listing under load: /api/v2/events/ with ~20,000 occurrences in its window.

1. Seeds `var/bench-events.sqlite3` (settings `cms.settings.bench`; BENCH_EVENTS_DATABASE_URL
   names another database) once a day: 60 communities (BENCH_COMMUNITIES), each with daily,
   weekly and one-off events in its section, about 20,000 occurrences in the listing's
   default window (the next 60 days), plus an imported calendar. Reused while this file and
   the day are the same.
2. Counts SQL queries per request in-process, uncached and with the response cache.
3. Serves the app with gunicorn (bench/run.py's Server) and drives each URL with wrk (bench/wrk.py)
   for BENCH_SECONDS (default 8), uncached (API_CACHE=0) then cached; prints a table.

Run: `.venv/bin/python bench/events.py` (a few minutes; the seed about one).
"""

import hashlib
import json
import os
import secrets
import signal
import subprocess  # noqa: S404  (manage.py: absolute paths, no shell)
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import run as bench
import wrk as wrk_tool

ROOT = bench.ROOT
DB = bench.VAR / "bench-events.sqlite3"
META = bench.VAR / "bench-events.meta.json"
#: per community: events repeating daily, weekly, and once, in the 60-day window
DAILY, WEEKLY, ONCE = 5, 3, 10
URLS = (
    ("listing, 20 items", "/api/v2/events/"),
    ("listing, 100 items", "/api/v2/events/?limit=100"),
    ("listing, page 50", "/api/v2/events/?limit=100&offset=5000"),
    ("filtered: category", "/api/v2/events/?category=culture"),
    ("filtered: near", "/api/v2/events/?near=54.91,9.79&within_km=5"),
    ("one community", "/api/v2/events/?community={community}"),
    ("search", "/api/v2/events/?search=spil"),
    ("event detail", "/api/v2/events/{event}/"),
    ("feed.ics (1 year)", "/api/v2/events/feed.ics?community={community}"),
)


def environment():
    url = os.environ.get("BENCH_EVENTS_DATABASE_URL", f"sqlite:///{DB}")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
        "BENCH_DATABASE_URL": url,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    }


def fingerprint(communities):
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"{communities}/{date.today()}".encode())
    return digest.hexdigest()


def prepare(env, communities):
    wanted = fingerprint(communities)
    meta = json.loads(META.read_text()) if META.is_file() else {}
    if meta.get("fingerprint") == wanted and DB.is_file():
        print(f"Reusing {DB.relative_to(ROOT)} (seeded in {meta['seconds']:.0f} s).", flush=True)
        return meta
    for stale in (DB, *(DB.with_name(DB.name + s) for s in ("-wal", "-shm", "-journal"))):
        stale.unlink(missing_ok=True)
    print("$ manage.py migrate", flush=True)
    subprocess.run(  # noqa: S603
        [bench.PYTHON, str(ROOT / "manage.py"), "migrate", "--no-input", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=1800,
    )
    started = time.monotonic()
    seed(communities)
    meta = {"fingerprint": wanted, "seconds": time.monotonic() - started}
    META.write_text(json.dumps(meta))
    return meta


def seed(communities):
    """Pages are created live without revisions (what the API reads), for speed."""
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from communities.models import CommunityIndexPage, CommunityPage
    from events import recurrence
    from events.models import EventPage, ExternalCalendar, ImportedEvent
    from guide.models import HomePage

    print(f"Seeding {communities} communities' events …", flush=True)
    now = timezone.now()
    today = recurrence.local_naive(now).date()
    categories = ("social", "culture", "sport", "nature", "career", "welcome")
    with transaction.atomic():
        danish = Locale.objects.get_or_create(language_code="da")[0]
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Velkommen", slug="bench-home", locale=danish)
        )
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "127.0.0.1", "root_page": home}
        )
        index = home.add_child(
            instance=CommunityIndexPage(title="Lokalsamfund", slug="lokalsamfund", locale=danish)
        )
        for c in range(communities):
            lat, lon = 54.85 + (c % 10) * 0.03, 9.6 + (c // 10) * 0.05
            community = index.add_child(
                instance=CommunityPage(
                    title=f"Landsby {c}", slug=f"landsby-{c}", intro="…", locale=danish
                )
            )
            for n in range(DAILY + WEEKLY + ONCE):
                repeats = n < DAILY + WEEKLY
                # repeating events began a month ago; one-off events fall within the window
                day = (
                    today - timedelta(days=30)
                    if repeats
                    else today + timedelta(days=(n * 7 + c) % 58)
                )
                start = recurrence.aware(datetime.combine(day, datetime.min.time())) + timedelta(
                    hours=9 + n % 10
                )
                rule = "FREQ=DAILY" if n < DAILY else "FREQ=WEEKLY" if repeats else ""
                community.add_child(
                    instance=EventPage(
                        title=f"{'Spilleaften' if n % 4 == 0 else 'Arrangement'} {c}-{n}",
                        slug=f"arrangement-{n}",
                        locale=danish,
                        summary="Alle er velkomne.",
                        start=start,
                        end=start + timedelta(hours=2),
                        rrule=rule,
                        categories=[categories[(c + n) % len(categories)]],
                        audiences=["tourists"] if n % 3 == 0 else [],
                        languages=["da", "en"],
                        place_name=f"Forsamlingshus {c}",
                        latitude=Decimal(f"{lat:.6f}"),
                        longitude=Decimal(f"{lon:.6f}"),
                        join_mode="registration" if n % 5 == 0 else "open",
                        seats=20 if n % 5 == 0 else None,
                        live=True,
                        first_published_at=now,
                        last_published_at=now,
                    )
                )
        calendar = ExternalCalendar.objects.create(
            name="Aabenraa Kommune", feed_url="https://aabenraa.example.dk/k.ics", region="Aabenraa"
        )
        for n in range(100):
            start = now + timedelta(days=n % 60, hours=n % 12)
            ImportedEvent.objects.create(
                calendar=calendar,
                uid=f"e{n}",
                title=f"Begivenhed {n}",
                start=start,
                end=start + timedelta(hours=1),
                content_hash="0" * 64,
                created_at=now,
                updated_at=now,
            )


def probe(env):
    """Queries per request and the number of occurrences, in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from communities.models import CommunityPage
    from events.models import EventPage

    ids = {
        "community": CommunityPage.objects.order_by("path").first().pk,
        "event": EventPage.objects.filter(rrule="FREQ=DAILY").order_by("path").first().pk,
    }
    figures = {}
    for label, url in URLS:
        url = url.format(**ids)
        row = figures.setdefault(label, {"url": url})
        for phase, cached in (("uncached", False), ("cached", True)):
            with override_settings(API_CACHE=cached):
                client = Client(HTTP_HOST="127.0.0.1")
                client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    row[f"ms_{phase}"] = (time.perf_counter() - started) * 1000
            row[f"queries_{phase}"] = len(queries)
            row["status"] = response.status_code
        if response["Content-Type"].startswith("application/json"):
            row["total"] = response.json().get("meta", {}).get("total_count")
    connection.close()
    return figures


def load(env, figures, seconds):
    cfg = bench.Config.from_env()
    wrk = wrk_tool.ensure_installed(cfg.install_wrk)
    if wrk is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    signal.signal(signal.SIGTERM, bench.stop_all)
    signal.signal(signal.SIGINT, bench.stop_all)
    try:
        for phase in ("uncached", "cached"):
            server = bench.Server(cfg, env, api_cache=phase == "cached")
            try:
                server.wait_ready()
                for label, row in figures.items():
                    url = server.base + row["url"]
                    for _ in range(cfg.workers * 2):
                        bench.get(url)  # warm every worker (and fill the cache)
                    server.wait_idle()
                    result = wrk_tool.run(wrk, url, seconds, cfg.threads, cfg.connections)
                    row[phase] = result
                    print(
                        f"  [{phase}] {label:22} {bench._fmt_rps(result):>6} req/s  "
                        f"p99 {bench._fmt_ms(result, 'p99_ms'):>8}",
                        flush=True,
                    )
            finally:
                server.stop()
    finally:
        bench.stop_all()


def report(figures):
    print()
    head = f"{'URL':22} {'items':>6} {'queries':>7} {'req/s':>7} {'p99':>9} {'req/s':>7} {'p99':>9}"
    print(f"{'':22} {'':>6} {'':>7} {'--- uncached ---':>17} {'---- cached ----':>17}")
    print(head)
    for label, row in figures.items():
        print(
            f"{label:22} {row.get('total') or '-':>6} {row['queries_uncached']:>7} "
            f"{bench._fmt_rps(row.get('uncached')):>7} "
            f"{bench._fmt_ms(row.get('uncached'), 'p99_ms'):>9} "
            f"{bench._fmt_rps(row.get('cached')):>7} "
            f"{bench._fmt_ms(row.get('cached'), 'p99_ms'):>9}"
        )
    print(
        "\nitems: occurrences in the window (total_count); queries: per uncached request "
        "(cached: 0 on a hit)."
    )


def main():
    communities = int(os.environ.get("BENCH_COMMUNITIES", 60))
    seconds = int(os.environ.get("BENCH_SECONDS", 8))
    env = environment()
    bench.VAR.mkdir(exist_ok=True)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    prepare(env, communities)
    figures = probe(env)
    load(env, figures, seconds)
    report(figures)
    (bench.VAR / "bench-events-results.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
