"""Load: gunicorn serving a scenario's database, wrk driving each URL, the runs merged.

Environment: BENCH_SECONDS (6: per URL and phase, split over BENCH_ROUNDS, 2, interleaved
passes), BENCH_THREADS (2), BENCH_CONNECTIONS (16), BENCH_WORKERS (2), BENCH_WORKER_CLASS
(sync,gthread: each measured), BENCH_GTHREADS (4: threads per gthread worker),
BENCH_DATABASES (sqlite,postgresql: each measured), BENCH_INSTALL_WRK (1: apt-get install wrk
when missing, as root).
"""

import math
import os
import shutil
import signal
import socket
import statistics
import subprocess  # noqa: S404  (gunicorn, wrk, apt-get: absolute paths, no shell)
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
SECONDS = int(os.environ.get("BENCH_SECONDS", 6))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", 2)))
THREADS = int(os.environ.get("BENCH_THREADS", 2))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 16))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
WORKER_CLASSES = os.environ.get("BENCH_WORKER_CLASS", "sync,gthread").split(",")
GTHREADS = int(os.environ.get("BENCH_GTHREADS", 4))
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
PHASES = ("uncached", "cached")  # API_CACHE=0 (X-Cache: BYPASS), then the response cache


def get(url, timeout=60):
    request = urllib.request.Request(url, headers={"Connection": "close"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Server:
    """One gunicorn in a process group of its own, stopped (by its id) whatever happens."""

    def __init__(self, env, api_cache, worker_class=WORKER_CLASSES[0]):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.env = {**env, "API_CACHE": "1" if api_cache else "0"}
        self.command = [
            GUNICORN, "cms.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(WORKERS), "--worker-class", worker_class, "--timeout", "60",
            "--graceful-timeout", "5", "--log-level", "warning",
            "--error-logfile", str(VAR / "bench-gunicorn.log"),
        ]  # fmt: skip
        if worker_class == "gthread":
            self.command += ["--threads", str(GTHREADS)]

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            self.command, env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 90
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                sys.exit("gunicorn did not start: see var/bench-gunicorn.log")
            time.sleep(0.3)
        self.idle = max(0.05, 3 * statistics.median(self.slowest_worker() for _ in range(5)))
        return self

    def __exit__(self, *_exc):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)

    def answers(self):
        try:
            return get(f"{self.base}/healthz", timeout=2)[0] == 200
        except OSError:
            return False

    def slowest_worker(self):
        """The slowest of one /healthz per worker, sent together: slow while any is busy."""

        def timed(_):
            started = time.monotonic()
            get(f"{self.base}/healthz")
            return time.monotonic() - started

        with ThreadPoolExecutor(WORKERS) as pool:
            return max(pool.map(timed, range(WORKERS)))

    def wait_idle(self, deadline_seconds=120):
        """Until every worker is free: a sync worker still serves the requests queued on
        wrk's connections after wrk stops, which would eat into the next URL's run."""
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline and self.slowest_worker() > self.idle:
            pass


# Prints the whole latency histogram after the run, so that runs can be merged exactly; and
# the sums over wrk's threads of the globals a script names in `counted`.
WRK_HOOK = """
threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH summary %d %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.timeout, e.status))
  for i = 1, #latency do
    local value, count = latency(i)
    io.write(string.format("BENCH latency %d %d\\n", value, count))
  end
  for _, name in ipairs(counted or {}) do
    local sum = 0
    for _, thread in ipairs(threads) do sum = sum + (thread:get(name) or 0) end
    io.write(string.format("BENCH count %s %d\\n", name, sum))
  end
end
"""


def ensure_wrk():
    if shutil.which("wrk") is None and os.environ.get("BENCH_INSTALL_WRK", "1") != "0":
        apt = shutil.which("apt-get")
        if apt and os.geteuid() == 0:
            print("wrk is missing: apt-get install wrk", flush=True)
            quiet = {"env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, "check": False}
            for command in (["update"], ["install", "-y", "--no-install-recommends", "wrk"]):
                subprocess.run([apt, *command], capture_output=True, timeout=600, **quiet)  # noqa: S603
    return shutil.which("wrk") or sys.exit("wrk is not installed (Debian: apt-get install wrk)")


def wrk(url, seconds, script="", threads=THREADS, connections=CONNECTIONS):
    """requests, seconds, latency histogram (µs: count), errors and the `counted` sums of one
    wrk run; `script` (Lua) comes before the hook."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as hook:
        hook.write(script + WRK_HOOK)
        hook.flush()
        command = [
            ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
            "--timeout", "10s", "-s", hook.name, url,
        ]  # fmt: skip
        completed = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
    run = {"requests": 0, "seconds": 0.0, "socket_errors": 0, "non_2xx": 0, "histogram": Counter()}
    run["counts"] = Counter()
    for line in completed.stdout.splitlines():
        parts = line.split()
        if parts[:2] == ["BENCH", "count"]:
            run["counts"][parts[2]] += int(parts[3])
        elif parts[:2] == ["BENCH", "latency"]:
            run["histogram"][int(parts[2])] += int(parts[3])
        elif parts[:2] == ["BENCH", "summary"]:
            # a sync worker closes every connection, which wrk counts as read errors: only
            # connect errors and timeouts mean trouble
            requests, micros, socket_errors, non_2xx = map(int, parts[2:6])
            run.update(requests=requests, seconds=micros / 1e6, non_2xx=non_2xx)
            run["socket_errors"] = socket_errors
    if completed.returncode != 0 or not run["seconds"]:
        run["error"] = (completed.stderr or completed.stdout).strip()[-300:]
    return run


def merge(runs):
    """Requests/s over the runs' summed time, percentiles of their summed histograms."""
    histogram = sum((run["histogram"] for run in runs), Counter())
    seconds = sum(run["seconds"] for run in runs)
    merged = {
        "rps": sum(run["requests"] for run in runs) / seconds if seconds else None,
        "requests": sum(run["requests"] for run in runs),
        "non_2xx": sum(run["non_2xx"] for run in runs),
        "socket_errors": sum(run["socket_errors"] for run in runs),
        "errors": [run["error"] for run in runs if "error" in run],
    }
    total, seen, wanted = sum(histogram.values()), 0, [50, 99]
    for micros in sorted(histogram):
        seen += histogram[micros]
        while wanted and seen >= total * wanted[0] / 100:
            merged[f"p{wanted.pop(0)}_ms"] = micros / 1000
    return merged


def load(scenario, env, rows, phase, worker_class):
    """Each URL warmed and checked, then ROUNDS passes over them all in the scenario's order
    (what is compared runs back to back, so a change in the machine's load hits both)."""
    urls = [u for u in scenario.urls if phase in u.phases and rows[u.key]["status"] == 200]
    if not urls:
        return
    shutil.rmtree(VAR / f"bench-cache-{scenario.name}", ignore_errors=True)
    runs = {url.key: [] for url in urls}
    seconds = max(1, math.ceil(SECONDS / ROUNDS))
    with Server(env, api_cache=phase == "cached", worker_class=worker_class) as server:
        print(f"\n[{scenario.name}, {phase}] {worker_class} gunicorn on {server.base}", flush=True)
        for url in urls:
            for _ in range(WORKERS * 3):  # warm every worker (and fill the cache)
                status, headers, _body = get(server.base + rows[url.key]["path"])
            rows[url.key][f"x_cache_{phase}"] = headers.get("X-Cache") or "-"
            if status != 200:
                rows[url.key][f"error_{phase}"] = f"answered {status}"
                runs.pop(url.key)
        for number in range(1, ROUNDS + 1):
            for url in (u for u in urls if u.key in runs):
                server.wait_idle()
                run = wrk(server.base + rows[url.key]["path"], seconds)
                runs[url.key].append(run)
                rps = run["requests"] / run["seconds"] if run["seconds"] else 0
                print(f"  {number}/{ROUNDS} {url.label:32} {rps:7.0f} req/s", flush=True)
    for key, key_runs in runs.items():
        rows[key][phase] = merge(key_runs)
