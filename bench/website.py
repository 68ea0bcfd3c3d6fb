"""The website's pages under load, beside the API's cached JSON they are made of.

On the demo: the CMS in gunicorn with its response cache on, the website in uvicorn as its
client. Each page is asked for by a visitor who has answered the audience question (a
cookie), so it is personalised as a real visitor's is. The API calls a page makes are found
by rendering it once in-process through a transport that records them; each is then measured
on its own (as the website asks: `Accept: application/json`, a cache HIT), and all of a
page's calls together: 1 / Σ(1 / req/s), the complete sets of calls per second the API could
serve. Both servers are warmed first, so the API's cache and the website's ETag copies are
full: a page view costs the API one revalidation (a 304) per call.
"""

import json
import math
import os
import secrets
import shutil
import socket
import statistics
import subprocess  # noqa: S404  (uvicorn by absolute path, no shell)
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock
from urllib.parse import unquote

import harness
import load
from harness import Scenario, _ms, _rps
from load import ROOT, ROUNDS, SECONDS, VAR, WORKERS, Server, merge

UVICORN = str(Path(sys.executable).parent / "uvicorn")
AUDIENCE = "non_eu|children"
VISITOR = {"Cookie": f"velkomst_audience={AUDIENCE}"}
AS_THE_WEBSITE_ASKS = {"Accept": "application/json"}  # the API's cache key holds Accept
PAGES = {
    "home": "/en/",
    "community": "/en/communities/nordborg/",
    "calendar": "/en/events/",
    "checklist": "/en/checklist/",
}
# what every call of the visit carries, left out of the table's labels
COMMON = ("locale=en", "origin=non_eu", "children=true", "partner=false", "student=false")
LABEL_WIDTH = 64
AUDIENCE_QUERY = "children=true&locale=en&origin=non_eu&partner=false&student=false"
# a page's calls while the website does not answer it yet (then only the API is measured)
FALLBACK_CALLS = {
    "home": ["pages/?fields=*&locale=en&type=guide.HomePage"],
    "community": ["communities/{nordborg}/?locale=en"],
    "calendar": [f"events/?{AUDIENCE_QUERY}"],
    "checklist": [f"checklist/?{AUDIENCE_QUERY}&limit=100"],
}


def scenario():
    return Scenario(
        "website",
        seed=[["seed_demo", "--force"]],
        sources=("cms/demo/*",),
        env={"DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)},
    )


def fetch(url, headers, timeout=30):
    """status, headers and body of a GET (a new connection, like load.get)."""
    request = urllib.request.Request(url, headers={**headers, "Connection": "close"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def one_request_ms(url, headers):
    """The median of 5 requests alone, on idle servers."""
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        fetch(url, headers)
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 2)


def wrk(url, seconds, headers):
    """load.wrk with request headers (its hook script sets them)."""
    lines = "".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n" for k, v in headers.items())
    with mock.patch.object(load, "WRK_HOOK", lines + load.WRK_HOOK):
        return load.wrk(url, seconds)


class Website(Server):
    """The website in uvicorn (BENCH_WORKERS workers), a client of `api`, in a process group
    of its own, stopped (by its id) whatever happens: load.Server's health check and stop."""

    def __init__(self, api):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.env = {
            **os.environ,
            "VELKOMST_API_URL": api,
            "WEBSITE_URL": self.base,
            "WEBSITE_MAP_TILES": "",
        }
        self.command = [
            UVICORN, "website.app:app", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(WORKERS), "--log-level", "warning", "--no-access-log",
        ]  # fmt: skip
        self.log_path = VAR / "bench-website.log"

    def __enter__(self):
        with self.log_path.open("w") as log:  # the child keeps its own descriptor
            self.process = subprocess.Popen(  # noqa: S603
                self.command,
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                sys.exit(f"uvicorn did not start: see {self.log_path.relative_to(ROOT)}")
            time.sleep(0.3)
        return self


def cpu_seconds(server):
    """The CPU time of a server's processes (its process group), from /proc; None elsewhere."""
    if not Path("/proc/self/stat").exists():
        return None
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[2]) == server.process.pid:  # pgrp; then utime and stime
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def api_calls(api, paths):
    """Per page path: its status and the API calls it makes (paths under /api/v2/, in order),
    from `api_calls_child` in a process of its own (here, `website` names this file)."""
    completed = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "calls", api, *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(f"finding the pages' API calls failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.splitlines()[-1])


def api_calls_child(api, paths):
    """Renders each page in-process through a transport that records the API calls."""
    sys.path[0] = str(ROOT)  # the website package, not this file
    import httpx
    from starlette.testclient import TestClient

    from website.app import create_app
    from website.settings import Settings

    class Recorder(httpx.AsyncHTTPTransport):
        def __init__(self):
            super().__init__()
            self.calls = []

        async def handle_async_request(self, request):
            self.calls.append(request.url.raw_path.decode())
            return await super().handle_async_request(request)

    settings = Settings(api_url=api, site_url="http://127.0.0.1", map_tiles="")
    found, recorder = {}, Recorder()
    with TestClient(create_app(settings, transport=recorder)) as client:
        for path in paths:
            recorder.calls.clear()
            status = client.get(path, headers=VISITOR, follow_redirects=False).status_code
            calls = [call.removeprefix("/api/v2/") for call in recorder.calls]
            found[path] = (status, calls)
    print(json.dumps(found))


def fallback_calls(api, key):
    listing = json.loads(fetch(f"{api}/api/v2/communities/?locale=en&limit=100", {})[2])
    ids = {item["meta"]["slug"]: item["id"] for item in listing["items"]}
    return [call.format(nordborg=ids.get("nordborg")) for call in FALLBACK_CALLS[key]]


def label(call, width=LABEL_WIDTH):
    """A call as the table shows it: without the visit's own parameters, cut to `width`."""
    path, _, query = unquote(call).partition("?")
    kept = [part for part in query.split("&") if part and part not in COMMON]
    kept.sort(key=lambda part: not part.startswith("type="))  # what sets calls apart first
    text = "API " + path + ("?" + "&".join(kept) if kept else "")
    return text if len(text) <= width else text[: width - 1] + "…"


def measure(cms, site):
    """The rows: each page, and each API call once (however many pages make it)."""
    found = api_calls(cms.base, list(PAGES.values()))
    pages, calls = {}, {}
    for key, path in PAGES.items():
        status, made = found[path]
        if status != 200:
            made = fallback_calls(cms.base, key)
        pages[key] = {"path": path, "status": status, "url": site.base + path, "calls": made}
        for call in made:
            calls.setdefault(call, {"path": "/api/v2/" + call, "url": cms.base + "/api/v2/" + call})
    # a page, then its calls not measured yet: what is compared runs back to back
    order = {}
    for page in pages.values():
        order[page["path"]] = (page, VISITOR)
        for call in page["calls"]:
            order.setdefault(calls[call]["path"], (calls[call], AS_THE_WEBSITE_ASKS))
    for row, headers in order.values():  # warm every worker: the API's cache, the website's
        for _ in range(WORKERS * 4):
            status, response_headers, body = fetch(row["url"], headers)
        row.update(status=status, bytes=len(body), x_cache=response_headers.get("X-Cache"))
        cms.wait_idle()
        row["one_ms"] = one_request_ms(row["url"], headers)
    order = [(row, headers) for row, headers in order.values() if row["status"] == 200]
    runs = {id(row): [] for row, _headers in order}
    seconds = max(1, math.ceil(SECONDS / ROUNDS))
    for number in range(1, ROUNDS + 1):
        for row, headers in order:
            cms.wait_idle()
            before = [cpu_seconds(server) for server in (site, cms)]
            run = wrk(row["url"], seconds, headers)
            after = [cpu_seconds(server) for server in (site, cms)]
            run["cpu"] = [
                a - b if a is not None else None for a, b in zip(after, before, strict=True)
            ]
            runs[id(row)].append(run)
            rps = run["requests"] / run["seconds"] if run["seconds"] else 0
            print(f"  {number}/{ROUNDS} {row['path']:48.48} {rps:7.0f} req/s", flush=True)
    for row, _headers in order:
        row["load"] = merge(runs[id(row)])
        requests = row["load"]["requests"]
        if requests and all(run["cpu"][0] is not None for run in runs[id(row)]):
            spent = [sum(run["cpu"][n] for run in runs[id(row)]) for n in (0, 1)]
            row["cpu_ms"] = {"site": 1000 * spent[0] / requests, "api": 1000 * spent[1] / requests}
    return pages, calls


def together(rps_values):
    """Complete sets of calls per second: each set takes the sum of its calls' times."""
    return 1 / sum(1 / rps for rps in rps_values) if rps_values and all(rps_values) else None


def report(pages, calls):
    def cells(name, row, ratio=""):
        if row["status"] != 200:
            return f"{name:{width}} answered {row['status']}"
        figures = row.get("load")
        cpu = row.get("cpu_ms") or {}
        site_cpu = f"{cpu['site']:.1f}ms" if cpu and "calls" in row else ""  # a page
        api_cpu = f"{cpu['api']:.1f}ms" if cpu else "-"
        return (
            f"{name:{width}} {row['bytes']:>8,} {_ms(row, 'one_ms'):>7} {_rps(figures):>6} "
            f"{_ms(figures, 'p50_ms'):>7} {_ms(figures, 'p99_ms'):>8} {site_cpu:>8} "
            f"{api_cpu:>8} {ratio:>8}"
        ).rstrip()

    width = LABEL_WIDTH + 2
    print(f"\nwebsite: the demo; a visitor {AUDIENCE}; {WORKERS} uvicorn workers, the API in "
          f"{WORKERS} gunicorn workers, response cache on; wrk -t{load.THREADS} "
          f"-c{load.CONNECTIONS}, {ROUNDS}×{math.ceil(SECONDS / ROUNDS)}s per URL; "
          f"{os.cpu_count()} CPUs (shared), load {os.getloadavg()[0]:.1f}")  # fmt: skip
    head = (
        f"{'URL':{width}} {'bytes':>8} {'1 req':>7} {'req/s':>6} {'p50':>7} {'p99':>8} "
        f"{'site CPU':>8} {'API CPU':>8} {'site/API':>8}"
    )
    print(head + "\n" + "-" * len(head))
    for key, page in pages.items():
        page_rps = (page.get("load") or {}).get("rps")
        print(cells(f"{key} {page['path']}", page))
        for call in dict.fromkeys(page["calls"]):  # a call made twice is shown once
            row = calls[call]
            rps = (row.get("load") or {}).get("rps")
            ratio = f"{page_rps / rps:.2f}×" if page_rps and rps else "-"
            print(cells(f"  {label(call)}", row, ratio))
        all_rps = together([(calls[c].get("load") or {}).get("rps") for c in page["calls"]])
        page["api_together_rps"] = all_rps
        page["ratio"] = page_rps / all_rps if page_rps and all_rps else None
        shown = f"{page['ratio']:.2f}×" if page["ratio"] else "-"
        name = f"  API: all {len(page['calls'])} calls, as one page view"
        cpu = sum((calls[c].get("cpu_ms") or {}).get("api", math.nan) for c in page["calls"])
        cpu = f"{cpu:.1f}ms" if not math.isnan(cpu) else "-"
        print(
            f"{name:{width}} {'':>8} {'':>7} {_rps({'rps': all_rps}):>6} {'':>16} {'':>8} "
            f"{cpu:>8} {shown:>8}"
        )
    print(f"1 req: one request alone (median of 5); p50/p99 under load, * of fewer than "
          f"{harness.FEW_SAMPLES} requests; CPU: each server's CPU time per request under load "
          "(a page's API CPU: what its calls cost)\nsite/API: the page's req/s over the call's; "
          "as one page view: 1 / Σ(1 / req/s) of its calls; API labels leave out "
          f"{'&'.join(COMMON)}")  # fmt: skip
    for row in (*pages.values(), *calls.values()):
        figures = row.get("load") or {}
        trouble = list(figures.get("errors", []))
        if figures.get("non_2xx") or figures.get("socket_errors"):
            trouble.append(
                f"{figures['non_2xx']} non-2xx, {figures['socket_errors']} socket errors"
            )
        if row.get("x_cache") not in ("HIT", None):  # the website's pages say none
            trouble.append(f"X-Cache {row['x_cache']} after warming")
        for text in trouble:
            print(f"  ! {row['path']}: {text}")


def run():
    env = harness.database(scenario())
    shutil.rmtree(VAR / "bench-cache-website", ignore_errors=True)
    with Server(env, api_cache=True) as cms, Website(cms.base) as site:
        print(f"\n[website] the API on {cms.base}, the website on {site.base}", flush=True)
        pages, calls = measure(cms, site)
    report(pages, calls)
    path = VAR / "bench-website-results.json"
    path.write_text(json.dumps({"pages": pages, "calls": calls}, indent=2, ensure_ascii=False))
    print(f"wrote {path.relative_to(ROOT)}", flush=True)


if __name__ == "__main__" and sys.argv[1:2] == ["calls"]:
    api_calls_child(sys.argv[2], sys.argv[3:])
