"""`make bench`: the API's throughput on a large municipality's volume, against Wagtail's stock
pages endpoint and static JSON bodies, served by the same gunicorn in the same run.

1. Seeds `var/bench.sqlite3` (settings `cms.settings.bench`; `BENCH_DATABASE_URL` names
   another database) with `seed_volume`, once: the database is reused while the seeder's
   code, the volume asked for and the package versions are unchanged and
   `seed_volume --check` finds it complete, fully migrated, with every table and column the
   models have now (migrations here are sometimes edited in place).
2. Counts SQL queries per request in-process (Django's test client, after one warm-up
   request), with the API response cache off and on, and writes the static comparison
   bodies to `var/bench-static/`: a byte-for-byte copy of each of our responses. The copy of
   the trial-homes listing is `/bench/static.json`; the others `/bench/static/<key>.json`.
3. Serves the app with gunicorn on 127.0.0.1 (a free port), twice: `API_CACHE=0`
   (uncached: the cache middleware stays but stores and serves nothing, `X-Cache: BYPASS`),
   then with the response cache (cached; skipped while `frontend_api.caching` does not
   exist). Each URL is warmed and checked for a 200, then driven by wrk for BENCH_SECONDS,
   in BENCH_ROUNDS passes over all URLs (merged: requests over summed time, percentiles of
   the summed latency histograms). Within a pass, what is compared runs back to back (ours,
   then the stock endpoint serving the same pages; cached, ours then its static copy), so a
   change in the machine's load falls on both sides alike.
4. Prints the table and the goals' ratios, and writes `var/bench-results.json`.

Environment: BENCH_SECONDS (10: per URL and phase, split over BENCH_ROUNDS, 2), BENCH_THREADS
(2), BENCH_CONNECTIONS (16), BENCH_WORKERS (2), BENCH_WORKER_CLASS (sync; gthread uses
BENCH_WORKER_THREADS, 4), BENCH_COMMUNITIES (60), BENCH_PAGES (3000), BENCH_DATABASE_URL,
BENCH_INSTALL_WRK (1: apt-get install wrk if missing).
"""

import hashlib
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess  # noqa: S404  (gunicorn, manage.py, git: absolute paths, no shell)
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import wrk as wrk_tool

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
STATIC_DIR = VAR / "bench-static"
RESULTS = VAR / "bench-results.json"
GUNICORN_LOG = VAR / "bench-gunicorn.log"
CACHE_DIR = VAR / "bench-cache"
PRODUCT_DB = ROOT / "db.sqlite3"

LISTING_GOAL = 3.0  # our uncached listings ≥ 3× the stock listing's requests/s
CACHED_GOAL = 0.5  # a cached response ≥ half the static body's requests/s


@dataclass
class Endpoint:
    key: str
    label: str
    url: str
    group: str  # ours-listing, ours-detail, stock, static
    stock: str | None = None  # the stock endpoint serving the same pages
    static: str | None = None  # the static copy of this response
    phases_to_run: tuple = ("uncached", "cached")
    probe: dict = field(default_factory=dict)  # in-process: status, bytes, queries
    phases: dict = field(default_factory=dict)  # phase -> wrk figures
    note: str = ""


def endpoints():
    ours = [
        (
            "trial_homes",
            "ours  pages, trial homes",
            "/api/v2/pages/?type=communities.TrialHomePage&fields=*",
            "ours-listing",
            "stock_trial_homes",
        ),
        (
            "community_pages",
            "ours  pages, communities",
            "/api/v2/pages/?type=communities.CommunityPage&fields=*",
            "ours-listing",
            "stock_communities",
        ),
        (
            "pages_en",
            "ours  pages, locale=en",
            "/api/v2/pages/?locale=en",
            "ours-listing",
            "stock_all",
        ),
        (
            "communities",
            "ours  communities",
            "/api/v2/communities/?fields=*",
            "ours-listing",
            "stock_communities",
        ),
        (
            "detail",
            "ours  page detail",
            "/api/v2/pages/{community}/",
            "ours-detail",
            "stock_detail",
        ),
    ]
    eps = []
    for key, label, url, group, stock in ours:
        eps.append(Endpoint(key, label, url, group, stock=stock, static=f"static_{key}"))
    eps += [
        Endpoint(
            "stock_trial_homes",
            "stock pages, trial homes",
            "/bench/stock/pages/?type=communities.TrialHomePage&fields=*",
            "stock",
        ),
        Endpoint(
            "stock_communities",
            "stock pages, communities",
            "/bench/stock/pages/?type=communities.CommunityPage&fields=*",
            "stock",
        ),
        Endpoint("stock_all", "stock pages, fields=*", "/bench/stock/pages/?fields=*", "stock"),
        Endpoint("stock_detail", "stock page detail", "/bench/stock/pages/{community}/", "stock"),
        # the static file: the trial-homes listing's bytes, in both phases
        Endpoint(
            "static_trial_homes", "static: pages, trial homes", "/bench/static.json", "static"
        ),
    ]
    for key, label, *_rest in ours[1:]:
        eps.append(
            Endpoint(
                f"static_{key}",
                f"static: {label.removeprefix('ours  ')}",
                f"/bench/static/{key}.json",
                "static",
                phases_to_run=("cached",),
            )
        )
    return eps


def run_order(eps, phase):
    """Each of ours, then what it is compared with in this phase; then the rest."""
    by_key = {ep.key: ep for ep in eps}
    order = []
    for ep in eps:
        if ep.group.startswith("ours"):
            partner = by_key.get(ep.stock if phase == "uncached" else ep.static)
            order += [x for x in (ep, partner) if x is not None and x not in order]
    order += [ep for ep in eps if ep not in order]
    return [ep for ep in order if phase in ep.phases_to_run]


@dataclass
class Config:
    seconds: int
    rounds: int
    threads: int
    connections: int
    workers: int
    worker_class: str
    worker_threads: int
    communities: int
    pages: int
    database_url: str
    install_wrk: bool

    @classmethod
    def from_env(cls):
        def number(name, default):
            return int(os.environ.get(name, default))

        url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{VAR / 'bench.sqlite3'}")
        if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
            url = f"sqlite:///{(ROOT / url.removeprefix('sqlite:///')).resolve()}"
        return cls(
            seconds=number("BENCH_SECONDS", 10),
            rounds=max(1, number("BENCH_ROUNDS", 2)),
            threads=number("BENCH_THREADS", 2),
            connections=number("BENCH_CONNECTIONS", 16),
            workers=number("BENCH_WORKERS", 2),
            worker_class=os.environ.get("BENCH_WORKER_CLASS", "sync"),
            worker_threads=number("BENCH_WORKER_THREADS", 4),
            communities=number("BENCH_COMMUNITIES", 60),
            pages=number("BENCH_PAGES", 3000),
            database_url=url,
            install_wrk=os.environ.get("BENCH_INSTALL_WRK", "1") != "0",
        )

    @property
    def round_seconds(self):
        return max(1, math.ceil(self.seconds / self.rounds))

    @property
    def sqlite_path(self):
        if self.database_url.startswith("sqlite:///"):
            return Path(self.database_url.removeprefix("sqlite:///"))
        return None


# the database -----------------------------------------------------------------------------


def fingerprint(cfg):
    """What the seeded content depends on besides the schema (which `seed_volume --check`
    compares with the models): the seeder's code, the volume, the packages that shape pages."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "cms" / "bench").glob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for package in ("django", "wagtail", "wagtail-localize"):
        digest.update(f"{package}=={metadata.version(package)}".encode())
    digest.update(f"{cfg.communities}/{cfg.pages}/{cfg.database_url}".encode())
    return digest.hexdigest()


def volume_args(cfg):
    return ["--communities", str(cfg.communities), "--pages", str(cfg.pages)]


def is_current(cfg, env):
    """The database holds the volume asked for, and its schema fits the models of now."""
    completed = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "manage.py"), "seed_volume", "--check", *volume_args(cfg)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        reason = (completed.stderr.strip().splitlines() or ["?"])[-1]
        print(f"The bench database cannot be reused: {reason}", flush=True)
    return completed.returncode == 0


def manage(env, *args, timeout):
    print(f"$ manage.py {' '.join(args)}", flush=True)
    try:
        subprocess.run(  # noqa: S603
            [PYTHON, str(ROOT / "manage.py"), *args],
            env=env,
            cwd=ROOT,
            timeout=timeout,
            check=True,
        )
    except subprocess.CalledProcessError as error:
        sys.exit(f"manage.py {args[0]} failed (exit {error.returncode}): see above")
    except subprocess.TimeoutExpired:
        sys.exit(f"manage.py {args[0]} took more than {timeout} s: stopped")


def prepare_database(cfg, env):
    """Reuse the bench database when it is complete and current; otherwise build it anew."""
    path = cfg.sqlite_path
    if path is not None and path.resolve() == PRODUCT_DB.resolve():
        sys.exit("BENCH_DATABASE_URL names db.sqlite3: the benchmark never touches it")
    meta_path = path.with_name(path.name + ".meta.json") if path else VAR / "bench-db.meta.json"
    wanted = fingerprint(cfg)
    meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
    exists = path.is_file() if path is not None else True
    if meta.get("fingerprint") == wanted and exists and is_current(cfg, env):
        print(
            f"Reusing the bench database ({meta['seed_seconds']:.0f} s to seed, "
            f"{meta['seeded_at']}).",
            flush=True,
        )
        return {**meta, "reused": True}
    if path is not None:
        print(f"Building the bench database {path} (new or out of date).", flush=True)
        for stale in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
            stale.unlink(missing_ok=True)
        shutil.rmtree(VAR / "bench-media", ignore_errors=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    meta_path.unlink(missing_ok=True)
    manage(env, "migrate", "--no-input", "-v", "0", timeout=1800)
    started = time.monotonic()
    manage(env, "seed_volume", *volume_args(cfg), timeout=3600)
    meta = {
        "fingerprint": wanted,
        "seed_seconds": round(time.monotonic() - started, 1),
        "seeded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "communities": cfg.communities,
        "pages": cfg.pages,
    }
    meta_path.write_text(json.dumps(meta, indent=2))
    return {**meta, "reused": False}


# in-process: query counts and the static copies -------------------------------------------


def probe_in_process(eps, env):
    """Queries per request (after a warm-up request), uncached and cached; writes the static
    copies. Returns whether the API response cache exists, the community shown, the volume."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from wagtail.models import Page

    from communities.models import CommunityPage

    volume = {
        "communities": CommunityPage.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).count(),
        "community_pages": CommunityPage.objects.count(),
        "pages": Page.objects.filter(depth__gt=1).count(),
        "live_pages": Page.objects.filter(depth__gt=1, live=True).count(),
        "pages_per_locale": dict(
            Page.objects.filter(depth__gt=1)
            .order_by()
            .values_list("locale__language_code")
            .annotate(count=Count("id"))
            .values_list("locale__language_code", "count")
        ),
    }
    community = (
        CommunityPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("path")
        .first()
    )
    for ep in eps:
        ep.url = ep.url.format(community=community.pk)

    def probe(client, ep, phase):
        client.get(ep.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(ep.url)
        ep.probe.setdefault("status", response.status_code)
        ep.probe.setdefault("bytes", len(response.content))
        ep.probe[f"queries_{phase}"] = len(queries)
        ep.probe[f"x_cache_{phase}"] = response.get("X-Cache")
        # one request at a time, no queue: what a request costs the server (median of 5)
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(ep.url)
            timings.append((time.perf_counter() - started) * 1000)
        ep.probe[f"service_ms_{phase}"] = round(statistics.median(timings), 2)
        return response

    cache.clear()
    shutil.rmtree(STATIC_DIR, ignore_errors=True)
    STATIC_DIR.mkdir(parents=True)
    with override_settings(API_CACHE=False):
        client = Client(HTTP_HOST="127.0.0.1")
        for ep in eps:
            if ep.group == "static":
                continue
            response = probe(client, ep, "uncached")
            if ep.static and response.status_code == 200:
                name = ep.static.removeprefix("static_")
                (STATIC_DIR / f"{name}.json").write_bytes(response.content)
        for ep in eps:
            if ep.group == "static":
                probe(client, ep, "uncached")
    if settings.BENCH_RESPONSE_CACHE:
        cache.clear()
        with override_settings(API_CACHE=True):
            client = Client(HTTP_HOST="127.0.0.1")
            for ep in eps:
                probe(client, ep, "cached")
        cache.clear()
    connection.close()
    return settings.BENCH_RESPONSE_CACHE, community.pk, volume


# gunicorn ---------------------------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=30):
    request = urllib.request.Request(url, headers={"Connection": "close"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Server:
    """One gunicorn, in a process group of its own, stopped (by its id) whatever happens."""

    def __init__(self, cfg, env, api_cache):
        self.port = free_port()
        self.workers = cfg.workers
        self.base = f"http://127.0.0.1:{self.port}"
        command = [
            GUNICORN,
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(cfg.workers),
            "--worker-class",
            cfg.worker_class,
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            "--error-logfile",
            str(GUNICORN_LOG),
        ]
        if cfg.worker_class == "gthread":
            command += ["--threads", str(cfg.worker_threads)]
        self.process = subprocess.Popen(  # noqa: S603
            command,
            env={**env, "API_CACHE": "1" if api_cache else "0"},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        RUNNING.append(self)

    def wait_ready(self, deadline_seconds=60):
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited ({self.process.returncode}): see "
                    f"{GUNICORN_LOG.relative_to(ROOT)}"
                )
            try:
                if get(f"{self.base}/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError(f"gunicorn did not answer /healthz within {deadline_seconds} s")
        self.idle_seconds = max(0.05, 3 * statistics.median(self._probe_all() for _ in range(5)))

    def _probe_all(self):
        """The slowest of one /healthz per worker, sent together: slow while any worker is
        still busy."""

        def timed(_):
            started = time.monotonic()
            get(f"{self.base}/healthz", timeout=60)
            return time.monotonic() - started

        with ThreadPoolExecutor(self.workers) as pool:
            return max(pool.map(timed, range(self.workers)))

    def wait_idle(self, deadline_seconds=120):
        """Until every worker is free. When wrk stops, the requests still queued on its
        connections are served anyway (a sync worker does not know the client left): left
        alone, that backlog of a slow URL would eat into the next URL's run."""
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline:
            if self._probe_all() <= self.idle_seconds:
                return
        print(f"  ! the server was still busy after {deadline_seconds} s", flush=True)

    def stop(self):
        if self in RUNNING:
            RUNNING.remove(self)
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass


RUNNING = []


def stop_all(*_args):
    for server in list(RUNNING):
        server.stop()
    if _args:  # a signal
        sys.exit(130)


def run_phase(phase, cfg, env, eps, wrk):
    """Warm and check every URL, then `rounds` passes over them all (each URL next to what it
    is compared with), so a change in the machine's load falls on both sides alike."""
    api_cache = phase == "cached"
    server = Server(cfg, env, api_cache)
    try:
        server.wait_ready()
        print(
            f"\n[{phase}] gunicorn on {server.base}, {cfg.workers} {cfg.worker_class} workers; "
            f"wrk -t{cfg.threads} -c{cfg.connections}, {cfg.rounds} round(s) of "
            f"{cfg.round_seconds} s per URL",
            flush=True,
        )
        todo, runs = [], {}
        for ep in run_order(eps, phase):
            if ep.probe.get("status") != 200:
                continue
            url = server.base + ep.url
            # warm every worker (and, cached, fill the cache); check what is served
            answers = [get(url) for _ in range(cfg.workers * 3)]
            status, headers, body = answers[-1]
            ep.phases[phase] = {
                "status": status,
                "bytes": len(body),
                "x_cache": headers.get("X-Cache"),
            }
            if status != 200:
                ep.phases[phase]["error"] = f"answered {status}"
            else:
                todo.append(ep)
        for number in range(1, cfg.rounds + 1):
            for ep in todo:
                server.wait_idle()
                result = wrk_tool.run(
                    wrk, server.base + ep.url, cfg.round_seconds, cfg.threads, cfg.connections
                )
                runs.setdefault(ep.key, []).append(result)
                print(
                    f"  {number}/{cfg.rounds} {ep.label:30} {_fmt_rps(result):>6} req/s  "
                    f"p50 {_fmt_ms(result, 'p50_ms'):>8}  p99 {_fmt_ms(result, 'p99_ms'):>8}"
                    f"  X-Cache {ep.phases[phase]['x_cache'] or '-'}",
                    flush=True,
                )
        for ep in todo:
            ep.phases[phase].update(wrk_tool.merge(runs[ep.key]))
    finally:
        server.stop()


# the report -------------------------------------------------------------------------------


def _fmt_rps(figures):
    return f"{figures['rps']:.0f}" if figures and figures.get("rps") else "-"


FEW_SAMPLES = 200  # below this many requests, wrk's p99 is a rough figure: marked with *


def _fmt_ms(figures, key):
    value = figures.get(key) if figures else None
    if value is None:
        return "-"
    text = f"{value:.1f}ms" if value < 1000 else f"{value / 1000:.2f}s"
    if key == "p99_ms" and (figures.get("requests") or 0) < FEW_SAMPLES:
        text += "*"
    return text


def _ratio(a, b):
    if not a or not b or not a.get("rps") or not b.get("rps"):
        return None
    return a["rps"] / b["rps"]


def goals(eps, cache_exists):
    by_key = {ep.key: ep for ep in eps}
    rows = []
    for ep in eps:
        if ep.group == "ours-listing" and ep.stock:
            stock = by_key[ep.stock]
            ratio = _ratio(ep.phases.get("uncached"), stock.phases.get("uncached"))
            ours_ms = ep.probe.get("service_ms_uncached")
            stock_ms = stock.probe.get("service_ms_uncached")
            rows.append(
                {
                    "goal": f"uncached ≥ {LISTING_GOAL:g}× stock",
                    "ours": ep.key,
                    "versus": stock.key,
                    "ratio": ratio,
                    "pass": None if ratio is None else ratio >= LISTING_GOAL,
                    # a cross-check less sensitive to the machine's load: one request alone
                    "one_request_ratio": (stock_ms / ours_ms) if ours_ms and stock_ms else None,
                    "note": ep.note or ("" if ratio else "not measured"),
                }
            )
    for ep in eps:
        if ep.group in ("ours-listing", "ours-detail"):
            static = by_key[ep.static]
            ratio = _ratio(ep.phases.get("cached"), static.phases.get("cached"))
            hit = (ep.phases.get("cached") or {}).get("x_cache") == "HIT"
            note = (
                "no response cache yet (frontend_api.caching.APICacheMiddleware)"
                if not cache_exists
                else ("" if hit else "not served from the cache")
            )
            rows.append(
                {
                    "goal": f"cached ≥ {CACHED_GOAL:g}× static",
                    "ours": ep.key,
                    "versus": static.key,
                    "ratio": ratio if hit else None,
                    "pass": (ratio >= CACHED_GOAL) if (ratio is not None and hit) else None,
                    "note": ep.note or note,
                }
            )
    return rows


def report(eps, goal_rows, cfg, context):
    print("\n" + "=" * 118)
    print(
        f"{context['communities']} communities, {context['pages']} live pages (da/en/de); "
        f"{cfg.workers} {cfg.worker_class} gunicorn workers; wrk -t{cfg.threads} "
        f"-c{cfg.connections}, {cfg.rounds}×{cfg.round_seconds}s per URL; "
        f"{context['cpus']} CPUs, load "
        f"{context['load_before']} before, {context['load_after']} after"
    )
    head = (
        f"{'endpoint':30} {'bytes':>7} {'queries':>7} {'1 req':>7} | {'req/s':>6} {'p50':>8}"
        f" {'p99':>8} | {'1 req':>6} {'req/s':>6} {'p50':>7} {'p99':>7} {'X-Cache':>7}"
    )
    print(f"{'':46} {'unc.':>7} | {'uncached (wrk)':^24} | {'':6} {'cached (wrk)':^30}")
    print(head)
    print("-" * len(head))
    for ep in eps:
        probe = ep.probe
        if probe.get("status") != 200:
            print(f"{ep.label:30} {'':7} {'':9} | skipped: {ep.note}")
            continue
        queries = f"{probe.get('queries_uncached', '-')}/{probe.get('queries_cached', '-')}"
        unc, cac = ep.phases.get("uncached"), ep.phases.get("cached")
        print(
            f"{ep.label:30} {probe['bytes']:>7} {queries:>7} "
            f"{_fmt_ms(probe, 'service_ms_uncached'):>7} | {_fmt_rps(unc):>6} "
            f"{_fmt_ms(unc, 'p50_ms'):>8} {_fmt_ms(unc, 'p99_ms'):>8} | "
            f"{_fmt_ms(probe, 'service_ms_cached'):>6} {_fmt_rps(cac):>6} "
            f"{_fmt_ms(cac, 'p50_ms'):>7} {_fmt_ms(cac, 'p99_ms'):>7} "
            f"{(cac or {}).get('x_cache') or '-':>7}"
        )
    print(
        "queries = SQL queries per request, uncached/cached; 1 req = the median time of one "
        "request alone (in-process, after a warm-up, no queue);\n"
        f"p50/p99 under wrk's {cfg.connections} connections include the wait for a free "
        f"worker; * = p99 of fewer than {FEW_SAMPLES} requests"
    )
    for ep in eps:
        print(f"  {ep.label:30} {ep.url}")
    problems = [
        f"{ep.label} [{phase}]: {figures.get('error') or ''} non-2xx {figures.get('non_2xx')}, "
        f"socket errors {figures.get('socket_errors')}"
        for ep in eps
        for phase, figures in ep.phases.items()
        if figures.get("error") or figures.get("non_2xx") or figures.get("socket_errors")
    ]
    for problem in problems:
        print(f"  ! {problem}")

    print("\nGoals (ratios of requests/s in this run)")
    labels = {ep.key: ep.label for ep in eps}
    for row in goal_rows:
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[row["pass"]]
        ratio = f"{row['ratio']:.3f}×" if row["ratio"] is not None else "-"
        notes = [row["note"]] if row["note"] else []
        if row.get("one_request_ratio"):
            notes.append(f"one request alone: {row['one_request_ratio']:.2f}×")
        print(
            f"  {row['goal']:22} {labels[row['ours']]:28} vs {labels[row['versus']]:28} "
            f"{ratio:>7}  {verdict}{'  (' + '; '.join(notes) + ')' if notes else ''}"
        )
    measured = [row["pass"] for row in goal_rows if row["pass"] is not None]
    overall = "PASS" if measured and all(measured) else "FAIL" if measured else "n/a"
    unmeasured = sum(row["pass"] is None for row in goal_rows)
    print(
        f"  overall: {overall}"
        + (f" ({unmeasured} comparison(s) not measured)" if unmeasured else "")
    )
    return overall


def git_state():
    git = shutil.which("git")
    if git is None:
        return None
    head = subprocess.run(  # noqa: S603
        [git, "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    ).stdout.strip()
    dirty = subprocess.run(  # noqa: S603
        [git, "status", "--porcelain"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    ).stdout.strip()
    return f"{head}{' (uncommitted changes)' if dirty else ''}"


def main():
    cfg = Config.from_env()
    VAR.mkdir(exist_ok=True)
    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    wrk = wrk_tool.ensure_installed(cfg.install_wrk)
    if wrk is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
        "BENCH_DATABASE_URL": cfg.database_url,
        "BENCH_STATIC_DIR": str(STATIC_DIR),
        # one key for every process (workers, the probe); the API signs nothing
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    }
    seed = prepare_database(cfg, env)

    eps = endpoints()
    cache_exists, community_id, volume = probe_in_process(eps, env)
    for ep in eps:
        if ep.probe.get("status") == 404 and ep.key == "communities":
            ep.note = "no /api/v2/communities/ endpoint (404)"
        elif ep.probe.get("status") != 200:
            ep.note = f"answered {ep.probe.get('status')} in-process"
    load_before = os.getloadavg()[0]
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
    try:
        run_phase("uncached", cfg, env, eps, wrk)
        if cache_exists:
            shutil.rmtree(CACHE_DIR, ignore_errors=True)
            run_phase("cached", cfg, env, eps, wrk)
        else:
            print(
                "\n[cached] skipped: frontend_api.caching.APICacheMiddleware does not exist "
                "yet, so every response is uncached."
            )
    finally:
        stop_all()
    context = {
        "communities": volume["communities"],
        "pages": volume["live_pages"],
        "cpus": os.cpu_count(),
        "load_before": f"{load_before:.1f}",
        "load_after": f"{os.getloadavg()[0]:.1f}",
    }
    goal_rows = goals(eps, cache_exists)
    overall = report(eps, goal_rows, cfg, context)
    RESULTS.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "git": git_state(),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "load_before": load_before,
                    "load_after": os.getloadavg()[0],
                },
                "config": {k: v for k, v in vars(cfg).items() if k != "install_wrk"},
                "seed": seed,
                "volume": volume,
                "community_id": community_id,
                "response_cache": cache_exists,
                "endpoints": [
                    {
                        "key": ep.key,
                        "label": ep.label,
                        "url": ep.url,
                        "group": ep.group,
                        "stock": ep.stock,
                        "static": ep.static,
                        "note": ep.note,
                        "in_process": ep.probe,
                        "load": ep.phases,
                    }
                    for ep in eps
                ],
                "goals": goal_rows,
                "overall": overall,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    seeded = "reused" if seed["reused"] else "this run"
    print(f"seed: {seed['seed_seconds']:.0f} s ({seeded})")


if __name__ == "__main__":
    main()
