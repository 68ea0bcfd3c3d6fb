"""The benchmark harness: a database per scenario seeded once per fingerprint (a SQLite file,
or a dump restored into the run's throwaway PostgreSQL, bench/postgres.py), SQL queries per
request counted in-process, the load (bench/load.py: gunicorn and wrk) with each worker
class, one table per database and worker class, then their requests/s side by side.
"""

import copy
import hashlib
import json
import math
import os
import secrets
import statistics
import subprocess  # noqa: S404  (manage.py and the probe: absolute paths, no shell)
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from importlib import metadata

import postgres
from load import (
    CONNECTIONS,
    DATABASES,
    GTHREADS,
    PHASES,
    ROOT,
    ROUNDS,
    SECONDS,
    THREADS,
    VAR,
    WORKER_CLASSES,
    WORKERS,
    load,
)

PYTHON = sys.executable
LISTING_GOAL = 3.0  # our uncached listing ≥ 3× the stock endpoint's requests/s
CACHED_GOAL = 0.5  # a cached response ≥ half its static copy's requests/s
FEW_SAMPLES = 200  # a p99 of fewer requests is a rough figure: marked with *


@dataclass
class Url:
    key: str
    label: str
    path: str  # may hold {placeholders} of the scenario's `ids`
    phases: tuple = PHASES
    stock: str | None = None  # the key of the stock endpoint serving the same content
    static: str | None = None  # the key of this response's static copy, /bench/static/<key>.json


@dataclass
class Scenario:
    name: str  # var/bench-<name>.sqlite3, var/bench-<name>-results.json
    seed: list  # manage.py commands (argument lists) run on the just-migrated database
    urls: list = field(default_factory=list)
    ids: dict = field(default_factory=dict)  # placeholder -> (model, filters): first by pk
    counts: dict = field(default_factory=dict)  # what the table heading counts: (model, filters)
    sources: tuple = ()  # globs of files besides the seed commands that shape the data
    daily: bool = False  # the data is relative to today: seeded anew each day
    env: dict = field(default_factory=dict)


# the database -----------------------------------------------------------------------------


def fingerprint(scenario):
    """What the seeded database depends on: migrations, seeders, packages, arguments."""
    files = set(ROOT.glob("*/migrations/*.py"))
    for command in scenario.seed:
        files.update(ROOT.glob(f"*/management/commands/{command[0]}.py"))
    for pattern in scenario.sources:
        files.update(ROOT.glob(pattern))
    digest = hashlib.sha256(repr(scenario.seed).encode())
    for path in sorted(files):
        digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    for package in ("django", "wagtail", "wagtail-localize"):
        digest.update(f"{package}=={metadata.version(package)}".encode())
    if scenario.daily:
        digest.update(date.today().isoformat().encode())
    return digest.hexdigest()


def manage(env, *args):
    print(f"$ manage.py {' '.join(args)}", flush=True)
    completed = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, timeout=3600, check=False
    )
    if completed.returncode != 0:
        sys.exit(f"manage.py {args[0]} failed (exit {completed.returncode}): see above")


def database(scenario, backend="sqlite"):
    """The scenario's environment on its database, seeded, or None when `backend` is not
    available: a SQLite file under var/, or a database in the run's throwaway PostgreSQL
    (once per run) restored from a dump under var/. Either is reused while the scenario's
    fingerprint holds, otherwise migrated and seeded anew (and PostgreSQL's dumped)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
        "BENCH_CACHE_URL": f"filecache://{VAR / f'bench-cache-{scenario.name}'}",
        # one key for every process (the seeders, the probe, the workers)
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        **scenario.env,
    }
    if backend == "postgresql":
        return _postgresql(scenario, env)
    path = VAR / f"bench-{scenario.name}.sqlite3"
    env["BENCH_DATABASE_URL"] = f"sqlite:///{path}"
    if _fresh(scenario, path):
        print(f"Reusing {path.relative_to(ROOT)}.", flush=True)
        return env
    print(f"Building {path.relative_to(ROOT)} (new or out of date).", flush=True)
    for stale in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        stale.unlink(missing_ok=True)
    seed(scenario, env, "sqlite")
    _stamp(scenario, path)
    return env


_on_postgresql = {}  # scenario name -> its environment, in this run's cluster


def _postgresql(scenario, env):
    if scenario.name in _on_postgresql:
        return _on_postgresql[scenario.name]
    server = postgres.cluster()
    if server is None:
        return None
    name = "bench_" + scenario.name.replace("-", "_")
    env["BENCH_DATABASE_URL"] = server.create(name)
    dump = VAR / f"bench-{scenario.name}.pgdump"
    if _fresh(scenario, dump):
        started = time.monotonic()
        server.restore(name, dump)
        manage(env, "analyze_database")  # a restore leaves the planner without statistics
        print(f"Restored {dump.relative_to(ROOT)} in {time.monotonic() - started:.0f} s.")
    else:
        print(f"Building {scenario.name} on PostgreSQL (new or out of date).", flush=True)
        dump.unlink(missing_ok=True)
        seed(scenario, env, "postgresql")
        server.dump(name, dump)
        _stamp(scenario, dump)
    _on_postgresql[scenario.name] = env
    return env


def _fresh(scenario, path):
    """Whether `path` holds the scenario's data as its fingerprint wants it; if not, the
    stale fingerprint is removed (so that a seed cut short is never taken as done)."""
    stamp = path.with_name(path.name + ".fingerprint")
    if path.is_file() and stamp.is_file() and stamp.read_text() == fingerprint(scenario):
        return True
    VAR.mkdir(exist_ok=True)
    stamp.unlink(missing_ok=True)
    return False


def _stamp(scenario, path):
    path.with_name(path.name + ".fingerprint").write_text(fingerprint(scenario))


SEED_SECONDS = {}  # "<scenario> <database>" -> how long migrating and seeding took


def seed(scenario, env, backend):
    started = time.monotonic()
    manage(env, "migrate", "--no-input", "-v", "0")
    for command in scenario.seed:
        manage(env, *command)
    manage(env, "analyze_database")  # as the daily job leaves a production database
    seconds = time.monotonic() - started
    SEED_SECONDS[f"{scenario.name} {backend}"] = round(seconds)
    print(f"seeded in {seconds:.0f} s", flush=True)


# in-process: queries per request, the time of one request alone, the static copies --------


def probe(scenario, env):
    """Runs `probe_child` in a process of its own (Django is set up once per process, on
    one database): per URL its status, size, items, queries and time, uncached and cached."""
    completed = subprocess.run(  # noqa: S603
        [PYTHON, __file__, "probe"],
        input=json.dumps(asdict(scenario)),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(f"the in-process probe failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.splitlines()[-1])


def probe_child():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    request = json.loads(sys.stdin.read())

    def first(model, filters):
        return apps.get_model(model).objects.filter(**filters).order_by("pk").first().pk

    ids = {name: first(*spec) for name, spec in request["ids"].items()}
    counts = {
        name: apps.get_model(m).objects.filter(**f).count()
        for name, (m, f) in request["counts"].items()
    }
    rows = {url["key"]: {"path": url["path"].format(**ids)} for url in request["urls"]}
    static_dir = settings.BENCH_STATIC_DIR
    static_dir.mkdir(parents=True, exist_ok=True)
    for phase in PHASES:
        cache.clear()
        with override_settings(API_CACHE=phase == "cached"):
            client = Client(HTTP_HOST="127.0.0.1")
            for url in (u for u in request["urls"] if phase in u["phases"]):
                row = rows[url["key"]]
                client.get(row["path"])  # warm-up
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(row["path"])
                row[f"queries_{phase}"] = len(queries)  # before a request resets the log
                timings = []
                for _ in range(5):
                    started = time.perf_counter()
                    client.get(row["path"])
                    timings.append((time.perf_counter() - started) * 1000)
                row.setdefault("status", response.status_code)
                row.setdefault("bytes", len(response.content))
                row[f"one_ms_{phase}"] = round(statistics.median(timings), 2)
                if phase == "uncached" and url["static"]:
                    (static_dir / f"{url['key']}.json").write_bytes(response.content)
                if "items" not in row and response["Content-Type"].startswith("application/json"):
                    meta = response.json().get("meta")
                    row["items"] = meta.get("total_count") if isinstance(meta, dict) else None
    print(json.dumps({"rows": rows, "counts": counts}))


# the report -------------------------------------------------------------------------------


def _rps(figures):
    return f"{figures['rps']:.0f}" if figures and figures.get("rps") else "-"


def _ms(figures, key):
    value = (figures or {}).get(key)
    if value is None:
        return "-"
    text = f"{value:.1f}ms" if value < 1000 else f"{value / 1000:.2f}s"
    return text + ("*" if key == "p99_ms" and figures.get("requests", 0) < FEW_SAMPLES else "")


def _ratio(ours, theirs):
    ours, theirs = (ours or {}).get("rps"), (theirs or {}).get("rps")
    return ours / theirs if ours and theirs else None


def goals(scenario, rows):
    """Our uncached listing against the stock endpoint, our cached response against its
    static copy: (goal, ours, versus, ratio, pass, note)."""
    found = []
    for url in scenario.urls:
        pairs = [
            ("uncached", url.stock, LISTING_GOAL, "stock"),
            ("cached", url.static, CACHED_GOAL, "static"),
        ]
        for phase, other, goal, what in pairs:
            if not other:
                continue
            ratio = _ratio(rows[url.key].get(phase), rows[other].get(phase))
            note = ""
            if phase == "uncached" and rows[url.key].get("one_ms_uncached"):
                alone = rows[other]["one_ms_uncached"] / rows[url.key]["one_ms_uncached"]
                note = f"one request alone: {alone:.2f}×"
            elif phase == "cached" and rows[url.key].get("x_cache_cached") != "HIT":
                ratio, note = None, "not served from the cache"
            verdict = None if ratio is None else ratio >= goal
            found.append((f"{phase} ≥ {goal:g}× {what}", url.key, other, ratio, verdict, note))
    return found


def workers(worker_class):
    threads = f" ({GTHREADS} threads each)" if worker_class == "gthread" else ""
    return f"{WORKERS} {worker_class} gunicorn workers{threads}"


def report(scenario, result, backend, worker_class):
    rows = result["rows"]
    counts = ", ".join(f"{n:,} {what}" for what, n in result["counts"].items())
    print(f"\n{scenario.name} on {backend}: {counts}; {workers(worker_class)}; "
          f"wrk -t{THREADS} -c{CONNECTIONS}, {ROUNDS}×{math.ceil(SECONDS / ROUNDS)}s per URL; "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'':32} {'':>6} {'':>8} {'queries':>7} | {'uncached':^31} | {'cached':^39}")
    head = (
        f"{'URL':32} {'items':>6} {'bytes':>8} {'unc/cac':>7} | {'1 req':>7} {'req/s':>6} "
        f"{'p50':>7} {'p99':>8} | {'1 req':>7} {'req/s':>6} {'p50':>7} {'p99':>8} {'X-Cache':>7}"
    )
    print(head + "\n" + "-" * len(head))
    for url in scenario.urls:
        row = rows[url.key]
        if row["status"] != 200:
            print(f"{url.label:32} answered {row['status']} in-process: {row['path']}")
            continue
        cells = [f"{url.label:32} {row.get('items') or '-':>6} {row['bytes']:>8}"]
        cells.append(f"{row.get('queries_uncached', '-'):>3}/{row.get('queries_cached', '-'):<3}")
        for phase in PHASES:
            figures = row.get(phase)
            cells.append(
                f"| {_ms(row, f'one_ms_{phase}'):>7} {_rps(figures):>6} "
                f"{_ms(figures, 'p50_ms'):>7} {_ms(figures, 'p99_ms'):>8}"
            )
        print(" ".join(cells), f"{row.get('x_cache_cached', '-') if row.get('cached') else '-':>7}")
    print("queries per request uncached/cached; 1 req: one request alone, in-process (median of "
          f"5); p50/p99 under load include the wait for a free worker; * fewer than "
          f"{FEW_SAMPLES} requests")  # fmt: skip
    for url in scenario.urls:
        row = rows[url.key]
        for phase in PHASES:
            figures = row.get(phase) or {}
            trouble = [row.get(f"error_{phase}"), *figures.get("errors", [])]
            if figures.get("non_2xx") or figures.get("socket_errors"):
                trouble.append(
                    f"{figures['non_2xx']} non-2xx, {figures['socket_errors']} socket errors"
                )
            for text in filter(None, trouble):
                print(f"  ! {url.label} [{phase}]: {text}")
    found = goals(scenario, rows)
    if found:
        print("\nGoals (ratios of requests/s in this run)")
    labels = {url.key: url.label for url in scenario.urls}
    for goal, ours, other, ratio, verdict, note in found:
        shown = f"{ratio:.2f}×" if ratio is not None else "-"
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[verdict]
        line = f"  {goal:20} {labels[ours]:28} vs {labels[other]:28} {shown:>6}  {verdict}  {note}"
        print(line.rstrip())
    verdicts = [verdict for *_rest, verdict, _note in found if verdict is not None]
    if found:
        overall = "n/a" if not verdicts else "PASS" if all(verdicts) else "FAIL"
        print(f"  overall: {overall} ({len(found) - len(verdicts)} not measured)")
    return found


def run(scenario):
    """The scenario on each database (BENCH_DATABASES) with each worker class
    (BENCH_WORKER_CLASS): {"runs": {"<database> <worker class>": {"rows", "counts", "goals"}}}."""
    results = {"runs": {}}
    for backend in DATABASES:
        env = database(scenario, backend)
        if env is None:
            continue
        probed = probe(scenario, env)
        for worker_class in WORKER_CLASSES:
            result = copy.deepcopy(probed)
            for phase in PHASES:
                load(scenario, env, result["rows"], phase, worker_class)
            result["goals"] = report(scenario, result, backend, worker_class)
            results["runs"][f"{backend} {worker_class}"] = result
    side_by_side(scenario, results["runs"])
    path = VAR / f"bench-{scenario.name}-results.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"wrote {path.relative_to(ROOT)}", flush=True)
    return results


def side_by_side(scenario, runs):
    """Requests/s uncached and cached per database and worker class, one column each."""
    if len(runs) < 2:
        return
    print(f"\n{scenario.name}: requests/s uncached / cached")
    head = f"{'URL':32}" + "".join(f" {combo:>20}" for combo in runs)
    print(head + "\n" + "-" * len(head))
    for url in scenario.urls:
        cells = []
        for result in runs.values():
            row = result["rows"][url.key]
            cells.append(f"{_rps(row.get('uncached'))} / {_rps(row.get('cached'))}")
        print(f"{url.label:32}" + "".join(f" {cell:>20}" for cell in cells))


if __name__ == "__main__" and sys.argv[1:] == ["probe"]:
    probe_child()
