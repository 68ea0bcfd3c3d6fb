"""The coordinator's dashboard on a realistic volume: each panel timed in-process (median of
5 runs, after one to warm up), with its queries, on the demo plus ~20,000 newcomers' activity
(profiles, consents, contacts; 2,000 enquiries, 1,000 mentor requests, the welcome days'
registrations, 1,000 erased accounts' tally), over the default 12 months and over 30 months.
Goal: each panel under 300 ms. Figures, not timed assertions.

    BENCH_DATABASE_URL=sqlite:///var/bench-dashboard.sqlite3 .venv/bin/python bench/dashboard.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/velkomst_bench \
        .venv/bin/python bench/dashboard.py

The database is migrated and seeded (seed_demo, then the volume) when it has no demo yet;
later runs reuse it."""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.bench")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from cms.demo import newcomers_dashboard as volume  # noqa: E402
from newcomers.dashboard import PANELS, Scope  # noqa: E402
from newcomers.models import Account  # noqa: E402

ACCOUNTS = int(os.environ.get("BENCH_DASHBOARD_ACCOUNTS", "20000"))
RUNS = 5
GOAL_MS = 300


def seeded():
    call_command("migrate", verbosity=0)
    if not get_user_model().objects.filter(username="coordinator").exists():
        os.environ.setdefault("DEMO_PASSWORD", "bench-only-password")
        call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    site = Site.objects.get(is_default_site=True)
    volume.EMAIL = "bench-{:05d}@example.com"
    if not Account.objects.filter(email=volume.EMAIL.format(0)).exists():
        volume.NEWCOMERS, volume.ENQUIRIES = ACCOUNTS, ACCOUNTS // 10
        volume.MENTOR_REQUESTS, volume.DEPARTED = ACCOUNTS // 20, ACCOUNTS // 20
        started = time.perf_counter()
        volume.seed(site)
        print(f"seeded {ACCOUNTS} newcomers in {time.perf_counter() - started:.1f} s")
    return site


def measure(scope):
    for panel in PANELS:
        panel.table(scope)  # warm
        times = []
        for _run in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                panel.table(scope)
                times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        verdict = "PASS" if median < GOAL_MS else "FAIL"
        print(f"  {panel.key:20} {median:8.1f} ms  {len(queries):2} queries  {verdict}")


def main():
    random.seed(0)
    site = seeded()
    print(
        f"{connection.vendor}: {Account.objects.filter(site=site).count()} accounts, "
        f"goal < {GOAL_MS} ms per panel (median of {RUNS})"
    )
    today, now = timezone.localdate(), timezone.now()
    for label, days in (("the last 12 months", 365), ("the last 30 months", 913)):
        print(f" {label}:")
        measure(Scope(site, today - timedelta(days=days), today, now))


if __name__ == "__main__":
    main()
