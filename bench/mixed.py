"""Reads while people register: wrk reading pages, events and associations listings (one wrk
per kind, at the same time, each rotating over its URLs and counting the `X-Cache` answers)
while bench/registrar.py POSTs real registrations at 0, 1 and 5 a second to a daily event
that takes them (one seat on each of the next 57 days in turn: seats never run out), in a
copy of the seeded SQLite file (PostgreSQL's database is restored anew each run). The
response cache is on, as in production; the bench settings raise the registration rate
limit (REGISTRATION_RATE) so that they are all taken.

Per registration rate: each kind's read requests/s, p99 and cache hit ratio (HIT of HIT,
MISS and others), all reads' requests/s, and the registrations made per second (answered
201). The pages hit ratio at 5 a second is the issue's goal (≥ 0.95).

Size: BENCH_MIXED_COMMUNITIES (60), BENCH_MIXED_PAGES (3000), BENCH_MIXED_ASSOCIATIONS (700),
the calendar of `seed_calendar_volume` under every community.
"""

import copy
import json
import math
import os
import shutil
import subprocess  # noqa: S404  (bench/registrar.py by absolute path, no shell)
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import harness
from harness import Scenario, Url, _ms
from load import (
    CONNECTIONS,
    DATABASES,
    ROOT,
    ROUNDS,
    SECONDS,
    VAR,
    WORKER_CLASSES,
    WORKERS,
    Server,
    get,
    merge,
    wrk,
)

RATES = (0, 1, 5)  # registrations a second
HIT_GOAL = 0.95  # pages hit ratio while 5 registrations a second arrive
KINDS = {
    "pages": (
        "/api/v2/pages/?type=communities.TrialHomePage&fields=*",
        "/api/v2/pages/?locale=en",
        "/api/v2/communities/?fields=*",
        "/api/v2/pages/{community}/",
    ),
    "events": (
        "/api/v2/events/",
        "/api/v2/events/?limit=100",
        "/api/v2/events/?category=culture",
        "/api/v2/events/?community={community}",
    ),
    "associations": (
        "/api/v2/associations/",
        "/api/v2/associations/?category=sport&language=en",
        "/api/v2/associations/?search=roklub",
        "/api/v2/associations/?near=54.91,9.79&within_km=10",
    ),
}
CONNECTIONS_PER_KIND = max(1, CONNECTIONS // len(KINDS))
SIZE = (
    ("--communities", os.environ.get("BENCH_MIXED_COMMUNITIES", "60")),
    ("--pages", os.environ.get("BENCH_MIXED_PAGES", "3000")),
    ("--associations", os.environ.get("BENCH_MIXED_ASSOCIATIONS", "700")),
)
# counted by wrk's threads (bench/load.py's hook sums them)
COUNTING = """
counted = {"HIT", "MISS", "other"}
HIT, MISS, other = 0, 0, 0
local n = 0
request = function()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end
response = function(status, headers, body)
  local answer = headers["X-Cache"]
  if answer == "HIT" then HIT = HIT + 1 elseif answer == "MISS" then MISS = MISS + 1
  else other = other + 1 end
end
"""


def scenario():
    urls = [
        Url(f"{kind}{n}", f"{kind} {n}", path, ("cached",))
        for kind, paths in KINDS.items()
        for n, path in enumerate(paths)
    ]
    # only its path is used: the probe formats it with the event's id
    urls.append(Url("register", "registrations", "/api/v2/events/{event}/registrations/", ()))
    return Scenario(
        "mixed",
        seed=[["seed_volume", *(x for pair in SIZE for x in pair)], ["seed_calendar_volume"]],
        urls=urls,
        ids={
            "community": ("communities.CommunityPage", {"locale__language_code": "da"}),
            "event": ("events.EventPage", {"join_mode": "registration", "rrule": "FREQ=DAILY"}),
        },
        counts={
            "live pages": ("wagtailcore.Page", {"depth__gt": 1}),
            "events": ("events.EventPage", {}),
            "associations": ("directory.Association", {}),
        },
        sources=("cms/bench/*.py",),
        daily=True,
    )


def run():
    mixed = scenario()
    results = {"runs": {}}
    for backend in DATABASES:
        env = harness.database(mixed, backend)
        if env is None:
            continue
        if backend == "sqlite":  # registrations are written: to a copy of the seeded file
            seeded = env["BENCH_DATABASE_URL"].removeprefix("sqlite:///")
            shutil.copyfile(seeded, VAR / "bench-mixed-run.sqlite3")
            env = {**env, "BENCH_DATABASE_URL": f"sqlite:///{VAR / 'bench-mixed-run.sqlite3'}"}
        probed = harness.probe(mixed, env)
        counts = ", ".join(f"{n:,} {what}" for what, n in probed["counts"].items())
        for worker_class in WORKER_CLASSES:
            measured = measure(mixed, env, copy.deepcopy(probed["rows"]), worker_class)
            report(f"{backend}: {counts}; {harness.workers(worker_class)}", measured)
            run = {"counts": probed["counts"], "rates": measured}
            results["runs"][f"{backend} {worker_class}"] = run
    path = VAR / "bench-mixed-results.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"wrote {path.relative_to(ROOT)}", flush=True)


def measure(mixed, env, rows, worker_class):
    kinds = {kind: [rows[f"{kind}{n}"]["path"] for n in range(len(KINDS[kind]))] for kind in KINDS}
    # tomorrow and on: the daily event takes place once each of these (local) days
    dates = [(date.today() + timedelta(days=n)).isoformat() for n in range(2, 59)]
    runs = {rate: {"kinds": {kind: [] for kind in kinds}, "registrations": []} for rate in RATES}
    seconds = max(1, math.ceil(SECONDS / ROUNDS))
    shutil.rmtree(VAR / f"bench-cache-{mixed.name}", ignore_errors=True)
    register = rows["register"]["path"]
    with Server(env, api_cache=True, worker_class=worker_class) as server:
        print(f"\n[mixed] {worker_class} gunicorn on {server.base}", flush=True)
        for number in range(1, ROUNDS + 1):
            for rate in RATES:
                reads, made = _at_rate(server, kinds, register, rate, seconds, dates)
                runs[rate]["registrations"].append(made)
                for kind, one in reads.items():
                    runs[rate]["kinds"][kind].append(one)
                print(
                    f"  {number}/{ROUNDS} {rate}/s: "
                    + ", ".join(f"{k} {r['requests'] / (r['seconds'] or 1):.0f} req/s"
                                for k, r in reads.items())
                    + f"; registrations {dict(made['statuses'])}",
                    flush=True,
                )  # fmt: skip
    return {str(rate): _merged(figures) for rate, figures in runs.items()}


def _at_rate(server, kinds, register, rate, seconds, dates):
    """Each kind's wrk run and the registrar's answers, all at the same time, cache warm."""
    for path in (p for paths in kinds.values() for p in paths):
        for _ in range(WORKERS * 3):  # fill the cache the last rate's writes emptied
            get(server.base + path)
    server.wait_idle()
    registrar = _registrar(server.base + register, rate, seconds, dates)
    with ThreadPoolExecutor(len(kinds)) as pool:
        runs = {kind: pool.submit(_read, server.base, p, seconds) for kind, p in kinds.items()}
    return {kind: run.result() for kind, run in runs.items()}, _registered(registrar)


def _read(base, paths, seconds):
    script = "paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\n" + COUNTING
    return wrk(base + paths[0], seconds, script, threads=1, connections=CONNECTIONS_PER_KIND)


def _registrar(url, rate, seconds, dates):
    if not rate:
        return None
    process = subprocess.Popen(  # noqa: S603
        [harness.PYTHON, str(ROOT / "bench" / "registrar.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    process.stdin.write(json.dumps({"url": url, "rate": rate, "seconds": seconds, "dates": dates}))
    process.stdin.close()
    process.stdout.readline()  # "ready": its start-up is over before the reads begin
    return process


def _registered(registrar):
    if registrar is None:
        return {"statuses": Counter(), "seconds": 0.0}
    answered = json.loads(registrar.stdout.read())
    registrar.wait(timeout=120)
    return {"statuses": Counter(answered["statuses"]), "seconds": answered["seconds"]}


def _merged(figures):
    kinds = {}
    for kind, runs in figures["kinds"].items():
        counts = sum((run["counts"] for run in runs), Counter())
        answered = sum(counts.values())
        kinds[kind] = {
            **merge(runs),
            "x_cache": dict(counts),
            "hit_ratio": counts["HIT"] / answered if answered else None,
        }
    statuses = sum((r["statuses"] for r in figures["registrations"]), Counter())
    seconds = sum(r["seconds"] for r in figures["registrations"])
    return {
        "kinds": kinds,
        "reads_rps": sum(k["rps"] or 0 for k in kinds.values()),
        "registrations": dict(statuses),
        "registrations_per_second": statuses["201"] / seconds if seconds else 0.0,
    }


def report(heading, measured):
    print(f"\nmixed on {heading}; cache on; per kind wrk -t1 -c{CONNECTIONS_PER_KIND}")
    head = f"{'registrations':>13} {'made/s':>7}"
    for kind in KINDS:
        head += f" | {kind + ' req/s':>18} {'p99':>8} {'hit':>5}"
    head += f" | {'reads req/s':>11}"
    print(head + "\n" + "-" * len(head))
    for rate, figures in measured.items():
        line = f"{rate + '/s':>13} {figures['registrations_per_second']:>7.2f}"
        for kind in KINDS:
            row = figures["kinds"][kind]
            ratio = row["hit_ratio"]
            line += (
                f" | {row['rps'] or 0:>18.0f} {_ms(row, 'p99_ms'):>8} "
                f"{'-' if ratio is None else f'{ratio:.2f}':>5}"
            )
        print(line + f" | {figures['reads_rps']:>11.0f}")
    print("hit: X-Cache HIT / all answers; made/s: registrations answered 201 per second")
    for rate, figures in measured.items():
        if other := {s: n for s, n in figures["registrations"].items() if s != "201"}:
            print(f"  ! {rate}/s: registrations answered {other}")
        for kind, row in figures["kinds"].items():
            if row["non_2xx"] or row["socket_errors"] or row["errors"]:
                print(
                    f"  ! {rate}/s {kind}: {row['non_2xx']} non-2xx, "
                    f"{row['socket_errors']} socket errors {' '.join(row['errors'])}".rstrip()
                )
    ratio = measured[str(RATES[-1])]["kinds"]["pages"]["hit_ratio"]
    verdict = "n/a" if ratio is None else "PASS" if ratio >= HIT_GOAL else "FAIL"
    shown = "-" if ratio is None else f"{ratio:.2f}"
    print(f"  pages hit ratio at {RATES[-1]}/s ≥ {HIT_GOAL}: {shown}  {verdict}")
