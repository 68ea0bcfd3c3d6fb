"""The newcomer guide's throughput: the checklist endpoint and its PDF, per origin, served by
gunicorn and driven by wrk, uncached (`API_CACHE=0`) and cached. Run as

    .venv/bin/python bench/guide.py

1. Seeds `var/bench-guide.sqlite3` (settings `cms.settings.bench`) with `seed_demo`, once:
   reused while the guide's demo data and models are unchanged.
2. Serves it with gunicorn (bench/run.py's `Server`), warms and checks each URL, then runs wrk
   for BENCH_SECONDS per URL and phase (default 4).
3. Prints requests/s and p99 per URL and phase, and writes `var/bench-guide-results.json`.

Knobs as in `make bench`: BENCH_SECONDS, BENCH_THREADS, BENCH_CONNECTIONS, BENCH_WORKERS,
BENCH_WORKER_CLASS, BENCH_INSTALL_WRK.
"""

import hashlib
import json
import os
import secrets
import shutil
import subprocess  # noqa: S404  (manage.py by absolute path, no shell)
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as bench_run  # noqa: E402  (bench/run.py: the server, the config, wrk)
import wrk as wrk_tool  # noqa: E402

ROOT = bench_run.ROOT
DATABASE = bench_run.VAR / "bench-guide.sqlite3"
RESULTS = bench_run.VAR / "bench-guide-results.json"
CACHE = bench_run.VAR / "bench-guide-cache"
ORIGINS = ("denmark", "nordic", "eu", "non_eu")


def urls():
    for origin in ORIGINS:
        yield f"checklist {origin}", f"/api/v2/checklist/?origin={origin}&locale=en"
    for origin in ORIGINS:
        yield f"pdf {origin}", f"/api/v2/checklist/pdf/?origin={origin}&locale=en"


def fingerprint():
    digest = hashlib.sha256()
    for pattern in ("cms/demo/*.json", "cms/demo/*.py", "guide/migrations/*.py"):
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def manage(env, *args):
    print(f"$ manage.py {' '.join(args)}", flush=True)
    subprocess.run(  # noqa: S603
        [bench_run.PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=900,
        stdout=subprocess.DEVNULL,
    )


def prepare_database(env):
    meta = DATABASE.with_name(DATABASE.name + ".meta")
    wanted = fingerprint()
    if DATABASE.is_file() and meta.is_file() and meta.read_text() == wanted:
        print(f"Reusing {DATABASE.relative_to(ROOT)}.", flush=True)
        return
    DATABASE.unlink(missing_ok=True)
    meta.unlink(missing_ok=True)
    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "seed_demo", "--force")
    meta.write_text(wanted)


def measure(phase, cfg, env, wrk):
    shutil.rmtree(CACHE, ignore_errors=True)
    server = bench_run.Server(cfg, env, api_cache=phase == "cached")
    results = {}
    try:
        server.wait_ready()
        print(f"\n[{phase}] gunicorn on {server.base}, {cfg.workers} workers", flush=True)
        for label, path in urls():
            url = server.base + path
            answers = [bench_run.get(url) for _ in range(cfg.workers * 3)]
            status, headers, body = answers[-1]
            if status != 200:
                results[label] = {"error": f"answered {status}"}
                print(f"  {label:20} answered {status}", flush=True)
                continue
            server.wait_idle()
            run = wrk_tool.run(wrk, url, cfg.seconds, cfg.threads, cfg.connections)
            results[label] = {
                "url": path,
                "bytes": len(body),
                "x_cache": headers.get("X-Cache"),
                **{k: run.get(k) for k in ("rps", "p50_ms", "p99_ms", "requests", "non_2xx")},
            }
            rps, p99 = run.get("rps") or 0, run.get("p99_ms") or 0
            print(
                f"  {label:20} {rps:8.1f} req/s  p99 {p99:8.1f} ms  ({len(body)} bytes)", flush=True
            )
    finally:
        server.stop()
    return results


def main():
    os.environ.setdefault("BENCH_SECONDS", "4")
    os.environ.setdefault("BENCH_ROUNDS", "1")
    os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{DATABASE}"
    cfg = bench_run.Config.from_env()
    wrk = wrk_tool.ensure_installed(cfg.install_wrk)
    if wrk is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
        "BENCH_DATABASE_URL": cfg.database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12),
        # a cache of its own, shared by the workers, emptied before each phase
        "BENCH_CACHE_URL": f"filecache://{CACHE}",
    }
    prepare_database(env)
    phases = {}
    try:
        for phase in ("uncached", "cached"):
            phases[phase] = measure(phase, cfg, env, wrk)
    finally:
        bench_run.stop_all()
    print(f"\n{'':20} {'uncached req/s':>15} {'p99 ms':>8} {'cached req/s':>13} {'p99 ms':>8}")
    for label, _path in urls():
        row = [phases[p].get(label, {}) for p in ("uncached", "cached")]
        cells = [f"{r.get('rps') or 0:15.1f} {r.get('p99_ms') or 0:8.1f}" for r in row]
        print(f"{label:20} {cells[0]} {cells[1][2:]}")
    RESULTS.write_text(json.dumps({"config": vars(cfg), "phases": phases}, indent=2))
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
