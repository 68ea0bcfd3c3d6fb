"""The associations directory under load: 700 associations (the municipality's list) and
20,000 (to show how it grows). Run as `.venv/bin/python bench/directory.py`.

For each volume:
1. seeds a database of its own, `var/bench-directory-<n>.sqlite3` (settings
   `cms.settings.bench`, reused while it holds exactly that many associations);
2. counts SQL queries per request in-process (Django's test client, after a warm-up),
   response cache off and on;
3. serves it with gunicorn and drives each URL with wrk, uncached (`API_CACHE=0`) and then
   cached (a cache directory of its own per volume, emptied first).
Then prints one table. The helpers (gunicorn, wrk, settings) are bench/run.py's and
bench/wrk.py's.

Environment: BENCH_SECONDS (per URL and phase, default 5 here), BENCH_ROUNDS (1 here),
BENCH_DIRECTORY_VOLUMES (default "700,20000"), and bench/run.py's BENCH_THREADS,
BENCH_CONNECTIONS, BENCH_WORKERS, BENCH_WORKER_CLASS.
"""

import json
import os
import random
import secrets
import shutil
import signal
import subprocess  # noqa: S404  (this script and manage.py, absolute paths, no shell)
import sys
import time

os.environ.setdefault("BENCH_SECONDS", "5")
os.environ.setdefault("BENCH_ROUNDS", "1")

import run as bench  # noqa: E402  (bench/run.py, next to this file)
import wrk as wrk_tool  # noqa: E402

URLS = {
    "listing": "/api/v2/associations/",
    "filtered": "/api/v2/associations/?category=sport&language=en&free=false&locale=en",
    "search": "/api/v2/associations/?search=roklub",
    "near": "/api/v2/associations/?near=54.91,9.79&radius=10",
    "doctors": "/api/v2/doctors/?language=en",
}
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


# in a child process, on one volume's database ---------------------------------------------


def seed(count):
    """Exactly `count` associations (and a few practices), made the same way every time."""
    import django

    django.setup()
    from directory.models import Association, Practice

    if Association.objects.count() == count:
        return
    Association.objects.all().delete()
    rng = random.Random(count)  # noqa: S311  (made-up data, the same every run)
    rows = []
    for n in range(count):
        kind, text, categories = KINDS[n % len(KINDS)]
        town = TOWNS[(n // len(KINDS)) % len(TOWNS)]
        free = rng.random() < 0.3
        rows.append(
            Association(
                name=f"{town} {kind} {n}",
                description=f"{text} i {town}.",
                description_en=f"{kind} in {town}." if n % 3 == 0 else "",
                activities=text,
                categories=categories,
                audiences=["adults"],
                languages=["da", "en"] if n % 2 else ["da"],
                newcomer_friendly=n % 4 == 0,
                lat=54.85 + rng.random() * 0.25,
                lon=9.55 + rng.random() * 0.45,
                fee_free=free,
                fee_min=None if free else 200,
                fee_max=None if free else 800,
                email=f"forening{n}@example.dk",
            )
        )
    Association.objects.bulk_create(rows, batch_size=1000)
    if not Practice.objects.exists():
        Practice.objects.bulk_create(
            Practice(name=f"Lægehus {n}", address=TOWNS[n % 7], languages=["da", "en"])
            for n in range(20)
        )


def probe():
    """Queries per request, uncached and cached, as JSON on stdout."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    figures = {}
    for phase, api_cache in (("uncached", False), ("cached", True)):
        cache.clear()
        with override_settings(API_CACHE=api_cache):
            client = Client(HTTP_HOST="127.0.0.1")
            for key, url in URLS.items():
                client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                body = response.json()
                figures.setdefault(key, {}).update(
                    {
                        "status": response.status_code,
                        "total_count": body.get("meta", {}).get("total_count"),
                        f"queries_{phase}": len(queries),
                    }
                )
    print(json.dumps(figures))


# the orchestrator ------------------------------------------------------------------------


def child(env, *args, timeout=900):
    result = subprocess.run(  # noqa: S603
        [bench.PYTHON, os.path.abspath(__file__), *args],
        env=env,
        cwd=bench.ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"{args[0]} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def measure(count, cfg, wrk):
    database = bench.VAR / f"bench-directory-{count}.sqlite3"
    cache_dir = bench.VAR / f"bench-directory-cache-{count}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
        "BENCH_DATABASE_URL": f"sqlite:///{database}",
        "BENCH_CACHE_URL": f"filecache://{cache_dir}",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    }
    print(f"\n== {count} associations ({database.relative_to(bench.ROOT)})", flush=True)
    bench.manage(env, "migrate", "--no-input", "-v", "0", timeout=1800)
    started = time.monotonic()
    child(env, "--seed", str(count))
    print(f"seeded in {time.monotonic() - started:.1f} s", flush=True)
    figures = json.loads(child(env, "--probe"))
    for phase in ("uncached", "cached"):
        shutil.rmtree(cache_dir, ignore_errors=True)
        server = bench.Server(cfg, env, api_cache=phase == "cached")
        try:
            server.wait_ready()
            for key, url in URLS.items():
                for _ in range(cfg.workers * 3):  # warm every worker (and fill the cache)
                    status, headers, _body = bench.get(server.base + url)
                result = wrk_tool.run(
                    wrk, server.base + url, cfg.seconds, cfg.threads, cfg.connections
                )
                figures[key][phase] = {**result, "x_cache": headers.get("X-Cache")}
                print(
                    f"  [{phase}] {key:9} {result.get('rps') or 0:8.0f} req/s  "
                    f"p99 {result.get('p99_ms') or 0:7.1f} ms  X-Cache {headers.get('X-Cache')}",
                    flush=True,
                )
                server.wait_idle()
        finally:
            server.stop()
    return figures


def table(results):
    head = (
        f"{'associations':>12} {'request':9} {'items':>6} {'queries':>8} "
        f"{'uncached req/s':>15} {'p99 ms':>7} {'cached req/s':>13} {'p99 ms':>7}"
    )
    lines = [head, "-" * len(head)]
    for count, figures in results.items():
        for key, row in figures.items():
            uncached, cached = row.get("uncached", {}), row.get("cached", {})
            lines.append(
                f"{count:>12} {key:9} {row['total_count'] or 0:>6} "
                f"{row['queries_uncached']:>3}/{row['queries_cached']:<4} "
                f"{uncached.get('rps') or 0:>15.0f} {uncached.get('p99_ms') or 0:>7.1f} "
                f"{cached.get('rps') or 0:>13.0f} {cached.get('p99_ms') or 0:>7.1f}"
            )
    return "\n".join(lines)


def main():
    cfg = bench.Config.from_env()
    bench.VAR.mkdir(exist_ok=True)
    signal.signal(signal.SIGTERM, bench.stop_all)
    signal.signal(signal.SIGINT, bench.stop_all)
    wrk = wrk_tool.ensure_installed(cfg.install_wrk)
    if wrk is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    volumes = [int(n) for n in os.environ.get("BENCH_DIRECTORY_VOLUMES", "700,20000").split(",")]
    started = time.monotonic()
    try:
        results = {count: measure(count, cfg, wrk) for count in volumes}
    finally:
        bench.stop_all()
    print(
        f"\nwrk -t{cfg.threads} -c{cfg.connections} -d{cfg.seconds}s; {cfg.workers} "
        f"{cfg.worker_class} gunicorn workers; {os.cpu_count()} CPUs; queries are "
        f"uncached/cached per request; {time.monotonic() - started:.0f} s in all\n"
    )
    print(table(results))
    (bench.VAR / "bench-directory-results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(bench.ROOT))
    if sys.argv[1:2] == ["--seed"]:
        seed(int(sys.argv[2]))
    elif sys.argv[1:2] == ["--probe"]:
        probe()
    else:
        main()
